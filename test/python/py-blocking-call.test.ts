import { pyBlockingCall } from '../../server/src/core/python/rules/py-blocking-call';
import { pythonRuleTests } from '../harness/pythonRuleTester';

const TO_THREAD = (name: string) => `Run ${name}() in a thread with asyncio.to_thread`;

pythonRuleTests(pyBlockingCall, [
  {
    name: 'time.sleep through an aliased import, fixed with await asyncio.sleep',
    code: `
      import time as t

      async def poll():
          t.sleep(1)
          ^^^^^^^^^^ t.sleep() blocks the event loop: it puts the whole thread to sleep
    `,
    fixes: {
      'Replace with await asyncio.sleep(...)': `
        import asyncio
        import time as t

        async def poll():
            await asyncio.sleep(1)
      `,
    },
  },
  {
    name: 'a function imported by name (from requests import get), run in a thread',
    code: `
      """Handlers."""
      import asyncio
      from requests import get

      async def handler(url):
          response = get(url, timeout=5)
                     ^^^^^^^^^^^^^^^^^^^ waits for an HTTP response
          return response.json()
    `,
    fixes: {
      [TO_THREAD('get')]: `
        """Handlers."""
        import asyncio
        from requests import get

        async def handler(url):
            response = await asyncio.to_thread(get, url, timeout=5)
            return response.json()
      `,
    },
  },
  {
    name: 'a method of a session whose class is evident from its construction',
    code: `
      import requests

      async def handler(url):
          session = requests.Session()
          return session.post(url, json={})
                 ^^^^^^^^^^^^^^^^^^^^^^^^^^ session.post() blocks the event loop
    `,
    fixes: {
      [TO_THREAD('session.post')]: `
        import asyncio
        import requests

        async def handler(url):
            session = requests.Session()
            return await asyncio.to_thread(session.post, url, json={})
      `,
    },
  },
  {
    name: 'open() is reported once; the reads of the file it opened are the same problem',
    code: `
      async def load(path):
          with open(path) as f:
               ^^^^^^^^^^ open() blocks the event loop: it opens a file synchronously
              return f.read()
    `,
  },
  {
    name: 'subprocess, os.system, sqlite3 and key derivation',
    code: `
      import hashlib, os, sqlite3, subprocess

      async def work(cmd, password, salt):
          subprocess.run(cmd, check=True)
          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ waits for a child process to finish
          os.system("ls")
          ^^^^^^^^^^^^^^^ waits for a shell command
          db = sqlite3.connect("app.db")
               ^^^^^^^^^^^^^^^^^^^^^^^^^ connects to a database synchronously
          db.execute("select 1")
          ^^^^^^^^^^^^^^^^^^^^^^ runs a database query synchronously
          return hashlib.pbkdf2_hmac("sha256", password, salt, 600000)
                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ derives a key
    `,
    fixes: {
      [TO_THREAD('subprocess.run')]: `
        import asyncio
        import hashlib, os, sqlite3, subprocess

        async def work(cmd, password, salt):
            await asyncio.to_thread(subprocess.run, cmd, check=True)
            os.system("ls")
            db = sqlite3.connect("app.db")
            db.execute("select 1")
            return hashlib.pbkdf2_hmac("sha256", password, salt, 600000)
      `,
      [TO_THREAD('os.system')]: `
        import asyncio
        import hashlib, os, sqlite3, subprocess

        async def work(cmd, password, salt):
            subprocess.run(cmd, check=True)
            await asyncio.to_thread(os.system, "ls")
            db = sqlite3.connect("app.db")
            db.execute("select 1")
            return hashlib.pbkdf2_hmac("sha256", password, salt, 600000)
      `,
      [TO_THREAD('sqlite3.connect')]: `
        import asyncio
        import hashlib, os, sqlite3, subprocess

        async def work(cmd, password, salt):
            subprocess.run(cmd, check=True)
            os.system("ls")
            db = await asyncio.to_thread(sqlite3.connect, "app.db")
            db.execute("select 1")
            return hashlib.pbkdf2_hmac("sha256", password, salt, 600000)
      `,
      [TO_THREAD('db.execute')]: `
        import asyncio
        import hashlib, os, sqlite3, subprocess

        async def work(cmd, password, salt):
            subprocess.run(cmd, check=True)
            os.system("ls")
            db = sqlite3.connect("app.db")
            await asyncio.to_thread(db.execute, "select 1")
            return hashlib.pbkdf2_hmac("sha256", password, salt, 600000)
      `,
      [TO_THREAD('hashlib.pbkdf2_hmac')]: `
        import asyncio
        import hashlib, os, sqlite3, subprocess

        async def work(cmd, password, salt):
            subprocess.run(cmd, check=True)
            os.system("ls")
            db = sqlite3.connect("app.db")
            db.execute("select 1")
            return await asyncio.to_thread(hashlib.pbkdf2_hmac, "sha256", password, salt, 600000)
      `,
    },
  },
  {
    name: 'the chain through sync helpers in another project module is shown',
    files: {
      'app/helpers.py': `
        import time

        def backoff():
            time.sleep(0.5)

        def retry_later():
            backoff()
      `,
    },
    code: `
      from .helpers import retry_later

      async def handler():
          retry_later()
          ^^^^^^^^^^^^^ it calls time.sleep, which puts the whole thread to sleep, and every coroutine with it (through retry_later() → backoff())
    `,
    fixes: {
      [TO_THREAD('retry_later')]: `
        import asyncio
        from .helpers import retry_later

        async def handler():
            await asyncio.to_thread(retry_later)
      `,
    },
  },
  {
    name: 'a method of a project class called on self',
    code: `
      import requests

      class Client:
          def fetch(self, url):
              return requests.get(url)

          async def handle(self, url):
              return self.fetch(url)
                     ^^^^^^^^^^^^^^^ it calls requests.get
    `,
    fixes: {
      [TO_THREAD('self.fetch')]: `
        import asyncio
        import requests

        class Client:
            def fetch(self, url):
                return requests.get(url)

            async def handle(self, url):
                return await asyncio.to_thread(self.fetch, url)
      `,
    },
  },
  {
    name: 'a receiver annotated with an installed class',
    code: `
      import httpx

      async def handler(client: httpx.Client, url):
          client.get(url)
          ^^^^^^^^^^^^^^^ waits for an HTTP response
    `,
    fixes: {
      [TO_THREAD('client.get')]: `
        import asyncio
        import httpx

        async def handler(client: httpx.Client, url):
            await asyncio.to_thread(client.get, url)
      `,
    },
  },
  {
    name: 'no asyncio.to_thread fix when the project supports Python before 3.9',
    files: { 'pyproject.toml': '[project]\nname = "app"\nrequires-python = ">=3.8"\n' },
    code: `
      import subprocess

      async def work(cmd):
          subprocess.run(cmd)
          ^^^^^^^^^^^^^^^^^^^ waits for a child process
    `,
  },
  {
    name: 'pathlib.Path.open on an evident Path, and os.fdopen',
    code: `
      import os
      from pathlib import Path

      async def load(fd):
          path = Path("data.txt")
          with path.open() as f:
               ^^^^^^^^^^^ path.open() blocks the event loop: it opens a file
              f.read()
          os.fdopen(fd)
          ^^^^^^^^^^^^^ os.fdopen() blocks the event loop
    `,
  },
  // Silent cases.
  {
    name: 'sync code, nested defs and lambdas do not run on the event loop',
    code: `
      import asyncio, time, requests

      def wait():
          time.sleep(1)

      async def handler(url):
          def fetch():
              return requests.get(url)
          later = lambda: time.sleep(1)
          return await asyncio.to_thread(fetch)
    `,
  },
  {
    name: 'a local name that shadows an import, and receivers of unknown class, stay silent',
    code: `
      import time

      async def handler(time, session, url):
          time.sleep(1)
          session.get(url)
    `,
  },
  {
    name: 'a command-line script: nothing else waits on its event loop',
    code: `
      import asyncio, time

      async def main():
          time.sleep(1)

      if __name__ == "__main__":
          asyncio.run(main())
    `,
  },
  {
    name: "a module in the project's scripts folder",
    files: { 'pyproject.toml': '[project]\nname = "app"\n' },
    path: 'scripts/backfill.py',
    code: `
      import time

      async def main():
          time.sleep(1)
    `,
  },
  {
    name: 'a test',
    path: 'app/tests/test_poll.py',
    code: `
      import time

      async def test_poll():
          time.sleep(1)
    `,
  },
  {
    name: 'a function named open defined in the coroutine is not the built-in',
    code: `
      async def handler():
          def open():
              pass
          open()
    `,
  },
  {
    name: 'async libraries are not blocking',
    code: `
      import asyncio, httpx

      async def handler(url):
          async with httpx.AsyncClient() as client:
              await client.get(url)
          await asyncio.sleep(1)
          proc = await asyncio.create_subprocess_exec("ls")
          await proc.wait()
    `,
  },
  {
    name: 'a helper that is itself async def is not a sync chain',
    code: `
      import asyncio

      async def pause():
          await asyncio.sleep(1)

      async def handler():
          await pause()
    `,
  },
]);
