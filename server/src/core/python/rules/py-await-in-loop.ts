import { PYTHON_EVIDENT_CLASSES, PYTHON_PACING_CALLS, PYTHON_READ_CALLS, PYTHON_TESTS_AND_SCRIPTS } from '../../knowledge/python';
import type { Fix } from '../../findings';
import { asyncioImport, isPacing, isReadCall, runsOnEventLoop, isTestOrScript } from '../analysis';
import type { PyModule } from '../module';
import type { PyNode } from '../parser';
import { pythonRule } from '../rule';
import { boundNames, dottedParts, field, named, namesIn, textOf, unwrap, walk, walkOwnCode } from '../syntax';

export const pyAwaitInLoop = pythonRule(
  {
    id: 'py-await-in-loop',
    description: 'A for loop whose iterations each await an independent read, one after another.',
    defaultSeverity: 'warning',
    knowledge: [PYTHON_READ_CALLS, PYTHON_PACING_CALLS, PYTHON_EVIDENT_CLASSES, PYTHON_TESTS_AND_SCRIPTS],
    docs: {
      flags:
        'A `for` loop in an `async def` whose body awaits exactly one call, a read (see `py-prefer-gather`) that depends on the loop variable and on nothing an earlier iteration produced.',
      why: 'Each iteration waits for the previous one: a hundred 50 ms requests take five seconds one after another, and about 50 ms together.',
      doesNotFlag:
        'Pagination and other loops where an iteration uses what the previous one awaited; retries (a `try` in the body); pacing (`asyncio.sleep` in the body); early exit (`break`, `return`, `raise`); loops that add to what they iterate; `async for`; writes and calls the code does not show to be reads; tests and command-line scripts (as for `py-prefer-gather`).',
      flaggedExamples: [
        'import httpx\n\nasync def fetch_all(client: httpx.AsyncClient, urls):\n    pages = []\n    for url in urls:\n        pages.append(await client.get(url))\n    return pages',
      ],
      notFlaggedExamples: [
        'import asyncio, httpx\n\nasync def fetch_all(client: httpx.AsyncClient, urls):\n    pages = []\n    for url in urls:\n        pages.append(await client.get(url))\n        await asyncio.sleep(1)\n    return pages',
      ],
      fixes:
        'For a body of one statement, `await f(x)` or `results.append(await f(x))`: "Run the iterations together with asyncio.gather" → `await asyncio.gather(*(f(x) for x in xs))` (or `results.extend(...)`). A suggestion: every call then starts at once.',
    },
  },
  ({ module, report }) => {
    if (isTestOrScript(module)) return;
    walk(module.root, (node) => {
      if (node.type !== 'for_statement' || node.children.some((child) => child.type === 'async') || !runsOnEventLoop(node)) return true;
      const finding = check(module, node);
      if (finding) report(finding);
      return true;
    });
  },
);

function check(module: PyModule, loop: PyNode): { start: number; end: number; message: string; fixes: Fix[] } | undefined {
  const body = field(loop, 'body');
  const target = field(loop, 'left');
  const iterable = field(loop, 'right');
  if (!body || !target || !iterable || field(loop, 'alternative')) return undefined;
  const loopNames = new Set(boundNames(module.text, target));
  const awaits: PyNode[] = [];
  let exits = false;
  const assigned = new Map<string, PyNode[]>();
  const iterableParts = dottedParts(module.text, iterable);
  let grows = false;
  walkOwnCode({ ...loop, children: [body], fields: new Map([[body, 'body']]) } as PyNode, (node) => {
    switch (node.type) {
      case 'await':
        awaits.push(node);
        break;
      case 'break_statement':
      case 'return_statement':
      case 'raise_statement':
      case 'try_statement':
      case 'yield':
      case 'with_statement':
        exits = true;
        break;
      case 'assignment':
      case 'augmented_assignment': {
        const left = field(node, 'left');
        for (const name of left ? boundNames(module.text, left) : []) assigned.set(name, [...(assigned.get(name) ?? []), node]);
        if (node.type === 'augmented_assignment' && left) for (const name of boundNames(module.text, left)) assigned.set(name, [...(assigned.get(name) ?? []), node, node]);
        break;
      }
      case 'call': {
        const callee = field(node, 'function');
        const parts = callee ? dottedParts(module.text, callee) : undefined;
        if (iterableParts && parts && parts.length === iterableParts.length + 1 && parts.slice(0, -1).join('.') === iterableParts.join('.')) grows = true;
        break;
      }
    }
  });
  if (exits || grows || awaits.length !== 1) return undefined;
  const awaited = unwrap(named(awaits[0])[0] ?? awaits[0]);
  if (awaited.type !== 'call' || isPacing(module, awaited) || !isReadCall(module, awaited)) return undefined;
  const uses = namesIn(module.text, awaited);
  if (![...uses].some((name) => loopNames.has(name) || assigned.has(name))) return undefined;
  for (const name of uses) {
    if (loopNames.has(name)) continue;
    const bindings = assigned.get(name);
    // A name the body binds from an await, or accumulates, carries one iteration into the next.
    if (bindings && (bindings.length > 1 || bindings.some((binding) => binding.type === 'augmented_assignment' || hasAwait(binding)))) return undefined;
  }
  return {
    start: awaits[0].start,
    end: awaits[0].end,
    message: `Each iteration awaits ${textOf(module.text, field(awaited, 'function')!)}() before the next starts: the calls are independent reads, and asyncio.gather runs them together.`,
    fixes: gatherFix(module, loop, body, target, iterable, awaits[0], awaited),
  };
}

function hasAwait(node: PyNode): boolean {
  let found = false;
  walk(node, (child) => {
    if (child.type === 'await') found = true;
    return !found;
  });
  return found;
}

function gatherFix(module: PyModule, loop: PyNode, body: PyNode, target: PyNode, iterable: PyNode, awaitNode: PyNode, call: PyNode): Fix[] {
  const statements = named(body);
  if (statements.length !== 1 || statements[0].type !== 'expression_statement') return [];
  const imports = asyncioImport(module);
  if (!imports) return [];
  const expression = unwrap(named(statements[0])[0]);
  const generator = `*(${textOf(module.text, call)} for ${textOf(module.text, target)} in ${textOf(module.text, iterable)})`;
  let newText: string | undefined;
  if (expression === awaitNode) {
    newText = `await asyncio.gather(${generator})`;
  } else if (expression.type === 'call') {
    const callee = field(expression, 'function');
    const args = field(expression, 'arguments');
    const parts = callee ? dottedParts(module.text, callee) : undefined;
    if (parts && parts[parts.length - 1] === 'append' && args && named(args).length === 1 && named(args)[0] === awaitNode) {
      newText = `${parts.slice(0, -1).join('.')}.extend(await asyncio.gather(${generator}))`;
    }
  }
  if (!newText) return [];
  return [
    {
      title: 'Run the iterations together with asyncio.gather',
      edits: [...imports.edits, { file: module.file, start: loop.start, end: loop.end, newText }],
      safe: false,
      preferred: true,
    },
  ];
}
