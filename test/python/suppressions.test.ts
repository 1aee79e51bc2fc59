import { unusedSuppression } from '../../server/src/core/rules/unused-suppression';
import { pyBlockingCall } from '../../server/src/core/python/rules/py-blocking-call';
import { pythonRuleTests } from '../harness/pythonRuleTester';

// Suppression comments in Python: the TypeScript grammar, in # comments.
pythonRuleTests(pyBlockingCall, [
  {
    name: 'disable-next-line, disable-line, and a block',
    code: `
      import time

      async def start():
          # asynclint-disable-next-line py-blocking-call -- runs once before serving
          time.sleep(1)
          time.sleep(2)  # asynclint-disable-line py-blocking-call
          # asynclint-disable py-blocking-call
          time.sleep(3)
          # asynclint-enable py-blocking-call
          time.sleep(4)
          ^^^^^^^^^^^^^ blocks the event loop
    `,
    fixes: {
      'Replace with await asyncio.sleep(...)': `
        import asyncio
        import time

        async def start():
            # asynclint-disable-next-line py-blocking-call -- runs once before serving
            time.sleep(1)
            time.sleep(2)  # asynclint-disable-line py-blocking-call
            # asynclint-disable py-blocking-call
            time.sleep(3)
            # asynclint-enable py-blocking-call
            await asyncio.sleep(4)
      `,
    },
  },
  {
    name: 'a directive inside a string is text, not a comment',
    code: `
      import time

      async def start():
          note = "# asynclint-disable-next-line py-blocking-call"
          time.sleep(1)
          ^^^^^^^^^^^^^ blocks the event loop
    `,
    fixes: {
      'Replace with await asyncio.sleep(...)': `
        import asyncio
        import time

        async def start():
            note = "# asynclint-disable-next-line py-blocking-call"
            await asyncio.sleep(1)
      `,
    },
  },
]);

pythonRuleTests(unusedSuppression, [
  {
    name: 'an unused Python suppression is reported and removed with its line',
    alsoRun: [pyBlockingCall],
    code: `
      import asyncio

      async def start():
          # asynclint-disable-next-line py-blocking-call
          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ This suppression is unused
          await asyncio.sleep(1)
    `,
    fixes: {
      'Remove the unused suppression': `
        import asyncio

        async def start():
            await asyncio.sleep(1)
      `,
    },
  },
]);
