import { pyPreferGather } from '../../server/src/core/python/rules/py-prefer-gather';
import { pythonRuleTests } from '../harness/pythonRuleTester';

const GATHER = 'Run them together with asyncio.gather';
const TASK_GROUP = 'Run them in an asyncio.TaskGroup';

pythonRuleTests(pyPreferGather, [
  {
    name: 'two independent GETs on an annotated async client; names stay bound',
    code: `
      import httpx

      async def profile(client: httpx.AsyncClient, user_id):
          user = await client.get(f"/users/{user_id}")
          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ These 2 awaits are independent reads
          posts = await client.get(f"/users/{user_id}/posts")
          return user, posts
    `,
    fixes: {
      [GATHER]: `
        import asyncio
        import httpx

        async def profile(client: httpx.AsyncClient, user_id):
            user, posts = await asyncio.gather(client.get(f"/users/{user_id}"), client.get(f"/users/{user_id}/posts"))
            return user, posts
      `,
    },
  },
  {
    name: 'project async defs that only read, with a TaskGroup fix when the project needs Python 3.11',
    files: { 'pyproject.toml': '[project]\nrequires-python = ">=3.11"\n' },
    code: `
      import asyncio
      import aiohttp

      async def fetch_json(session: aiohttp.ClientSession, url):
          response = await session.get(url)
          return response

      async def dashboard(session: aiohttp.ClientSession):
          stats = await fetch_json(session, "/stats")
          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ These 3 awaits
          news = await fetch_json(session, "/news")
          await fetch_json(session, "/ping")
          return stats, news
    `,
    fixes: {
      [GATHER]: `
        import asyncio
        import aiohttp

        async def fetch_json(session: aiohttp.ClientSession, url):
            response = await session.get(url)
            return response

        async def dashboard(session: aiohttp.ClientSession):
            stats, news, _ = await asyncio.gather(fetch_json(session, "/stats"), fetch_json(session, "/news"), fetch_json(session, "/ping"))
            return stats, news
      `,
      [TASK_GROUP]: `
        import asyncio
        import aiohttp

        async def fetch_json(session: aiohttp.ClientSession, url):
            response = await session.get(url)
            return response

        async def dashboard(session: aiohttp.ClientSession):
            async with asyncio.TaskGroup() as tg:
                stats_task = tg.create_task(fetch_json(session, "/stats"))
                news_task = tg.create_task(fetch_json(session, "/news"))
                tg.create_task(fetch_json(session, "/ping"))
            stats = stats_task.result()
            news = news_task.result()
            return stats, news
      `,
    },
  },
  {
    name: 'a later call that uses an earlier result is not independent',
    code: `
      import httpx

      async def profile(client: httpx.AsyncClient, user_id):
          user = await client.get(f"/users/{user_id}")
          team = await client.get(user.json()["team_url"])
          return team
    `,
  },
  {
    name: 'writes, unknown calls, a single connection, and project functions that change state are not reads',
    code: `
      import asyncpg, httpx

      class Cache:
          async def load(self, client: httpx.AsyncClient):
              self.data = await client.get("/data")

      async def handler(client: httpx.AsyncClient, conn: asyncpg.Connection, cache: Cache, other):
          await client.post("/a")
          await client.post("/b")
          await other.fetch(1)
          await other.fetch(2)
          await conn.fetch("select 1")
          await conn.fetch("select 2")
          await cache.load(client)
          await cache.load(client)
    `,
  },
  {
    name: 'pool queries are reads',
    code: `
      import asyncpg

      async def handler(pool: asyncpg.Pool):
          users = await pool.fetch("select * from users")
          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ independent reads
          teams = await pool.fetch("select * from teams")
          return users, teams
    `,
    fixes: {
      [GATHER]: `
        import asyncio
        import asyncpg

        async def handler(pool: asyncpg.Pool):
            users, teams = await asyncio.gather(pool.fetch("select * from users"), pool.fetch("select * from teams"))
            return users, teams
      `,
    },
  },
  {
    name: 'the same call twice (a cache test, a count) stays silent',
    code: `
      import httpx

      async def check_cache(client: httpx.AsyncClient, params):
          first = await client.get("/metrics", params=params)
          second = await client.get("/metrics", params=params)
          return first, second
    `,
  },
  {
    name: 'a test module',
    path: 'tests/test_metrics.py',
    code: `
      import httpx

      async def test_metrics(client: httpx.AsyncClient):
          a = await client.get("/a")
          b = await client.get("/b")
    `,
  },
]);
