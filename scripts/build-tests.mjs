// Compiles the tests (TypeScript) to out/test with esbuild, one output file per
// test file, keeping dependencies external so tests load the real packages.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const out = path.join(root, 'out');
fs.rmSync(out, { recursive: true, force: true });

const entryPoints = [];
const collect = (directory) => {
  for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    // e2e runs as plain JavaScript; vscode needs VS Code's extension host (see below).
    if (entry.isDirectory() && entry.name !== 'fixtures' && entry.name !== 'e2e' && entry.name !== 'vscode') collect(full);
    else if (entry.isFile() && entry.name.endsWith('.test.ts')) entryPoints.push(path.relative(root, full));
  }
};
collect(path.join(root, 'test'));

/** Each test file becomes one CommonJS file; packages stay external so tests load the real ones. */
/** @type {import('esbuild').BuildOptions} */
const common = { outbase: '.', absWorkingDir: root, bundle: true, platform: 'node', target: 'node20', format: 'cjs', packages: 'external', logLevel: 'warning' };

await esbuild.build({ ...common, entryPoints, outdir: 'out', sourcemap: 'inline' });
console.log(`built ${entryPoints.length} test files into out/`);

// The extension-host suite (npm run test:vscode): its runner, mocha's entry point and its tests.
// `vscode` is provided by the extension host; mocha and @vscode/test-electron stay external.
await esbuild.build({
  ...common,
  entryPoints: ['test/vscode/runTests.ts', 'test/vscode/suite/index.ts', 'test/vscode/suite/extension.test.ts'],
  // Outside out/test: node --test would otherwise try to run these without VS Code.
  outdir: 'out/vscode',
  external: ['vscode'],
});
