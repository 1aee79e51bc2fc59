import { pyDanglingTask } from '../../server/src/core/python/rules/py-dangling-task';
import { pythonRuleTests } from '../harness/pythonRuleTester';

const KEEP = 'Keep a reference to the task until it finishes';

pythonRuleTests(pyDanglingTask, [
  {
    name: 'asyncio.create_task as a statement, fixed with a module-level set of tasks',
    code: `
      import asyncio

      async def notify(user):
          pass

      async def handler(user):
          asyncio.create_task(notify(user))
          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ is not kept
          return "ok"
    `,
    fixes: {
      [KEEP]: `
        import asyncio

        # Tasks are kept here until they finish: the event loop only holds them weakly.
        _background_tasks = set()


        async def notify(user):
            pass

        async def handler(user):
            task = asyncio.create_task(notify(user))
            _background_tasks.add(task)
            task.add_done_callback(_background_tasks.discard)
            return "ok"
      `,
    },
  },
  {
    name: 'ensure_future through a from-import, and a loop from get_running_loop',
    code: `
      import asyncio
      from asyncio import ensure_future

      _background_tasks = set()

      async def work():
          pass

      async def handler():
          ensure_future(work())
          ^^^^^^^^^^^^^^^^^^^^^ ensure_future() returns is not kept
          loop = asyncio.get_running_loop()
          loop.create_task(work())
          ^^^^^^^^^^^^^^^^^^^^^^^^ loop.create_task() returns is not kept
    `,
    fixes: {
      [`${KEEP} #1`]: `
        import asyncio
        from asyncio import ensure_future

        _background_tasks = set()

        async def work():
            pass

        async def handler():
            task = ensure_future(work())
            _background_tasks.add(task)
            task.add_done_callback(_background_tasks.discard)
            loop = asyncio.get_running_loop()
            loop.create_task(work())
      `,
      [`${KEEP} #2`]: `
        import asyncio
        from asyncio import ensure_future

        _background_tasks = set()

        async def work():
            pass

        async def handler():
            ensure_future(work())
            loop = asyncio.get_running_loop()
            task = loop.create_task(work())
            _background_tasks.add(task)
            task.add_done_callback(_background_tasks.discard)
      `,
    },
  },
  {
    name: 'a task assigned to a name the function never reads again is dropped just the same',
    code: `
      import asyncio

      async def work():
          pass

      def start(flag):
          if flag:
              task = asyncio.create_task(work())
                     ^^^^^^^^^^^^^^^^^^^^^^^^^^^ is not kept
          else:
              task = None
    `,
  },
  {
    name: 'kept, awaited, returned or passed on tasks, and TaskGroup tasks, are fine',
    code: `
      import asyncio

      async def work():
          pass

      async def handler(tasks):
          task = asyncio.create_task(work())
          tasks.append(asyncio.create_task(work()))
          await asyncio.create_task(work())
          async with asyncio.TaskGroup() as tg:
              tg.create_task(work())
          return task
    `,
  },
  {
    name: 'a create_task of an object whose class the code does not show',
    code: `
      async def handler(scheduler, work):
          scheduler.create_task(work())
    `,
  },
]);
