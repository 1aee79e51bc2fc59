import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { largeSource, STRICT_TSCONFIG, tempProject } from '../harness/tempProject';
import { REPOSITORY_ROOT } from '../harness/vsix';

/** The command line as users run it: the bundled dist/cli.js. */
const CLI = path.join(REPOSITORY_ROOT, 'dist', 'cli.js');

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const FLOATING = `
  declare function save(): Promise<void>;
  export async function handler() {
    save();
  }
`;
const CLEAN = `
  declare function save(): Promise<void>;
  export async function handler() {
    await save();
  }
`;

describe('command line', () => {
  test('exit 1 and a stylish report when something is found', () => {
    const root = tempProject({ 'tsconfig.json': STRICT_TSCONFIG, 'src/handler.ts': FLOATING });
    const { code, stdout, stderr } = cli(root);
    assert.equal(code, 1, stderr);
    assert.match(stdout, new RegExp(`${root}/src/handler.ts`));
    assert.match(stdout, /3:3\s+warning\s+The promise returned by `save\(\)`.*no-floating-promises/);
    assert.match(stdout, /1 problem \(0 errors, 1 warning/);
  });

  test('exit 0 and no output when nothing is found', () => {
    const root = tempProject({ 'tsconfig.json': STRICT_TSCONFIG, 'src/handler.ts': CLEAN });
    const { code, stdout } = cli(root);
    assert.equal(code, 0);
    assert.equal(stdout, '');
  });

  test('--format json prints one object with 1-based positions and absolute files', () => {
    const root = tempProject({ 'tsconfig.json': STRICT_TSCONFIG, 'src/handler.ts': FLOATING });
    const { code, stdout } = cli('--format', 'json', root);
    assert.equal(code, 1);
    assert.deepEqual(JSON.parse(stdout), {
      diagnostics: [
        {
          file: `${root}/src/handler.ts`,
          line: 3,
          column: 3,
          endLine: 3,
          endColumn: 9,
          rule: 'no-floating-promises',
          severity: 'warning',
          message: 'The promise returned by `save()` is neither awaited, returned nor given a rejection handler; if it rejects, the rejection goes unhandled.',
          fixable: false,
          related: [],
        },
      ],
    });
  });

  test('a folder with a tsconfig.json means that project: files outside its include are not analysed', () => {
    const root = tempProject({ 'tsconfig.json': STRICT_TSCONFIG, 'src/handler.ts': CLEAN, 'scripts/outside.ts': FLOATING });
    assert.equal(cli(root).code, 0);
    assert.equal(cli(path.join(root, 'scripts')).code, 1, 'the file outside the project is analysed when named');
  });

  test('a solution-style tsconfig.json follows its references', () => {
    const root = tempProject({
      'tsconfig.json': JSON.stringify({ files: [], references: [{ path: './packages/api' }] }),
      'packages/api/tsconfig.json': JSON.stringify({ compilerOptions: { composite: true, strict: true, target: 'ES2022', lib: ['ES2022'], types: [] }, include: ['src'] }),
      'packages/api/src/handler.ts': FLOATING,
    });
    const { code, stdout } = cli('--format=json', root);
    assert.equal(code, 1);
    assert.equal(JSON.parse(stdout).diagnostics[0].file, `${root}/packages/api/src/handler.ts`);
  });

  describe('whole workspaces', () => {
    const PACKAGE = JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', module: 'node16', lib: ['ES2022'], types: [] }, include: ['src'] });

    test('every tsconfig.json below the folder: a root config for build scripts and a nested package two folders down', () => {
      const root = tempProject({
        'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', module: 'node16', lib: ['ES2022'], types: [] }, include: ['scripts'] }),
        'scripts/build.ts': FLOATING,
        'packages/app/tsconfig.json': PACKAGE,
        'packages/app/src/handler.ts': FLOATING,
        'packages/app/src/routes/orders.ts': FLOATING,
        // Excluded on purpose: build output next to the package's sources.
        'packages/app/dist/handler.js': 'async function f() { fetch("/x"); }',
      });
      const { code, stdout } = cli('--format', 'json', root);
      assert.equal(code, 1);
      const files = JSON.parse(stdout).diagnostics.map((diagnostic: { file: string }) => path.relative(root, diagnostic.file));
      assert.deepEqual(files, ['packages/app/src/handler.ts', 'packages/app/src/routes/orders.ts', 'scripts/build.ts']);
    });

    test('each file once, in the nearest project that includes it', () => {
      const root = tempProject({
        // The root config includes everything, the nested package too; the package's own config owns its files.
        'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', lib: ['ES2022'], types: [] } }),
        'tools/check.ts': FLOATING,
        'packages/app/tsconfig.json': PACKAGE,
        'packages/app/src/handler.ts': FLOATING,
      });
      const { stdout, stderr } = cli('--format', 'json', '--verbose', root);
      const files = JSON.parse(stdout).diagnostics.map((diagnostic: { file: string }) => path.relative(root, diagnostic.file));
      assert.deepEqual(files, ['packages/app/src/handler.ts', 'tools/check.ts']);
      assert.doesNotMatch(stderr, /inferred project/);
    });

    test('nested solution-style configs are followed through their references', () => {
      const root = tempProject({
        'apps/tsconfig.json': JSON.stringify({ files: [], references: [{ path: './web' }, { path: './api' }] }),
        'apps/web/tsconfig.json': PACKAGE,
        'apps/web/src/page.ts': FLOATING,
        'apps/api/tsconfig.json': PACKAGE,
        'apps/api/src/route.ts': FLOATING,
        'loose/tool.js': 'async function f() { fetch("/x"); }',
      });
      const { stdout } = cli('--format', 'json', root);
      const files = JSON.parse(stdout).diagnostics.map((diagnostic: { file: string }) => path.relative(root, diagnostic.file));
      assert.deepEqual(files, ['apps/api/src/route.ts', 'apps/web/src/page.ts', 'loose/tool.js']);
    });
  });

  test('a folder without a tsconfig.json: its source files form an inferred project, node_modules skipped', () => {
    const root = tempProject({ 'lib/handler.js': 'async function f() { fetch("/x"); }', 'node_modules/dep/index.ts': FLOATING });
    const { code, stdout } = cli('--format', 'json', root);
    assert.equal(code, 1);
    const files = JSON.parse(stdout).diagnostics.map((diagnostic: { file: string }) => diagnostic.file);
    assert.deepEqual(files, [`${root}/lib/handler.js`]);
  });

  test('asynclint.config.json: its severities apply and its ignore patterns skip files', () => {
    const root = tempProject({
      'tsconfig.json': STRICT_TSCONFIG,
      'asynclint.config.json': '{ "rules": { "no-floating-promises": "error" }, "ignore": ["src/generated/"] }',
      'src/handler.ts': FLOATING,
      'src/generated/client.ts': FLOATING,
    });
    const { code, stdout } = cli('--format', 'json', root);
    assert.equal(code, 1);
    const diagnostics = JSON.parse(stdout).diagnostics as Array<{ file: string; severity: string }>;
    assert.deepEqual(
      diagnostics.map((diagnostic) => [path.relative(root, diagnostic.file), diagnostic.severity]),
      [['src/handler.ts', 'error']],
    );
  });

  test('an invalid asynclint.config.json is a configuration error: exit 2, with its position', () => {
    const root = tempProject({ 'tsconfig.json': STRICT_TSCONFIG, 'asynclint.config.json': '{\n  "rules": { "no-floating-promises": "loud" }\n}', 'src/handler.ts': FLOATING });
    const { code, stdout, stderr } = cli(root);
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.match(stderr, /asynclint\.config\.json:2:\d+: The severity of "no-floating-promises" must be one of/);
  });

  describe('Python', () => {
    const BLOCKING = 'import time\n\n\nasync def poll():\n    time.sleep(1)\n';

    test('a folder of Python files (virtual environments and caches skipped), with the configuration file applied', () => {
      const root = tempProject({
        'asynclint.config.json': '{ "rules": { "py-blocking-call": "error" }, "ignore": ["generated/"] }',
        'app/__init__.py': '',
        'app/poll.py': BLOCKING,
        'generated/poll.py': BLOCKING,
        'venv/pyvenv.cfg': 'home = /usr/bin\n',
        'venv/lib/site.py': BLOCKING,
        'app/__pycache__/x.py': BLOCKING,
      });
      const { code, stdout, stderr } = cli('--format', 'json', root);
      assert.equal(code, 1, stderr);
      const diagnostics = JSON.parse(stdout).diagnostics as Array<{ file: string; line: number; column: number; rule: string; severity: string }>;
      assert.deepEqual(
        diagnostics.map((diagnostic) => [path.relative(root, diagnostic.file), diagnostic.line, diagnostic.column, diagnostic.rule, diagnostic.severity]),
        [['app/poll.py', 5, 5, 'py-blocking-call', 'error']],
      );
    });

    test('a .py file given by name, next to a TypeScript project', () => {
      const root = tempProject({ 'tsconfig.json': STRICT_TSCONFIG, 'src/handler.ts': FLOATING, 'tools/poll.py': BLOCKING });
      const { code, stdout } = cli(root);
      assert.equal(code, 1);
      assert.match(stdout, /tools\/poll\.py[^]*5:5\s+warning\s+time\.sleep\(\) blocks the event loop[^]*py-blocking-call/);
      assert.match(stdout, /src\/handler\.ts/);
      const single = cli(path.join(root, 'tools/poll.py'));
      assert.equal(single.code, 1);
      assert.match(single.stdout, /1 problem/);
    });

    test('a Python file that does not parse: the rest is still analysed', () => {
      const root = tempProject({ 'broken.py': 'import time\n\nasync def poll(:\n    pass\n\nasync def tick():\n    time.sleep(1)\n' });
      const { code, stdout } = cli('--format', 'json', path.join(root, 'broken.py'));
      assert.equal(code, 1);
      assert.deepEqual(
        JSON.parse(stdout).diagnostics.map((diagnostic: { line: number }) => diagnostic.line),
        [7],
      );
    });
  });

  describe('usage errors exit 2 with one line on stderr', () => {
    for (const [name, args] of [
      ['no path', []],
      ['an unknown option', ['--fix-everything', '.']],
      ['an unknown format', ['--format', 'xml', '.']],
      ['a missing path', ['/no/such/path']],
    ] as const) {
      test(name, () => {
        const { code, stderr, stdout } = cli(...args);
        assert.equal(code, 2);
        assert.equal(stdout, '');
        assert.equal(stderr.trim().split('\n').length, 1, stderr);
        assert.match(stderr, /^asynclint: /);
      });
    }
  });

  test('--help and --version', () => {
    assert.match(cli('--help').stdout, /Usage: asynclint/);
    const { version } = JSON.parse(fs.readFileSync(path.join(REPOSITORY_ROOT, 'package.json'), 'utf8'));
    assert.equal(cli('--version').stdout.trim(), version);
  });

  describe('bad input gets findings or a clear message, never a crash', () => {
    test('syntax errors: the parsable rest is still analysed', () => {
      const root = tempProject({
        'tsconfig.json': STRICT_TSCONFIG,
        'src/broken.ts': `
          declare function save(): Promise<void>;
          export async function handler() {
            save();
            const = ;
          }
        `,
      });
      const { code, stdout, stderr } = cli('--format', 'json', root);
      assert.equal(code, 1, stderr);
      assert.equal(JSON.parse(stdout).diagnostics[0].line, 3);
    });

    test('an empty file', () => {
      const root = tempProject({ 'tsconfig.json': STRICT_TSCONFIG, 'src/empty.ts': '' });
      assert.equal(cli(root).code, 0);
    });

    test('a 50,000-line file', () => {
      const root = tempProject({ 'tsconfig.json': STRICT_TSCONFIG, 'src/large.ts': largeSource(50_000) });
      const { code, stdout } = cli('--format', 'json', root);
      assert.equal(code, 1);
      assert.equal(JSON.parse(stdout).diagnostics[0].line, 49_999);
    });

    test('a binary file with a .js name is skipped with a message', () => {
      const root = tempProject({ 'tsconfig.json': STRICT_TSCONFIG, 'src/handler.ts': CLEAN });
      fs.writeFileSync(path.join(root, 'src', 'blob.js'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2, 0, 0]));
      const { code, stderr } = cli(path.join(root, 'src', 'blob.js'));
      assert.equal(code, 0);
      assert.match(stderr, /blob\.js was not analysed: the file looks binary/);
    });

    test('a broken tsconfig.json: a warning naming the problem, and the files are still analysed', () => {
      const root = tempProject({ 'tsconfig.json': '{ "compilerOptions": { "strict": true, } "include": [', 'src/handler.ts': FLOATING });
      const { code, stderr } = cli(root);
      assert.equal(code, 1);
      assert.match(stderr, /asynclint: warning: problem in .*tsconfig\.json/);
    });

    test('a tsconfig.json that extends a missing file', () => {
      const root = tempProject({ 'tsconfig.json': JSON.stringify({ extends: './missing.json', include: ['src'] }), 'src/handler.ts': FLOATING });
      const { code, stderr } = cli(root);
      assert.equal(code, 1);
      assert.match(stderr, /missing\.json/);
    });

    test('a file the compiler overflows its stack on: its type-aware findings are skipped, the rest of the project is analysed', () => {
      const chain = '.then((value) => value)'.repeat(6000);
      const root = tempProject({
        'tsconfig.json': STRICT_TSCONFIG,
        'src/deep.ts': `declare function start(): Promise<number>;\nexport async function deep() {\n  start()${chain};\n}`,
        'src/handler.ts': FLOATING,
      });
      const { code, stdout, stderr } = cli('--format', 'json', root);
      assert.equal(code, 1, stderr);
      assert.match(stderr, /type-aware rules skipped for .*deep\.ts: TypeScript overflowed its stack/);
      assert.deepEqual(
        JSON.parse(stdout).diagnostics.map((diagnostic: { file: string }) => path.basename(diagnostic.file)),
        ['handler.ts'],
      );
    });
  });
});
