import { PYTHON_TESTS_AND_SCRIPTS } from '../../knowledge/python';
import { PYTHON_SIZE_PRESERVING } from '../../knowledge/python';
import { runsOnEventLoop, isTestOrScript } from '../analysis';
import type { PyModule } from '../module';
import type { PyNode } from '../parser';
import { pythonRule } from '../rule';
import { boundNames, enclosingFunction, field, named, namesIn, textOf, unwrap, walk, walkOwnCode } from '../syntax';

export const pyCpuInCoroutine = pythonRule(
  {
    id: 'py-cpu-in-coroutine',
    description: 'Nested loops over data of unbounded size (parameters, awaited results) inside `async def`: CPU work that grows with the product of the sizes, on the event loop.',
    defaultSeverity: 'hint',
    knowledge: [PYTHON_TESTS_AND_SCRIPTS],
    docs: {
      flags:
        "A `for` loop nested in another inside an `async def`, where both loops iterate over data the coroutine awaited (query results, response bodies), the inner one not derived from the outer one's item, and the inner loop awaits nothing.",
      why: 'Between two awaits a coroutine holds the event loop. A loop inside a loop costs the product of the sizes: ten thousand by ten thousand is a hundred million steps during which nothing else runs.',
      doesNotFlag:
        "Loops over parameters (as often a few options as a large collection), constants, literals and `range`; an outer `async for` (it yields between items); an inner loop over the outer item's parts (`for order in orders: for line in order.lines`), which is linear in the data; loops with an await inside the inner loop (they yield to the event loop).",
      flaggedExamples: [
        'async def match(db):\n    users = await db.fetch("select * from users")\n    orders = await db.fetch("select * from orders")\n    pairs = []\n    for user in users:\n        for order in orders:\n            if order["user"] == user["id"]:\n                pairs.append((user, order))\n    return pairs',
      ],
      notFlaggedExamples: [
        'async def totals(db):\n    orders = await db.fetch("select * from orders")\n    total = 0\n    for order in orders:\n        for line in order["lines"]:\n            total += line["price"]\n    return total',
      ],
      fixes:
        'None: the remedy is an index (a dict built in one pass) or running the work off the loop (`await asyncio.to_thread(match, users, orders)`, or a process pool for long work).',
    },
  },
  ({ module, report }) => {
    if (isTestOrScript(module)) return;
    walk(module.root, (node) => {
      // An `async for` awaits between its items: only its inner loops hold the event loop.
      if (node.type !== 'for_statement' || node.children.some((token) => token.type === 'async')) return true;
      const fn = runsOnEventLoop(node);
      if (!fn) return true;
      const outerIterable = field(node, 'right');
      const outerTarget = field(node, 'left');
      const body = field(node, 'body');
      if (!outerIterable || !outerTarget || !body || !isUnbounded(module, fn, outerIterable)) return true;
      const outerNames = new Set(boundNames(module.text, outerTarget));
      let inner: PyNode | undefined;
      walk(body, (child) => {
        if (inner || child.type === 'function_definition' || child.type === 'lambda' || child.type === 'class_definition') return false;
        if (child.type === 'for_statement' && !child.children.some((token) => token.type === 'async')) {
          const iterable = field(child, 'right');
          if (iterable && isUnbounded(module, fn, iterable) && ![...namesIn(module.text, iterable)].some((name) => outerNames.has(name)) && !hasAwait(child)) inner = child;
        }
        return true;
      });
      if (!inner) return true;
      report({
        start: node.start,
        end: field(node, 'right')!.end,
        message: `This loop runs ${textOf(module.text, field(inner, 'right')!)} for every item of ${textOf(module.text, outerIterable)} on the event loop: work that grows with the product of their sizes, during which no other coroutine runs. Index one side, or run it with asyncio.to_thread.`,
      });
      return false;
    });
  },
);

function hasAwait(node: PyNode): boolean {
  let found = false;
  walk(node, (child) => {
    if (child.type === 'await') found = true;
    return !found;
  });
  return found;
}

/**
 * Data whose size the coroutine does not control: a name bound from an await
 * (a query's rows, a response's items), or parts of one. Parameters alone do
 * not count: they are as often a short list of options as a large collection.
 */
function isUnbounded(module: PyModule, fn: PyNode, iterable: PyNode): boolean {
  let node = unwrap(iterable);
  // `xs.items()`, `xs.values()`, `enumerate(xs)`, `sorted(xs)` are as large as xs.
  for (;;) {
    if (node.type === 'call') {
      const callee = field(node, 'function');
      const args = field(node, 'arguments');
      if (callee?.type === 'attribute' && args && named(args).length === 0) {
        node = unwrap(field(callee, 'object')!);
        continue;
      }
      if (callee?.type === 'identifier' && PYTHON_SIZE_PRESERVING.has(textOf(module.text, callee)) && args && named(args).length >= 1) {
        node = unwrap(named(args)[0]);
        continue;
      }
      return false;
    }
    if (node.type === 'attribute' || node.type === 'subscript') {
      node = unwrap(field(node, node.type === 'attribute' ? 'object' : 'value')!);
      continue;
    }
    break;
  }
  if (node.type !== 'identifier') return false;
  const name = textOf(module.text, node);
  let awaited = false;
  walkOwnCode(fn, (child) => {
    if (child.type !== 'assignment') return;
    const left = field(child, 'left');
    const right = field(child, 'right');
    if (left?.type === 'identifier' && textOf(module.text, left) === name && right && unwrap(right).type === 'await') awaited = true;
  });
  return awaited && enclosingFunction(iterable) === fn;
}
