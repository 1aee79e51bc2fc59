import { noCpuHeavyLoop } from '../../server/src/core/rules/no-cpu-heavy-loop';
import { ruleTests } from '../harness/ruleTester';
import { NODE } from './eventLoop/nodeDeclarations';

ruleTests(noCpuHeavyLoop, [
  {
    name: 'the same request array walked inside itself, in a route handler',
    otherFiles: NODE,
    code: `
      import express from 'express';
      const app = express();
      app.post('/pairs', (req, res) => {
        const pairs = [];
        for (const a of req.body.items) {
          for (const b of req.body.items) {
          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ [hint] For each element of \`req.body.items\` (request data), this goes through all of \`req.body.items\` (request data) in the POST /pairs handler: work that grows with the square of its size
            if (a !== b) pairs.push([a, b]);
          }
        }
        res.json(pairs);
      });
    `,
  },
  {
    name: 'a query result scanned for each id of the request',
    code: `
      interface Row { id: string }
      declare function query(): Promise<Row[]>;
      export async function missing(req: { body: { ids: string[] } }) {
        const ids = req.body.ids;
        const rows = await query();
        return ids.filter((id) => !rows.some((row) => row.id === id));
                                   ^^^^^^^^^ [hint] For each element of \`ids\` (request data), this goes through all of \`rows\` (an awaited result)
      }
    `,
  },
  {
    name: 'an indexed loop with includes on an array, and derived arrays',
    code: `
      interface Row { id: string; active: boolean }
      export async function pick(req: { body: { wanted: string[] } }, rows: Row[]) {
        const { wanted } = req.body;
        const active = rows.filter((row) => row.active);
        const result: Row[] = [];
        for (let i = 0; i < active.length; i++) {
          if (wanted.includes(active[i].id)) result.push(active[i]);
              ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ For each element of \`active\` (a parameter), this goes through all of \`wanted\` (request data)
        }
        return result;
      }
    `,
  },
  {
    name: 'parsed JSON and a promise callback',
    code: `
      declare function load(): Promise<string[]>;
      export async function sync(req: unknown, body: string) {
        const incoming: Record<string, string> = JSON.parse(body);
        load().then((existing) => {
          for (const key in incoming) {
            if (existing.indexOf(key) === -1) console.log(key);
                ^^^^^^^^^^^^^^^^^^^^^ For each element of \`incoming\` (parsed JSON), this goes through all of \`existing\` (an awaited result) in the .then callback
          }
        });
      }
    `,
  },

  // Silent.
  {
    name: 'a nested structure: the inner collection depends on the outer element',
    code: `
      interface User { orders: number[]; tags: string[] }
      export async function total(req: unknown, users: User[]) {
        let sum = 0;
        for (const user of users) {
          for (const order of user.orders) sum += order;
          const tags = user.tags;
          tags.forEach((tag) => console.log(tag));
        }
        return sum;
      }
    `,
  },
  {
    name: 'bounded or unknown collections',
    code: `
      const ROLES = ['admin', 'user'];
      declare const state: { all: string[] };
      export async function check(req: unknown, ids: string[]) {
        for (const id of ids) {
          if (ROLES.includes(id)) return true;
          for (const role of ['a', 'b']) console.log(role);
          for (const other of state.all) console.log(other);
          if (ids.slice(0, 10).includes(id)) return true;
        }
        return false;
      }
    `,
  },
  {
    name: 'includes on a string is a substring search, not a loop over data',
    code: `
      export async function mentions(req: unknown, words: string[], text: string) {
        return words.filter((word) => text.includes(word));
      }
    `,
  },
  {
    name: 'neither side from the request: parameters and query results of internal code',
    code: `
      declare function categories(): Promise<string[]>;
      export async function privileges(req: unknown, groups: string[]) {
        const cids = await categories();
        return groups.map((group) => cids.filter((cid) => cid !== group));
      }
    `,
  },
  {
    name: 'a loop that awaits yields on every pass',
    code: `
      declare function save(id: string): Promise<void>;
      export async function store(req: unknown, ids: string[], all: string[]) {
        for (const id of ids) {
          if (all.includes(id)) await save(id);
        }
      }
    `,
  },
  {
    name: 'start-up code and helpers are not checked',
    code: `
      declare const input: string[];
      for (const a of input) for (const b of input) console.log(a, b);
      export function pairs(items: string[]) {
        return items.flatMap((a) => items.map((b) => a + b));
      }
    `,
  },
]);
