import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { STRICT_TSCONFIG, tempProject } from '../harness/tempProject';
import { CLI, runCli } from './runCli';

const PACKAGE_TSCONFIG = JSON.stringify({
  compilerOptions: { target: 'ES2022', module: 'node16', moduleResolution: 'node16', strict: true, lib: ['ES2022'], types: [] },
  include: ['src'],
});

const floating = (name: string) => `
  declare function save(): Promise<void>;
  export async function ${name}() {
    save();
  }
`;

/** A monorepo of three packages of different sizes and loose scripts: what a CI matrix spreads. */
function monorepo(): string {
  const files: Record<string, string> = {};
  for (const [name, count] of [
    ['api', 7],
    ['web', 3],
    ['worker', 2],
  ] as const) {
    files[`packages/${name}/tsconfig.json`] = PACKAGE_TSCONFIG;
    for (let index = 0; index < count; index++) files[`packages/${name}/src/module${index}.ts`] = floating(`${name}${index}`);
  }
  files['scripts/release.js'] = 'async function release() { fetch("/release"); }';
  return tempProject(files);
}

const filesOf = (stdout: string) => (JSON.parse(stdout).diagnostics as Array<{ file: string }>).map((diagnostic) => diagnostic.file);

describe('--shard', () => {
  test('the shards are disjoint and together equal one full run, for any number of shards', () => {
    const root = monorepo();
    const full = runCli(['--format', 'json', '.'], { cwd: root });
    assert.equal(full.code, 1, full.stderr);
    const all = filesOf(full.stdout);
    assert.equal(all.length, 13);
    for (const count of [2, 5]) {
      const parts = Array.from({ length: count }, (_, index) => filesOf(runCli(['--format', 'json', '--shard', `${index + 1}/${count}`, '.'], { cwd: root }).stdout));
      const union = parts.flat().sort();
      assert.deepEqual(union, [...all].sort(), `${count} shards`);
      assert.equal(new Set(union).size, union.length, `${count} shards overlap`);
      if (count > 1)
        assert.ok(
          parts.every((part) => part.length > 0),
          `every one of ${count} shards has work: ${parts.map((part) => part.length)}`,
        );
    }
  });

  test('the partition is the same on every run, and a project is not split unless it is larger than a fair share', () => {
    const root = monorepo();
    const first = runCli(['--format', 'json', '--shard', '2/2', '.'], { cwd: root }).stdout;
    // From another working folder, with the path spelt differently: the same part.
    assert.equal(runCli(['--format', 'json', '--shard', '2/2', path.basename(root)], { cwd: path.dirname(root) }).stdout, first);
    const packagesOf = (stdout: string) => new Set(filesOf(stdout).map((file) => path.relative(root, file).split('/').slice(0, 2).join('/')));
    const one = packagesOf(runCli(['--format', 'json', '--shard', '1/2', '.'], { cwd: root }).stdout);
    const two = packagesOf(first);
    // api (7 of 13 files) is more than half: it is sliced; web, worker and the scripts stay whole.
    for (const whole of ['packages/web', 'packages/worker', 'scripts/release.js']) assert.ok(one.has(whole) !== two.has(whole), whole);
  });

  test('a malformed shard is a usage error', () => {
    for (const shard of ['0/2', '3/2', '1', 'a/b']) {
      const { code, stderr } = runCli(['--shard', shard, '.']);
      assert.equal(code, 2, shard);
      assert.match(stderr, /--shard needs <i>\/<n>/);
    }
  });
});

