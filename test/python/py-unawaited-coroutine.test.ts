import { pyUnawaitedCoroutine } from '../../server/src/core/python/rules/py-unawaited-coroutine';
import { pythonRuleTests } from '../harness/pythonRuleTester';

pythonRuleTests(pyUnawaitedCoroutine, [
  {
    name: 'a project async def called as a statement',
    code: `
      async def save(item):
          pass

      async def handler(item):
          save(item)
          ^^^^^^^^^^ save() returns a coroutine that is never awaited
    `,
    fixes: {
      'Add await': `
        async def save(item):
            pass

        async def handler(item):
            await save(item)
      `,
    },
  },
  {
    name: 'an async method through self, an imported async def, and asyncio.sleep',
    files: {
      'app/store.py': `
        async def flush():
            pass
      `,
    },
    code: `
      import asyncio
      from .store import flush

      class Worker:
          async def step(self):
              pass

          async def run(self):
              self.step()
              ^^^^^^^^^^^ Worker.step() returns a coroutine
              flush()
              ^^^^^^^ flush() returns a coroutine
              asyncio.sleep(1)
              ^^^^^^^^^^^^^^^^ asyncio.sleep() returns a coroutine
    `,
    fixes: {
      'Add await #1': `
        import asyncio
        from .store import flush

        class Worker:
            async def step(self):
                pass

            async def run(self):
                await self.step()
                flush()
                asyncio.sleep(1)
      `,
      'Add await #2': `
        import asyncio
        from .store import flush

        class Worker:
            async def step(self):
                pass

            async def run(self):
                self.step()
                await flush()
                asyncio.sleep(1)
      `,
      'Add await #3': `
        import asyncio
        from .store import flush

        class Worker:
            async def step(self):
                pass

            async def run(self):
                self.step()
                flush()
                await asyncio.sleep(1)
      `,
    },
  },
  {
    name: 'in a sync function there is no await to add',
    code: `
      async def save():
          pass

      def main():
          save()
          ^^^^^^ never awaited
    `,
  },
  {
    name: 'awaited, gathered, stored, scheduled or returned coroutines, and async generators',
    code: `
      import asyncio

      async def save():
          pass

      async def stream():
          yield 1

      async def handler():
          await save()
          await asyncio.gather(save(), save())
          pending = save()
          asyncio.run(save())
          stream()
          await pending
          return save()
    `,
  },
  {
    name: 'a sync def with the same name in another module is not a coroutine',
    files: { 'app/store.py': 'def save():\n    pass\n' },
    code: `
      from .store import save

      async def handler():
          save()
    `,
  },
  {
    name: 'a decorator that may wrap the coroutine function makes the call unknown; staticmethod does not',
    code: `
      from .cli import run_async

      @run_async
      async def command():
          pass

      class Jobs:
          @staticmethod
          async def flush():
              pass

      def main():
          command()
          Jobs.flush()
          ^^^^^^^^^^^^ Jobs.flush() returns a coroutine
    `,
  },
]);
