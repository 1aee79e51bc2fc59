import { noAwaitInLoop } from '../../server/src/core/rules/no-await-in-loop';
import { dedent, ruleTests } from '../harness/ruleTester';

const FIX = 'Run the iterations together with Promise.all';

const API = `
  interface User { name: string }
  declare function getUser(id: string): Promise<User>;
  declare function saveUser(user: User): Promise<void>;
  declare function sleep(ms: number): Promise<void>;
  declare function resize(path: string): Promise<number>;
  declare function getPage(cursor?: string): Promise<{ items: string[]; next?: string }>;
  declare function fetchFrom(url: string): Promise<string | undefined>;
  declare function refresh(): Promise<void>;
  declare function getSize(path: string): Promise<number>;
`;
const withApi = (body: string) => `${dedent(API)}\n${dedent(body)}`;

ruleTests(noAwaitInLoop, [
  {
    name: 'ordered accumulation keeps the order of the items',
    code: withApi(`
      export async function users(ids: string[]) {
        const result: User[] = [];
        for (const id of ids) result.push(await getUser(id));
                                          ^^^^^^^^^^^^^^^^^ [warning] Each iteration awaits \`getUser(id)\` before the next one starts
        return result;
      }
    `),
    fixes: {
      [FIX]: withApi(`
        export async function users(ids: string[]) {
          const result: User[] = [];
          result.push(...(await Promise.all(ids.map((id) => getUser(id)))));
          return result;
        }
      `),
    },
  },
  {
    name: 'accumulation after local statements',
    code: withApi(`
      export async function names(ids: readonly string[]) {
        const names: string[] = [];
        for (const id of ids) {
          const user = await getUser(id.trim());
                       ^^^^^^^^^^^^^^^^^^^^^^^^
          names.push(user.name);
        }
        return names;
      }
    `),
    fixes: {
      [FIX]: withApi(`
        export async function names(ids: readonly string[]) {
          const names: string[] = [];
          names.push(...(await Promise.all(ids.map(async (id) => {
            const user = await getUser(id.trim());
            return user.name;
          }))));
          return names;
        }
      `),
    },
  },
  {
    name: 'keyed writes, a continue, and an iterable that is not an array',
    code: withApi(`
      export async function byId(ids: Set<string>) {
        const users: Record<string, User> = {};
        for (const id of ids) {
          if (!id) continue;
          users[id] = await getUser(id);
                      ^^^^^^^^^^^^^^^^^ [warning]
        }
        return users;
      }
    `),
    fixes: {
      [FIX]: withApi(`
        export async function byId(ids: Set<string>) {
          const users: Record<string, User> = {};
          await Promise.all(Array.from(ids, async (id) => {
            if (!id) return;
            users[id] = await getUser(id);
          }));
          return users;
        }
      `),
    },
  },
  {
    name: 'an index loop over an array',
    code: withApi(`
      export async function sizes(paths: string[]) {
        const total = new Map<string, number>();
        for (let i = 0; i < paths.length; i++) {
          total.set(paths[i], await getSize(paths[i]));
                              ^^^^^^^^^^^^^^^^^^^^^^^ [warning]
        }
        return total;
      }
    `),
    fixes: {
      [FIX]: withApi(`
        export async function sizes(paths: string[]) {
          const total = new Map<string, number>();
          await Promise.all(paths.map(async (_item, i) => {
            total.set(paths[i], await getSize(paths[i]));
          }));
          return total;
        }
      `),
    },
  },
  // Silent: what a reviewer could not take on trust.
  {
    name: 'a body whose effects would change order',
    code: withApi(`async function f(ids: string[]) { for (const id of ids) { const user = await getUser(id); console.log(user.name); } }`),
  },
  {
    name: 'a call whose effect cannot be told from its name',
    code: withApi(`async function f(paths: string[]) { const sizes: number[] = []; for (const p of paths) sizes.push(await resize(p)); return sizes; }`),
  },
  {
    name: 'a loop a maintainer marked for ESLint',
    code: withApi(
      `async function f(ids: string[]) { const out: User[] = []; for (const id of ids) {\n  // eslint-disable-next-line no-await-in-loop\n  out.push(await getUser(id));\n} return out; }`,
    ),
  },
  {
    name: 'a called function that appends to a list the iterations share',
    code: withApi(`
      async function tree(parentIds: string[]) {
        const docs: User[] = [];
        const fetchChildren = async (parentId: string) => {
          const child = await getUser(parentId);
          docs.push(child);
        };
        for (const id of parentIds) await fetchChildren(id);
        return docs;
      }
    `),
  },
  {
    name: 'a recursive tree walk',
    code: withApi(`
      declare function getChildIds(id: string): Promise<string[]>;
      async function getAllIds(rootId: string): Promise<string[]> {
        const ids = [rootId];
        for (const child of await getChildIds(rootId)) {
          const childIds = await getAllIds(child);
          ids.push(...childIds);
        }
        return ids;
      }
    `),
  },
  {
    name: 'test files',
    fileName: 'users.spec.ts',
    code: withApi(`async function f(ids: string[]) { const out: User[] = []; for (const id of ids) out.push(await getUser(id)); return out; }`),
  },

  // Silent: state carried between iterations.
  {
    name: 'cursor pagination',
    code: withApi(`
      async function all() {
        const items: string[] = [];
        let cursor: string | undefined;
        for (const _ of [1, 2, 3]) {
          const page = await getPage(cursor);
          items.push(...page.items);
          cursor = page.next;
        }
        return items;
      }
    `),
  },
  { name: 'an accumulator', code: withApi(`async function f(paths: string[]) { let total = 0; for (const p of paths) total += await resize(p); return total; }`) },
  { name: 'polling in a while loop', code: withApi(`async function f() { let body; while (!(body = await fetchFrom('/status'))) await sleep(100); return body; }`) },
  { name: 'retries in a do-while loop', code: withApi(`async function f() { let tries = 0; do { tries++; } while (!(await fetchFrom('/x')) && tries < 3); }`) },

  // Silent: intent.
  {
    name: 'first success returns',
    code: withApi(`async function f(mirrors: string[]) { for (const m of mirrors) { const body = await fetchFrom(m); if (body) return body; } return undefined; }`),
  },
  {
    name: 'first success breaks',
    code: withApi(`async function f(mirrors: string[]) { let found; for (const m of mirrors) { found = await fetchFrom(m); if (found) break; } return found; }`),
  },
  { name: 'a throw ends the loop', code: withApi(`async function f(ids: string[]) { for (const id of ids) { const u = await getUser(id); if (!u) throw new Error(id); } }`) },
  {
    name: 'pacing',
    code: withApi(`async function f(ids: string[]) { const out: User[] = []; for (const id of ids) { out.push(await getUser(id)); await sleep(50); } return out; }`),
  },
  { name: 'writes in order', code: withApi(`async function f(users: User[]) { for (const u of users) await saveUser(u); }`) },
  {
    name: 'for await',
    code: withApi(`async function f(pages: AsyncIterable<string>) { const out: User[] = []; for await (const p of pages) out.push(await getUser(p)); return out; }`),
  },
  {
    name: 'per-item error handling',
    code: withApi(`async function f(ids: string[]) { const out: User[] = []; for (const id of ids) { try { out.push(await getUser(id)); } catch { /* skip */ } } return out; }`),
  },
  { name: 'the same call repeated, not using the element', code: withApi(`async function f(ids: string[]) { for (const _id of ids) await refresh(); }`) },
  {
    name: 'one transaction shared by every iteration',
    code: `
      declare const tx: { getRow(id: string): Promise<string> };
      async function f(ids: string[]) { const rows: string[] = []; for (const id of ids) rows.push(await tx.getRow(id)); return rows; }
    `,
  },
  {
    name: 'a counting loop that is not over an array',
    code: withApi(`async function f() { const out: User[] = []; for (let page = 1; page <= 5; page++) out.push(await getUser(String(page))); return out; }`),
  },
  {
    name: 'awaits of promises already running',
    code: withApi(`async function f(pending: Promise<User>[]) { const out: User[] = []; for (const p of pending) out.push(await p); return out; }`),
  },
  { name: 'outside async functions there is no await to flag', code: withApi(`function f(ids: string[]) { for (const id of ids) void getUser(id); }`) },
  { name: 'an await inside a nested callback', code: withApi(`async function f(ids: string[]) { for (const id of ids) setTimeout(async () => { await getUser(id); }); }`) },
  { name: 'a labeled loop', code: withApi(`async function f(ids: string[]) { const out: User[] = []; outer: for (const id of ids) out.push(await getUser(id)); return out; }`) },
]);