describe('--cache', () => {
  const project = () =>
    tempProject({
      'tsconfig.json': STRICT_TSCONFIG,
      'src/store.ts': `
        declare function send(): Promise<void>;
        export async function save(): Promise<void> {
          await send();
        }
      `,
      'src/handler.ts': `
        import { save } from './store.js';
        export function handler() {
          save();
        }
      `,
      'src/other.ts': floating('other'),
    });
  const analysed = (stderr: string) => /analysed (\d+) files, (\d+) from the cache/.exec(stderr)?.slice(1).map(Number);

  test('a second run on an unchanged project analyses nothing and reports the same', () => {
    const root = project();
    const first = runCli(['--cache', '--verbose', '--format', 'json', '.'], { cwd: root });
    assert.deepEqual(analysed(first.stderr), [3, 0]);
    assert.ok(fs.existsSync(path.join(root, '.asynclintcache')));
    const second = runCli(['--cache', '--verbose', '--format', 'json', '.'], { cwd: root });
    assert.deepEqual(analysed(second.stderr), [0, 3]);
    assert.equal(second.stdout, first.stdout);
    assert.equal(second.code, first.code);
  });

  test('editing a dependency invalidates the files that import it, and only those', () => {
    const root = project();
    const before = runCli(['--cache', '--verbose', '--format', 'json', '.'], { cwd: root });
    assert.deepEqual(
      filesOf(before.stdout).map((file) => path.basename(file)),
      ['handler.ts', 'other.ts'],
    );
    // save() can no longer reject: the floating call in handler.ts is no longer worth reporting.
    fs.writeFileSync(path.join(root, 'src/store.ts'), 'export async function save(): Promise<void> {}\n');
    const after = runCli(['--cache', '--verbose', '--format', 'json', '.'], { cwd: root });
    assert.deepEqual(analysed(after.stderr), [2, 1], 'store.ts and handler.ts are analysed again, other.ts comes from the cache');
    const uncached = runCli(['--format', 'json', '.'], { cwd: root });
    assert.equal(after.stdout, uncached.stdout, 'the cached run reports what a run without the cache reports');
  });

  test('a change of configuration or of --rule invalidates; --cache-location names the file', () => {
    const root = project();
    runCli(['--cache', '--cache-location', 'build/lint-cache', '.'], { cwd: root });
    assert.ok(fs.existsSync(path.join(root, 'build/lint-cache')));
    const changed = runCli(['--cache', '--cache-location', 'build/lint-cache', '--verbose', '--rule', 'no-floating-promises=error', '--format', 'json', '.'], { cwd: root });
    assert.deepEqual(analysed(changed.stderr), [3, 0]);
    assert.ok((JSON.parse(changed.stdout).diagnostics as Array<{ severity: string }>).every((diagnostic) => diagnostic.severity === 'error'));
  });

  test('a corrupt cache file is ignored', () => {
    const root = project();
    fs.writeFileSync(path.join(root, '.asynclintcache'), '{ not json');
    const { code, stderr } = runCli(['--cache', '--verbose', '.'], { cwd: root });
    assert.equal(code, 1);
    assert.deepEqual(analysed(stderr), [3, 0]);
  });
});

