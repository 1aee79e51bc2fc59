import { PYTHON_BLOCKING_CALLS, PYTHON_EVIDENT_CLASSES, PYTHON_TESTS_AND_SCRIPTS } from '../../knowledge/python';
import type { Fix } from '../../findings';
import { PYTHON_RETURNS } from '../../knowledge/python';
import { asyncioImport, blockingChain, chainRelated, runsOnEventLoop, type BlockingChain, isTestOrScript } from '../analysis';
import type { PyModule } from '../module';
import type { PyNode } from '../parser';
import { pythonRule } from '../rule';
import { field, named, textOf, walk, walkOwnCode } from '../syntax';

export const pyBlockingCall = pythonRule(
  {
    id: 'py-blocking-call',
    description: 'A blocking call (sleep, synchronous HTTP, files, child processes, database drivers, key derivation) inside `async def`, directly or through sync helpers.',
    defaultSeverity: 'warning',
    knowledge: [PYTHON_BLOCKING_CALLS, PYTHON_EVIDENT_CLASSES, PYTHON_TESTS_AND_SCRIPTS],
    docs: {
      flags:
        "A call inside an `async def` that blocks the thread: `time.sleep`, `requests` and `urllib.request.urlopen`, `open()` and file reads and writes, `subprocess` and `os.system`, synchronous database drivers (`sqlite3`, `psycopg2`, `pymysql`...), `hashlib.pbkdf2_hmac` and `scrypt`. Also a call of a project `def` helper that makes such a call, up to four helpers deep: the finding shows the chain, helper by helper. Names are resolved through the module's imports (`import time as t`, `from requests import get`) and through project modules; a method (`session.get`) is known when the receiver's class is evident (constructed, annotated, or opened by `with`).",
      why: 'An event loop runs one coroutine at a time on one thread. While a blocking call waits for the network, the disk or a child process, every other coroutine (every other request a server handles) waits with it.',
      doesNotFlag:
        'Calls in a `def` (even one defined inside an `async def`), in a `lambda`, or handed to `asyncio.to_thread` / `run_in_executor` as a function; methods whose receiver\'s class the code does not show; installed packages\' own functions beyond the knowledge base (nothing outside the project is read or run); tests (`test_*.py`, `tests/`) and command-line scripts (`scripts/`, or a module with `if __name__ == "__main__":`), where nothing else waits on the event loop.',
      flaggedExamples: [
        'import time\n\nasync def poll():\n    time.sleep(1)',
        'import requests\n\ndef fetch(url):\n    return requests.get(url).json()\n\nasync def handler(url):\n    return fetch(url)',
      ],
      notFlaggedExamples: [
        'import asyncio, time\n\nasync def poll():\n    await asyncio.sleep(1)\n\ndef wait():\n    time.sleep(1)',
        'import asyncio, requests\n\nasync def handler(url):\n    return await asyncio.to_thread(requests.get, url)',
      ],
      fixes:
        '`time.sleep(x)` → `await asyncio.sleep(x)`; other calls with a result (`r = requests.get(url)`, `subprocess.run(cmd)`, a blocking helper) → `await asyncio.to_thread(f, args...)`, offered when the project supports Python 3.9 or later (`requires-python` in pyproject.toml; assumed when it does not say). `import asyncio` is added when missing. Both change when code runs, so they are suggestions, never applied on save.',
    },
  },
  ({ module, report, pythonMinor }) => {
    if (isTestOrScript(module)) return;
    const opensFiles = new Map<PyNode, boolean>();
    walk(module.root, (node) => {
      if (node.type !== 'call') return;
      const coroutine = runsOnEventLoop(node);
      if (!coroutine) return;
      const chain = blockingChain(module, node);
      if (!chain) return;
      // A file opened in this coroutine is reported at its open(): its reads and writes are the same problem.
      if (chain.steps.length === 0 && chain.name.startsWith(FILE_CLASS) && opensFile(module, coroutine, opensFiles)) return;
      const callee = field(node, 'function') ?? node;
      const shown = textOf(module.text, callee);
      const direct = chain.steps.length === 0;
      report({
        start: node.start,
        end: node.end,
        message: direct
          ? `${shown}() blocks the event loop: it ${chain.fact.what}. Every other coroutine waits until it returns.`
          : `${shown}() blocks the event loop: it calls ${chain.name}, which ${chain.fact.what} (${chain.steps.length === 1 ? 'in' : 'through'} ${chain.steps.map((step) => `${step.fn.name}()`).join(' → ')}).`,
        related: chainRelated(chain),
        fixes: fixesFor(module, node, chain, pythonMinor),
      });
    });
  },
);

const FILE_CLASS = 'io.TextIOWrapper.';

function opensFile(module: PyModule, coroutine: PyNode, cache: Map<PyNode, boolean>): boolean {
  let opens = cache.get(coroutine);
  if (opens === undefined) {
    opens = false;
    walkOwnCode(coroutine, (node) => {
      if (node.type !== 'call' || opens) return;
      const chain = blockingChain(module, node);
      opens = chain !== undefined && chain.steps.length === 0 && PYTHON_RETURNS[chain.name] === FILE_CLASS.slice(0, -1);
    });
    cache.set(coroutine, opens);
  }
  return opens;
}

function fixesFor(module: PyModule, call: PyNode, chain: BlockingChain, pythonMinor: number | undefined): Fix[] {
  const parent = call.parent;
  // The call's value is used as a whole: a statement, an assignment's value, or a return value.
  const standalone = parent?.type === 'expression_statement' || (parent?.type === 'assignment' && field(parent, 'right') === call) || parent?.type === 'return_statement';
  if (!standalone) return [];
  const imports = asyncioImport(module);
  if (!imports) return [];
  const callee = field(call, 'function');
  const argumentList = field(call, 'arguments');
  if (!callee || argumentList?.type !== 'argument_list') return [];
  const args = named(argumentList).map((argument) => textOf(module.text, argument));
  const direct = chain.steps.length === 0;
  if (direct && chain.fact.fix === 'sleep' && parent?.type === 'expression_statement') {
    return [
      {
        title: 'Replace with await asyncio.sleep(...)',
        edits: [...imports.edits, { file: module.file, start: call.start, end: call.end, newText: `await asyncio.sleep(${args.join(', ')})` }],
        safe: false,
        preferred: true,
      },
    ];
  }
  if ((direct && chain.fact.fix !== 'thread' && chain.fact.fix !== 'sleep') || (pythonMinor !== undefined && pythonMinor < 9)) return [];
  const newText = `await asyncio.to_thread(${[textOf(module.text, callee), ...args].join(', ')})`;
  return [
    {
      title: `Run ${textOf(module.text, callee)}() in a thread with asyncio.to_thread`,
      edits: [...imports.edits, { file: module.file, start: call.start, end: call.end, newText }],
      safe: false,
      preferred: true,
    },
  ];
}
