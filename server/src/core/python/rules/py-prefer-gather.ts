import { PYTHON_EVIDENT_CLASSES, PYTHON_READ_CALLS, PYTHON_TESTS_AND_SCRIPTS } from '../../knowledge/python';
import type { Fix } from '../../findings';
import { asyncioImport, isReadCall, isTestOrScript } from '../analysis';
import type { PyModule } from '../module';
import type { PyNode } from '../parser';
import { pythonRule } from '../rule';
import { enclosingFunction, field, indentationAt, isAsyncFunction, named, namesIn, textOf, unwrap, walk } from '../syntax';

/** One statement of a run: `await f(...)` or `name = await f(...)`. */
interface AwaitStatement {
  readonly statement: PyNode;
  readonly call: PyNode;
  readonly name: string | undefined;
}

export const pyPreferGather = pythonRule(
  {
    id: 'py-prefer-gather',
    description: 'Consecutive awaits of independent reads run one after another that could run together with asyncio.gather.',
    defaultSeverity: 'warning',
    knowledge: [PYTHON_READ_CALLS, PYTHON_EVIDENT_CLASSES, PYTHON_TESTS_AND_SCRIPTS],
    docs: {
      flags:
        'Two or more consecutive statements in an `async def` that each await one call (`x = await f(...)` or `await f(...)`), where no call uses what an earlier one bound, and every call only reads: a known read (an `httpx.AsyncClient` or `aiohttp.ClientSession` GET, an `asyncpg` pool query) or a project `async def` whose body writes nothing outside itself and awaits only reads.',
      why: 'Each await waits for the previous one to finish: two 100 ms requests take 200 ms one after another and 100 ms together.',
      doesNotFlag:
        'Awaits where a later call uses an earlier result; the same call made twice (on purpose: a cache, a count); tests and command-line scripts (see below); writes and calls the code does not show to be reads (their order may matter); queries on a single connection (a connection runs one query at a time); awaits separated by other statements. Tests (`test_*.py`, `tests/`) and scripts (`scripts/`, or a module with `if __name__ == "__main__":`) are skipped: tests await in order to assert on order, and a script\'s speed is nobody\'s latency.',
      flaggedExamples: [
        'import httpx\n\nasync def profile(client: httpx.AsyncClient, user_id):\n    user = await client.get(f"/users/{user_id}")\n    posts = await client.get(f"/users/{user_id}/posts")\n    return user, posts',
      ],
      notFlaggedExamples: [
        'import httpx\n\nasync def profile(client: httpx.AsyncClient, user_id):\n    user = await client.get(f"/users/{user_id}")\n    team = await client.get(user.json()["team_url"])\n    return user, team',
      ],
      fixes:
        '"Run them together with asyncio.gather": `user, posts = await asyncio.gather(client.get(...), client.get(...))` (names stay bound); with Python 3.11 or later required by the project (`requires-python`), also "Run them in an asyncio.TaskGroup". Suggestions: they change the order in which the calls start.',
    },
  },
  ({ module, report, pythonMinor }) => {
    if (isTestOrScript(module)) return;
    walk(module.root, (node) => {
      if (node.type !== 'block') return true;
      const fn = enclosingFunction(node);
      if (!fn || !isAsyncFunction(fn)) return true;
      let run: AwaitStatement[] = [];
      const flush = () => {
        if (run.length >= 2) reportRun(module, run, pythonMinor, report);
        run = [];
      };
      for (const statement of named(node)) {
        const candidate = awaitStatement(module, statement);
        if (!candidate) {
          flush();
          continue;
        }
        const uses = namesIn(module.text, candidate.call);
        // The same call twice is made twice on purpose (a cache, a rate, a retry): not a pair to run together.
        const repeated = run.some((earlier) => textOf(module.text, earlier.call) === textOf(module.text, candidate.call));
        const dependent = repeated || run.some((earlier) => earlier.name !== undefined && (uses.has(earlier.name) || earlier.name === candidate.name));
        if (dependent) {
          flush();
        }
        run.push(candidate);
      }
      flush();
      return true;
    });
  },
);

function awaitStatement(module: PyModule, statement: PyNode): AwaitStatement | undefined {
  if (statement.type !== 'expression_statement') return undefined;
  const expression = named(statement)[0];
  if (!expression || named(statement).length !== 1) return undefined;
  let name: string | undefined;
  let value = expression;
  if (expression.type === 'assignment') {
    const left = field(expression, 'left');
    const right = field(expression, 'right');
    if (left?.type !== 'identifier' || !right || field(expression, 'type')) return undefined;
    name = textOf(module.text, left);
    value = right;
  }
  value = unwrap(value);
  if (value.type !== 'await') return undefined;
  const call = unwrap(named(value)[0] ?? value);
  if (call.type !== 'call' || !isReadCall(module, call)) return undefined;
  return { statement, call, name };
}

function reportRun(
  module: PyModule,
  run: AwaitStatement[],
  pythonMinor: number | undefined,
  report: (report: { start: number; end: number; message: string; fixes: Fix[] }) => void,
): void {
  const first = run[0].statement;
  const last = run[run.length - 1].statement;
  report({
    start: first.start,
    end: last.end,
    message: `These ${run.length} awaits are independent reads run one after another: asyncio.gather runs them together, so they take as long as the slowest instead of the sum.`,
    fixes: gatherFixes(module, run, pythonMinor),
  });
}

function gatherFixes(module: PyModule, run: AwaitStatement[], pythonMinor: number | undefined): Fix[] {
  const imports = asyncioImport(module);
  if (!imports) return [];
  const fn = enclosingFunction(run[0].statement)!;
  const fnText = textOf(module.text, fn);
  const bare = run.some((item) => item.name === undefined);
  const named = run.some((item) => item.name !== undefined);
  if (bare && named && /\b_\b/.test(fnText)) return [];
  const indentation = indentationAt(module.text, run[0].statement.start);
  const calls = run.map((item) => textOf(module.text, item.call));
  const targets = run.map((item) => item.name ?? '_');
  const gathered = `await asyncio.gather(${calls.join(', ')})`;
  const range = { file: module.file, start: run[0].statement.start, end: run[run.length - 1].statement.end };
  const fixes: Fix[] = [
    {
      title: 'Run them together with asyncio.gather',
      edits: [...imports.edits, { ...range, newText: named ? `${targets.join(', ')} = ${gathered}` : gathered }],
      safe: false,
      preferred: true,
    },
  ];
  if (pythonMinor !== undefined && pythonMinor >= 11 && !/\btg\b/.test(fnText)) {
    const inner = `${indentation}    `;
    const taskNames = run.map((item, index) => (item.name ? `${item.name}_task` : `task_${index + 1}`));
    if (!taskNames.some((taskName) => new RegExp(`\\b${taskName}\\b`).test(fnText))) {
      const lines = ['async with asyncio.TaskGroup() as tg:', ...run.map((item, index) => `${inner}${item.name ? `${taskNames[index]} = ` : ''}tg.create_task(${calls[index]})`)];
      for (const [index, item] of run.entries()) if (item.name) lines.push(`${indentation}${item.name} = ${taskNames[index]}.result()`);
      fixes.push({ title: 'Run them in an asyncio.TaskGroup', edits: [...imports.edits, { ...range, newText: lines.join('\n') }], safe: false });
    }
  }
  return fixes;
}