describe('options', () => {
  const root = () =>
    tempProject({
      'tsconfig.json': STRICT_TSCONFIG,
      'src/a.ts': floating('a'),
      'src/b.ts': floating('b'),
      'src/generated/client.ts': floating('client'),
    });

  test('--rule sets a severity and turns a rule off; an unknown rule or severity is a usage error', () => {
    const folder = root();
    const error = runCli(['--rule', 'no-floating-promises=error', '--format', 'json', '.'], { cwd: folder });
    assert.ok((JSON.parse(error.stdout).diagnostics as Array<{ severity: string }>).every((diagnostic) => diagnostic.severity === 'error'));
    assert.equal(runCli(['--rule', 'no-floating-promises=off', '.'], { cwd: folder }).code, 0);
    assert.equal(runCli(['--rule', 'no-such-rule=error', '.'], { cwd: folder }).code, 2);
    assert.equal(runCli(['--rule', 'no-floating-promises=loud', '.'], { cwd: folder }).code, 2);
  });

  test('--max-warnings: warnings within the limit pass, one more fails, an error always fails', () => {
    const folder = root();
    assert.equal(runCli(['--max-warnings', '3', '.'], { cwd: folder }).code, 0);
    assert.equal(runCli(['--max-warnings', '2', '.'], { cwd: folder }).code, 1);
    assert.equal(runCli(['--max-warnings', '10', '--rule', 'no-floating-promises=error', '.'], { cwd: folder }).code, 1);
    assert.equal(runCli(['--max-warnings', 'many', '.'], { cwd: folder }).code, 2);
  });

  test('--quiet reports errors only', () => {
    const folder = root();
    const quiet = runCli(['--quiet', '.'], { cwd: folder });
    assert.equal(quiet.code, 0);
    assert.equal(quiet.stdout, '');
    fs.writeFileSync(path.join(folder, 'asynclint.config.json'), '{ "rules": { "no-floating-promises": "error" }, "ignore": ["src/b.ts"] }');
    assert.equal(filesOf(runCli(['--quiet', '--format', 'json', '.'], { cwd: folder }).stdout).length, 2);
  });

  test('--config replaces the nearest configuration file; a missing or invalid one is an error', () => {
    const folder = root();
    fs.writeFileSync(path.join(folder, 'asynclint.config.json'), '{ "rules": { "no-floating-promises": "off" } }');
    assert.equal(runCli(['.'], { cwd: folder }).code, 0);
    fs.writeFileSync(path.join(folder, 'strict.json'), '{ "rules": { "no-floating-promises": "error" }, "ignore": ["src/generated/"] }');
    const strict = runCli(['--config', 'strict.json', '--format', 'json', '.'], { cwd: folder });
    assert.deepEqual(
      filesOf(strict.stdout).map((file) => path.relative(folder, file)),
      ['src/a.ts', 'src/b.ts'],
    );
    const missing = runCli(['--config', 'nope.json', '.'], { cwd: folder });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read the configuration nope\.json/);
    fs.writeFileSync(path.join(folder, 'bad.json'), '{ "rules": { "no-floating-promises": "loud" } }');
    const bad = runCli(['--config', 'bad.json', '.'], { cwd: folder });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /bad\.json:1:\d+: The severity/);
  });

  test('--ignore-pattern skips files relative to the working folder (repeatable)', () => {
    const folder = root();
    const { stdout } = runCli(['--ignore-pattern', 'src/generated/', '--ignore-pattern', 'b.ts', '--format', 'json', '.'], { cwd: folder });
    assert.deepEqual(
      filesOf(stdout).map((file) => path.relative(folder, file)),
      ['src/a.ts'],
    );
  });

  test('--no-type-aware runs only the syntax rules', () => {
    const folder = tempProject({
      'tsconfig.json': STRICT_TSCONFIG,
      'src/a.ts': floating('a'),
      'src/all.ts': 'declare function load(n: number): Promise<number>;\nexport async function all() {\n  return Promise.all([await load(1), load(2)]);\n}',
    });
    const { stdout } = runCli(['--no-type-aware', '--format', 'json', '.'], { cwd: folder });
    assert.deepEqual(
      (JSON.parse(stdout).diagnostics as Array<{ rule: string }>).map((diagnostic) => diagnostic.rule),
      ['no-await-in-promise-all'],
    );
    const typed = runCli(['--format', 'json', '.'], { cwd: folder });
    assert.ok((JSON.parse(typed.stdout).diagnostics as Array<{ rule: string }>).some((diagnostic) => diagnostic.rule === 'no-floating-promises'));
  });

  test('--output-file writes the report there and nothing to stdout', () => {
    const folder = root();
    const { code, stdout } = runCli(['--format', 'sarif', '--output-file', 'reports/asynclint.sarif', '.'], { cwd: folder });
    assert.equal(code, 1);
    assert.equal(stdout, '');
    assert.equal(JSON.parse(fs.readFileSync(path.join(folder, 'reports/asynclint.sarif'), 'utf8')).runs[0].results.length, 3);
  });
});

describe('progress', () => {
  const project = () => tempProject({ 'tsconfig.json': STRICT_TSCONFIG, 'src/a.ts': floating('a'), 'src/b.ts': floating('b') });

  test('nothing on stderr when it is piped', () => {
    const { stderr } = runCli(['.'], { cwd: project() });
    assert.equal(stderr, '');
  });

  // `script` gives the command line a terminal; its transcript is what the terminal showed.
  const hasScript = spawnSync('script', ['--version']).status === 0;
  const onTerminal = (folder: string, env: NodeJS.ProcessEnv) => {
    const result = spawnSync('script', ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} . 2>&1 >/dev/null`, '/dev/null'], {
      cwd: folder,
      encoding: 'utf8',
      env: { ...process.env, ...env },
    });
    return result.stdout;
  };

  test('files done of total and the project on a terminal, cleared at the end', { skip: !hasScript && 'needs script(1)' }, () => {
    const shown = onTerminal(project(), { CI: '' });
    assert.match(shown, /asynclint: \d\/2 files · tsconfig\.json/, JSON.stringify(shown));
    assert.match(shown, /\r\u001b\[2K$/);
  });

  test('nothing extra on a terminal under CI', { skip: !hasScript && 'needs script(1)' }, () => {
    assert.doesNotMatch(onTerminal(project(), { CI: 'true' }), /files ·/);
  });
});
