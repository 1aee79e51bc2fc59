import { preferPromiseAll } from '../../server/src/core/rules/prefer-promise-all';
import { dedent, ruleTests } from '../harness/ruleTester';

const ALL = 'Run together with Promise.all';
const SETTLED = 'Run together with Promise.allSettled (settle all before a failure is handled)';

const API = `
  interface User { name: string; teamId: string }
  declare function getUser(id: string): Promise<User>;
  declare function getOrders(id: string): Promise<string[]>;
  declare function listInvoices(id: string): Promise<{ items: string[]; total: number }>;
  declare function getTeam(id: string): Promise<string>;
  declare function saveOrder(id: string): Promise<void>;
  declare function sleep(ms: number): Promise<void>;
  declare function warmCache(name: string): Promise<void>;
  declare function resizeImages(id: string): Promise<number>;
`;

/** Writes a test file: the shared API declarations, then `body`. */
const withApi = (body: string) => `${dedent(API)}\n${dedent(body)}`;

ruleTests(preferPromiseAll, [
  {
    name: 'two reads of different services',
    code: withApi(`
      export async function profile(id: string) {
        const user = await getUser(id);
        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ [warning] \`getUser(id)\` and \`getOrders(id)\` are awaited one after another, yet none of them reads what another produces (\`user\`, \`orders\`), and all of them only read
        const orders = await getOrders(id);
        return { user, orders };
      }
    `),
    fixes: {
      [ALL]: withApi(`
        export async function profile(id: string) {
          const [user, orders] = await Promise.all([getUser(id), getOrders(id)]);
          return { user, orders };
        }
      `),
    },
  },
  {
    name: 'type annotations, destructuring and comments are kept',
    code: withApi(`
      export async function page(id: string) {
        const user: User = await getUser(id);
        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
        // invoices come from the billing service
        const { items } = await listInvoices(id); // only the items
        return { user, items };
      }
    `),
    fixes: {
      [ALL]: withApi(`
        export async function page(id: string) {
          // invoices come from the billing service
          const [user, { items }]: [User, { items: string[]; total: number; }] = await Promise.all([
            getUser(id),
            listInvoices(id),
          ]); // only the items
          return { user, items };
        }
      `),
    },
  },
  {
    name: 'assignments to existing targets, on this',
    code: withApi(`
      export class ProfilePage {
        user?: User;
        orders: string[] = [];
        async load(id: string) {
          this.user = await getUser(id);
          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
          this.orders = await getOrders(id);
        }
      }
    `),
    fixes: {
      [ALL]: withApi(`
        export class ProfilePage {
          user?: User;
          orders: string[] = [];
          async load(id: string) {
            [this.user, this.orders] = await Promise.all([getUser(id), getOrders(id)]);
          }
        }
      `),
    },
  },
  {
    name: 'a mix of const and let becomes let; a discarded value leaves a hole',
    code: withApi(`
      export async function summary(id: string) {
        let orders = await getOrders(id);
        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ [warning] and all of them only read
        await getTeam(id);
        const user = await getUser(id);
        orders = orders.concat(user.name);
        return orders;
      }
    `),
    fixes: {
      [ALL]: withApi(`
        export async function summary(id: string) {
          let [orders, , user] = await Promise.all([getOrders(id), getTeam(id), getUser(id)]);
          orders = orders.concat(user.name);
          return orders;
        }
      `),
    },
  },
  {
    name: 'calls whose values are not used',
    code: withApi(`
      export async function warm() {
        await getTeam('users');
        ^^^^^^^^^^^^^^^^^^^^^^^
        await getTeam('orders');
      }
    `),
    fixes: {
      [ALL]: withApi(`
        export async function warm() {
          await Promise.all([getTeam('users'), getTeam('orders')]);
        }
      `),
    },
  },
  {
    name: 'inside try, the Promise.allSettled variant is offered too',
    code: withApi(`
      export async function report(id: string) {
        try {
          const user = await getUser(id);
          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
          const [first] = await getOrders(id);
          return user.name + first;
        } catch (error) {
          return String(error);
        }
      }
    `),
    fixes: {
      [ALL]: withApi(`
        export async function report(id: string) {
          try {
            const [user, [first]] = await Promise.all([getUser(id), getOrders(id)]);
            return user.name + first;
          } catch (error) {
            return String(error);
          }
        }
      `),
      [SETTLED]: withApi(`
        export async function report(id: string) {
          try {
            const [userResult, result2] = await Promise.allSettled([getUser(id), getOrders(id)]);
            if (userResult.status === 'rejected') throw userResult.reason;
            if (result2.status === 'rejected') throw result2.reason;
            const user = userResult.value;
            const [first] = result2.value;
            return user.name + first;
          } catch (error) {
            return String(error);
          }
        }
      `),
    },
  },
  {
    name: 'a dependent third call ends the group',
    code: withApi(`
      export async function dashboard(id: string) {
        const user = await getUser(id);
        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
        const orders = await getOrders(id);
        const team = await getTeam(user.teamId);
        return { orders, team };
      }
    `),
    fixes: {
      [ALL]: withApi(`
        export async function dashboard(id: string) {
          const [user, orders] = await Promise.all([getUser(id), getOrders(id)]);
          const team = await getTeam(user.teamId);
          return { orders, team };
        }
      `),
    },
  },
  {
    name: 'without semicolons, an assignment group is guarded',
    code: withApi(`
      export async function refresh(state: { user?: User; orders?: string[] }, id: string) {
        console.log('refreshing')
        state.user = await getUser(id)
        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
        state.orders = await getOrders(id)
      }
    `),
    fixes: {
      [ALL]: withApi(`
        export async function refresh(state: { user?: User; orders?: string[] }, id: string) {
          console.log('refreshing')
          ;[state.user, state.orders] = await Promise.all([getUser(id), getOrders(id)]);
        }
      `),
    },
  },
  {
    name: 'JavaScript: fetches of two URLs',
    fileName: 'client.js',
    code: `
      export async function load() {
        const users = await fetch('/api/users');
        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
        const teams = await fetch('/api/teams');
        return [users, teams];
      }
    `,
    fixes: {
      [ALL]: `
        export async function load() {
          const [users, teams] = await Promise.all([
            fetch('/api/users'),
            fetch('/api/teams'),
          ]);
          return [users, teams];
        }
      `,
    },
  },

  {
    name: 'project functions that only read, even when they reassign a parameter',
    code: withApi(`
      async function findProfile(id: string, fields?: string[]) {
        fields = fields ?? ['name'];
        const user = await getUser(id);
        return { user, fields };
      }
      export async function page(id: string) {
        const profile = await findProfile(id);
        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ [warning] all of them only read
        const orders = await getOrders(id);
        return { profile, orders };
      }
    `),
    fixes: {
      [ALL]: withApi(`
        async function findProfile(id: string, fields?: string[]) {
          fields = fields ?? ['name'];
          const user = await getUser(id);
          return { user, fields };
        }
        export async function page(id: string) {
          const [profile, orders] = await Promise.all([findProfile(id), getOrders(id)]);
          return { profile, orders };
        }
      `),
    },
  },

  // Silent: data.
  {
    name: 'a later call reads a variable an earlier one declares',
    code: withApi(`async function f(id: string) { const user = await getUser(id); const team = await getTeam(user.teamId); return team; }`),
  },
  {
    name: 'a later call reads a destructured name',
    code: withApi(`async function f(id: string) { const { teamId } = await getUser(id); const team = await getTeam(teamId); return team; }`),
  },
  {
    name: 'a later call reads a property an earlier one writes',
    code: withApi(`class C { id = ''; async load() { this.id = await getTeam('x'); const orders = await getOrders(this.id); return orders; } }`),
  },
  {
    name: 'a later call reads, through a closure, what an earlier one assigns',
    code: withApi(`
      async function f() {
        let teamId = '';
        const loadTeam = () => getTeam(teamId);
        teamId = await getTeam('root');
        const team = await loadTeam();
        return team;
      }
    `),
  },
  { name: 'two assignments to one variable', code: withApi(`async function f(id: string) { let name = await getTeam(id); name = await getTeam(id + '2'); return name; }`) },

  // Silent: effects.
  {
    name: 'a write between reads',
    code: withApi(`async function f(id: string) { const a = await getOrders(id); await saveOrder(id); const b = await getOrders(id); return [a, b]; }`),
  },
  { name: 'writes in a row', code: withApi(`async function f(id: string) { await saveOrder(id); await saveOrder(id + '2'); }`) },
  {
    name: 'one transaction handle',
    code: `
      declare const tx: { query(sql: string): Promise<number[]> };
      async function f() { const a = await tx.query('SELECT 1'); const b = await tx.query('SELECT 2'); return [a, b]; }
    `,
  },
  {
    name: 'browser page automation steps',
    code: `
      declare const page: { title(): Promise<string>; url(): Promise<string> };
      async function f() { const title = await page.title(); const url = await page.url(); return title + url; }
    `,
  },
  {
    name: 'a stateful handle recognised by its type',
    code: `
      interface PoolClient { getRow(id: number): Promise<string> }
      async function f(handle: PoolClient) { const a = await handle.getRow(1); const b = await handle.getRow(2); return a + b; }
    `,
  },
  {
    name: 'connect before use',
    code: `
      declare const client: { connect(): Promise<void>; getRows(): Promise<string[]> };
      async function f() { await client.connect(); const rows = await client.getRows(); return rows; }
    `,
  },

  // Silent: what five real repositories taught (see the rule's documentation).
  { name: 'calls whose effect cannot be told from their names', code: withApi(`async function f(id: string) { await warmCache(id); await resizeImages(id); }`) },
  {
    name: 'a guard awaited for its throw',
    code: `declare function validateAccess(id: string): Promise<void>;
declare function getOrders(id: string): Promise<string[]>;
async function f(id: string) { await validateAccess(id); const orders = await getOrders(id); return orders; }`,
  },
  {
    name: 'raw queries, which are as often writes',
    code: `declare const db: { query(sql: string): Promise<unknown> };
async function f() { await db.query('CREATE EXTENSION x'); await db.query('CREATE INDEX y'); }`,
  },
  {
    name: 'reads that join one transaction through an argument',
    code: `
      declare function findUser(id: string, options: { transaction: unknown }): Promise<string>;
      declare function findTeam(id: string, options: { transaction: unknown; lock?: boolean }): Promise<string>;
      async function f(transaction: unknown) { const user = await findUser('1', { transaction }); const team = await findTeam('2', { transaction, lock: true }); return user + team; }
    `,
  },
  {
    name: 'dynamic imports, cached by the runtime',
    otherFiles: { '/modules.d.ts': `declare module 'node:path' { export const sep: string; }\ndeclare module 'node:url' { export const href: string; }` },
    code: `async function f() { const a = await import('node:path'); const b = await import('node:url'); return [a, b]; }`,
  },
  {
    name: 'a project function that only loads a module with import()',
    code: withApi(`
      export async function getTranslations(locale: string) {
        const { messages } = await import(\`./translations/\${locale}.js\`);
        return messages as Record<string, string>;
      }
      async function f(id: string) { const orders = await getOrders(id); const messages = await getTranslations('en'); return { orders, messages }; }
    `),
  },
  {
    name: 'a read that runs an async callback over what it finds',
    code: withApi(`
      declare function findAllInBatches(where: object, each: (rows: string[]) => Promise<void>): Promise<void>;
      async function purge(teamId: string) {
        await findAllInBatches({ teamId }, async (rows) => { for (const row of rows) await saveOrder(row); });
        const orders = await getOrders(teamId);
        return orders;
      }
    `),
  },
  {
    name: 'a getter that fills a module-level cache',
    code: withApi(`
      const instances = new Map<string, User>();
      async function getInstance(key: string) {
        const cached = instances.get(key);
        if (cached) return cached;
        const created = await getUser(key);
        instances.set(key, created);
        return created;
      }
      async function f(id: string) { const instance = await getInstance('default'); const orders = await getOrders(id); return { instance, orders }; }
    `),
  },
  {
    name: 'a getter that memoizes into this, one call further',
    code: withApi(`
      class Settings {
        private data?: User;
        private async loadData() {
          this.data ??= await getUser('settings');
          return this.data;
        }
        async getMfa() { const data = await this.loadData(); return data.name; }
        async getPolicy() { const data = await this.loadData(); return data.teamId; }
        async both() { const mfa = await this.getMfa(); const policy = await this.getPolicy(); return [mfa, policy]; }
      }
    `),
  },
  {
    name: 'the commands that run migrations',
    fileName: 'src/migrateDown.ts',
    code: withApi(`async function migrateDown(id: string) { const user = await getUser(id); const orders = await getOrders(id); return { user, orders }; }`),
  },
  {
    name: 'getters that wait for one stored promise, then compute',
    code: withApi(`
      class Calculator {
        private snapshot = { fees: 1, dividends: 2 };
        constructor(private readonly ready: Promise<void>) {}
        async getFees() { await this.ready; return this.snapshot.fees; }
        async getDividends() { await this.ready; return this.snapshot.dividends; }
      }
      async function f(calculator: Calculator) { const fees = await calculator.getFees(); const dividends = await calculator.getDividends(); return fees + dividends; }
    `),
  },
  {
    name: 'gathering, which in data pipelines fetches and stores',
    code: 'declare function gatherSymbols(priority: number): Promise<void>;\nasync function f() { await gatherSymbols(1); await gatherSymbols(2); }',
  },
  {
    name: 'test files',
    fileName: 'profile.test.ts',
    code: withApi(`async function f(id: string) { const user = await getUser(id); const orders = await getOrders(id); return { user, orders }; }`),
  },
  {
    name: 'migrations and scripts',
    fileName: 'migrations/0001-init.ts',
    code: withApi(`async function up(id: string) { const user = await getUser(id); const orders = await getOrders(id); return { user, orders }; }`),
  },

  // Silent: intent and shape.
  {
    name: 'pacing between calls',
    code: withApi(`async function f(id: string) { const a = await getOrders(id); await sleep(100); const b = await getOrders(id); return [a, b]; }`),
  },
  {
    name: 'awaits in different try blocks',
    code: withApi(`
      async function f(id: string) {
        try { await getOrders(id); } catch { return; }
        try { await getUser(id); } catch { return; }
      }
    `),
  },
  {
    name: 'a statement between the awaits',
    code: withApi(`async function f(id: string) { const a = await getOrders(id); console.log(a); const b = await getUser(id); return b; }`),
  },
  {
    name: 'awaiting promises that already run together',
    code: withApi(`async function f(id: string) { const p = getOrders(id); const q = getUser(id); const a = await p; const b = await q; return [a, b]; }`),
  },
  { name: 'awaiting values that are not promises', code: `declare function getA(): number;\nasync function f() { const a = await getA(); const b = await getA(); return a + b; }` },
  {
    name: 'calls typed any are never taken for promises',
    code: `declare const getA: any, getB: any;\nasync function f() { const a = await getA(); const b = await getB(); return [a, b]; }`,
  },
  {
    name: 'untyped calls are never taken for promises',
    code: `declare const api: any;\nasync function f() { const a = await api.getA(); const b = await api.getB(); return [a, b]; }`,
  },
  { name: 'var declarations', code: withApi(`async function f(id: string) { var a = await getOrders(id); var b = await getUser(id); return [a, b]; }`) },
  { name: 'one await', code: withApi(`async function f(id: string) { const a = await getOrders(id); return a; }`) },
  {
    name: 'awaits nested in expressions',
    code: withApi(`async function f(id: string) { const a = (await getOrders(id)).length; const b = (await getUser(id)).name; return [a, b]; }`),
  },
]);
