import { describe } from 'node:test';
import { noBlockingCall } from '../../server/src/core/rules/no-blocking-call';
import { noFloatingPromises } from '../../server/src/core/rules/no-floating-promises';
import { preferPromiseAll } from '../../server/src/core/rules/prefer-promise-all';
import { ruleTests } from '../harness/ruleTester';
import { NODE } from '../rules/eventLoop/nodeDeclarations';

/**
 * What a project declares in asynclint.config.json joins the knowledge base,
 * keyed by declaration: each case below is found without the declaration and
 * changes with it, whatever the variable holding the function is called.
 */

const TELEMETRY = {
  '/node_modules/@acme/telemetry/index.d.ts': `
    export declare class Tracker {
      flush(): Promise<void>;
    }
  `,
};

const CATALOG = {
  '/node_modules/@acme/catalog/index.d.ts': `
    export declare class CatalogClient {
      productById(id: string): Promise<{ name: string }>;
      priceById(id: string): Promise<number>;
    }
  `,
};

const SQLITE = {
  ...NODE,
  '/node_modules/@acme/sqlite/index.d.ts': `
    export declare class Statement {
      all(): unknown[];
    }
    export declare class Database {
      prepare(sql: string): Statement;
    }
  `,
};

describe('functions the configuration declares', () => {
  ruleTests(noFloatingPromises, [
    {
      name: 'a dropped promise of a library method is an unhandled rejection by default',
      otherFiles: TELEMETRY,
      code: `
        import { Tracker } from '@acme/telemetry';
        export async function report(anything: Tracker) {
          anything.flush();
          ^^^^^^^^^^^^^^^^ neither awaited
        }
      `,
      fixes: {
        'Add await': `
          import { Tracker } from '@acme/telemetry';
          export async function report(anything: Tracker) {
            await anything.flush();
          }
        `,
        'Append .catch(...) that logs the error': `
          import { Tracker } from '@acme/telemetry';
          export async function report(anything: Tracker) {
            anything.flush().catch((error) => console.error(error));
          }
        `,
        'Add void to mark it fire-and-forget': `
          import { Tracker } from '@acme/telemetry';
          export async function report(anything: Tracker) {
            void anything.flush();
          }
        `,
      },
    },
    {
      name: 'neverRejectingFunctions: the same call, declared never-rejecting, is silent',
      otherFiles: TELEMETRY,
      knowledge: { neverRejectingFunctions: [{ module: '@acme/telemetry', export: 'Tracker.flush' }] },
      code: `
        import { Tracker } from '@acme/telemetry';
        export async function report(anything: Tracker) {
          anything.flush();
        }
      `,
    },
  ]);

  ruleTests(preferPromiseAll, [
    {
      name: 'calls whose names say nothing are not known to read, by default',
      otherFiles: CATALOG,
      code: `
        import { CatalogClient } from '@acme/catalog';
        export async function show(c: CatalogClient, id: string) {
          const product = await c.productById(id);
          const price = await c.priceById(id);
          return { product, price };
        }
      `,
    },
    {
      name: 'readOnlyFunctions: the same calls, declared read-only, run together',
      otherFiles: CATALOG,
      knowledge: { readOnlyFunctions: [{ module: '@acme/catalog', export: 'CatalogClient.*ById' }] },
      code: `
        import { CatalogClient } from '@acme/catalog';
        export async function show(c: CatalogClient, id: string) {
          const product = await c.productById(id);
          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ Promise.all
          const price = await c.priceById(id);
          return { product, price };
        }
      `,
      fixes: {
        'Run together with Promise.all': `
          import { CatalogClient } from '@acme/catalog';
          export async function show(c: CatalogClient, id: string) {
            const [product, price] = await Promise.all([c.productById(id), c.priceById(id)]);
            return { product, price };
          }
        `,
      },
    },
  ]);

  ruleTests(noBlockingCall, [
    {
      name: 'blockingFunctions from the configuration file: every method of the declared class',
      otherFiles: SQLITE,
      knowledge: { blockingFunctions: [{ module: '@acme/sqlite', export: 'Database' }] },
      code: `
        import { Database } from '@acme/sqlite';
        declare const server: { on(event: 'request', listener: (request: unknown) => void): void };
        declare const handle: Database;
        server.on('request', () => handle.prepare('SELECT 1'));
                                   ^^^^^^^^^^^^^^^^^^^^^^^^^^ Database.prepare
      `,
    },
  ]);
});
