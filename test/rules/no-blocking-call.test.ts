import { noBlockingCall } from '../../server/src/core/rules/no-blocking-call';
import { ruleTests } from '../harness/ruleTester';
import { NODE } from './eventLoop/nodeDeclarations';

const READ_FILE = 'Use fs/promises readFile with await';
const READ_FILE_ASYNC = 'Use fs/promises readFile with await (makes the callback async)';

ruleTests(noBlockingCall, [
  // Resolution by symbol, with the fs/promises fix.
  {
    name: 'fs.readFileSync through a namespace import, in an async function',
    otherFiles: NODE,
    code: `
      import * as fs from 'fs';
      export async function handler(req: unknown, path: string) {
        const text = fs.readFileSync(path, 'utf8');
                     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ \`readFileSync\` blocks the event loop in the async function \`handler\`
        return text.length;
      }
    `,
    fixes: {
      [READ_FILE]: `
        import * as fs from 'fs';
        export async function handler(req: unknown, path: string) {
          const text = await fs.promises.readFile(path, 'utf8');
          return text.length;
        }
      `,
    },
  },
  {
    name: 'a named import from node:fs gets a named import from node:fs/promises',
    otherFiles: NODE,
    code: `
      import { readFileSync } from 'node:fs';
      export async function handler(req: unknown, path: string) {
        return readFileSync(path, 'utf8').trim();
               ^^^^^^^^^^^^^^^^^^^^^^^^^^ Use \`readFile\` from \`fs/promises\`
      }
    `,
    fixes: {
      [READ_FILE]: `
        import { readFileSync } from 'node:fs';
        import { readFile } from 'node:fs/promises';
        export async function handler(req: unknown, path: string) {
          return (await readFile(path, 'utf8')).trim();
        }
      `,
    },
  },
  {
    name: 'an alias is resolved to the fs function; a name already taken gets another',
    otherFiles: NODE,
    code: `
      import { readFileSync as load } from 'fs';
      const readFile = 'not the function';
      export async function handler(req: unknown, path: string) {
        return load(path).length + readFile.length;
               ^^^^^^^^^^ \`readFileSync\` blocks
      }
    `,
    fixes: {
      [READ_FILE]: `
        import { readFileSync as load } from 'fs';
        import { readFile as readFileAsync } from 'fs/promises';
        const readFile = 'not the function';
        export async function handler(req: unknown, path: string) {
          return (await readFileAsync(path)).length + readFile.length;
        }
      `,
    },
  },
  {
    name: 'an existing fs/promises import is reused',
    otherFiles: NODE,
    code: `
      import { writeFileSync } from 'fs';
      import * as fsp from 'fs/promises';
      export async function save(req: unknown, path: string, data: string) {
        writeFileSync(path, data);
        ^^^^^^^^^^^^^^^^^^^^^^^^^
        await fsp.mkdir('logs');
      }
    `,
    fixes: {
      'Use fs/promises writeFile with await': `
        import { writeFileSync } from 'fs';
        import * as fsp from 'fs/promises';
        export async function save(req: unknown, path: string, data: string) {
          await fsp.writeFile(path, data);
          await fsp.mkdir('logs');
        }
      `,
    },
  },
  {
    name: 'a default import of node:fs is the module object',
    otherFiles: NODE,
    code: `
      import fs from 'node:fs';
      export async function list(req: unknown, dir: string) {
        return fs.readdirSync(dir);
               ^^^^^^^^^^^^^^^^^^^
      }
    `,
    fixes: {
      'Use fs/promises readdir with await': `
        import fs from 'node:fs';
        export async function list(req: unknown, dir: string) {
          return await fs.promises.readdir(dir);
        }
      `,
    },
  },
  {
    name: 'existsSync becomes access(...).then(() => true, () => false)',
    otherFiles: NODE,
    code: `
      import { existsSync } from 'node:fs';
      export async function serve(req: unknown, path: string) {
        if (!existsSync(path)) return 404;
             ^^^^^^^^^^^^^^^^ \`existsSync\`
        return 200;
      }
    `,
    fixes: {
      'Use fs/promises access with await': `
        import { existsSync } from 'node:fs';
        import { access } from 'node:fs/promises';
        export async function serve(req: unknown, path: string) {
          if (!await access(path).then(() => true, () => false)) return 404;
          return 200;
        }
      `,
    },
  },
  {
    name: 'require with destructuring in JavaScript, in an express route handler made async by the fix',
    compilerErrorsBecause: 'CommonJS JavaScript as people write it: untyped handler parameters, and `require` of a module whose types declare an ES default export',
    otherFiles: NODE,
    fileName: 'routes.js',
    code: `
      const { readFileSync } = require('fs');
      const express = require('express');
      const app = express();
      app.get('/users/:id', (req, res) => {
        res.send(readFileSync(req.params.id, 'utf8'));
                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ the GET /users/:id handler
      });
    `,
    fixes: {
      [READ_FILE_ASYNC]: `
        const { readFileSync } = require('fs');
        const express = require('express');
        const { readFile } = require('fs/promises');
        const app = express();
        app.get('/users/:id', async (req, res) => {
          res.send(await readFile(req.params.id, 'utf8'));
        });
      `,
    },
  },
  {
    name: 'fs read through require without destructuring: fs.promises',
    otherFiles: NODE,
    fileName: 'server.js',
    code: `
      const fs = require('node:fs');
      const http = require('http');
      http.createServer((req, res) => {
        res.end(fs.readFileSync('index.html'));
                ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ the request handler
      }).listen(8080);
    `,
    fixes: {
      [READ_FILE_ASYNC]: `
        const fs = require('node:fs');
        const http = require('http');
        http.createServer(async (req, res) => {
          res.end(await fs.promises.readFile('index.html'));
        }).listen(8080);
      `,
    },
  },
  {
    name: 'an event listener, a timer and a promise callback inside a request handler',
    otherFiles: NODE,
    code: `
      import { appendFileSync, readFileSync, statSync } from 'fs';
      import * as http from 'http';
      declare function lookup(): Promise<string>;
      http.createServer((req, res) => {
        req.on('data', (chunk: string) => appendFileSync('log.txt', chunk));
                                          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ the 'data' listener
        setTimeout(() => statSync('log.txt'), 1000);
                         ^^^^^^^^^^^^^^^^^^^ the setTimeout callback
        lookup().then((path) => res.end(readFileSync(path, 'utf8')));
                                        ^^^^^^^^^^^^^^^^^^^^^^^^^^ the .then callback
      }).listen(8080);
    `,
    fixes: {
      'Use fs/promises appendFile with await (makes the callback async)': `
        import { appendFileSync, readFileSync, statSync } from 'fs';
        import * as http from 'http';
        import { appendFile } from 'fs/promises';
        declare function lookup(): Promise<string>;
        http.createServer((req, res) => {
          req.on('data', async (chunk: string) => await appendFile('log.txt', chunk));
          setTimeout(() => statSync('log.txt'), 1000);
          lookup().then((path) => res.end(readFileSync(path, 'utf8')));
        }).listen(8080);
      `,
      'Use fs/promises stat with await (makes the callback async)': `
        import { appendFileSync, readFileSync, statSync } from 'fs';
        import * as http from 'http';
        import { stat } from 'fs/promises';
        declare function lookup(): Promise<string>;
        http.createServer((req, res) => {
          req.on('data', (chunk: string) => appendFileSync('log.txt', chunk));
          setTimeout(async () => await stat('log.txt'), 1000);
          lookup().then((path) => res.end(readFileSync(path, 'utf8')));
        }).listen(8080);
      `,
      [READ_FILE_ASYNC]: `
        import { appendFileSync, readFileSync, statSync } from 'fs';
        import * as http from 'http';
        import { readFile } from 'fs/promises';
        declare function lookup(): Promise<string>;
        http.createServer((req, res) => {
          req.on('data', (chunk: string) => appendFileSync('log.txt', chunk));
          setTimeout(() => statSync('log.txt'), 1000);
          lookup().then(async (path) => res.end(await readFile(path, 'utf8')));
        }).listen(8080);
      `,
    },
  },
  {
    name: 'a Node-style (err, data) callback in a handler is recognised by convention only: a hint, no fix',
    otherFiles: NODE,
    code: `
      import { readFile, writeFileSync } from 'fs';
      import express from 'express';
      const app = express();
      app.post('/copy', (req, res) => {
        readFile('in.txt', (err, data) => {
          if (!err) writeFileSync('out.txt', data);
                    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ [hint] the callback of readFile
          res.send('ok');
        });
      });
    `,
  },
  {
    name: 'callbacks that run once follow the code that registered them: at start-up, or in a helper nobody calls',
    otherFiles: NODE,
    code: `
      import { readFile, readFileSync, writeFileSync } from 'fs';
      declare function connect(): Promise<void>;
      connect().then(() => writeFileSync('pid', '1'));
      setTimeout(() => readFileSync('warmup.txt'), 100);
      readFile('config.json', (err, data) => writeFileSync('config.bak', data));
      (async () => {
        readFileSync('banner.txt');
      })();
      export function helper(done: Promise<void>) {
        done.then(() => writeFileSync('done', 'yes'));
      }
    `,
  },
  {
    name: 'a once-callback inside a helper is followed from the handler that calls it',
    otherFiles: NODE,
    code: `
      import { writeFileSync } from 'fs';
      import express from 'express';
      declare function query(): Promise<string>;
      function save() {
        query().then((rows) => writeFileSync('cache.json', rows));
      }
      const app = express();
      app.post('/save', (req, res) => {
        save();
        ^^^^^^ POST /save handler → save → writeFileSync
        res.send('ok');
      });
    `,
  },
  {
    name: 'inside a synchronous array callback of an async function: flagged, no fix (await cannot go there)',
    otherFiles: NODE,
    code: `
      import { readFileSync } from 'fs';
      export async function bundle(req: unknown, files: string[]) {
        return files.map((file) => readFileSync(file, 'utf8')).join('\\n');
                                   ^^^^^^^^^^^^^^^^^^^^^^^^^^
      }
    `,
  },
  {
    name: 'a stat with throwIfNoEntry has no promise counterpart: no fix',
    otherFiles: NODE,
    code: `
      import { statSync } from 'fs';
      export async function size(req: unknown, path: string) {
        return statSync(path, { throwIfNoEntry: false })?.size;
               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
      }
    `,
  },
  {
    name: 'descriptor-based fs calls have no drop-in counterpart: no fix',
    otherFiles: NODE,
    code: `
      import { openSync } from 'fs';
      export async function open(req: unknown, path: string) {
        return openSync(path, 'r');
               ^^^^^^^^^^^^^^^^^^^ the asynchronous \`fs/promises\` API
      }
    `,
  },

  // child_process, zlib, crypto, Atomics.
  {
    name: 'execSync with a utf8 encoding becomes promisified exec',
    otherFiles: NODE,
    code: `
      import { execSync } from 'node:child_process';
      export async function revision(req: unknown) {
        return execSync('git rev-parse HEAD', { encoding: 'utf8' }).trim();
               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ \`execSync\`
      }
    `,
    fixes: {
      'Use promisified exec with await': `
        import { execSync } from 'node:child_process';
        import { promisify } from 'node:util';
        import { exec } from 'node:child_process';
        export async function revision(req: unknown) {
          return (await promisify(exec)('git rev-parse HEAD', { encoding: 'utf8' })).stdout.trim();
        }
      `,
    },
  },
  {
    name: 'execFileSync through a namespace, with util already imported',
    otherFiles: NODE,
    code: `
      import * as cp from 'child_process';
      import { promisify } from 'util';
      export async function status(req: unknown, dir: string) {
        const out = cp.execFileSync('git', ['status'], { encoding: 'utf8', cwd: dir });
                    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
        return promisify.length + out.length;
      }
    `,
    fixes: {
      'Use promisified execFile with await': `
        import * as cp from 'child_process';
        import { promisify } from 'util';
        export async function status(req: unknown, dir: string) {
          const out = (await promisify(cp.execFile)('git', ['status'], { encoding: 'utf8', cwd: dir })).stdout;
          return promisify.length + out.length;
        }
      `,
    },
  },
  {
    name: 'execSync without an encoding returns a Buffer: no fix; spawnSync: no fix',
    otherFiles: NODE,
    code: `
      import { execSync, spawnSync } from 'child_process';
      export async function run(req: unknown) {
        spawnSync('make');
        ^^^^^^^^^^^^^^^^^ \`spawnSync\`
        return execSync('ls');
               ^^^^^^^^^^^^^^
      }
    `,
  },
  {
    name: 'zlib gzipSync becomes promisified gzip',
    otherFiles: NODE,
    code: `
      import * as zlib from 'zlib';
      export async function compress(req: unknown, body: string) {
        return zlib.gzipSync(body);
               ^^^^^^^^^^^^^^^^^^^ \`gzipSync\`
      }
    `,
    fixes: {
      'Use promisified gzip with await': `
        import * as zlib from 'zlib';
        import { promisify } from 'util';
        export async function compress(req: unknown, body: string) {
          return await promisify(zlib.gzip)(body);
        }
      `,
    },
  },
  {
    name: 'crypto pbkdf2Sync becomes promisified pbkdf2; scryptSync is flagged without a fix (promisify types scrypt as unknown)',
    otherFiles: NODE,
    code: `
      import { pbkdf2Sync, scryptSync } from 'node:crypto';
      export async function derive(req: unknown, password: string, salt: string) {
        const a = pbkdf2Sync(password, salt, 100000, 64, 'sha512');
                  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ \`pbkdf2Sync\`
        const b = scryptSync(password, salt, 64, { N: 16384 });
                  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ \`scryptSync\`
        return a.length + b.length;
      }
    `,
    fixes: {
      'Use promisified pbkdf2 with await': `
        import { pbkdf2Sync, scryptSync } from 'node:crypto';
        import { promisify } from 'node:util';
        import { pbkdf2 } from 'node:crypto';
        export async function derive(req: unknown, password: string, salt: string) {
          const a = await promisify(pbkdf2)(password, salt, 100000, 64, 'sha512');
          const b = scryptSync(password, salt, 64, { N: 16384 });
          return a.length + b.length;
        }
      `,
    },
  },
  {
    name: 'generateKeyPairSync is flagged without a fix; randomBytes of a large constant size is flagged',
    otherFiles: NODE,
    code: `
      import * as crypto from 'crypto';
      export async function keys(req: unknown) {
        const pair = crypto.generateKeyPairSync('rsa', { modulusLength: 4096 });
                     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
        const noise = crypto.randomBytes(1 << 20);
                      ^^^^^^^^^^^^^^^^^^^^^^^^^^^ \`randomBytes\`
        return [pair, noise];
      }
    `,
    fixes: {
      'Use promisified randomBytes with await': `
        import * as crypto from 'crypto';
        import { promisify } from 'util';
        export async function keys(req: unknown) {
          const pair = crypto.generateKeyPairSync('rsa', { modulusLength: 4096 });
          const noise = await promisify(crypto.randomBytes)(1 << 20);
          return [pair, noise];
        }
      `,
    },
  },
  {
    name: 'Atomics.wait in an interval callback',
    code: `
      declare const shared: Int32Array;
      setInterval(() => {
        Atomics.wait(shared, 0, 0, 100);
        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ \`Atomics.wait\` blocks the event loop in the setInterval callback
      }, 10);
    `,
  },

  // Helpers followed through calls.
  {
    name: 'a synchronous helper is reported at the call, with the chain',
    otherFiles: NODE,
    code: `
      import { readFileSync } from 'fs';
      function loadTemplate(name: string) {
        return readFileSync(\`views/\${name}.html\`, 'utf8');
      }
      export async function render(req: unknown, page: string) {
        return loadTemplate(page);
               ^^^^^^^^^^^^^^^^^^ \`loadTemplate\` blocks the event loop in the async function \`render\`: it calls \`readFileSync\` (render → loadTemplate → readFileSync)
      }
    `,
  },
  {
    name: 'a helper in another file, resolved through the import',
    otherFiles: {
      ...NODE,
      '/templates.ts': `
        import * as fs from 'fs';
        export function loadTemplate(name: string) {
          return compile(fs.readFileSync(name, 'utf8'));
        }
        function compile(text: string) {
          return text.trim();
        }
      `,
    },
    code: `
      import express from 'express';
      import { loadTemplate } from './templates';
      const app = express();
      app.get('/', (req, res) => {
        res.send(loadTemplate('home.html'));
                 ^^^^^^^^^^^^^^^^^^^^^^^^^ GET / handler → loadTemplate → readFileSync
      });
    `,
  },
  {
    name: 'a chain three helpers deep is followed',
    otherFiles: NODE,
    code: `
      import { readFileSync } from 'fs';
      function a() { return b(); }
      function b() { return c(); }
      function c() { return readFileSync('x', 'utf8'); }
      export async function handler(req: unknown) {
        return a();
               ^^^ handler → a → b → c → readFileSync
      }
    `,
  },
  {
    name: 'a chain four helpers deep is beyond the bound',
    otherFiles: NODE,
    code: `
      import { readFileSync } from 'fs';
      function a() { return b(); }
      function b() { return c(); }
      function c() { return d(); }
      function d() { return readFileSync('x', 'utf8'); }
      export async function handler(req: unknown) {
        return a();
      }
    `,
  },
  {
    name: 'a method of a class and a constructor are followed',
    otherFiles: NODE,
    code: `
      import { readFileSync, existsSync } from 'fs';
      class Store {
        constructor(readonly dir: string) {
          if (!existsSync(dir)) throw new Error('missing');
        }
        read(key: string) {
          return readFileSync(\`\${this.dir}/\${key}\`, 'utf8');
        }
      }
      export async function handler(req: unknown, key: string) {
        const store = new Store('/data');
                      ^^^^^^^^^ new Store → existsSync
        return store.read(key);
               ^^^^^^^^^^^^^^^ handler → read → readFileSync
      }
    `,
  },
  {
    name: 'a function registered by name is a root itself: its own call is reported',
    otherFiles: NODE,
    code: `
      import * as http from 'http';
      import { readFileSync } from 'fs';
      function onRequest(req: http.IncomingMessage, res: http.ServerResponse) {
        res.end(readFileSync('index.html'));
                ^^^^^^^^^^^^^^^^^^^^^^^^^^ in \`onRequest\` (the request handler)
      }
      http.createServer(onRequest).listen(8080);
    `,
  },
  {
    name: 'an async helper is checked where it is, not at its callers',
    otherFiles: NODE,
    code: `
      import { readFileSync } from 'fs';
      async function load() {
        return readFileSync('x', 'utf8');
               ^^^^^^^^^^^^^^^^^^^^^^^^^ the async function \`load\`
      }
      export async function handler(req: unknown) {
        return load();
      }
    `,
    fixes: {
      [READ_FILE]: `
        import { readFileSync } from 'fs';
        import { readFile } from 'fs/promises';
        async function load() {
          return await readFile('x', 'utf8');
        }
        export async function handler(req: unknown) {
          return load();
        }
      `,
    },
  },
  {
    name: 'route objects and decorated controller methods',
    otherFiles: NODE,
    code: `
      import { readFileSync } from 'fs';
      declare const fastify: { route(options: { method: string; url: string; handler(req: unknown): unknown }): void };
      declare function Get(path?: string): (target: unknown, context: ClassMethodDecoratorContext) => void;
      fastify.route({
        method: 'GET',
        url: '/health',
        handler(req) {
          return readFileSync('status.json', 'utf8');
                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ the route handler
        },
      });
      export class UsersController {
        @Get('/users')
        list() {
          return readFileSync('users.json', 'utf8');
                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ the handler \`list\`
        }
      }
    `,
  },

  {
    name: 'an async function with callers on the event loop is a root, with certainty',
    otherFiles: NODE,
    code: `
      import { readFileSync } from 'fs';
      import express from 'express';
      async function loadUser(id: string) {
        return JSON.parse(readFileSync(\`users/\${id}.json\`, 'utf8'));
                          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ [warning] the async function \`loadUser\`
      }
      const app = express();
      app.get('/users/:id', async (req, res) => {
        res.json(await loadUser(req.params.id));
      });
    `,
    fixes: {
      [READ_FILE]: `
        import { readFileSync } from 'fs';
        import express from 'express';
        import { readFile } from 'fs/promises';
        async function loadUser(id: string) {
          return JSON.parse(await readFile(\`users/\${id}.json\`, 'utf8'));
        }
        const app = express();
        app.get('/users/:id', async (req, res) => {
          res.json(await loadUser(req.params.id));
        });
      `,
    },
  },
  {
    name: 'a result stored without a guard is per-call work: flagged, and followed',
    otherFiles: NODE,
    code: `
      import { readFileSync } from 'fs';
      import express from 'express';
      class Session {
        data = '';
        reload() {
          this.data = readFileSync('session.json', 'utf8');
        }
      }
      const session = new Session();
      const app = express();
      app.get('/session', (req, res) => {
        session.reload();
        ^^^^^^^^^^^^^^^^ GET /session handler → reload → readFileSync
        res.send(session.data);
      });
    `,
  },
  // Configured blocking functions.
  {
    name: 'blockingFunctions from the options: a synchronous database driver',
    otherFiles: {
      ...NODE,
      '/sqlite.d.ts': `
        declare module 'better-sqlite3' {
          export interface Statement {
            all(...params: unknown[]): unknown[];
            run(...params: unknown[]): void;
          }
          export default class Database {
            constructor(file: string);
            prepare(sql: string): Statement;
          }
        }
      `,
    },
    options: { blockingFunctions: [{ module: 'better-sqlite3', export: 'Statement.*' }, { module: 7 }, 'nonsense'] },
    code: `
      import Database from 'better-sqlite3';
      const db = new Database('app.db');
      const users = db.prepare('select * from users');
      export async function handler(req: unknown) {
        return users.all();
               ^^^^^^^^^^^ \`Statement.all\` blocks the event loop in the async function \`handler\`: nothing else runs until it returns. It is listed in this rule's \`blockingFunctions\` option.
      }
    `,
  },
  {
    name: 'blockingFunctions naming a class covers its methods; node: prefixes are ignored',
    otherFiles: {
      ...NODE,
      '/sqlite.d.ts': `
        declare module 'better-sqlite3' {
          export default class Database {
            constructor(file: string);
            exec(sql: string): void;
          }
        }
      `,
    },
    options: {
      blockingFunctions: [
        { module: 'better-sqlite3', export: 'Database' },
        { module: 'node:fs', export: 'nothing' },
      ],
    },
    code: `
      import Database from 'better-sqlite3';
      const db = new Database('app.db');
      setInterval(() => db.exec('vacuum'), 60_000);
                        ^^^^^^^^^^^^^^^^^ \`Database.exec\` blocks the event loop in the setInterval callback
    `,
  },
  {
    // The pattern is the workspace's: a backtracking translation would take hours on this name.
    name: 'blockingFunctions export patterns match in linear time, even with many wildcards and a long name',
    otherFiles: {
      ...NODE,
      '/driver.d.ts': `
        declare module 'driver' {
          export interface Handle {
            ${'a'.repeat(1000)}(): void;
            ${'a'.repeat(30)}b(): void;
          }
          export function open(): Handle;
        }
      `,
    },
    options: { blockingFunctions: [{ module: 'driver', export: 'Handle.*a*a*a*a*a*a*a*a*a*a*a*a*b' }] },
    code: `
      import { open } from 'driver';
      const handle = open();
      export async function handler(req: unknown) {
        handle.${'a'.repeat(1000)}();
        handle.${'a'.repeat(30)}b();
        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ \`Handle.${'a'.repeat(30)}b\` blocks the event loop in the async function \`handler\`: nothing else runs until it returns. It is listed in this rule's \`blockingFunctions\` option.
      }
    `,
  },
  {
    name: 'without the option, the driver is not known to block',
    otherFiles: {
      ...NODE,
      '/sqlite.d.ts': `
        declare module 'better-sqlite3' {
          export interface Statement {
            all(...params: unknown[]): unknown[];
          }
          export default class Database {
            constructor(file: string);
            prepare(sql: string): Statement;
          }
        }
      `,
    },
    code: `
      import Database from 'better-sqlite3';
      const db = new Database('app.db');
      export async function handler(req: unknown) {
        return db.prepare('select 1').all();
      }
    `,
  },

  // Silent.
  { name: 'module top level is start-up', otherFiles: NODE, code: `import { readFileSync } from 'fs';\nexport const config = JSON.parse(readFileSync('config.json', 'utf8'));` },
  {
    name: 'an async main() called once at top level is start-up, and so is what only it calls',
    otherFiles: NODE,
    code: `
      import { readFileSync } from 'fs';
      async function loadConfig() {
        return JSON.parse(readFileSync('config.json', 'utf8'));
      }
      async function main() {
        const config = await loadConfig();
        console.log(readFileSync(config.banner, 'utf8'));
      }
      main().catch((error) => console.error(error));
    `,
  },
  {
    name: 'a main() called from a require.main === module block is start-up',
    otherFiles: NODE,
    fileName: 'cli.js',
    code: `
      const fs = require('fs');
      async function main() {
        fs.writeFileSync('out.txt', 'done');
      }
      if (require.main === module) {
        main();
      }
    `,
  },
  {
    name: 'listen callbacks, command-line actions, tests and process exit handlers',
    otherFiles: NODE,
    code: `
      import { readFileSync, writeFileSync } from 'fs';
      import express from 'express';
      declare const program: { command(name: string): { action(fn: (...args: any[]) => unknown): void } };
      declare function it(name: string, fn: () => unknown): void;
      const app = express();
      app.listen(3000, () => console.log(readFileSync('banner.txt', 'utf8')));
      program.command('build').action(async () => writeFileSync('out.txt', 'x'));
      it('reads the fixture', async () => readFileSync('fixture.json', 'utf8'));
      process.on('exit', () => writeFileSync('state.json', '{}'));
    `,
  },
  {
    name: 'a file that runs in a worker thread',
    otherFiles: NODE,
    code: `
      import { parentPort } from 'worker_threads';
      import { readFileSync } from 'fs';
      parentPort?.on('message', async (path: string) => {
        parentPort?.postMessage(readFileSync(path, 'utf8'));
      });
    `,
  },
  {
    name: 'a synchronous function with no known caller on the event loop',
    otherFiles: NODE,
    code: `
      import { readFileSync } from 'fs';
      export function loadTemplate(name: string) {
        return readFileSync(name, 'utf8');
      }
    `,
  },
  {
    name: 'results kept in long-lived state: lazy initialisation and caches',
    otherFiles: NODE,
    code: `
      import { readFileSync } from 'fs';
      let template: string | undefined;
      let config: { port: number } | undefined;
      const cache = new Map<string, string>();
      export async function render(req: unknown, name: string) {
        template ??= readFileSync('page.html', 'utf8');
        if (!config) config = JSON.parse(readFileSync('config.json', 'utf8'));
        if (!cache.has(name)) cache.set(name, readFileSync(name, 'utf8'));
        return template + cache.get(name) + config?.port;
      }
      export class Views {
        private header?: string;
        async render() {
          this.header = this.header ?? readFileSync('header.html').toString();
          return this.header;
        }
      }
    `,
  },
  {
    name: 'work inside a block that fills a missing cache entry runs once per entry',
    otherFiles: NODE,
    code: `
      import { openSync, readFileSync } from 'fs';
      import express from 'express';
      const archives: Record<string, { fd: number; header: string }> = {};
      const app = express();
      app.get('/asset/:name', (req, res) => {
        if (!archives[req.params.name]) {
          const fd = openSync(req.params.name, 'r');
          archives[req.params.name] = { fd, header: readFileSync(req.params.name, 'utf8') };
        }
        res.send(archives[req.params.name].header);
      });
    `,
  },
  {
    name: 'helpers that keep results in long-lived state are not followed into',
    otherFiles: NODE,
    code: `
      import { readFileSync } from 'fs';
      let template: string | undefined;
      function getTemplate() {
        template ??= readFileSync('page.html', 'utf8');
        return template;
      }
      export async function render(req: unknown) {
        return getTemplate();
      }
    `,
  },
  {
    name: 'an async function nobody in the project calls, without handler-like parameters (a framework hook, an API)',
    otherFiles: NODE,
    code: `
      import { existsSync, mkdirSync } from 'fs';
      export async function expressCreateServer(hookName: string, settings: { dir: string }) {
        if (!existsSync(settings.dir)) mkdirSync(settings.dir);
      }
    `,
  },
  {
    name: 'an async function that starts the server is start-up code',
    otherFiles: NODE,
    code: `
      import { readFileSync } from 'fs';
      import * as http from 'http';
      export async function start(req: unknown, port: number) {
        const banner = readFileSync('banner.txt', 'utf8');
        const server = http.createServer((request, response) => response.end(banner));
        server.listen(port);
      }
    `,
  },
  {
    name: 'a lazy singleton is not followed into',
    otherFiles: NODE,
    code: `
      import { readFileSync } from 'fs';
      import express from 'express';
      class Server {
        static instance: Server | undefined;
        config = JSON.parse(readFileSync('config.json', 'utf8'));
        constructor() {
          this.config = JSON.parse(readFileSync('config.json', 'utf8'));
        }
        static getInstance() {
          if (Server.instance === undefined) {
            Server.instance = new Server();
          }
          return Server.instance;
        }
      }
      const app = express();
      app.get('/config', (req, res) => res.json(Server.getInstance().config));
    `,
  },
  {
    name: 'handlers registered only in development or test mode',
    otherFiles: NODE,
    code: `
      import { cpSync } from 'fs';
      import express from 'express';
      declare const isDev: boolean;
      const app = express();
      if (isDev) {
        app.get('/_debug/snapshot', (req, res) => {
          cpSync('db.sqlite', 'db.snapshot');
          res.send('ok');
        });
      }
      if (process.argv.includes('--serve')) app.listen(3000);
    `,
  },
  {
    name: 'a plugin function only development mode runs, imported dynamically',
    otherFiles: {
      ...NODE,
      '/server.ts': `
        import express from 'express';
        export async function start(req: unknown, options: { dev: boolean }) {
          const app = express();
          if (options.dev) {
            await (await import('./test')).default(app);
          }
          return app;
        }
      `,
    },
    code: `
      import { readFileSync } from 'fs';
      import type { Application } from 'express';
      export default async (app: Application) => {
        app.get('/', (req, res) => res.send(readFileSync('index.html', 'utf8')));
      };
    `,
  },
  {
    name: 'the same plugin, also run in production: flagged',
    otherFiles: {
      ...NODE,
      '/server.ts': `
        import express from 'express';
        export async function start(req: unknown) {
          const app = express();
          await (await import('./test')).default(app);
          return app;
        }
      `,
    },
    code: `
      import { readFileSync } from 'fs';
      import type { Application } from 'express';
      export default async (app: Application) => {
        app.get('/', (req, res) => res.send(readFileSync('index.html', 'utf8')));
                                            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ the GET / handler
      };
    `,
    fixes: {
      [READ_FILE_ASYNC]: `
        import { readFileSync } from 'fs';
        import type { Application } from 'express';
        import { readFile } from 'fs/promises';
        export default async (app: Application) => {
          app.get('/', async (req, res) => res.send(await readFile('index.html', 'utf8')));
        };
      `,
    },
  },
  {
    name: 'reading the command line input, and procfs',
    otherFiles: NODE,
    code: `
      import { readFileSync, writeFileSync } from 'fs';
      import express from 'express';
      const app = express();
      app.get('/memory', (req, res) => {
        res.send(readFileSync('/proc/meminfo', 'utf8'));
      });
      const statistics = '/sys/class/net/eth0/statistics/';
      app.get('/net', (req, res) => {
        res.send(readFileSync(statistics + 'rx_bytes', 'utf8'));
      });
      process.stdin.on('data', (chunk: string) => writeFileSync('input.txt', chunk));
    `,
  },
  {
    name: 'listeners registered inside test code, and once-events at start-up',
    otherFiles: NODE,
    code: `
      import { readFileSync, unlinkSync } from 'fs';
      import * as http from 'http';
      declare function it(name: string, fn: () => unknown): void;
      declare const child: { on(event: 'exit', listener: (code: number) => void): void };
      it('serves the page', () => {
        http.createServer((req, res) => res.end(readFileSync('page.html'))).listen(0);
      });
      child.on('exit', () => unlinkSync('child.pid'));
    `,
  },
  {
    name: 'a script: a shebang, top-level work, no server',
    otherFiles: NODE,
    fileName: 'download.js',
    code: `
      #!/usr/bin/env node
      const fs = require('fs');
      const { EventEmitter } = require('events');
      const stream = new EventEmitter();
      stream.on('data', (chunk) => fs.appendFileSync('download.bin', chunk));
      setInterval;
      main();
      async function main() {
        fs.writeFileSync('started', 'yes');
      }
    `,
  },
  {
    name: 'calls whose callee does not resolve are never flagged',
    code: `
      declare const fs: any;
      export async function handler(req: unknown) {
        return fs.readFileSync('x', 'utf8');
      }
    `,
  },
  {
    name: 'a project function named readFileSync is not the fs function',
    code: `
      function readFileSync(path: string) {
        return path.toUpperCase();
      }
      export async function handler(req: unknown) {
        return readFileSync('x');
      }
    `,
  },
  {
    name: 'cheap crypto calls stay silent',
    otherFiles: NODE,
    code: `
      import { createHash, randomBytes, randomUUID } from 'crypto';
      export async function token(req: unknown, size: number) {
        return [randomUUID(), randomBytes(16), randomBytes(size), createHash('sha256').update('x').digest('hex')];
      }
    `,
  },
  {
    name: 'a sync generator body does not run when it is called',
    otherFiles: NODE,
    code: `
      import { readFileSync } from 'fs';
      function* lines() {
        yield readFileSync('x', 'utf8');
      }
      export async function handler(req: unknown) {
        return lines();
      }
    `,
  },
  {
    name: "a setup wizard's own server, closed when the administrator is done, runs before the real server",
    otherFiles: NODE,
    fileName: 'setup-database.ts',
    code: `
      import express from 'express';
      import { writeFileSync } from 'fs';
      declare const wizard: { close(): void };
      const app = express();
      app.post('/setup-database', (req, res) => {
        writeDatabaseConfig(req.body);
        res.json({ ok: true });
        wizard.close();
      });
      app.listen(3000);
      function writeDatabaseConfig(config: unknown) {
        writeFileSync('db-config.json', JSON.stringify(config));
      }
    `,
  },
  {
    name: 'a file named setup that registers routes of the server that stays up: flagged',
    otherFiles: NODE,
    fileName: 'setup.ts',
    code: `
      import express from 'express';
      import { writeFileSync } from 'fs';
      const app = express();
      app.post('/profile', (req, res) => {
        writeProfile(req.body);
        ^^^^^^^^^^^^^^^^^^^^^^ \`writeProfile\` blocks the event loop in the POST /profile handler: it calls \`writeFileSync\`
        res.json({ ok: true });
      });
      app.listen(3000);
      function writeProfile(profile: unknown) {
        writeFileSync('profile.json', JSON.stringify(profile));
      }
    `,
  },
  {
    name: 'a listener that restarts the server: what it does first is start-up again; reloading alone is not',
    otherFiles: NODE,
    code: `
      import { readFileSync } from 'fs';
      interface Socket { on(event: string, listener: (...args: any[]) => void): void }
      declare const io: { on(event: 'connection', listener: (socket: Socket) => void): void };
      declare const hooks: { callAll(name: string): Promise<void> };
      let settings: unknown;
      function reloadSettings() {
        settings = JSON.parse(readFileSync('settings.json', 'utf8'));
      }
      io.on('connection', (socket) => {
        socket.on('restartServer', async () => {
          reloadSettings();
          await hooks.callAll('restartServer');
        });
        socket.on('reloadSettings', () => {
          reloadSettings();
          ^^^^^^^^^^^^^^^^ \`reloadSettings\` blocks the event loop in the 'reloadSettings' listener
        });
      });
      export { settings };
    `,
  },
  {
    name: 'a development server under scripts/ serves nobody in production',
    otherFiles: NODE,
    fileName: 'scripts/serve-docs.ts',
    code: `
      import express from 'express';
      import { readFileSync } from 'fs';
      const app = express();
      app.get('/', (req, res) => res.send(page()));
      app.listen(3000);
      function page() {
        return readFileSync('docs/index.html', 'utf8');
      }
    `,
  },
  {
    name: 'the same server elsewhere in the project: flagged',
    otherFiles: NODE,
    fileName: 'src/serve-docs.ts',
    code: `
      import express from 'express';
      import { readFileSync } from 'fs';
      const app = express();
      app.get('/', (req, res) => res.send(page()));
                                          ^^^^^^ \`page\` blocks the event loop in the GET / handler
      app.listen(3000);
      function page() {
        return readFileSync('docs/index.html', 'utf8');
      }
    `,
  },
]);
