import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyEdits } from '../../server/src/core/findings';
import { noFloatingPromises } from '../../server/src/core/rules/no-floating-promises';
import { dedent, ruleTests, runRule } from '../harness/ruleTester';
import { NODE } from './eventLoop/nodeDeclarations';

const CATCH = 'Append .catch(...) that logs the error';
const AWAIT = 'Add await';
const VOID = 'Add void to mark it fire-and-forget';

ruleTests(noFloatingPromises, [
  // Flagged, with every fix written out.
  {
    name: 'a call whose promise is dropped inside an async function',
    code: `
      declare function save(): Promise<void>;
      async function handler() {
        save();
        ^^^^^^ The promise returned by \`save()\` is neither awaited, returned nor given a rejection handler
      }
    `,
    fixes: {
      [AWAIT]: `
        declare function save(): Promise<void>;
        async function handler() {
          await save();
        }
      `,
      [CATCH]: `
        declare function save(): Promise<void>;
        async function handler() {
          save().catch((error) => console.error(error));
        }
      `,
      [VOID]: `
        declare function save(): Promise<void>;
        async function handler() {
          void save();
        }
      `,
    },
  },
  {
    name: 'outside an async function, await is not offered',
    code: `
      declare function save(): Promise<void>;
      function handler() {
        save().then(() => console.log('saved'));
        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
      }
    `,
    fixes: {
      [CATCH]: `
        declare function save(): Promise<void>;
        function handler() {
          save().then(() => console.log('saved')).catch((error) => console.error(error));
        }
      `,
      [VOID]: `
        declare function save(): Promise<void>;
        function handler() {
          void save().then(() => console.log('saved'));
        }
      `,
    },
  },
  {
    name: '.finally alone does not handle the rejection',
    code: `
      declare function save(): Promise<void>;
      function close() {
        save().finally(() => console.log('done'));
        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
      }
    `,
    fixes: {
      [CATCH]: `
        declare function save(): Promise<void>;
        function close() {
          save().finally(() => console.log('done')).catch((error) => console.error(error));
        }
      `,
      [VOID]: `
        declare function save(): Promise<void>;
        function close() {
          void save().finally(() => console.log('done'));
        }
      `,
    },
  },
  {
    name: '.then with an undefined rejection handler does not handle it',
    code: `
      declare function save(): Promise<void>;
      function close() {
        save().then(() => {}, undefined);
        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
      }
    `,
    fixes: {
      [CATCH]: `
        declare function save(): Promise<void>;
        function close() {
          save().then(() => {}, undefined).catch((error) => console.error(error));
        }
      `,
      [VOID]: `
        declare function save(): Promise<void>;
        function close() {
          void save().then(() => {}, undefined);
        }
      `,
    },
  },
  {
    name: 'a conditional expression needs parentheses in every fix, and ?. for the undefined branch',
    code: `
      declare function save(): Promise<void>;
      async function handler(ready: boolean) {
        ready ? save() : undefined;
        ^^^^^^^^^^^^^^^^^^^^^^^^^^
      }
    `,
    fixes: {
      [AWAIT]: `
        declare function save(): Promise<void>;
        async function handler(ready: boolean) {
          await (ready ? save() : undefined);
        }
      `,
      [CATCH]: `
        declare function save(): Promise<void>;
        async function handler(ready: boolean) {
          (ready ? save() : undefined)?.catch((error) => console.error(error));
        }
      `,
      [VOID]: `
        declare function save(): Promise<void>;
        async function handler(ready: boolean) {
          void (ready ? save() : undefined);
        }
      `,
    },
  },
  {
    name: 'without semicolons, a statement starting with a parenthesis is guarded',
    code: `
      declare function save(): Promise<void>
      function handler(ready: boolean) {
        console.log('start')
        ready ? save() : undefined
        ^^^^^^^^^^^^^^^^^^^^^^^^^^
      }
    `,
    fixes: {
      [CATCH]: `
        declare function save(): Promise<void>
        function handler(ready: boolean) {
          console.log('start')
          ;(ready ? save() : undefined)?.catch((error) => console.error(error))
        }
      `,
      [VOID]: `
        declare function save(): Promise<void>
        function handler(ready: boolean) {
          console.log('start')
          void (ready ? save() : undefined)
        }
      `,
    },
  },
  {
    name: 'an optional call: the appended .catch joins the optional chain',
    code: `
      declare const client: { save(): Promise<void> } | undefined;
      function close() {
        client?.save();
        ^^^^^^^^^^^^^^
      }
    `,
    fixes: {
      [CATCH]: `
        declare const client: { save(): Promise<void> } | undefined;
        function close() {
          client?.save().catch((error) => console.error(error));
        }
      `,
      [VOID]: `
        declare const client: { save(): Promise<void> } | undefined;
        function close() {
          void client?.save();
        }
      `,
    },
  },
  {
    name: 'a thenable without a catch method gets no .catch fix',
    code: `
      declare function query(): PromiseLike<number>;
      async function load() {
        query();
        ^^^^^^^
      }
    `,
    fixes: {
      [AWAIT]: `
        declare function query(): PromiseLike<number>;
        async function load() {
          await query();
        }
      `,
      [VOID]: `
        declare function query(): PromiseLike<number>;
        async function load() {
          void query();
        }
      `,
    },
  },
  {
    name: 'a logical expression whose right side is a promise',
    code: `
      declare function save(): Promise<void>;
      function maybeSave(dirty: boolean) {
        dirty && save();
        ^^^^^^^^^^^^^^^
      }
    `,
    fixes: {
      [VOID]: `
        declare function save(): Promise<void>;
        function maybeSave(dirty: boolean) {
          void (dirty && save());
        }
      `,
    },
  },
  {
    name: 'a promise constructed and dropped',
    code: `
      function later() {
        new Promise<void>((resolve, reject) => setTimeout(reject, 10));
        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ The promise \`new Promise<void>
      }
    `,
    fixes: {
      [CATCH]: `
        function later() {
          new Promise<void>((resolve, reject) => setTimeout(reject, 10)).catch((error) => console.error(error));
        }
      `,
      [VOID]: `
        function later() {
          void new Promise<void>((resolve, reject) => setTimeout(reject, 10));
        }
      `,
    },
  },
  {
    name: 'a promise constructed whose executor never rejects',
    code: `
      function later() {
        new Promise<void>((resolve) => setTimeout(resolve, 10));
      }
    `,
  },
  {
    name: 'JavaScript files are analysed with their inferred types',
    fileName: 'handler.js',
    code: `
      async function refresh() {
        fetch('/api/refresh');
        ^^^^^^^^^^^^^^^^^^^^^
      }
    `,
    fixes: {
      [AWAIT]: `
        async function refresh() {
          await fetch('/api/refresh');
        }
      `,
      [CATCH]: `
        async function refresh() {
          fetch('/api/refresh').catch((error) => console.error(error));
        }
      `,
      [VOID]: `
        async function refresh() {
          void fetch('/api/refresh');
        }
      `,
    },
  },

  {
    name: 'no .catch fix where console is not declared (no DOM or Node types)',
    compilerOptions: { lib: ['lib.es2022.d.ts'] },
    code: `
      declare function save(): Promise<void>;
      function close() {
        save();
        ^^^^^^
      }
    `,
    fixes: {
      [VOID]: `
        declare function save(): Promise<void>;
        function close() {
          void save();
        }
      `,
    },
  },

  // Silent.
  { name: 'awaited', code: `declare function save(): Promise<void>;\nasync function f() { await save(); }` },
  { name: 'voided', code: `declare function save(): Promise<void>;\nfunction f() {\n  void save();\n}` },
  { name: 'returned', code: `declare function save(): Promise<void>;\nfunction f() { return save(); }` },
  { name: 'stored in a variable', code: `declare function save(): Promise<void>;\nconst pending = save();` },
  { name: 'stored by assignment', code: `declare function save(): Promise<void>;\nlet pending: Promise<void>;\nfunction f() {\n  pending = save();\n}` },
  { name: 'stored in a property', code: `declare function save(): Promise<void>;\nconst state = { pending: Promise.resolve() };\nfunction f() {\n  state.pending = save();\n}` },
  { name: 'a .catch handler', code: `declare function save(): Promise<void>;\nfunction f() {\n  save().catch((error) => console.error(error));\n}` },
  { name: '.then with a rejection handler', code: `declare function save(): Promise<void>;\nfunction f() {\n  save().then(() => {}, (error) => console.error(error));\n}` },
  { name: '.finally after a handled promise', code: `declare function save(): Promise<void>;\nfunction f() {\n  save().catch(() => {}).finally(() => {});\n}` },
  { name: 'an arrow function body returns its promise', code: `declare function save(): Promise<void>;\nconst run = () => save();` },
  { name: 'a value of type any is never taken for a promise', code: `declare const untyped: any;\nfunction f() {\n  untyped.save();\n}` },
  { name: 'a function typed any is never taken for a promise', code: `declare const untypedFunction: any;\nfunction f() {\n  untypedFunction();\n}` },
  {
    name: 'an import from a module without types is never taken for a promise',
    otherFiles: { '/untyped.d.ts': `declare module 'untyped-module';` },
    code: `import { save } from 'untyped-module';\nfunction f() {\n  save();\n}`,
  },
  { name: 'synchronous calls', code: `function f() {\n  console.log('hello');\n  [1, 2].forEach((n) => n);\n}` },
  { name: 'a then method that is not callable', code: `declare const box: { then: number };\nfunction f() {\n  box;\n}` },
]);

