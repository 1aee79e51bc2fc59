import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { STRICT_TSCONFIG, tempProject } from '../harness/tempProject';
import { REPOSITORY_ROOT } from '../harness/vsix';

/** The corpus runner as `npm run corpus` starts it (after the build that provides dist/cli.js). */
const RUNNER = path.join(REPOSITORY_ROOT, 'corpus', 'run.mjs');

// Two floating promises (lines 4 and 5) and, on line 8, a sequential while loop the rules do not report.
const HANDLER = `
  declare function save(): Promise<void>;
  declare function load(id: string): Promise<string>;
  export function handler() {
    save();
    save().then(() => undefined);
  }
  export async function all(ids: string[]) {
    let i = 0; while (i < ids.length) await load(ids[i++]);
  }
`;

function git(cwd: string, ...args: string[]) {
  const result = spawnSync('git', ['-c', 'user.name=corpus', '-c', 'user.email=corpus@example.invalid', ...args], { cwd, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout.trim();
}

/** A mirror of a small project at <mirrors>/acme+shop (a plain clone, as `git clone` makes one), and its commit. */
function mirror(mirrors: string) {
  const source = tempProject({
    'package.json': JSON.stringify({ name: 'shop', version: '1.0.0', private: true }),
    // A lockfile without dependencies: npm ci installs it without the network.
    'package-lock.json': JSON.stringify({ name: 'shop', version: '1.0.0', lockfileVersion: 3, requires: true, packages: { '': { name: 'shop', version: '1.0.0' } } }),
    'tsconfig.json': STRICT_TSCONFIG,
    'src/handler.ts': HANDLER,
  });
  git(source, 'init', '-q');
  git(source, 'add', '.');
  git(source, 'commit', '-q', '-m', 'shop');
  const commit = git(source, 'rev-parse', 'HEAD');
  git(mirrors, 'clone', '-q', source, 'acme+shop');
  return commit;
}

function setUp(verdicts: string) {
  const root = tempProject({});
  const mirrors = path.join(root, 'mirrors');
  fs.mkdirSync(mirrors);
  const commit = mirror(mirrors);
  const pin = {
    name: 'shop',
    repo: 'acme/shop',
    commit,
    tsconfig: 'tsconfig.json',
    kind: 'web application: a fixture',
    install: { manager: 'npm', lockfile: 'package-lock.json' },
  };
  fs.writeFileSync(path.join(root, 'repos.json'), JSON.stringify({ repos: [pin] }));
  fs.mkdirSync(path.join(root, 'verdicts'));
  fs.writeFileSync(path.join(root, 'verdicts', 'rejection.txt'), verdicts);
  return { root, mirrors, pin };
}

function run(root: string, mirrors: string, ...args: string[]) {
  const result = spawnSync(
    process.execPath,
    [RUNNER, '--pins', path.join(root, 'repos.json'), '--verdicts', path.join(root, 'verdicts'), '--mirrors', mirrors, '--cache', path.join(root, 'cache'), ...args],
    { encoding: 'utf8', timeout: 300_000 },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('corpus runner', () => {
  test('compares the findings of a pinned commit with the verdicts: precision, unjudged findings, lost recall', () => {
    const { root, mirrors } = setUp(
      [
        '# a comment',
        'shop src/handler.ts:4 no-floating-promises real save() rejects and nobody handles it.',
        'shop src/handler.ts:8 no-await-in-loop missed The loads are independent reads.',
        '',
      ].join('\n'),
    );
    const { code, stdout, stderr } = run(root, mirrors, '--json', '--save-findings', path.join(root, 'findings'));
    assert.equal(code, 0, stderr);
    const report = JSON.parse(stdout);
    const rejection = report.families.rejection;
    assert.equal(rejection.findings, 2);
    assert.equal(rejection.real, 1);
    assert.equal(rejection.precision, 1);
    assert.equal(rejection.unjudged, 1);
    const [shop] = report.repositories;
    assert.deepEqual(
      shop.unjudged.map((line: string) => line.split(' TODO ')[0]),
      ['shop src/handler.ts:5 no-floating-promises'],
    );
    assert.equal(report.families.gather.lost, 1);
    assert.equal(report.families.gather.recall, 0);
    assert.ok(shop.time.wallSeconds > 0);
    const saved = JSON.parse(fs.readFileSync(path.join(root, 'findings', 'shop.json'), 'utf8'));
    assert.deepEqual(
      saved.findings.map((finding: { file: string; line: number }) => `${finding.file}:${finding.line}`),
      ['src/handler.ts:4', 'src/handler.ts:5'],
    );
    // The export and its install are reused on the next run.
    const again = run(root, mirrors);
    assert.equal(again.code, 0, again.stderr);
    assert.doesNotMatch(again.stderr, /exporting|installing/);
    assert.match(again.stdout, /^shop src\/handler\.ts:5 no-floating-promises TODO /m);
  });

  test('a missing mirror is reported with the fetch that gets it, and the exit status is 1', () => {
    const { root, pin } = setUp('');
    const { code, stdout, stderr } = run(root, path.join(root, 'elsewhere'));
    assert.equal(code, 1);
    assert.match(stderr, /no mirror of acme\/shop .*fetch \(github:acme\/shop\)/);
    assert.match(stderr, new RegExp(`git clone https://github.com/acme/shop .*commit ${pin.commit}`));
    assert.match(stdout, /Not run\n {2}shop: no mirror/);
  });

  test('malformed verdict lines are listed with their place, not fatal', () => {
    const { root, mirrors } = setUp('shop src/handler.ts:4 no-floating-promises maybe not sure\nnonsense\n');
    const { code, stdout, stderr } = run(root, mirrors);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /rejection\.txt:1: verdict "maybe" is not one of real, harmless, wrong, missed/);
    assert.match(stdout, /rejection\.txt:2: not "<repo> <file>:<line> <rule> <verdict> <reason>"/);
  });
});
