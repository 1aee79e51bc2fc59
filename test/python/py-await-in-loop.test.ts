import { pyAwaitInLoop } from '../../server/src/core/python/rules/py-await-in-loop';
import { pythonRuleTests } from '../harness/pythonRuleTester';

const GATHER = 'Run the iterations together with asyncio.gather';

pythonRuleTests(pyAwaitInLoop, [
  {
    name: 'results appended one by one become one gather',
    code: `
      import httpx

      async def fetch_all(client: httpx.AsyncClient, urls):
          pages = []
          for url in urls:
              pages.append(await client.get(url))
                           ^^^^^^^^^^^^^^^^^^^^^ Each iteration awaits client.get()
          return pages
    `,
    fixes: {
      [GATHER]: `
        import asyncio
        import httpx

        async def fetch_all(client: httpx.AsyncClient, urls):
            pages = []
            pages.extend(await asyncio.gather(*(client.get(url) for url in urls)))
            return pages
      `,
    },
  },
  {
    name: 'a bare await per item, and a body with more statements (flagged, no fix)',
    code: `
      import asyncio, asyncpg

      async def warm(pool: asyncpg.Pool, ids):
          for user_id in ids:
              await pool.fetchrow("select * from users where id = $1", user_id)
              ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ Each iteration
          totals = {}
          for user_id in ids:
              row = await pool.fetchrow("select * from totals where id = $1", user_id)
                    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ Each iteration
              totals[user_id] = row
          return totals
    `,
    fixes: {
      [GATHER]: `
        import asyncio, asyncpg

        async def warm(pool: asyncpg.Pool, ids):
            await asyncio.gather(*(pool.fetchrow("select * from users where id = $1", user_id) for user_id in ids))
            totals = {}
            for user_id in ids:
                row = await pool.fetchrow("select * from totals where id = $1", user_id)
                totals[user_id] = row
            return totals
      `,
    },
  },
  {
    name: 'pagination, retries, pacing and early exit stay silent',
    code: `
      import asyncio, httpx

      async def crawl(client: httpx.AsyncClient, urls, pages):
          cursor = None
          for _ in pages:
              cursor = await client.get(f"/items?after={cursor}")
          for url in urls:
              try:
                  await client.get(url)
              except httpx.HTTPError:
                  pass
          for url in urls:
              await client.get(url)
              await asyncio.sleep(1)
          for url in urls:
              response = await client.get(url)
              if response.status_code == 200:
                  break
    `,
  },
  {
    name: 'writes, unknown receivers, async for, and loops that grow what they iterate stay silent',
    code: `
      import httpx

      async def sync(client: httpx.AsyncClient, db, urls, stream):
          for url in urls:
              await client.post(url)
          for url in urls:
              await db.fetch(url)
          async for item in stream:
              await client.get(item)
          for url in urls:
              urls.append(url + "/next")
              await client.get(url)
    `,
  },
]);