const ALL = 'Await them all with Promise.all(...)';
const ALL_CATCH = 'Wrap in Promise.all(...) and append .catch(...) that logs the error';

/** A minimal `node:test` declaration, shaped like @types/node's. */
const NODE_TEST = `
  declare module 'node:test' {
    interface TestContext {
      test(name: string, fn: (t: TestContext) => void | Promise<void>): Promise<void>;
    }
    function test(name: string, fn: (t: TestContext) => void | Promise<void>): Promise<void>;
    function describe(name: string, fn: () => void | Promise<void>): Promise<void>;
    function it(name: string, fn: (t: TestContext) => void | Promise<void>): Promise<void>;
    export { test, describe, it, TestContext };
  }
`;

ruleTests(noFloatingPromises, [
  // Promise arrays and Promise.all.
  {
    name: 'Promise.all(...) as a statement is one promise like any other',
    code: `
      declare function save(id: number): Promise<void>;
      async function saveAll(ids: number[]) {
        Promise.all(ids.map((id) => save(id)));
        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ returned by \`Promise.all
      }
    `,
    fixes: {
      [AWAIT]: `
        declare function save(id: number): Promise<void>;
        async function saveAll(ids: number[]) {
          await Promise.all(ids.map((id) => save(id)));
        }
      `,
      [CATCH]: `
        declare function save(id: number): Promise<void>;
        async function saveAll(ids: number[]) {
          Promise.all(ids.map((id) => save(id))).catch((error) => console.error(error));
        }
      `,
      [VOID]: `
        declare function save(id: number): Promise<void>;
        async function saveAll(ids: number[]) {
          void Promise.all(ids.map((id) => save(id)));
        }
      `,
    },
  },
  {
    name: 'an array of promises from map(async ...) dropped as a statement',
    code: `
      declare function save(id: number): Promise<void>;
      async function saveAll(ids: number[]) {
        ids.map(async (id) => {
        ^^^^^^^^^^^^^^^^^^^^^^^ The array of promises returned by \`ids.map
          await save(id);
        });
      }
    `,
    fixes: {
      [ALL]: `
        declare function save(id: number): Promise<void>;
        async function saveAll(ids: number[]) {
          await Promise.all(ids.map(async (id) => {
            await save(id);
          }));
        }
      `,
      [ALL_CATCH]: `
        declare function save(id: number): Promise<void>;
        async function saveAll(ids: number[]) {
          Promise.all(ids.map(async (id) => {
            await save(id);
          })).catch((error) => console.error(error));
        }
      `,
      [VOID]: `
        declare function save(id: number): Promise<void>;
        async function saveAll(ids: number[]) {
          void ids.map(async (id) => {
            await save(id);
          });
        }
      `,
    },
  },
  {
    name: 'a tuple of promises outside an async function',
    code: `
      declare function load(): Promise<string>;
      declare function save(): Promise<void>;
      function start() {
        [load(), save()] as const;
        ^^^^^^^^^^^^^^^^^^^^^^^^^ The array of promises
      }
    `,
    fixes: {
      [ALL_CATCH]: `
        declare function load(): Promise<string>;
        declare function save(): Promise<void>;
        function start() {
          Promise.all([load(), save()] as const).catch((error) => console.error(error));
        }
      `,
      [VOID]: `
        declare function load(): Promise<string>;
        declare function save(): Promise<void>;
        function start() {
          void ([load(), save()] as const);
        }
      `,
    },
  },

  // Optional chains, comma expressions, thenables.
  {
    name: 'an optional call of a method that may be missing',
    code: `
      declare const store: { flush?(): Promise<void> };
      function close() {
        store.flush?.();
        ^^^^^^^^^^^^^^^
      }
    `,
    fixes: {
      [CATCH]: `
        declare const store: { flush?(): Promise<void> };
        function close() {
          store.flush?.().catch((error) => console.error(error));
        }
      `,
      [VOID]: `
        declare const store: { flush?(): Promise<void> };
        function close() {
          void store.flush?.();
        }
      `,
    },
  },
  {
    name: 'each operand of a comma expression is its own finding, fixed in place',
    code: `
      declare function save(): Promise<void>;
      declare function log(message: string): void;
      async function run() {
        log('saving'), save();
                       ^^^^^^
      }
    `,
    fixes: {
      [AWAIT]: `
        declare function save(): Promise<void>;
        declare function log(message: string): void;
        async function run() {
          log('saving'), await save();
        }
      `,
      [CATCH]: `
        declare function save(): Promise<void>;
        declare function log(message: string): void;
        async function run() {
          log('saving'), save().catch((error) => console.error(error));
        }
      `,
      [VOID]: `
        declare function save(): Promise<void>;
        declare function log(message: string): void;
        async function run() {
          log('saving'), void save();
        }
      `,
    },
  },
  {
    name: 'a thenable that is not a Promise, with a catch method of its own',
    code: `
      interface Query<T> {
        then<R>(onFulfilled: (value: T) => R, onRejected?: (reason: unknown) => R): Query<R>;
        catch(onRejected: (reason: unknown) => void): Query<T>;
      }
      declare const users: { deleteMany(): Query<number> };
      function purge() {
        users.deleteMany();
        ^^^^^^^^^^^^^^^^^^
      }
    `,
    fixes: {
      [CATCH]: `
        interface Query<T> {
          then<R>(onFulfilled: (value: T) => R, onRejected?: (reason: unknown) => R): Query<R>;
          catch(onRejected: (reason: unknown) => void): Query<T>;
        }
        declare const users: { deleteMany(): Query<number> };
        function purge() {
          users.deleteMany().catch((error) => console.error(error));
        }
      `,
      [VOID]: `
        interface Query<T> {
          then<R>(onFulfilled: (value: T) => R, onRejected?: (reason: unknown) => R): Query<R>;
          catch(onRejected: (reason: unknown) => void): Query<T>;
        }
        declare const users: { deleteMany(): Query<number> };
        function purge() {
          void users.deleteMany();
        }
      `,
    },
  },

  // Await at the top level of a module.
  {
    name: 'the last step of an entry module: nothing waits for it, and a rejection ends the process like a throw',
    code: `
      declare function bootstrap(): Promise<void>;
      bootstrap();
      function helper() {}
      interface Options {}
    `,
  },
  {
    name: 'the last step of a script run directly',
    code: `
      declare function main(): Promise<void>;
      declare const require: { main: unknown };
      declare const module: unknown;
      if (require.main === module) main();
    `,
  },
  {
    name: 'at the top level of an ES module, await is offered',
    code: `
      export {};
      declare function migrate(): Promise<void>;
      declare function startServer(): void;
      migrate();
      ^^^^^^^^^
      startServer();
    `,
    fixes: {
      [AWAIT]: `
        export {};
        declare function migrate(): Promise<void>;
        declare function startServer(): void;
        await migrate();
        startServer();
      `,
      [CATCH]: `
        export {};
        declare function migrate(): Promise<void>;
        declare function startServer(): void;
        migrate().catch((error) => console.error(error));
        startServer();
      `,
      [VOID]: `
        export {};
        declare function migrate(): Promise<void>;
        declare function startServer(): void;
        void migrate();
        startServer();
      `,
    },
  },

  // The errorHandler option.
  {
    name: 'the .catch fix calls the configured error handler',
    options: { errorHandler: 'reportError' },
    code: `
      declare function save(): Promise<void>;
      declare function reportError(error: unknown): void;
      function handler() {
        save();
        ^^^^^^
      }
    `,
    fixes: {
      [CATCH]: `
        declare function save(): Promise<void>;
        declare function reportError(error: unknown): void;
        function handler() {
          save().catch((error) => reportError(error));
        }
      `,
      [VOID]: `
        declare function save(): Promise<void>;
        declare function reportError(error: unknown): void;
        function handler() {
          void save();
        }
      `,
    },
  },
  {
    name: 'a dotted error handler keeps its receiver',
    options: { errorHandler: 'logger.error' },
    code: `
      declare function save(): Promise<void>;
      declare const logger: { error(error: unknown): void };
      function handler() {
        save();
        ^^^^^^
      }
    `,
    fixes: {
      [CATCH]: `
        declare function save(): Promise<void>;
        declare const logger: { error(error: unknown): void };
        function handler() {
          save().catch((error) => logger.error(error));
        }
      `,
      [VOID]: `
        declare function save(): Promise<void>;
        declare const logger: { error(error: unknown): void };
        function handler() {
          void save();
        }
      `,
    },
  },
  {
    name: 'a configured error handler that is not in scope: no .catch fix',
    options: { errorHandler: 'reportFailure' },
    code: `
      declare function save(): Promise<void>;
      function handler() {
        save();
        ^^^^^^
      }
    `,
    fixes: {
      [VOID]: `
        declare function save(): Promise<void>;
        function handler() {
          void save();
        }
      `,
    },
  },
  {
    name: 'an option that is not a name falls back to console.error',
    options: { errorHandler: 'alert("x")' },
    code: `
      declare function save(): Promise<void>;
      function handler() {
        save();
        ^^^^^^
      }
    `,
    fixes: {
      [CATCH]: `
        declare function save(): Promise<void>;
        function handler() {
          save().catch((error) => console.error(error));
        }
      `,
      [VOID]: `
        declare function save(): Promise<void>;
        function handler() {
          void save();
        }
      `,
    },
  },

  // Callees that can reject after all.
  {
    name: 'a callee whose catch rethrows can reject',
    code: `
      declare function fetchUser(): Promise<string>;
      async function refresh() {
        try {
          await fetchUser();
        } catch (error) {
          console.error(error);
          throw error;
        }
      }
      function onClick() {
        refresh();
        ^^^^^^^^^
      }
    `,
    fixes: {
      [CATCH]: `
        declare function fetchUser(): Promise<string>;
        async function refresh() {
          try {
            await fetchUser();
          } catch (error) {
            console.error(error);
            throw error;
          }
        }
        function onClick() {
          refresh().catch((error) => console.error(error));
        }
      `,
      [VOID]: `
        declare function fetchUser(): Promise<string>;
        async function refresh() {
          try {
            await fetchUser();
          } catch (error) {
            console.error(error);
            throw error;
          }
        }
        function onClick() {
          void refresh();
        }
      `,
    },
  },
  {
    name: 'a callee that returns a promise from its try block without await can reject',
    code: `
      declare function fetchUser(): Promise<string>;
      async function refresh() {
        try {
          return fetchUser();
        } catch {
          return 'anonymous';
        }
      }
      function onClick() {
        refresh();
        ^^^^^^^^^
      }
    `,
    fixes: {
      [CATCH]: `
        declare function fetchUser(): Promise<string>;
        async function refresh() {
          try {
            return fetchUser();
          } catch {
            return 'anonymous';
          }
        }
        function onClick() {
          refresh().catch((error) => console.error(error));
        }
      `,
      [VOID]: `
        declare function fetchUser(): Promise<string>;
        async function refresh() {
          try {
            return fetchUser();
          } catch {
            return 'anonymous';
          }
        }
        function onClick() {
          void refresh();
        }
      `,
    },
  },
  {
    name: 'a callee whose catch block awaits something that can reject',
    code: `
      declare function fetchUser(): Promise<string>;
      declare function sendReport(error: unknown): Promise<void>;
      async function refresh() {
        try {
          await fetchUser();
        } catch (error) {
          await sendReport(error);
        }
      }
      function onClick() {
        void 0;
        refresh();
        ^^^^^^^^^
      }
    `,
    fixes: {
      [CATCH]: `
        declare function fetchUser(): Promise<string>;
        declare function sendReport(error: unknown): Promise<void>;
        async function refresh() {
          try {
            await fetchUser();
          } catch (error) {
            await sendReport(error);
          }
        }
        function onClick() {
          void 0;
          refresh().catch((error) => console.error(error));
        }
      `,
      [VOID]: `
        declare function fetchUser(): Promise<string>;
        declare function sendReport(error: unknown): Promise<void>;
        async function refresh() {
          try {
            await fetchUser();
          } catch (error) {
            await sendReport(error);
          }
        }
        function onClick() {
          void 0;
          void refresh();
        }
      `,
    },
  },
  {
    name: 'an awaited call outside the try can reject',
    code: `
      declare function connect(): Promise<void>;
      declare function fetchUser(): Promise<string>;
      async function refresh() {
        await connect();
        try {
          await fetchUser();
        } catch {}
      }
      function onClick() {
        refresh();
        ^^^^^^^^^
      }
    `,
    fixes: {
      [CATCH]: `
        declare function connect(): Promise<void>;
        declare function fetchUser(): Promise<string>;
        async function refresh() {
          await connect();
          try {
            await fetchUser();
          } catch {}
        }
        function onClick() {
          refresh().catch((error) => console.error(error));
        }
      `,
      [VOID]: `
        declare function connect(): Promise<void>;
        declare function fetchUser(): Promise<string>;
        async function refresh() {
          await connect();
          try {
            await fetchUser();
          } catch {}
        }
        function onClick() {
          void refresh();
        }
      `,
    },
  },
  {
    name: 'an async IIFE that can reject',
    code: `
      declare function refresh(): Promise<void>;
      function start() {
        (async () => {
        ^^^^^^^^^^^^^^
          await refresh();
        })();
      }
    `,
    fixes: {
      [CATCH]: `
        declare function refresh(): Promise<void>;
        function start() {
          (async () => {
            await refresh();
          })().catch((error) => console.error(error));
        }
      `,
      [VOID]: `
        declare function refresh(): Promise<void>;
        function start() {
          void (async () => {
            await refresh();
          })();
        }
      `,
    },
  },
  {
    name: 'a callee in another file that rethrows is flagged',
    otherFiles: {
      '/sync.ts': `
        declare function upload(): Promise<void>;
        export async function sync() {
          try {
            await upload();
          } catch (error) {
            throw new Error('sync failed', { cause: error });
          }
        }
      `,
    },
    code: `
      import { sync } from './sync';
      export function onSave() {
        sync();
        ^^^^^^
      }
    `,
    fixes: {
      [CATCH]: `
        import { sync } from './sync';
        export function onSave() {
          sync().catch((error) => console.error(error));
        }
      `,
      [VOID]: `
        import { sync } from './sync';
        export function onSave() {
          void sync();
        }
      `,
    },
  },
  {
    name: 'a node:test callback: a promise dropped inside the test body is still flagged',
    otherFiles: { '/node-test.d.ts': NODE_TEST },
    code: `
      import { test } from 'node:test';
      declare function save(): Promise<void>;
      test('saves', async () => {
        save();
        ^^^^^^
      });
    `,
    fixes: {
      [AWAIT]: `
        import { test } from 'node:test';
        declare function save(): Promise<void>;
        test('saves', async () => {
          await save();
        });
      `,
      [CATCH]: `
        import { test } from 'node:test';
        declare function save(): Promise<void>;
        test('saves', async () => {
          save().catch((error) => console.error(error));
        });
      `,
      [VOID]: `
        import { test } from 'node:test';
        declare function save(): Promise<void>;
        test('saves', async () => {
          void save();
        });
      `,
    },
  },

  {
    name: 'a project method named navigate is not taken for a router',
    code: `
      declare function load(path: string): Promise<void>;
      class Shell {
        navigate(path: string) {
          return load(path);
        }
        home() {
          this.navigate('/');
          ^^^^^^^^^^^^^^^^^^
        }
      }
    `,
    fixes: {
      [CATCH]: `
        declare function load(path: string): Promise<void>;
        class Shell {
          navigate(path: string) {
            return load(path);
          }
          home() {
            this.navigate('/').catch((error) => console.error(error));
          }
        }
      `,
      [VOID]: `
        declare function load(path: string): Promise<void>;
        class Shell {
          navigate(path: string) {
            return load(path);
          }
          home() {
            void this.navigate('/');
          }
        }
      `,
    },
  },

  // Silent: the promise cannot reject.
  {
    name: 'a callee whose whole body is a try/catch that does not rethrow',
    code: `
      declare function fetchUser(): Promise<string>;
      async function refresh() {
        try {
          console.log(await fetchUser());
        } catch (error) {
          console.error(error);
        }
      }
      function onClick() {
        refresh();
      }
    `,
  },
  {
    name: 'bookkeeping around the try, and a finally block, do not make it reject',
    code: `
      declare function fetchUser(): Promise<string>;
      declare function setLoading(loading: boolean): void;
      const refresh = async () => {
        setLoading(true);
        try {
          return await fetchUser();
        } catch {
          return undefined;
        } finally {
          setLoading(false);
        }
      };
      function onClick() {
        refresh();
      }
    `,
  },
  {
    name: 'a method of the same class that handles its errors',
    code: `
      declare function fetchUser(): Promise<string>;
      class Profile {
        name = '';
        private async reload(): Promise<void> {
          try {
            this.name = await fetchUser();
          } catch (error) {
            console.error(error);
          }
        }
        onShow() {
          this.reload();
        }
      }
    `,
  },
  {
    name: 'a callee declared in another file of the project',
    otherFiles: {
      '/sync.ts': `
        declare function upload(): Promise<void>;
        export async function sync() {
          try {
            await upload();
          } catch (error) {
            console.error('sync failed', error);
          }
        }
      `,
    },
    code: `
      import { sync } from './sync';
      export function onSave() {
        sync();
      }
    `,
  },
  {
    name: 'an overloaded function whose implementation handles its errors',
    code: `
      declare function upload(data: string): Promise<void>;
      async function send(data: string): Promise<void>;
      async function send(data: number): Promise<void>;
      async function send(data: string | number): Promise<void> {
        try {
          await upload(String(data));
        } catch {}
      }
      function onClick() {
        send('x');
      }
    `,
  },
  {
    name: 'a plain function that returns a handled promise',
    code: `
      declare function upload(): Promise<void>;
      function sync() {
        return upload().catch((error) => console.error(error));
      }
      function onClick() {
        sync();
      }
    `,
  },
  {
    name: 'a callee that awaits only functions that cannot reject',
    code: `
      declare function upload(): Promise<void>;
      async function trySync() {
        try {
          await upload();
        } catch {}
      }
      async function syncTwice() {
        await trySync();
        await trySync();
      }
      function onClick() {
        syncTwice();
      }
    `,
  },
  {
    name: 'an async IIFE whose body cannot reject',
    code: `
      declare function main(): Promise<void>;
      declare const process: { exitCode: number };
      function start() {
        (async () => {
          try {
            await main();
          } catch (error) {
            console.error(error);
            process.exitCode = 1;
          }
        })();
      }
    `,
  },
  {
    name: 'map(async ...) whose callback cannot reject',
    code: `
      declare function save(id: number): Promise<void>;
      function saveAll(ids: number[]) {
        ids.map(async (id) => {
          try {
            await save(id);
          } catch (error) {
            console.error(error);
          }
        });
      }
    `,
  },
  { name: 'Promise.allSettled never rejects', code: `declare function save(): Promise<void>;\nfunction f() {\n  Promise.allSettled([save(), save()]);\n}` },
  {
    name: '.finally after a promise that cannot reject',
    code: `declare function save(): Promise<void>;\nfunction f() {\n  save().catch(() => {}).finally(() => console.log('done'));\n}`,
  },

  // Silent: node:test.
  {
    name: "node:test's test() and describe() return promises the runner tracks",
    otherFiles: { '/node-test.d.ts': NODE_TEST },
    code: `
      import { describe, it, test } from 'node:test';
      test('top level', async (t) => {
        t.test('subtest', () => {});
      });
      describe('suite', () => {
        it('works', () => {});
      });
    `,
  },
  {
    name: 'an array of promises assigned to a property is stored, not dropped',
    code: `
      declare const tasks: Promise<void>[];
      declare function save(): Promise<void>;
      class Queue {
        pending: Promise<void>[] = [];
        add() {
          this.pending = this.pending.filter((task) => task !== tasks[0]);
          this.pending = [save()];
        }
      }
    `,
  },
  { name: 'a promise stored and awaited later', code: `declare function save(): Promise<void>;\nasync function f() {\n  const pending = save();\n  await pending;\n}` },
  {
    name: "router navigation reports its own failures (Angular's Router.navigate)",
    otherFiles: {
      '/node_modules/@angular/router/index.d.ts': `
        export declare class Router {
          navigate(commands: unknown[]): Promise<boolean>;
          navigateByUrl(url: string): Promise<boolean>;
        }
      `,
    },
    code: `
      import { Router } from '@angular/router';
      export class Page {
        constructor(private readonly router: Router) {}
        home() {
          this.router.navigate(['/']);
          this.router.navigateByUrl('/');
        }
      }
    `,
  },
  {
    name: 'warm-up calls (preload, prefetch) may fail: the real load reports the error',
    code: `
      declare const Settings: { preload(): Promise<unknown> };
      declare function prefetchDocument(id: string): Promise<void>;
      declare function preloader(): Promise<void>;
      function onHover(id: string) {
        Settings.preload();
        prefetchDocument(id);
        preloader();
        ^^^^^^^^^^^
      }
    `,
    fixes: {
      [CATCH]: `
        declare const Settings: { preload(): Promise<unknown> };
        declare function prefetchDocument(id: string): Promise<void>;
        declare function preloader(): Promise<void>;
        function onHover(id: string) {
          Settings.preload();
          prefetchDocument(id);
          preloader().catch((error) => console.error(error));
        }
      `,
      [VOID]: `
        declare const Settings: { preload(): Promise<unknown> };
        declare function prefetchDocument(id: string): Promise<void>;
        declare function preloader(): Promise<void>;
        function onHover(id: string) {
          Settings.preload();
          prefetchDocument(id);
          void preloader();
        }
      `,
    },
  },
  {
    name: 'an async function that awaits nothing that can reject is no riskier than a plain one',
    code: `
      declare function track(event: string): void;
      declare const workers: Set<{ terminate(): void }>;
      async function clear() {
        for (const worker of workers) worker.terminate();
        workers.clear();
        track('cleared');
      }
      function onIdle() {
        clear();
      }
    `,
  },
  {
    name: 'Promise.all over promises that cannot reject, built by map or reduce',
    code: `
      declare function load(id: string): Promise<string>;
      async function loadAll(ids: string[]) {
        const loaded: string[] = [];
        await Promise.all(
          ids.map(async (id) => {
            try {
              loaded.push(await load(id));
            } catch {}
          }),
        );
        await Promise.all(
          ids.reduce(
            (promises, id) =>
              promises.concat(
                (async () => {
                  try {
                    await load(id);
                  } catch {}
                })(),
              ),
            [] as Promise<void>[],
          ),
        );
        return loaded;
      }
      function onOpen(ids: string[]) {
        loadAll(ids).then((loaded) => console.log(loaded.length));
      }
    `,
  },
  {
    name: 'Promise.all over promises that can reject',
    code: `
      declare function load(id: string): Promise<string>;
      async function loadAll(ids: string[]) {
        return Promise.all(ids.map((id) => load(id)));
      }
      function onOpen(ids: string[]) {
        loadAll(ids).then((loaded) => console.log(loaded.length));
        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
      }
    `,
    fixes: {
      [CATCH]: `
        declare function load(id: string): Promise<string>;
        async function loadAll(ids: string[]) {
          return Promise.all(ids.map((id) => load(id)));
        }
        function onOpen(ids: string[]) {
          loadAll(ids).then((loaded) => console.log(loaded.length)).catch((error) => console.error(error));
        }
      `,
      [VOID]: `
        declare function load(id: string): Promise<string>;
        async function loadAll(ids: string[]) {
          return Promise.all(ids.map((id) => load(id)));
        }
        function onOpen(ids: string[]) {
          void loadAll(ids).then((loaded) => console.log(loaded.length));
        }
      `,
    },
  },
  {
    name: 'a .then callback that throws makes the chain reject',
    code: `
      async function safeLoad() {
        try {
          return await fetch('/data');
        } catch {
          return undefined;
        }
      }
      function onOpen() {
        safeLoad().then((response) => {
        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
          if (!response) throw new Error('no data');
        });
      }
    `,
    fixes: {
      [CATCH]: `
        async function safeLoad() {
          try {
            return await fetch('/data');
          } catch {
            return undefined;
          }
        }
        function onOpen() {
          safeLoad().then((response) => {
            if (!response) throw new Error('no data');
          }).catch((error) => console.error(error));
        }
      `,
      [VOID]: `
        async function safeLoad() {
          try {
            return await fetch('/data');
          } catch {
            return undefined;
          }
        }
        function onOpen() {
          void safeLoad().then((response) => {
            if (!response) throw new Error('no data');
          });
        }
      `,
    },
  },
  {
    name: 'a callback handed in as a prop or parameter: its supplier decides how it handles errors',
    code: `
      interface Props {
        onGenerate: (prompt: string) => Promise<void>;
      }
      function submit(props: Props, done: () => Promise<void>) {
        props.onGenerate('a cat');
        done();
      }
    `,
  },
  {
    name: 'an interface method (a service) is assumed to reject',
    code: `
      interface Storage {
        upload(name: string): Promise<void>;
      }
      function save(storage: Storage) {
        storage.upload('report.pdf');
        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^
      }
    `,
    fixes: {
      [CATCH]: `
        interface Storage {
          upload(name: string): Promise<void>;
        }
        function save(storage: Storage) {
          storage.upload('report.pdf').catch((error) => console.error(error));
        }
      `,
      [VOID]: `
        interface Storage {
          upload(name: string): Promise<void>;
        }
        function save(storage: Storage) {
          void storage.upload('report.pdf');
        }
      `,
    },
  },
  {
    name: 'a function behind a throttle wrapper, and closing an async iterator',
    code: `
      declare function throttle<T extends (...args: any[]) => any>(fn: T, wait: number): { (...args: Parameters<T>): ReturnType<T> | undefined; flush(): ReturnType<T> | undefined };
      declare function upload(): Promise<void>;
      class Portal {
        queueUpload = throttle(async () => {
          try {
            await upload();
          } catch (error) {
            console.error(error);
          }
        }, 100);
        close(events: AsyncGenerator<string>) {
          this.queueUpload();
          this.queueUpload.flush();
          events.return(undefined);
        }
      }
    `,
  },
  {
    name: 'a throttled function that can reject',
    code: `
      declare function throttle<T extends (...args: any[]) => any>(fn: T, wait: number): (...args: Parameters<T>) => ReturnType<T> | undefined;
      declare function upload(): Promise<void>;
      class Portal {
        queueUpload = throttle(async () => {
          await upload();
        }, 100);
        close() {
          this.queueUpload();
          ^^^^^^^^^^^^^^^^^^
        }
      }
    `,
    fixes: {
      [CATCH]: `
        declare function throttle<T extends (...args: any[]) => any>(fn: T, wait: number): (...args: Parameters<T>) => ReturnType<T> | undefined;
        declare function upload(): Promise<void>;
        class Portal {
          queueUpload = throttle(async () => {
            await upload();
          }, 100);
          close() {
            this.queueUpload()?.catch((error) => console.error(error));
          }
        }
      `,
      [VOID]: `
        declare function throttle<T extends (...args: any[]) => any>(fn: T, wait: number): (...args: Parameters<T>) => ReturnType<T> | undefined;
        declare function upload(): Promise<void>;
        class Portal {
          queueUpload = throttle(async () => {
            await upload();
          }, 100);
          close() {
            void this.queueUpload();
          }
        }
      `,
    },
  },
  {
    name: "VS Code's message boxes, storage, webview messages, tab closing and UI commands never reject; other commands can",
    otherFiles: {
      '/node_modules/@types/vscode/index.d.ts': `
        declare module 'vscode' {
          export interface Thenable<T> {
            then<R>(onFulfilled?: (value: T) => R | Thenable<R>, onRejected?: (reason: any) => R | Thenable<R>): Thenable<R>;
          }
          export interface Memento {
            get<T>(key: string): T | undefined;
            update(key: string, value: any): Thenable<void>;
          }
          export interface Webview {
            postMessage(message: any): Thenable<boolean>;
          }
          export interface Tab {
            readonly label: string;
          }
          export interface TabGroups {
            close(tab: Tab | readonly Tab[], preserveFocus?: boolean): Thenable<boolean>;
          }
          export interface WorkspaceConfiguration {
            update(section: string, value: any): Thenable<void>;
          }
          export interface ExtensionContext {
            readonly globalState: Memento & { setKeysForSync(keys: readonly string[]): void };
            readonly workspaceState: Memento;
          }
          export namespace window {
            export const tabGroups: TabGroups;
            export function showErrorMessage(message: string, ...items: string[]): Thenable<string | undefined>;
            export function showInformationMessage(message: string, ...items: string[]): Thenable<string | undefined>;
          }
          export interface Uri {
            readonly scheme: string;
          }
          export namespace env {
            export function openExternal(target: Uri): Thenable<boolean>;
          }
          export namespace commands {
            export function executeCommand<T = unknown>(command: string, ...rest: any[]): Thenable<T>;
          }
        }
      `,
    },
    code: `
      import * as vscode from 'vscode';
      const SHOW_CHAT = 'workbench.action.chat.open';
      const CHAT_PANEL = 'workbench.panel.chat';
      function chatCommand(quick: boolean) {
        return quick ? 'workbench.action.quickchat.toggle' : CHAT_PANEL;
      }
      function setContext(key: string, value: boolean) {
        return vscode.commands.executeCommand('setContext', key, value);
      }
      function executeCommand(command: string, arg1?: unknown, arg2?: unknown) {
        return vscode.commands.executeCommand(command, arg1, arg2);
      }
      export function report(error: string, context: vscode.ExtensionContext, webview: vscode.Webview, tab: vscode.Tab, settings: vscode.WorkspaceConfiguration, link: vscode.Uri) {
        vscode.window.showErrorMessage(error);
        vscode.window.showInformationMessage('Retrying');
        setContext('failed', true);
        executeCommand('setContext', 'failed', true);
        executeCommand('workbench.action.focusCommentsPanel');
        context.globalState.update('failed', true);
        context.workspaceState.update('failed', true);
        webview.postMessage({ error });
        vscode.window.tabGroups.close(tab);
        vscode.commands.executeCommand('vscode.open', error);
        vscode.commands.executeCommand(SHOW_CHAT);
        vscode.commands.executeCommand(chatCommand(error === ''));
        vscode.env.openExternal(link);
        vscode.commands.executeCommand('workbench.action.reloadWindow');
        vscode.commands.executeCommand('git.sync');
        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
        settings.update('retry', false);
        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
      }
    `,
    fixes: {
      [`${VOID} #1`]: `
        import * as vscode from 'vscode';
        const SHOW_CHAT = 'workbench.action.chat.open';
        const CHAT_PANEL = 'workbench.panel.chat';
        function chatCommand(quick: boolean) {
          return quick ? 'workbench.action.quickchat.toggle' : CHAT_PANEL;
        }
        function setContext(key: string, value: boolean) {
          return vscode.commands.executeCommand('setContext', key, value);
        }
        function executeCommand(command: string, arg1?: unknown, arg2?: unknown) {
          return vscode.commands.executeCommand(command, arg1, arg2);
        }
        export function report(error: string, context: vscode.ExtensionContext, webview: vscode.Webview, tab: vscode.Tab, settings: vscode.WorkspaceConfiguration, link: vscode.Uri) {
          vscode.window.showErrorMessage(error);
          vscode.window.showInformationMessage('Retrying');
          setContext('failed', true);
          executeCommand('setContext', 'failed', true);
          executeCommand('workbench.action.focusCommentsPanel');
          context.globalState.update('failed', true);
          context.workspaceState.update('failed', true);
          webview.postMessage({ error });
          vscode.window.tabGroups.close(tab);
          vscode.commands.executeCommand('vscode.open', error);
          vscode.commands.executeCommand(SHOW_CHAT);
          vscode.commands.executeCommand(chatCommand(error === ''));
          vscode.env.openExternal(link);
          vscode.commands.executeCommand('workbench.action.reloadWindow');
          void vscode.commands.executeCommand('git.sync');
          settings.update('retry', false);
        }
      `,
      [`${VOID} #2`]: `
        import * as vscode from 'vscode';
        const SHOW_CHAT = 'workbench.action.chat.open';
        const CHAT_PANEL = 'workbench.panel.chat';
        function chatCommand(quick: boolean) {
          return quick ? 'workbench.action.quickchat.toggle' : CHAT_PANEL;
        }
        function setContext(key: string, value: boolean) {
          return vscode.commands.executeCommand('setContext', key, value);
        }
        function executeCommand(command: string, arg1?: unknown, arg2?: unknown) {
          return vscode.commands.executeCommand(command, arg1, arg2);
        }
        export function report(error: string, context: vscode.ExtensionContext, webview: vscode.Webview, tab: vscode.Tab, settings: vscode.WorkspaceConfiguration, link: vscode.Uri) {
          vscode.window.showErrorMessage(error);
          vscode.window.showInformationMessage('Retrying');
          setContext('failed', true);
          executeCommand('setContext', 'failed', true);
          executeCommand('workbench.action.focusCommentsPanel');
          context.globalState.update('failed', true);
          context.workspaceState.update('failed', true);
          webview.postMessage({ error });
          vscode.window.tabGroups.close(tab);
          vscode.commands.executeCommand('vscode.open', error);
          vscode.commands.executeCommand(SHOW_CHAT);
          vscode.commands.executeCommand(chatCommand(error === ''));
          vscode.env.openExternal(link);
          vscode.commands.executeCommand('workbench.action.reloadWindow');
          vscode.commands.executeCommand('git.sync');
          void settings.update('retry', false);
        }
      `,
    },
  },
  {
    name: "a project interface of VS Code's shape is not VS Code: its update can reject",
    code: `
      interface Memento {
        update(key: string, value: unknown): Promise<void>;
      }
      export function remember(store: Memento) {
        store.update('seen', true);
        ^^^^^^^^^^^^^^^^^^^^^^^^^^
      }
    `,
    fixes: {
      [VOID]: `
        interface Memento {
          update(key: string, value: unknown): Promise<void>;
        }
        export function remember(store: Memento) {
          void store.update('seen', true);
        }
      `,
      [CATCH]: `
        interface Memento {
          update(key: string, value: unknown): Promise<void>;
        }
        export function remember(store: Memento) {
          store.update('seen', true).catch((error) => console.error(error));
        }
      `,
    },
  },
  {
    name: 'a function returning one of two promises that cannot reject (?? and ||)',
    code: `
      declare function load(): Promise<string[]>;
      class Users {
        private cached: string[] | undefined;
        private pending: Promise<string[]> | undefined;
        private async fromDisk(): Promise<string[] | undefined> {
          try {
            return await load();
          } catch {
            return undefined;
          }
        }
        private fetchAll(): Promise<string[]> {
          return new Promise((resolve) => setTimeout(() => resolve([]), 10));
        }
        async get(): Promise<string[]> {
          const onDisk = await this.fromDisk();
          if (!this.pending) this.pending = this.fetchAll().finally(() => (this.pending = undefined));
          return onDisk ?? this.pending;
        }
        async getOrLoad(): Promise<string[]> {
          return this.cached || load();
        }
        refresh() {
          this.get();
          this.getOrLoad();
          ^^^^^^^^^^^^^^^^
        }
      }
    `,
    fixes: {
      [VOID]: `
        declare function load(): Promise<string[]>;
        class Users {
          private cached: string[] | undefined;
          private pending: Promise<string[]> | undefined;
          private async fromDisk(): Promise<string[] | undefined> {
            try {
              return await load();
            } catch {
              return undefined;
            }
          }
          private fetchAll(): Promise<string[]> {
            return new Promise((resolve) => setTimeout(() => resolve([]), 10));
          }
          async get(): Promise<string[]> {
            const onDisk = await this.fromDisk();
            if (!this.pending) this.pending = this.fetchAll().finally(() => (this.pending = undefined));
            return onDisk ?? this.pending;
          }
          async getOrLoad(): Promise<string[]> {
            return this.cached || load();
          }
          refresh() {
            this.get();
            void this.getOrLoad();
          }
        }
      `,
      [CATCH]: `
        declare function load(): Promise<string[]>;
        class Users {
          private cached: string[] | undefined;
          private pending: Promise<string[]> | undefined;
          private async fromDisk(): Promise<string[] | undefined> {
            try {
              return await load();
            } catch {
              return undefined;
            }
          }
          private fetchAll(): Promise<string[]> {
            return new Promise((resolve) => setTimeout(() => resolve([]), 10));
          }
          async get(): Promise<string[]> {
            const onDisk = await this.fromDisk();
            if (!this.pending) this.pending = this.fetchAll().finally(() => (this.pending = undefined));
            return onDisk ?? this.pending;
          }
          async getOrLoad(): Promise<string[]> {
            return this.cached || load();
          }
          refresh() {
            this.get();
            this.getOrLoad().catch((error) => console.error(error));
          }
        }
      `,
    },
  },
  {
    name: 'awaiting a stored promise whose executor never rejects',
    code: `
      declare function send(message: string): void;
      class Channel {
        private resolveReady!: () => void;
        private readonly ready = new Promise<void>((resolve) => {
          this.resolveReady = resolve;
        });
        private opened = new Promise<void>((resolve, _reject) => setTimeout(resolve, 10));
        private async post(message: string) {
          await this.ready;
          await this.opened;
          send(message);
        }
        onMessage(message: string) {
          this.post(message);
        }
      }
    `,
  },
  {
    name: "a promise made with an async executor that does not use reject: it cannot reject (the executor is no-async-promise-executor's)",
    code: `
      declare function load(): Promise<string>;
      function latest(): Promise<string> {
        return new Promise(async (resolve) => {
          resolve(await load());
        });
      }
      export function refresh() {
        latest();
      }
    `,
  },
  {
    name: 'awaiting a stored promise that can reject',
    code: `
      declare function send(message: string): void;
      class Channel {
        private ready = new Promise<void>((resolve, reject) => {
          setTimeout(() => reject(new Error('timeout')), 1000);
        });
        private async post(message: string) {
          await this.ready;
          send(message);
        }
        onMessage(message: string) {
          this.post(message);
          ^^^^^^^^^^^^^^^^^^
        }
      }
    `,
    fixes: {
      [CATCH]: `
        declare function send(message: string): void;
        class Channel {
          private ready = new Promise<void>((resolve, reject) => {
            setTimeout(() => reject(new Error('timeout')), 1000);
          });
          private async post(message: string) {
            await this.ready;
            send(message);
          }
          onMessage(message: string) {
            this.post(message).catch((error) => console.error(error));
          }
        }
      `,
      [VOID]: `
        declare function send(message: string): void;
        class Channel {
          private ready = new Promise<void>((resolve, reject) => {
            setTimeout(() => reject(new Error('timeout')), 1000);
          });
          private async post(message: string) {
            await this.ready;
            send(message);
          }
          onMessage(message: string) {
            void this.post(message);
          }
        }
      `,
    },
  },
  // Interface and abstract methods, judged by the implementations the project has.
  {
    name: 'an interface method whose only implementation returns void is silent',
    code: `
      interface AuditLog {
        log(event: string): void | Promise<void>;
      }
      class QuietAuditLog implements AuditLog {
        log(_event: string): void {}
      }
      function record(audit: AuditLog) {
        audit.log('saved');
      }
      export { QuietAuditLog, record };
    `,
  },
  {
    name: 'an abstract method whose implementations all catch their errors is silent',
    code: `
      declare function send(event: string): Promise<void>;
      abstract class Notifier {
        abstract notify(event: string): Promise<void>;
      }
      class MailNotifier extends Notifier {
        async notify(event: string) {
          try {
            await send(event);
          } catch (error) {
            console.error(error);
          }
        }
      }
      class NullNotifier extends Notifier {
        notify(): Promise<void> {
          return Promise.resolve();
        }
      }
      function record(notifier: Notifier) {
        notifier.notify('saved');
      }
      export { MailNotifier, NullNotifier, record };
    `,
  },
  {
    name: 'an interface method with one implementation that can reject is flagged as a warning',
    code: `
      declare function send(event: string): Promise<void>;
      interface AuditLog {
        log(event: string): void | Promise<void>;
      }
      class QuietAuditLog implements AuditLog {
        log(_event: string): void {}
      }
      class RemoteAuditLog implements AuditLog {
        async log(event: string) {
          await send(event);
        }
      }
      function record(audit: AuditLog) {
        audit.log('saved');
        ^^^^^^^^^^^^^^^^^^ [warning] The promise returned by \`audit.log('saved')\` is neither awaited
      }
      export { QuietAuditLog, RemoteAuditLog, record };
    `,
    fixes: {
      [CATCH]: `
        declare function send(event: string): Promise<void>;
        interface AuditLog {
          log(event: string): void | Promise<void>;
        }
        class QuietAuditLog implements AuditLog {
          log(_event: string): void {}
        }
        class RemoteAuditLog implements AuditLog {
          async log(event: string) {
            await send(event);
          }
        }
        function record(audit: AuditLog) {
          audit.log('saved')?.catch((error) => console.error(error));
        }
        export { QuietAuditLog, RemoteAuditLog, record };
      `,
      [VOID]: `
        declare function send(event: string): Promise<void>;
        interface AuditLog {
          log(event: string): void | Promise<void>;
        }
        class QuietAuditLog implements AuditLog {
          log(_event: string): void {}
        }
        class RemoteAuditLog implements AuditLog {
          async log(event: string) {
            await send(event);
          }
        }
        function record(audit: AuditLog) {
          void audit.log('saved');
        }
        export { QuietAuditLog, RemoteAuditLog, record };
      `,
    },
  },
  {
    name: 'a void | Promise<void> adapter method with no implementation in the project is a hint',
    code: `
      interface AuditLog {
        log(event: string): void | Promise<void>;
      }
      function record(audit: AuditLog) {
        audit.log('saved');
        ^^^^^^^^^^^^^^^^^^ [hint] its method is declared \`void | Promise<void>\`, and no implementation in the project is seen to reject
      }
      export { record };
    `,
    fixes: {
      [CATCH]: `
        interface AuditLog {
          log(event: string): void | Promise<void>;
        }
        function record(audit: AuditLog) {
          audit.log('saved')?.catch((error) => console.error(error));
        }
        export { record };
      `,
      [VOID]: `
        interface AuditLog {
          log(event: string): void | Promise<void>;
        }
        function record(audit: AuditLog) {
          void audit.log('saved');
        }
        export { record };
      `,
    },
  },
  {
    name: 'an interface method returning Promise<void> with no implementation in the project stays a warning',
    code: `
      interface Store {
        save(key: string): Promise<void>;
      }
      function record(store: Store) {
        store.save('key');
        ^^^^^^^^^^^^^^^^^ [warning] The promise returned by \`store.save('key')\`
      }
      export { record };
    `,
    fixes: {
      [CATCH]: `
        interface Store {
          save(key: string): Promise<void>;
        }
        function record(store: Store) {
          store.save('key').catch((error) => console.error(error));
        }
        export { record };
      `,
      [VOID]: `
        interface Store {
          save(key: string): Promise<void>;
        }
        function record(store: Store) {
          void store.save('key');
        }
        export { record };
      `,
    },
  },
  {
    name: 'a library class method declared void | Promise<void> is a hint too',
    otherFiles: {
      '/node_modules/rooms/index.d.ts': `
        export declare class Socket {
          join(room: string): void | Promise<void>;
        }
      `,
    },
    code: `
      import type { Socket } from 'rooms';
      export function enter(socket: Socket) {
        socket.join('lobby');
        ^^^^^^^^^^^^^^^^^^^^ [hint] its method is declared \`void | Promise<void>\`
      }
    `,
    fixes: {
      [CATCH]: `
        import type { Socket } from 'rooms';
        export function enter(socket: Socket) {
          socket.join('lobby')?.catch((error) => console.error(error));
        }
      `,
      [VOID]: `
        import type { Socket } from 'rooms';
        export function enter(socket: Socket) {
          void socket.join('lobby');
        }
      `,
    },
  },
  {
    name: 'a subclass overriding a library class method does not decide for the library class',
    otherFiles: {
      '/node_modules/rooms/index.d.ts': `
        export declare class Store {
          save(key: string): Promise<void>;
        }
      `,
    },
    code: `
      import { Store } from 'rooms';
      export class MemoryStore extends Store {
        override save(): Promise<void> {
          return Promise.resolve();
        }
      }
      export function keep(store: Store) {
        store.save('key');
        ^^^^^^^^^^^^^^^^^ [warning] The promise returned by \`store.save('key')\`
      }
    `,
    fixes: {
      [CATCH]: `
        import { Store } from 'rooms';
        export class MemoryStore extends Store {
          override save(): Promise<void> {
            return Promise.resolve();
          }
        }
        export function keep(store: Store) {
          store.save('key').catch((error) => console.error(error));
        }
      `,
      [VOID]: `
        import { Store } from 'rooms';
        export class MemoryStore extends Store {
          override save(): Promise<void> {
            return Promise.resolve();
          }
        }
        export function keep(store: Store) {
          void store.save('key');
        }
      `,
    },
  },
  // Fluent thenables: a method handing back its own receiver starts no new work.
  {
    name: 'a method of a thenable declared to return this is silent',
    code: `
      declare class Reply {
        status(code: number): this;
        send(body: string): this;
        then(onFulfilled: () => void, onRejected?: (error: unknown) => void): void;
      }
      function respond(reply: Reply) {
        reply.status(404).send('not found');
      }
      export { respond };
    `,
  },
  {
    name: 'a method of a thenable returning exactly its own type is silent',
    code: `
      interface Reply {
        send(body: string): Reply;
        then(onFulfilled: () => void, onRejected?: (error: unknown) => void): void;
      }
      function respond(reply: Reply) {
        reply.send('done');
      }
      export { respond };
    `,
  },
  {
    name: 'a method of a thenable returning another thenable is flagged',
    code: `
      interface Reply {
        flush(): Promise<void>;
        then(onFulfilled: () => void, onRejected?: (error: unknown) => void): void;
      }
      function respond(reply: Reply) {
        reply.flush();
        ^^^^^^^^^^^^^ The promise returned by \`reply.flush()\`
      }
      export { respond };
    `,
    fixes: {
      [CATCH]: `
        interface Reply {
          flush(): Promise<void>;
          then(onFulfilled: () => void, onRejected?: (error: unknown) => void): void;
        }
        function respond(reply: Reply) {
          reply.flush().catch((error) => console.error(error));
        }
        export { respond };
      `,
      [VOID]: `
        interface Reply {
          flush(): Promise<void>;
          then(onFulfilled: () => void, onRejected?: (error: unknown) => void): void;
        }
        function respond(reply: Reply) {
          void reply.flush();
        }
        export { respond };
      `,
    },
  },
  // A process-wide unhandledRejection listener: dropped promises are logged, not fatal.
  {
    name: 'with a process-wide unhandledRejection listener, a dropped promise is a hint that names it',
    otherFiles: NODE,
    code: `
      declare function save(): Promise<void>;
      process.on('unhandledRejection', (reason) => console.error(reason));
      function onClick() {
        save();
        ^^^^^^ [hint] the process-wide unhandledRejection handler in
      }
      export { onClick };
    `,
    fixes: {
      [CATCH]: `
        declare function save(): Promise<void>;
        process.on('unhandledRejection', (reason) => console.error(reason));
        function onClick() {
          save().catch((error) => console.error(error));
        }
        export { onClick };
      `,
      [VOID]: `
        declare function save(): Promise<void>;
        process.on('unhandledRejection', (reason) => console.error(reason));
        function onClick() {
          void save();
        }
        export { onClick };
      `,
    },
  },
  {
    name: 'a listener for another process event changes nothing',
    otherFiles: NODE,
    code: `
      declare function save(): Promise<void>;
      process.on('exit', () => console.error('bye'));
      function onClick() {
        save();
        ^^^^^^ [warning] if it rejects, the rejection goes unhandled.
      }
      export { onClick };
    `,
    fixes: {
      [CATCH]: `
        declare function save(): Promise<void>;
        process.on('exit', () => console.error('bye'));
        function onClick() {
          save().catch((error) => console.error(error));
        }
        export { onClick };
      `,
      [VOID]: `
        declare function save(): Promise<void>;
        process.on('exit', () => console.error('bye'));
        function onClick() {
          void save();
        }
        export { onClick };
      `,
    },
  },
  {
    name: "a project object named process is not Node's process",
    code: `
      declare function save(): Promise<void>;
      const process = { on(_event: string, _listener: (reason: unknown) => void) {} };
      process.on('unhandledRejection', (reason) => console.error(reason));
      function onClick() {
        save();
        ^^^^^^ [warning] if it rejects, the rejection goes unhandled.
      }
      export { onClick };
    `,
    fixes: {
      [CATCH]: `
        declare function save(): Promise<void>;
        const process = { on(_event: string, _listener: (reason: unknown) => void) {} };
        process.on('unhandledRejection', (reason) => console.error(reason));
        function onClick() {
          save().catch((error) => console.error(error));
        }
        export { onClick };
      `,
      [VOID]: `
        declare function save(): Promise<void>;
        const process = { on(_event: string, _listener: (reason: unknown) => void) {} };
        process.on('unhandledRejection', (reason) => console.error(reason));
        function onClick() {
          void save();
        }
        export { onClick };
      `,
    },
  },
]);

