import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { tempProject } from '../harness/tempProject';
import { REPOSITORY_ROOT } from '../harness/vsix';

const CLI = path.join(REPOSITORY_ROOT, 'dist', 'cli.js');
const FLOATING = 'declare function save(): Promise<void>;\nexport async function handler() {\n  save();\n}';

/**
 * Permissions do not stop root, so as root the command line runs as `nobody`
 * (the files it must read are made readable to everyone).
 */
function runCli(args: string[]) {
  const asRoot = process.getuid?.() === 0;
  const command = asRoot ? ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath] : [process.execPath];
  return spawnSync(command[0], [...command.slice(1), CLI, ...args], { encoding: 'utf8', timeout: 120_000 });
}

test('unreadable files and folders are errors with their path and a non-zero exit, the rest is analysed', (t) => {
  const root = tempProject({ 'src/a.ts': FLOATING, 'src/locked/b.ts': FLOATING, 'src/secret.ts': FLOATING });
  // The temporary folder is made private to its owner.
  fs.chmodSync(root, 0o755);
  for (const file of ['src', 'src/a.ts', 'src/locked/b.ts']) fs.chmodSync(path.join(root, file), file === 'src' ? 0o755 : 0o644);
  fs.chmodSync(path.join(root, 'src/locked'), 0o000);
  fs.chmodSync(path.join(root, 'src/secret.ts'), 0o000);
  t.after(() => fs.chmodSync(path.join(root, 'src/locked'), 0o755));
  const result = runCli([root]);
  assert.equal(result.status, 2, result.stderr);
  assert.match(result.stdout, /src\/a\.ts/);
  assert.match(result.stderr, new RegExp(`cannot read ${root}/src/locked: permission denied`));
  assert.match(result.stderr, new RegExp(`cannot read ${root}/src/secret.ts: permission denied`));
});

test('a file whose name holds a backslash is analysed on Linux, with type-aware rules, in a tsconfig project or without one', { skip: path.sep !== '/' }, () => {
  const root = tempProject({ 'src/plain.ts': 'export {};' });
  fs.writeFileSync(path.join(root, 'src', 'odd\\name.ts'), FLOATING);
  for (const withTsconfig of [false, true]) {
    if (withTsconfig) fs.writeFileSync(path.join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022' }, include: ['src'] }));
    const result = spawnSync(process.execPath, [CLI, '--format', 'json', root], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(result.status, 1, result.stderr);
    const findings = (JSON.parse(result.stdout) as { diagnostics: Array<{ file: string; rule: string }> }).diagnostics;
    assert.deepEqual(
      findings.map((finding) => [path.relative(root, finding.file), finding.rule]),
      [['src/odd\\name.ts', 'no-floating-promises']],
    );
  }
});
