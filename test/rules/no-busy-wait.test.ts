import { noBusyWait } from '../../server/src/core/rules/no-busy-wait';
import { ruleTests } from '../harness/ruleTester';
import { NODE } from './eventLoop/nodeDeclarations';

const TIMER = 'Replace the busy-wait with an awaited timer';

ruleTests(noBusyWait, [
  {
    name: 'an empty loop until a deadline, in an async function',
    code: `
      export async function retry(req: unknown, attempt: () => boolean) {
        while (!attempt()) {
          const end = Date.now() + 100;
          while (Date.now() < end) {}
          ^^^^^^^^^^^^^^^^^^^^^^^^ This loop busy-waits on \`Date.now()\` in the async function \`retry\`
        }
      }
    `,
    fixes: {
      [TIMER]: `
        export async function retry(req: unknown, attempt: () => boolean) {
          while (!attempt()) {
            const end = Date.now() + 100;
            await new Promise<void>((resolve) => setTimeout(resolve, end - Date.now()));
          }
        }
      `,
    },
  },
  {
    name: 'elapsed time against a duration, mirrored comparison, in JavaScript',
    compilerErrorsBecause: 'JavaScript as people write it: parameters without types are implicitly `any` under the strict test options',
    fileName: 'wait.js',
    code: `
      export async function pause(req, ms) {
        const start = performance.now();
        while (ms > performance.now() - start);
        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ \`performance.now()\`
      }
    `,
    fixes: {
      [TIMER]: `
        export async function pause(req, ms) {
          const start = performance.now();
          await new Promise((resolve) => setTimeout(resolve, ms - (performance.now() - start)));
        }
      `,
    },
  },
  {
    name: 'a for(;;) loop that breaks on the clock, in a route handler: no fix (not async)',
    otherFiles: NODE,
    code: `
      import express from 'express';
      const app = express();
      app.get('/slow', (req, res) => {
        const end = Date.now() + Number(req.query.ms);
        for (;;) {
        ^^^^^^^^ the GET /slow handler
          if (Date.now() >= end) break;
        }
        res.send('done');
      });
    `,
  },
  {
    name: 'a do-while loop storing the clock in a variable, in a listener',
    otherFiles: NODE,
    code: `
      import type { IncomingMessage } from 'http';
      export function throttle(req: IncomingMessage) {
        req.on('data', () => {
          const until = Date.now() + 5;
          let now: number;
          do {
            now = Date.now();
          } while (now < until);
            ^^^^^^^^^^^^^^^^^^^ the 'data' listener
        });
      }
    `,
  },
  {
    name: 'process.hrtime.bigint in a timer callback: no fix (nanoseconds)',
    otherFiles: NODE,
    code: `
      setInterval(() => {
        const end = process.hrtime.bigint() + 1_000_000n;
        while (process.hrtime.bigint() < end) {}
        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ \`process.hrtime.bigint()\`
      }, 1000);
    `,
  },
  {
    name: 'a home-made sleep helper, reported at its call with the chain',
    code: `
      function sleep(ms: number) {
        const start = Date.now();
        while (Date.now() - start < ms) {
          // spin
        }
      }
      export async function handler(req: unknown) {
        sleep(100);
        ^^^^^^^^^^ \`sleep\` blocks the event loop in the async function \`handler\`: it busy-waits on the clock (handler → sleep → a busy-wait on Date.now())
      }
    `,
  },
  {
    name: 'a sleep helper in another file',
    otherFiles: {
      '/util.ts': `
        export function sleepSync(ms: number) {
          const end = new Date().getTime() + ms;
          while (new Date().getTime() < end) {}
        }
      `,
    },
    code: `
      import { sleepSync } from './util';
      export function start() {
        setInterval(() => sleepSync(10), 1000);
                          ^^^^^^^^^^^^^ setInterval callback → sleepSync → a busy-wait on new Date().getTime()
      }
    `,
  },

  // Silent.
  {
    name: 'a time-sliced work loop does work while it watches the clock',
    code: `
      declare const queue: Array<() => void>;
      export async function drain(req: unknown) {
        const deadline = Date.now() + 10;
        while (Date.now() < deadline && queue.length > 0) queue.shift()!();
        for (const start = Date.now(); Date.now() - start < 10; ) {
          if (queue.length === 0) break;
          queue.pop()!();
        }
      }
    `,
  },
  {
    name: 'a loop that awaits between checks',
    code: `
      export async function waitUntil(req: unknown, deadline: number) {
        while (Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      }
    `,
  },
  { name: 'module top level is start-up', code: `const end = Date.now() + 100;\nwhile (Date.now() < end) {}\nexport {};` },
  {
    name: 'a sleep helper nobody on the event loop calls',
    code: `
      export function sleep(ms: number) {
        const start = Date.now();
        while (Date.now() - start < ms) {}
      }
      sleep(10);
    `,
  },
  {
    name: 'a worker thread may pause synchronously',
    otherFiles: NODE,
    code: `
      import { parentPort } from 'worker_threads';
      parentPort?.on('message', () => {
        const end = Date.now() + 10;
        while (Date.now() < end) {}
        parentPort?.postMessage('done');
      });
    `,
  },
  {
    name: 'a local Date is not the clock',
    code: `
      export async function handler(req: unknown) {
        const Date = { now: () => 0 };
        while (Date.now() < 10) {}
      }
    `,
  },
  {
    name: 'loops that do not watch the clock',
    code: `
      export async function count(req: unknown, limit: number) {
        let n = 0;
        while (n < limit) n++;
        for (let i = 0; i < 10; i++) {}
        return n;
      }
    `,
  },
]);