describe("no-floating-promises: fix ranking and the file's own error handler", () => {
  const fixTitles = (code: string) => {
    const [finding] = runRule(noFloatingPromises, dedent(code));
    assert.ok(finding, 'expected a finding');
    return finding.fixes.map((fix) => `${fix.preferred ? '* ' : ''}${fix.title}`);
  };

  test('inside an async function, Add await is preferred and comes first', () => {
    assert.deepEqual(
      fixTitles(`
        declare function save(): Promise<void>;
        export async function handler() {
          save();
        }
      `),
      [`* ${AWAIT}`, CATCH, VOID],
    );
  });

  test('a call that settles only when its service loop stops: the .catch fix is preferred, and Add await says why not', () => {
    assert.deepEqual(
      fixTitles(`
        declare function nextMessage(): Promise<string>;
        declare function handle(message: string): Promise<void>;
        class Consumer {
          running = true;
          async run() {
            while (this.running) {
              await handle(await nextMessage());
            }
          }
          stop() {
            this.running = false;
          }
        }
        export async function start(consumer: Consumer) {
          consumer.run();
        }
      `),
      [`* ${CATCH}`, 'Add await (waits until it stops: `run` settles only when its loop ends)', VOID],
    );
  });

  test('a loop that ends by itself does not count as long-running', () => {
    assert.deepEqual(
      fixTitles(`
        declare function next(): Promise<string | undefined>;
        async function drain() {
          while (true) {
            const item = await next();
            if (!item) break;
          }
        }
        export async function start() {
          drain();
        }
      `)[0],
      `* ${AWAIT}`,
    );
  });

  test('at the top level of an ES module, awaiting holds up every importer: .catch is preferred', () => {
    assert.deepEqual(
      fixTitles(`
        export {};
        declare function migrate(): Promise<void>;
        migrate();
        console.log('started');
      `),
      [`* ${CATCH}`, AWAIT, VOID],
    );
  });

  test("the .catch fix hands the error to this.emit('error', …) when the class already does so", () => {
    const code = dedent(`
      declare class EventEmitter { emit(event: string, ...args: unknown[]): boolean }
      declare function connect(): Promise<void>;
      declare function flush(): Promise<void>;
      export class Client extends EventEmitter {
        open() {
          connect().catch((error) => this.emit('error', error));
        }
        close() {
          flush();
        }
      }
    `);
    const [finding] = runRule(noFloatingPromises, code);
    const fix = finding.fixes.find((candidate) => candidate.title.startsWith('Append .catch'));
    assert.equal(fix?.title, "Append .catch(...) that calls this.emit('error', …) as this file does");
    assert.equal(fix?.preferred, true);
    assert.equal(applyEdits(code, fix!.edits), code.replace('    flush();', "    flush().catch((error) => this.emit('error', error));"));
  });

  test("a logger used in catch blocks is used, without copying the other call's message; a handler of another class is not", () => {
    const code = dedent(`
      declare const logger: { error(...args: unknown[]): void };
      declare function sync(): Promise<void>;
      declare function save(): Promise<void>;
      class Other {
        emitter = { emit(event: string, error: unknown) {} };
        go() { sync().catch((error) => this.emitter.emit('error', error)); }
      }
      export async function job() {
        try {
          await sync();
        } catch (err) {
          logger.error('sync failed', err);
        }
        save();
      }
    `);
    const [finding] = runRule(noFloatingPromises, code);
    const fix = finding.fixes.find((candidate) => candidate.title.startsWith('Append .catch'));
    assert.equal(fix?.title, 'Append .catch(...) that calls logger.error(…) as this file does');
    assert.equal(applyEdits(code, fix!.edits), code.replace('  save();', '  save().catch((error) => logger.error(error));'));
  });
});
