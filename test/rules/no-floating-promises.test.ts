import { noFloatingPromises } from '../../server/src/core/rules/no-floating-promises';
import { ruleTests } from '../harness/ruleTester';

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
      save().finally(() => console.log('done'));
      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
    `,
    fixes: {
      [CATCH]: `
        declare function save(): Promise<void>;
        save().finally(() => console.log('done')).catch((error) => console.error(error));
      `,
      [VOID]: `
        declare function save(): Promise<void>;
        void save().finally(() => console.log('done'));
      `,
    },
  },
  {
    name: '.then with an undefined rejection handler does not handle it',
    code: `
      declare function save(): Promise<void>;
      save().then(() => {}, undefined);
      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
    `,
    fixes: {
      [CATCH]: `
        declare function save(): Promise<void>;
        save().then(() => {}, undefined).catch((error) => console.error(error));
      `,
      [VOID]: `
        declare function save(): Promise<void>;
        void save().then(() => {}, undefined);
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
      client?.save();
      ^^^^^^^^^^^^^^
    `,
    fixes: {
      [CATCH]: `
        declare const client: { save(): Promise<void> } | undefined;
        client?.save().catch((error) => console.error(error));
      `,
      [VOID]: `
        declare const client: { save(): Promise<void> } | undefined;
        void client?.save();
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
        new Promise<void>((resolve) => setTimeout(resolve, 10));
        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ The promise \`new Promise<void>
      }
    `,
    fixes: {
      [CATCH]: `
        function later() {
          new Promise<void>((resolve) => setTimeout(resolve, 10)).catch((error) => console.error(error));
        }
      `,
      [VOID]: `
        function later() {
          void new Promise<void>((resolve) => setTimeout(resolve, 10));
        }
      `,
    },
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
      save();
      ^^^^^^
    `,
    fixes: {
      [VOID]: `
        declare function save(): Promise<void>;
        void save();
      `,
    },
  },

  // Silent.
  { name: 'awaited', code: `declare function save(): Promise<void>;\nasync function f() { await save(); }` },
  { name: 'voided', code: `declare function save(): Promise<void>;\nvoid save();` },
  { name: 'returned', code: `declare function save(): Promise<void>;\nfunction f() { return save(); }` },
  { name: 'stored in a variable', code: `declare function save(): Promise<void>;\nconst pending = save();` },
  { name: 'stored by assignment', code: `declare function save(): Promise<void>;\nlet pending: Promise<void>;\npending = save();` },
  { name: 'stored in a property', code: `declare function save(): Promise<void>;\nconst state = { pending: Promise.resolve() };\nstate.pending = save();` },
  { name: 'a .catch handler', code: `declare function save(): Promise<void>;\nsave().catch((error) => console.error(error));` },
  { name: '.then with a rejection handler', code: `declare function save(): Promise<void>;\nsave().then(() => {}, (error) => console.error(error));` },
  { name: '.finally after a handled promise', code: `declare function save(): Promise<void>;\nsave().catch(() => {}).finally(() => {});` },
  { name: 'an arrow function body returns its promise', code: `declare function save(): Promise<void>;\nconst run = () => save();` },
  { name: 'a value of type any is never taken for a promise', code: `declare const untyped: any;\nuntyped.save();` },
  { name: 'an unresolved function is never taken for a promise', code: `missingFunction();` },
  { name: 'an unresolved import is never taken for a promise', code: `import { save } from './missing-module';\nsave();` },
  { name: 'synchronous calls', code: `console.log('hello');\n[1, 2].forEach((n) => n);` },
  { name: 'a then method that is not callable', code: `declare const box: { then: number };\nbox;` },
]);
