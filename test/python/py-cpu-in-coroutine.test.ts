import { pyCpuInCoroutine } from '../../server/src/core/python/rules/py-cpu-in-coroutine';
import { pythonRuleTests } from '../harness/pythonRuleTester';

pythonRuleTests(pyCpuInCoroutine, [
  {
    name: 'a join of two query results by nested loops',
    code: `
      async def match(db):
          users = await db.fetch("select * from users")
          orders = await db.fetch("select * from orders")
          pairs = []
          for user in users:
          ^^^^^^^^^^^^^^^^^ [hint] This loop runs orders for every item of users
              for order in orders:
                  if order["user"] == user["id"]:
                      pairs.append((user, order))
          return pairs
    `,
  },
  {
    name: 'awaited query results, through .items()',
    code: `
      async def report(pool):
          rows = await pool.fetch("select * from a")
          others = await pool.fetch("select * from b")
          for key, row in rows.items():
          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ work that grows with the product
              for other in others:
                  row.merge(other)
    `,
  },
  {
    name: 'parameters, inner data derived from the outer item, constants, awaits inside, an outer async for, and sync code stay silent',
    code: `
      async def totals(db, fields, stream):
          orders = await db.fetch("select * from orders")
          users = await db.fetch("select * from users")
          total = 0
          for order in orders:
              for field in fields:
                  total += order[field]
          async for user in stream:
              for order in orders:
                  total += 1
          for order in orders:
              for line in order["lines"]:
                  total += line["price"]
          for user in users:
              for day in range(7):
                  total += day
          for user in users:
              for order in orders:
                  await order.refresh()
          return total

      def offline(users, orders):
          for user in users:
              for order in orders:
                  pass
    `,
  },
  {
    name: 'a test file is not serving code',
    path: 'tests/test_match.py',
    code: `
      async def test_match(db):
          users = await db.fetch("select * from users")
          orders = await db.fetch("select * from orders")
          for user in users:
              for order in orders:
                  pass
    `,
  },
]);
