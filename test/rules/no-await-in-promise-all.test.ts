import { noAwaitInPromiseAll } from '../../server/src/core/rules/no-await-in-promise-all';
import { ruleTests } from '../harness/ruleTester';

const REMOVE = 'Remove await';

ruleTests(noAwaitInPromiseAll, [
  {
    name: 'an awaited element of Promise.all',
    code: `
      declare function getUser(): Promise<string>;
      declare function getTeam(): Promise<number>;
      export async function load() {
        const [user, team] = await Promise.all([await getUser(), getTeam()]);
                                                ^^^^^^^^^^^^^^^ [warning] \`await getUser()\` is awaited while the array for Promise.all is built
        return user + team;
      }
    `,
    fixes: {
      [REMOVE]: `
        declare function getUser(): Promise<string>;
        declare function getTeam(): Promise<number>;
        export async function load() {
          const [user, team] = await Promise.all([getUser(), getTeam()]);
          return user + team;
        }
      `,
    },
  },
  {
    name: 'Promise.race with a parenthesized await',
    code: `
      declare function fetchFast(): Promise<string>;
      export async function first(timeout: Promise<never>) {
        return Promise.race([(await fetchFast()), timeout]);
                             ^^^^^^^^^^^^^^^^^^^ Promise.race
      }
    `,
    fixes: {
      [REMOVE]: `
        declare function fetchFast(): Promise<string>;
        export async function first(timeout: Promise<never>) {
          return Promise.race([fetchFast(), timeout]);
        }
      `,
    },
  },
  {
    name: 'each awaited element of allSettled is its own finding',
    code: `
      declare function a(): Promise<1>;
      declare function b(): Promise<2>;
      export async function both() {
        return Promise.allSettled([await a(), await b()]);
                                   ^^^^^^^^^
                                              ^^^^^^^^^
      }
    `,
    fixes: {
      [`${REMOVE} #1`]: `
        declare function a(): Promise<1>;
        declare function b(): Promise<2>;
        export async function both() {
          return Promise.allSettled([a(), await b()]);
        }
      `,
      [`${REMOVE} #2`]: `
        declare function a(): Promise<1>;
        declare function b(): Promise<2>;
        export async function both() {
          return Promise.allSettled([await a(), b()]);
        }
      `,
    },
  },
  { name: 'promises handed as they are', code: `declare function a(): Promise<1>;\nasync function f() { return Promise.all([a(), a()]); }` },
  { name: 'an await nested inside an element', code: `declare function a(): Promise<{ b: Promise<1> }>;\nasync function f() { return Promise.all([(await a()).b]); }` },
  { name: 'an array built elsewhere', code: `declare function a(): Promise<1>;\nasync function f() { const list = [await a()]; return Promise.all(list); }` },
  {
    name: 'another object with an all method',
    code: `declare const Batch: { all(items: unknown[]): Promise<void> };\ndeclare function a(): Promise<1>;\nasync function f() { return Batch.all([await a()]); }`,
  },
]);
