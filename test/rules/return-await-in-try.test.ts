import { returnAwaitInTry } from '../../server/src/core/rules/return-await-in-try';
import { ruleTests } from '../harness/ruleTester';

const AWAIT = 'Add await';

ruleTests(returnAwaitInTry, [
  {
    name: 'return promise inside try with a catch',
    code: `
      declare function load(): Promise<string>;
      async function read() {
        try {
          return load();
                 ^^^^^^ a rejection skips the \`catch\` block
        } catch {
          return 'default';
        }
      }
    `,
    fixes: {
      [AWAIT]: `
        declare function load(): Promise<string>;
        async function read() {
          try {
            return await load();
          } catch {
            return 'default';
          }
        }
      `,
    },
  },
  {
    name: 'return promise inside try with a finally',
    code: `
      declare function query(): Promise<number>;
      declare function release(): void;
      const count = async () => {
        try {
          return query();
                 ^^^^^^^ the \`finally\` block runs before it settles
        } finally {
          release();
        }
      };
    `,
    fixes: {
      [AWAIT]: `
        declare function query(): Promise<number>;
        declare function release(): void;
        const count = async () => {
          try {
            return await query();
          } finally {
            release();
          }
        };
      `,
    },
  },
  {
    name: 'return promise inside a catch whose try has a finally',
    code: `
      declare function load(): Promise<string>;
      declare function fallback(): Promise<string>;
      declare function release(): void;
      class Reader {
        async read() {
          try {
            return await load();
          } catch {
            return fallback();
                   ^^^^^^^^^^ inside a \`catch\` block
          } finally {
            release();
          }
        }
      }
    `,
    fixes: {
      [AWAIT]: `
        declare function load(): Promise<string>;
        declare function fallback(): Promise<string>;
        declare function release(): void;
        class Reader {
          async read() {
            try {
              return await load();
            } catch {
              return await fallback();
            } finally {
              release();
            }
          }
        }
      `,
    },
  },
  {
    name: 'a conditional returning a promise or a value, nested in a block inside try',
    code: `
      declare function load(): Promise<string>;
      async function read(cached: string | undefined) {
        try {
          if (Math.random() > 0.5) {
            return cached ? cached : load();
                   ^^^^^^^^^^^^^^^^^^^^^^^^
          }
          return '';
        } catch {
          return 'default';
        }
      }
    `,
    fixes: {
      [AWAIT]: `
        declare function load(): Promise<string>;
        async function read(cached: string | undefined) {
          try {
            if (Math.random() > 0.5) {
              return await (cached ? cached : load());
            }
            return '';
          } catch {
            return 'default';
          }
        }
      `,
    },
  },
  {
    name: 'a handled promise still escapes a finally',
    code: `
      declare function load(): Promise<string>;
      declare function release(): void;
      async function read() {
        try {
          return load().catch(() => 'default');
                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
        } finally {
          release();
        }
      }
    `,
    fixes: {
      [AWAIT]: `
        declare function load(): Promise<string>;
        declare function release(): void;
        async function read() {
          try {
            return await load().catch(() => 'default');
          } finally {
            release();
          }
        }
      `,
    },
  },
  {
    name: 'Promise.resolve of a promise that can reject',
    code: `
      declare function load(): Promise<string>;
      async function f() {
        try {
          return Promise.resolve(load());
                 ^^^^^^^^^^^^^^^^^^^^^^^ a rejection skips the \`catch\` block
        } catch {
          return '';
        }
      }
    `,
    fixes: {
      [AWAIT]: `
        declare function load(): Promise<string>;
        async function f() {
          try {
            return await Promise.resolve(load());
          } catch {
            return '';
          }
        }
      `,
    },
  },

  // Silent.
  { name: 'return await', code: `declare function load(): Promise<string>;\nasync function f() {\n  try {\n    return await load();\n  } catch {\n    return '';\n  }\n}` },
  { name: 'outside try', code: `declare function load(): Promise<string>;\nasync function f() {\n  return load();\n}` },
  {
    name: 'a function that is not async',
    code: `declare function load(): Promise<string>;\nfunction f() {\n  try {\n    return load();\n  } catch {\n    return Promise.resolve('');\n  }\n}`,
  },
  {
    name: 'a nested function inside try',
    code: `declare function load(): Promise<string>;\nasync function f() {\n  try {\n    const g = () => { return load(); };\n    return await g();\n  } catch {\n    return '';\n  }\n}`,
  },
  { name: 'a value that is not a promise', code: `async function f(x: string) {\n  try {\n    return x.trim();\n  } catch {\n    return '';\n  }\n}` },
  { name: 'a value of type any', code: `declare const anything: any;\nasync function f() {\n  try {\n    return anything.load();\n  } catch {\n    return '';\n  }\n}` },
  {
    name: 'a promise that cannot reject, with a catch and no finally',
    code: `declare function load(): Promise<string>;\nasync function f() {\n  try {\n    return load().catch(() => 'default');\n  } catch {\n    return '';\n  }\n}`,
  },
  {
    name: 'Promise.resolve of a value, with a catch and no finally',
    code: `declare function update(): void;\nasync function f() {\n  try {\n    update();\n    return Promise.resolve(undefined);\n  } catch {\n    return;\n  }\n}`,
  },
  {
    name: 'a catch without finally',
    code: `declare function load(): Promise<string>;\nasync function f() {\n  try {\n    return await load();\n  } catch {\n    return load();\n  }\n}`,
  },
  { name: 'an async generator', code: `declare function load(): Promise<string>;\nasync function* f() {\n  try {\n    return load();\n  } catch {\n    return '';\n  }\n}` },
  { name: 'inside finally', code: `declare function load(): Promise<string>;\nasync function f() {\n  try {\n    await load();\n  } finally {\n    return load();\n  }\n}` },
  {
    name: 'a fluent method of a thenable returning this',
    code: `declare class Reply {\n  send(body: string): this;\n  then(onFulfilled: () => void, onRejected?: (error: unknown) => void): void;\n}\nasync function f(reply: Reply) {\n  try {\n    return reply.send('done');\n  } catch {\n    return reply;\n  }\n}`,
  },
  {
    name: 'a method of a thenable returning a new promise is flagged',
    code: `
      declare class Reply {
        flush(): Promise<string>;
        then(onFulfilled: () => void, onRejected?: (error: unknown) => void): void;
      }
      async function f(reply: Reply) {
        try {
          return reply.flush();
                 ^^^^^^^^^^^^^ a rejection skips the \`catch\` block
        } catch {
          return '';
        }
      }
    `,
    fixes: {
      [AWAIT]: `
        declare class Reply {
          flush(): Promise<string>;
          then(onFulfilled: () => void, onRejected?: (error: unknown) => void): void;
        }
        async function f(reply: Reply) {
          try {
            return await reply.flush();
          } catch {
            return '';
          }
        }
      `,
    },
  },
]);
