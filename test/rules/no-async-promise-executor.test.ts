import { noAsyncPromiseExecutor } from '../../server/src/core/rules/no-async-promise-executor';
import { ruleTests } from '../harness/ruleTester';

const REWRITE = 'Run the async code inside a synchronous executor';

ruleTests(noAsyncPromiseExecutor, [
  {
    name: 'an async arrow executor with resolve and reject',
    code: `
      declare function read(path: string): Promise<string>;
      function load(path: string) {
        return new Promise<string>(async (resolve, reject) => {
                                   ^^^^^^^^^^^^^^^^^^^^^^^^^^ This Promise executor is async
          const text = await read(path);
          if (!text) reject(new Error('empty'));
          resolve(text);
        });
      }
    `,
    fixes: {
      [REWRITE]: `
        declare function read(path: string): Promise<string>;
        function load(path: string) {
          return new Promise<string>((resolve, reject) => {
            (async () => {
              const text = await read(path);
              if (!text) reject(new Error('empty'));
              resolve(text);
            })().catch(reject);
          });
        }
      `,
    },
  },
  {
    name: 'without a reject parameter, one is added',
    code: `
      declare function read(path: string): Promise<string>;
      const config = new Promise<string>(async (resolve) => {
                                         ^^^^^^^^^^^^^^^^^^
        resolve(await read('config.json'));
      });
    `,
    fixes: {
      [REWRITE]: `
        declare function read(path: string): Promise<string>;
        const config = new Promise<string>((resolve, reject) => {
          (async () => {
            resolve(await read('config.json'));
          })().catch(reject);
        });
      `,
    },
  },
  {
    name: 'a lone parameter without parentheses, and an expression body',
    code: `
      declare function read(path: string): Promise<string>;
      const config = new Promise<string>(async resolve => resolve(await read('config.json')));
                                         ^^^^^^^^^^^^^^^^
    `,
    fixes: {
      [REWRITE]: `
        declare function read(path: string): Promise<string>;
        const config = new Promise<string>((resolve, reject) => { (async () => resolve(await read('config.json')))().catch(reject); });
      `,
    },
  },
  {
    name: 'an async function expression with no parameters, and a name already taken',
    code: `
      declare function wait(ms: number): Promise<void>;
      declare function reject(): void;
      const done = new Promise<void>(async function () { await wait(10); reject(); });
                                     ^^^^^^^^^^^^^^^^^
    `,
    fixes: {
      [REWRITE]: `
        declare function wait(ms: number): Promise<void>;
        declare function reject(): void;
        const done = new Promise<void>(function (_resolve, rejectPromise) { (async () => { await wait(10); reject(); })().catch(rejectPromise); });
      `,
    },
  },
  {
    name: 'a catch that rethrows does not make it safe',
    code: `
      declare function read(path: string): Promise<string>;
      const config = new Promise<string>(async (resolve, reject) => {
                                         ^^^^^^^^^^^^^^^^^^^^^^^^^^
        try {
          resolve(await read('config.json'));
        } catch (error) {
          throw error;
        }
      });
    `,
    fixes: {
      [REWRITE]: `
        declare function read(path: string): Promise<string>;
        const config = new Promise<string>((resolve, reject) => {
          (async () => {
            try {
              resolve(await read('config.json'));
            } catch (error) {
              throw error;
            }
          })().catch(reject);
        });
      `,
    },
  },

  // Silent.
  {
    name: 'a synchronous executor',
    code: `declare function read(path: string): Promise<string>;\nconst c = new Promise<string>((resolve, reject) => { read('x').then(resolve, reject); });`,
  },
  {
    name: 'an async executor that cannot reject',
    code: `
      declare function read(path: string): Promise<string>;
      const config = new Promise<string>(async (resolve, reject) => {
        try {
          resolve(await read('config.json'));
        } catch (error) {
          reject(error);
        }
      });
    `,
  },
  { name: 'another constructor', code: `declare class Task { constructor(run: () => Promise<void>); }\nnew Task(async () => { await Promise.resolve(); });` },
  { name: 'an executor passed by name', code: `declare function executor(resolve: (v: number) => void): Promise<void>;\nconst p = new Promise<number>(executor);` },
]);
