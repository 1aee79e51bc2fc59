import { PYTHON_EVIDENT_CLASSES, PYTHON_TASK_SPAWN_CALLS } from '../../knowledge/python';
import type { Fix } from '../../findings';
import { PYTHON_TASK_SPAWNERS } from '../../knowledge/python';
import { calleeOf, qualifiedName } from '../analysis';
import type { PyModule } from '../module';
import type { PyNode } from '../parser';
import { enclosingFunction, field, indentationAt, named, textOf, unwrap, walk } from '../syntax';
import { pythonRule } from '../rule';

const TASKS_SET = '_background_tasks';

export const pyDanglingTask = pythonRule(
  {
    id: 'py-dangling-task',
    description: 'asyncio.create_task(...) or ensure_future(...) whose task is not kept: it can be garbage-collected mid-flight and its exception is never retrieved.',
    defaultSeverity: 'warning',
    knowledge: [PYTHON_TASK_SPAWN_CALLS, PYTHON_EVIDENT_CLASSES],
    docs: {
      flags:
        "A statement that only calls `asyncio.create_task(...)`, `asyncio.ensure_future(...)` or an event loop's `create_task(...)` (a loop from `asyncio.get_event_loop()`, `get_running_loop()` or `new_event_loop()`), dropping the task it returns.",
      why: 'The event loop keeps only a weak reference to a task. A task nobody keeps can be garbage-collected before it finishes, and when it fails its exception is only logged as "Task exception was never retrieved", long after the fact.',
      doesNotFlag:
        'Tasks that are assigned, returned, passed on or awaited; `TaskGroup.create_task` (the group keeps its tasks and raises their errors); calls on receivers whose class the code does not show.',
      flaggedExamples: ['import asyncio\n\nasync def main():\n    asyncio.create_task(work())\n\nasync def work():\n    pass'],
      notFlaggedExamples: [
        'import asyncio\n\nasync def main():\n    task = asyncio.create_task(work())\n    await task\n\nasync def work():\n    pass',
        'import asyncio\n\nasync def main():\n    async with asyncio.TaskGroup() as tg:\n        tg.create_task(work())\n\nasync def work():\n    pass',
      ],
      fixes:
        '"Keep a reference to the task": stores it in a module-level set `_background_tasks` and removes it when it is done (`task.add_done_callback(_background_tasks.discard)`), the pattern the asyncio documentation gives. A suggestion: it changes how long the task lives.',
    },
  },
  ({ module, report }) => {
    walk(module.root, (node) => {
      if (node.type !== 'expression_statement') return true;
      const expressions = named(node);
      let call = expressions.length === 1 ? unwrap(expressions[0]) : undefined;
      // `task = create_task(...)` where the function never reads `task` again drops it just the same.
      if (call?.type === 'assignment') {
        const right = field(call, 'right');
        call = right && unwrap(right).type === 'call' && isSpawn(module, unwrap(right)) ? unreadAssignmentValue(module, call) : undefined;
      }
      if (call?.type !== 'call' || !isSpawn(module, call)) return false;
      report({
        start: call.start,
        end: call.end,
        message: `The task ${textOf(module.text, field(call, 'function')!)}() returns is not kept: the event loop holds it only weakly, so it can be garbage-collected before it finishes, and its exception is never retrieved.`,
        fixes: named(node)[0]?.type === 'assignment' ? [] : keepReference(module, node, call),
      });
      return false;
    });
  },
);

function isSpawn(module: PyModule, call: PyNode): boolean {
  const name = qualifiedName(calleeOf(module, call));
  return name !== undefined && PYTHON_TASK_SPAWNERS.has(name);
}

function unreadAssignmentValue(module: PyModule, assignment: PyNode): PyNode | undefined {
  const left = field(assignment, 'left');
  const right = field(assignment, 'right');
  const fn = enclosingFunction(assignment);
  if (left?.type !== 'identifier' || !right || !fn || fn.type !== 'function_definition') return undefined;
  const name = textOf(module.text, left);
  let read = false;
  walk(fn, (node) => {
    if (read) return false;
    if (node.type === 'global_statement' || node.type === 'nonlocal_statement') {
      if (named(node).some((child) => textOf(module.text, child) === name)) read = true;
    } else if (node.type === 'identifier' && textOf(module.text, node) === name) {
      const parent = node.parent;
      const isTarget = parent?.type === 'assignment' && field(parent, 'left') === node;
      const isAttributeName = parent?.type === 'attribute' && field(parent, 'attribute') === node;
      const isKeyword = parent?.type === 'keyword_argument' && field(parent, 'name') === node;
      if (!isTarget && !isAttributeName && !isKeyword) read = true;
    }
    return true;
  });
  return read ? undefined : unwrap(right);
}

function keepReference(module: PyModule, statement: PyNode, call: PyNode): Fix[] {
  const fn = enclosingFunction(statement);
  const scopeText = fn ? textOf(module.text, fn) : module.text;
  const variable = /\btask\b/.test(scopeText) ? 'background_task' : 'task';
  if (new RegExp(`\\b${variable}\\b`).test(scopeText)) return [];
  const existing = module.imports.has(TASKS_SET) || module.functions.has(TASKS_SET) || new RegExp(`^${TASKS_SET}\\s*=`, 'm').test(module.text);
  const declared = new RegExp(`^${TASKS_SET}\\s*=\\s*set\\(\\)`, 'm').test(module.text);
  if (existing && !declared) return [];
  const indentation = indentationAt(module.text, statement.start);
  const edits = [
    {
      file: module.file,
      start: statement.start,
      end: statement.end,
      newText: `${variable} = ${textOf(module.text, call)}\n${indentation}${TASKS_SET}.add(${variable})\n${indentation}${variable}.add_done_callback(${TASKS_SET}.discard)`,
    },
  ];
  if (!declared) {
    // The set goes before the first top-level statement that is not an import or a docstring.
    const top = named(module.root);
    const first = top.find(
      (node, index) =>
        !(
          node.type === 'import_statement' ||
          node.type === 'import_from_statement' ||
          node.type === 'future_import_statement' ||
          (index === 0 && node.type === 'expression_statement' && named(node)[0]?.type === 'string')
        ),
    );
    if (!first) return [];
    const holder = top.find((node) => node.start <= statement.start && statement.end <= node.end);
    if (holder === first && !fn) return [];
    edits.push({
      file: module.file,
      start: first.start,
      end: first.start,
      newText: `# Tasks are kept here until they finish: the event loop only holds them weakly.\n${TASKS_SET} = set()\n\n\n`,
    });
  }
  return [{ title: 'Keep a reference to the task until it finishes', edits, safe: false, preferred: true }];
}
