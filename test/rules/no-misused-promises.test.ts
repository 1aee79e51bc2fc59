import { noMisusedPromises } from '../../server/src/core/rules/no-misused-promises';
import { ruleTests } from '../harness/ruleTester';
import { NODE } from './eventLoop/nodeDeclarations';

const WRAP = 'Wrap the body in try/catch that logs the error';
const ALL = 'Replace forEach with await Promise.all(...map(...))';
const LOOP = 'Replace forEach with a for...of loop that awaits each item';
const CATCH = 'Append .catch(...) that logs the error';
const AWAIT = 'Add await';

const EMITTER = {
  '/emitter.d.ts': `
    declare class EventEmitter {
      on(event: string, listener: (...args: any[]) => void): this;
      once(event: string, listener: (...args: any[]) => void): this;
    }
  `,
};

const JSX_TYPES = {
  '/jsx.d.ts': `
    declare namespace JSX {
      interface IntrinsicElements {
        button: { onClick?: (event: MouseEvent) => void; children?: string };
      }
    }
  `,
};

const NOT_STRICT = { strict: false };

ruleTests(noMisusedPromises, [
  // forEach.
  {
    name: 'forEach(async ...) in an async function: Promise.all, for...of, or try/catch',
    code: `
      declare function save(id: number): Promise<void>;
      async function saveAll(ids: number[]) {
        ids.forEach(async (id) => {
                    ^^^^^^^^^^^^^ returns a promise that \`ids.forEach\` ignores
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
      [LOOP]: `
        declare function save(id: number): Promise<void>;
        async function saveAll(ids: number[]) {
          for (const id of ids) {
            await save(id);
          }
        }
      `,
      [WRAP]: `
        declare function save(id: number): Promise<void>;
        async function saveAll(ids: number[]) {
          ids.forEach(async (id) => {
            try {
              await save(id);
            } catch (error) {
              console.error(error);
            }
          });
        }
      `,
    },
  },
  {
    name: 'forEach(async ...) outside an async function: only the try/catch wrap',
    code: `
      declare function save(id: number): Promise<void>;
      function saveAll(ids: number[]) {
        ids.forEach(async (id) => {
                    ^^^^^^^^^^^^^
          const label = \`saving
        \${id}\`;
          console.log(label);
          await save(id);
        });
      }
    `,
    fixes: {
      [WRAP]: `
        declare function save(id: number): Promise<void>;
        function saveAll(ids: number[]) {
          ids.forEach(async (id) => {
            try {
              const label = \`saving
          \${id}\`;
              console.log(label);
              await save(id);
            } catch (error) {
              console.error(error);
            }
          });
        }
      `,
    },
  },
  {
    name: 'forEach with an index becomes a loop over entries(); an expression body is awaited',
    code: `
      declare function save(id: number, position: number): Promise<void>;
      async function saveAll(ids: readonly number[]) {
        ids.forEach(async (id, index) => save(id, index));
                    ^^^^^^^^^^^^^^^^^^^^
      }
    `,
    fixes: {
      [ALL]: `
        declare function save(id: number, position: number): Promise<void>;
        async function saveAll(ids: readonly number[]) {
          await Promise.all(ids.map(async (id, index) => save(id, index)));
        }
      `,
      [LOOP]: `
        declare function save(id: number, position: number): Promise<void>;
        async function saveAll(ids: readonly number[]) {
          for (const [index, id] of ids.entries()) {
            await save(id, index);
          }
        }
      `,
      [WRAP]: `
        declare function save(id: number, position: number): Promise<void>;
        async function saveAll(ids: readonly number[]) {
          ids.forEach(async (id, index) => { try { await save(id, index); } catch (error) { console.error(error); } });
        }
      `,
    },
  },
  {
    name: 'a callback that returns early is not turned into a loop',
    code: `
      declare function save(id: number): Promise<void>;
      async function saveAll(ids: number[]) {
        ids.forEach(async (id) => {
                    ^^^^^^^^^^^^^
          if (id < 0) return;
          await save(id);
        });
      }
    `,
    fixes: {
      [ALL]: `
        declare function save(id: number): Promise<void>;
        async function saveAll(ids: number[]) {
          await Promise.all(ids.map(async (id) => {
            if (id < 0) return;
            await save(id);
          }));
        }
      `,
      [WRAP]: `
        declare function save(id: number): Promise<void>;
        async function saveAll(ids: number[]) {
          ids.forEach(async (id) => {
            try {
              if (id < 0) return;
              await save(id);
            } catch (error) {
              console.error(error);
            }
          });
        }
      `,
    },
  },
  {
    name: 'forEach of a Map: no Promise.all or loop rewrite (the callback takes value and key)',
    code: `
      declare function save(id: number, name: string): Promise<void>;
      async function saveAll(names: Map<number, string>) {
        names.forEach(async (name, id) => { await save(id, name); });
                      ^^^^^^^^^^^^^^^^^^^
      }
    `,
    fixes: {
      [WRAP]: `
        declare function save(id: number, name: string): Promise<void>;
        async function saveAll(names: Map<number, string>) {
          names.forEach(async (name, id) => { try { await save(id, name); } catch (error) { console.error(error); } });
        }
      `,
    },
  },
  {
    name: 'a plain arrow returning a promise to forEach gets a .catch',
    code: `
      declare function save(id: number): Promise<void>;
      function saveAll(ids: number[]) {
        ids.forEach((id) => save(id));
                    ^^^^^^^ This function returns a promise
      }
    `,
    fixes: {
      [CATCH]: `
        declare function save(id: number): Promise<void>;
        function saveAll(ids: number[]) {
          ids.forEach((id) => save(id).catch((error) => console.error(error)));
        }
      `,
    },
  },
  {
    name: 'the wrap fix uses the configured error handler',
    options: { errorHandler: 'logger.error' },
    code: `
      declare function save(id: number): Promise<void>;
      declare const logger: { error(error: unknown): void };
      function saveAll(ids: number[]) {
        ids.forEach(async (id) => {
                    ^^^^^^^^^^^^^
          await save(id);
        });
      }
    `,
    fixes: {
      [WRAP]: `
        declare function save(id: number): Promise<void>;
        declare const logger: { error(error: unknown): void };
        function saveAll(ids: number[]) {
          ids.forEach(async (id) => {
            try {
              await save(id);
            } catch (error) {
              logger.error(error);
            }
          });
        }
      `,
    },
  },

  // Event emitters, DOM listeners, timers.
  {
    name: 'an async listener for an EventEmitter',
    otherFiles: EMITTER,
    code: `
      declare function save(data: string): Promise<void>;
      function listen(emitter: EventEmitter) {
        emitter.on('data', async function (data: string) {
                           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ \`emitter.on\` ignores
          await save(data);
        });
      }
    `,
    fixes: {
      [WRAP]: `
        declare function save(data: string): Promise<void>;
        function listen(emitter: EventEmitter) {
          emitter.on('data', async function (data: string) {
            try {
              await save(data);
            } catch (error) {
              console.error(error);
            }
          });
        }
      `,
    },
  },
  {
    name: 'a named async function passed as a listener',
    otherFiles: EMITTER,
    code: `
      declare function save(data: string): Promise<void>;
      async function onData(data: string) {
        await save(data);
      }
      function listen(emitter: EventEmitter) {
        emitter.once('data', onData);
                             ^^^^^^ \`onData\` returns a promise that \`emitter.once\` ignores
      }
    `,
  },
  {
    name: 'addEventListener with an async handler',
    code: `
      declare function save(): Promise<void>;
      document.addEventListener('click', async () => {
                                         ^^^^^^^^^^^
        await save();
      });
    `,
    fixes: {
      [WRAP]: `
        declare function save(): Promise<void>;
        document.addEventListener('click', async () => {
          try {
            await save();
          } catch (error) {
            console.error(error);
          }
        });
      `,
    },
  },
  {
    name: 'setTimeout and window.setInterval, though the DOM types accept any Function',
    code: `
      declare function poll(): Promise<void>;
      setTimeout(async () => { await poll(); }, 100);
                 ^^^^^^^^^^^
      window.setInterval(async () => { await poll(); }, 1000);
                         ^^^^^^^^^^^
    `,
    fixes: {
      [`${WRAP} #1`]: `
        declare function poll(): Promise<void>;
        setTimeout(async () => { try { await poll(); } catch (error) { console.error(error); } }, 100);
        window.setInterval(async () => { await poll(); }, 1000);
      `,
      [`${WRAP} #2`]: `
        declare function poll(): Promise<void>;
        setTimeout(async () => { await poll(); }, 100);
        window.setInterval(async () => { try { await poll(); } catch (error) { console.error(error); } }, 1000);
      `,
    },
  },
  {
    name: 'any parameter typed as a function returning void',
    code: `
      declare function subscribe(listener: (value: number) => void): () => void;
      declare function save(value: number): Promise<void>;
      subscribe(async (value) => save(value));
                ^^^^^^^^^^^^^^^^
    `,
    fixes: {
      [WRAP]: `
        declare function subscribe(listener: (value: number) => void): () => void;
        declare function save(value: number): Promise<void>;
        subscribe(async (value) => { try { await save(value); } catch (error) { console.error(error); } });
      `,
    },
  },
  {
    name: 'a JSX event handler',
    fileName: 'button.tsx',
    compilerOptions: { jsx: 1 /* preserve */ },
    otherFiles: JSX_TYPES,
    code: `
      declare function save(): Promise<void>;
      export const view = <button onClick={async () => { await save(); }}>Save</button>;
                                           ^^^^^^^^^^^ the \`onClick\` attribute
    `,
    fixes: {
      [WRAP]: `
        declare function save(): Promise<void>;
        export const view = <button onClick={async () => { try { await save(); } catch (error) { console.error(error); } }}>Save</button>;
      `,
    },
  },
  {
    name: 'a variable declared with a void-returning function type',
    code: `
      declare function save(): Promise<void>;
      const onChange: () => void = async () => {
                                   ^^^^^^^^^^^ the type of \`onChange\`
        await save();
      };
    `,
    fixes: {
      [WRAP]: `
        declare function save(): Promise<void>;
        const onChange: () => void = async () => {
          try {
            await save();
          } catch (error) {
            console.error(error);
          }
        };
      `,
    },
  },
  {
    name: 'an async callee whose catch rethrows is still flagged',
    code: `
      declare function save(): Promise<void>;
      document.addEventListener('click', async () => {
                                         ^^^^^^^^^^^
        try {
          await save();
        } catch (error) {
          throw new Error('save failed', { cause: error });
        }
      });
    `,
    fixes: {
      [WRAP]: `
        declare function save(): Promise<void>;
        document.addEventListener('click', async () => {
          try {
            try {
              await save();
            } catch (error) {
              throw new Error('save failed', { cause: error });
            }
          } catch (error) {
            console.error(error);
          }
        });
      `,
    },
  },

  // Async predicates.
  {
    name: 'async predicates to filter, some and find',
    code: `
      declare function exists(path: string): Promise<boolean>;
      async function check(paths: string[]) {
        const present = paths.filter(async (path) => exists(path));
                                     ^^^^^^^^^^^^^^^ every element passes
        const any = paths.some(async (path) => {
                               ^^^^^^^^^^^^^^^
          try {
            return await exists(path);
          } catch {
            return false;
          }
        });
        const first = paths.find(isPresent);
                                 ^^^^^^^^^ \`isPresent\` is a predicate for \`paths.find\`
        return { present, any, first };
      }
      async function isPresent(path: string) {
        return exists(path);
      }
    `,
  },

  // Promises as conditions.
  {
    name: 'a promise tested by if, !, && and ?:',
    compilerErrorsBecause: 'TypeScript reports a promise that is always defined in a condition too (TS2801); the rule adds the fix',
    code: `
      declare function isAdmin(name: string): Promise<boolean>;
      async function check(name: string) {
        if (isAdmin(name)) console.log('admin');
            ^^^^^^^^^^^^^ always truthy
        const denied = !isAdmin(name);
                        ^^^^^^^^^^^^^
        const label = isAdmin(name) && 'admin';
                      ^^^^^^^^^^^^^
        return isAdmin(name) ? label : denied;
               ^^^^^^^^^^^^^
      }
    `,
    fixes: {
      [`${AWAIT} #1`]: `
        declare function isAdmin(name: string): Promise<boolean>;
        async function check(name: string) {
          if (await isAdmin(name)) console.log('admin');
          const denied = !isAdmin(name);
          const label = isAdmin(name) && 'admin';
          return isAdmin(name) ? label : denied;
        }
      `,
      [`${AWAIT} #2`]: `
        declare function isAdmin(name: string): Promise<boolean>;
        async function check(name: string) {
          if (isAdmin(name)) console.log('admin');
          const denied = !await isAdmin(name);
          const label = isAdmin(name) && 'admin';
          return isAdmin(name) ? label : denied;
        }
      `,
      [`${AWAIT} #3`]: `
        declare function isAdmin(name: string): Promise<boolean>;
        async function check(name: string) {
          if (isAdmin(name)) console.log('admin');
          const denied = !isAdmin(name);
          const label = await isAdmin(name) && 'admin';
          return isAdmin(name) ? label : denied;
        }
      `,
      [`${AWAIT} #4`]: `
        declare function isAdmin(name: string): Promise<boolean>;
        async function check(name: string) {
          if (isAdmin(name)) console.log('admin');
          const denied = !isAdmin(name);
          const label = isAdmin(name) && 'admin';
          return await isAdmin(name) ? label : denied;
        }
      `,
    },
  },
  {
    name: 'a while condition outside an async function: no await fix',
    code: `
      declare function hasMore(): Promise<boolean>;
      function drain() {
        while (hasMore()) break;
               ^^^^^^^^^
      }
    `,
  },
  {
    name: 'each side of && inside a condition',
    compilerErrorsBecause: 'TypeScript reports a promise that is always defined in a condition too (TS2801); the rule adds the fix',
    code: `
      declare function isAdmin(): Promise<boolean>;
      declare const ready: boolean;
      function check() {
        if (ready && isAdmin()) console.log('admin');
                     ^^^^^^^^^
      }
    `,
  },
  {
    name: 'a property always holding a promise, with strictNullChecks',
    compilerErrorsBecause: 'TypeScript reports a promise that is always defined in a condition too (TS2801); the rule adds the fix',
    code: `
      class Connection {
        readonly ready: Promise<void> = new Promise((resolve) => setTimeout(resolve));
        send() {
          if (this.ready) console.log('sent');
              ^^^^^^^^^^
        }
      }
    `,
  },
  {
    name: 'without strictNullChecks: a call of an async function is still a promise',
    compilerOptions: NOT_STRICT,
    code: `
      async function isAdmin(name: string) {
        return name === 'root';
      }
      function check(name: string) {
        const pending = isAdmin(name);
        if (pending) console.log('admin');
            ^^^^^^^
        if (isAdmin(name)) console.log('admin');
            ^^^^^^^^^^^^^
      }
    `,
  },

  // Silent: the async function cannot reject.
  {
    name: 'a forEach callback whose body is a try/catch that does not rethrow',
    code: `
      declare function save(id: number): Promise<void>;
      function saveAll(ids: number[]) {
        ids.forEach(async (id) => {
          try {
            await save(id);
          } catch (error) {
            console.error(error);
          }
        });
      }
    `,
  },
  {
    name: 'a named function chosen by a condition: each branch that can reject is flagged',
    fileName: 'drop.tsx',
    compilerOptions: { jsx: 1 },
    otherFiles: { ...JSX_TYPES, ...EMITTER },
    code: `
      declare function load(): Promise<void>;
      declare const enabled: boolean;
      async function onLoad() {
        await load();
      }
      async function onLoadQuietly() {
        try {
          await load();
        } catch (error) {
          console.error(error);
        }
      }
      export const view = <button onClick={enabled ? onLoad : undefined}>Load</button>;
                                                     ^^^^^^ \`onLoad\` returns a promise where a function returning void is expected (the \`onClick\` attribute)
      export const guarded = <button onClick={(enabled && onLoad) || undefined}>Load</button>;
                                                          ^^^^^^ the \`onClick\` attribute
      export function listen(emitter: EventEmitter, fallback?: () => void) {
        emitter.on('data', fallback ?? onLoad);
                                       ^^^^^^ \`onLoad\` returns a promise that \`emitter.on\` ignores
        emitter.on('end', enabled ? onLoadQuietly : () => {});
      }
      export const quiet = <button onClick={enabled ? onLoadQuietly : undefined}>Load</button>;
    `,
  },
  {
    name: 'a handler factory: its call is judged by the function it returns',
    fileName: 'settings.tsx',
    compilerOptions: { jsx: 1 },
    otherFiles: JSX_TYPES,
    code: `
      declare function save(event: string, on: boolean): Promise<void>;
      declare function report(error: unknown): void;
      const handleChange = (event: string) => async () => {
        await save(event, true);
      };
      function handleQuietly(event: string) {
        return async () => {
          try {
            await save(event, true);
          } catch (error) {
            report(error);
          }
        };
      }
      declare function madeElsewhere(event: string): () => Promise<void>;
      export const view = <button onClick={handleChange('mention')}>On</button>;
                                           ^^^^^^^^^^^^^^^^^^^^^^^ \`handleChange('mention')\` returns a promise where a function returning void is expected
      export const quiet = <button onClick={handleQuietly('mention')}>On</button>;
      export const unknown = <button onClick={madeElsewhere('mention')}>On</button>;
    `,
  },
  {
    name: 'a cast does not prove a promise: an optional call cast to Promise may still be undefined',
    code: `
      declare function digest(file: string): Promise<string>;
      export async function idFor(file: string, generate?: (file: string) => Promise<string>) {
        return await ((generate?.(file) as Promise<string>) || digest(file));
      }
    `,
  },
  {
    name: 'a listener that cannot reject, written inline or named',
    otherFiles: EMITTER,
    code: `
      declare function save(data: string): Promise<void>;
      async function onData(data: string) {
        try {
          await save(data);
        } catch (error) {
          console.error(error);
        }
      }
      function listen(emitter: EventEmitter) {
        emitter.on('data', onData);
        emitter.on('end', () => save('end').catch((error) => console.error(error)));
      }
    `,
  },
  {
    name: 'a JSX handler that cannot reject',
    fileName: 'button.tsx',
    compilerOptions: { jsx: 1 },
    otherFiles: JSX_TYPES,
    code: `
      declare function save(): Promise<void>;
      declare function setError(error: unknown): void;
      export const view = (
        <button
          onClick={async () => {
            try {
              await save();
            } catch (error) {
              setError(error);
            }
          }}
        >
          Save
        </button>
      );
    `,
  },

  // Silent: the slot uses the promise.
  { name: 'a parameter that accepts a promise', code: `declare function run(task: () => void | Promise<void>): void;\nrun(async () => { await Promise.resolve(); });` },
  { name: 'a parameter returning unknown', code: `declare function run(task: () => unknown): void;\nrun(async () => { await Promise.resolve(); });` },
  {
    name: 'an overload that accepts a promise-returning function',
    code: `
      declare function register(handler: () => void): void;
      declare function register(handler: () => Promise<void>): void;
      register(async () => { await Promise.resolve(); });
    `,
  },
  {
    name: 'map(async ...) keeps the promises',
    code: `declare function save(id: number): Promise<void>;\nasync function f(ids: number[]) {\n  await Promise.all(ids.map(async (id) => save(id)));\n}`,
  },
  {
    name: '.then(async ...)',
    code: `declare function load(): Promise<number>;\ndeclare function save(n: number): Promise<void>;\nload().then(async (n) => save(n)).catch(() => {});`,
  },
  {
    name: 'new Promise(async ...) is left to no-async-promise-executor',
    code: `declare function load(): Promise<number>;\nnew Promise<number>(async (resolve) => resolve(await load())).catch(() => {});`,
  },
  {
    name: 'mocha/jest/vitest-style test callbacks accept promises',
    code: `
      type Done = (error?: unknown) => void;
      declare function it(name: string, fn: ((done: Done) => void) | (() => Promise<unknown>)): void;
      declare function save(): Promise<void>;
      it('saves', async () => {
        await save();
      });
    `,
  },
  {
    name: "a filter method that is not an array's",
    code: `
      declare const query: { filter(predicate: (row: string) => Promise<boolean>): void };
      declare function allowed(row: string): Promise<boolean>;
      query.filter(async (row) => allowed(row));
    `,
  },
  { name: 'a sync function to forEach', code: `declare const ids: number[];\nids.forEach((id) => console.log(id));` },

  // Silent: conditions that are not always promises.
  { name: 'an awaited condition', code: `declare function isAdmin(): Promise<boolean>;\nasync function f() {\n  if (await isAdmin()) console.log('admin');\n}` },
  { name: 'a promise or undefined', code: `declare const pending: Promise<void> | undefined;\nif (pending) console.log('started');` },
  {
    name: 'a property declared with ! may still be unassigned',
    code: `
      class Loader {
        private pending!: Promise<void>;
        load() {
          if (this.pending) return this.pending;
          this.pending = Promise.resolve();
          return this.pending;
        }
      }
    `,
  },
  {
    name: 'without strictNullChecks: an optional property, a let and a parameter may be undefined',
    compilerOptions: NOT_STRICT,
    code: `
      declare function fetchConfig(): Promise<string>;
      class Loader {
        private pending?: Promise<string>;
        private cached: Promise<string> | undefined;
        load(fallback: Promise<string>) {
          if (this.pending) return this.pending;
          if (this.cached) return this.cached;
          let next: Promise<string>;
          if (!next) next = fetchConfig();
          return fallback && next;
        }
      }
    `,
  },
  {
    name: 'without strictNullChecks: a declared function whose type may hide undefined',
    compilerOptions: NOT_STRICT,
    code: `
      declare function cachedRequest(key: string): Promise<string> | undefined;
      function read(key: string) {
        if (cachedRequest(key)) console.log('cached');
      }
    `,
  },
  {
    name: 'handlers wrapped in useCallback or debounce are read through the wrapper',
    fileName: 'panel.tsx',
    compilerOptions: { jsx: 1 },
    otherFiles: {
      ...JSX_TYPES,
      '/hooks.d.ts': `
        declare function useCallback<T extends Function>(callback: T, deps: readonly unknown[]): T;
        declare function useMemo<T>(factory: () => T, deps: readonly unknown[]): T;
        declare function debounce<T extends (...args: any[]) => any>(fn: T, wait: number): (...args: Parameters<T>) => ReturnType<T> | undefined;
      `,
    },
    code: `
      declare function save(): Promise<void>;
      export function Panel() {
        const onSave = useCallback(async () => {
          try {
            await save();
          } catch (error) {
            console.error(error);
          }
        }, []);
        const onSaveLater = useMemo(
          () =>
            debounce(async () => {
              try {
                await save();
              } catch {}
            }, 100),
          [],
        );
        const onSaveOrFail = useCallback(async () => {
          await save();
        }, []);
        return (
          <>
            <button onClick={onSave}>Save</button>
            <button onClick={onSaveLater}>Later</button>
            <button onClick={onSaveOrFail}>Or fail</button>
                             ^^^^^^^^^^^^ \`onSaveOrFail\` returns a promise
          </>
        );
      }
    `,
  },
  {
    name: 'warm-up functions handed as callbacks may fail: the real load reports the error',
    fileName: 'links.tsx',
    compilerOptions: { jsx: 1 },
    otherFiles: JSX_TYPES,
    code: `
      declare const Scene: { preload(): Promise<unknown>; load(): Promise<unknown> };
      export const links = (
        <>
          <button onClick={Scene.preload}>Preload</button>
          <button onClick={() => Scene.preload()}>Preload</button>
          <button onClick={Scene.load}>Load</button>
                           ^^^^^^^^^^ \`Scene.load\` returns a promise
        </>
      );
    `,
  },
  {
    name: 'a callback prop passed on, and a handler that awaits nothing, are left alone',
    fileName: 'form.tsx',
    compilerOptions: { jsx: 1 },
    otherFiles: JSX_TYPES,
    code: `
      interface Props {
        onSave: () => Promise<void>;
      }
      declare function track(event: string): void;
      export function Form(props: Props) {
        const onClick = async () => {
          track('click');
        };
        return (
          <>
            <button onClick={props.onSave}>Save</button>
            <button onClick={onClick}>Track</button>
          </>
        );
      }
    `,
  },
  {
    name: 'a plain Promise executor that returns a promise that can reject',
    code: `
      declare function load(): Promise<string>;
      export const loaded = new Promise<string>((resolve) => load().then(resolve));
                                                ^^^^^^^^^^^^ This function returns a promise
      export const safe = new Promise<string>((resolve) => load().then(resolve, () => resolve('')));
    `,
    fixes: {
      [CATCH]: `
        declare function load(): Promise<string>;
        export const loaded = new Promise<string>((resolve) => load().then(resolve).catch((error) => console.error(error)));
        export const safe = new Promise<string>((resolve) => load().then(resolve, () => resolve('')));
      `,
    },
  },
  {
    name: 'queueMicrotask and process.nextTick ignore what their callback returns',
    otherFiles: { '/process.d.ts': 'declare const process: { nextTick(callback: Function, ...args: any[]): void };' },
    code: `
      declare function flush(): Promise<void>;
      queueMicrotask(async () => { await flush(); });
                     ^^^^^^^^^^^
      process.nextTick(async () => { await flush(); });
                       ^^^^^^^^^^^
    `,
    fixes: {
      ['Wrap the body in try/catch that logs the error #1']: `
        declare function flush(): Promise<void>;
        queueMicrotask(async () => { try { await flush(); } catch (error) { console.error(error); } });
        process.nextTick(async () => { await flush(); });
      `,
      ['Wrap the body in try/catch that logs the error #2']: `
        declare function flush(): Promise<void>;
        queueMicrotask(async () => { await flush(); });
        process.nextTick(async () => { try { await flush(); } catch (error) { console.error(error); } });
      `,
    },
  },
  // A process-wide unhandledRejection listener: dropped promises are logged, not fatal.
  {
    name: 'with a process-wide unhandledRejection listener, a dropped callback promise is a hint that names it',
    otherFiles: { ...EMITTER, ...NODE },
    code: `
      declare function load(): Promise<void>;
      async function onLoad() {
        await load();
      }
      process.on('unhandledRejection', (reason) => console.error(reason));
      export function listen(emitter: EventEmitter) {
        emitter.on('data', onLoad);
                           ^^^^^^ [hint] The process-wide unhandledRejection handler in
      }
    `,
  },
  {
    name: 'without one, the same callback is a warning',
    otherFiles: EMITTER,
    code: `
      declare function load(): Promise<void>;
      async function onLoad() {
        await load();
      }
      export function listen(emitter: EventEmitter) {
        emitter.on('data', onLoad);
                           ^^^^^^ [warning] \`onLoad\` returns a promise that \`emitter.on\` ignores
      }
    `,
  },
]);
