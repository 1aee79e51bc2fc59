import { PYTHON_COROUTINE_CALLS, PYTHON_EVIDENT_CLASSES, PYTHON_TRANSPARENT_DECORATOR_CALLS } from '../../knowledge/python';
import { isCoroutineCall, runsOnEventLoop } from '../analysis';
import { PyModule } from '../module';
import { pythonRule } from '../rule';
import { named, unwrap, walk } from '../syntax';

export const pyUnawaitedCoroutine = pythonRule(
  {
    id: 'py-unawaited-coroutine',
    description: 'A call of an `async def` (or a known coroutine function) whose coroutine is neither awaited, gathered, stored nor scheduled: it never runs.',
    defaultSeverity: 'warning',
    knowledge: [PYTHON_COROUTINE_CALLS, PYTHON_TRANSPARENT_DECORATOR_CALLS, PYTHON_EVIDENT_CLASSES],
    docs: {
      flags:
        'A statement that only calls a coroutine function: a project `async def` (a module function, an imported one, or a method of a class whose instance is evident, `self.method()` included), or a known one such as `asyncio.sleep`. The coroutine object is created and thrown away.',
      why: 'Calling an `async def` does not run it: it returns a coroutine that runs only when awaited or scheduled. Python warns "coroutine was never awaited" at run time, if anyone reads the log; the work silently does not happen.',
      doesNotFlag:
        'Coroutines that are awaited, returned, stored, passed to `asyncio.gather`, `create_task` or any other call; async generators (`async def` with `yield`, which return an iterator); an `async def` under a decorator other than `staticmethod`, `classmethod`, `abstractmethod` or `override` (a decorator may wrap it into a sync entry point); calls whose function the code does not show.',
      flaggedExamples: ['async def save(item):\n    pass\n\nasync def handler(item):\n    save(item)'],
      notFlaggedExamples: ['import asyncio\n\nasync def save(item):\n    pass\n\nasync def handler(item):\n    await save(item)\n    await asyncio.gather(save(item), save(item))'],
      fixes: '"Add await" inside an `async def` (a suggestion: the code then runs, and waits).',
    },
  },
  ({ module, report }) => {
    walk(module.root, (node) => {
      if (node.type !== 'expression_statement') return true;
      const expressions = named(node);
      const call = expressions.length === 1 ? unwrap(expressions[0]) : undefined;
      if (call?.type !== 'call') return false;
      const value = isCoroutineCall(module, call);
      if (!value) return false;
      const inAsync = runsOnEventLoop(call) !== undefined;
      report({
        start: call.start,
        end: call.end,
        message: `${PyModule.describe(value)}() returns a coroutine that is never awaited: the call does nothing.${inAsync ? ' Add await to run it.' : ''}`,
        fixes: inAsync ? [{ title: 'Add await', edits: [{ file: module.file, start: call.start, end: call.start, newText: 'await ' }], safe: false, preferred: true }] : [],
      });
      return false;
    });
  },
);
