// Bundles the extension's three programs with esbuild and ships the TypeScript
// lib files the bundled compiler needs at run time (see server/src/project/libFiles.ts).
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), '..');
const finalDist = path.join(root, 'dist');
// Built beside dist/ and swapped in at the end, so that a test or a server
// running from dist/ never sees it half-written.
const dist = path.join(root, `dist.building-${process.pid}`);
fs.rmSync(dist, { recursive: true, force: true });

/**
 * `import * as ts from 'typescript'` would bundle to an object whose every
 * property is a getter (esbuild's CommonJS interop) calling TypeScript's own
 * export getters: two function calls per `ts.isIdentifier`, about 6% of the
 * CPU time of an analysis. Through this ES module of TypeScript's exports,
 * esbuild binds every `ts.x` to a plain variable instead. The values are read
 * once, when the bundle loads; nothing in the extension reassigns TypeScript's
 * exports (`ts.setSys` and the like are never called), so that is the same.
 */
const typescriptExports = {
  name: 'typescript-exports',
  setup(build) {
    build.onResolve({ filter: /^typescript$/ }, (args) => (args.namespace === 'typescript-exports' ? undefined : { path: 'typescript', namespace: 'typescript-exports' }));
    build.onLoad({ filter: /.*/, namespace: 'typescript-exports' }, async () => {
      const { createRequire } = await import('node:module');
      const names = Object.keys(createRequire(path.join(root, 'package.json'))('typescript'));
      return {
        contents: `import * as ts from 'typescript';\nexport const { ${names.join(', ')} } = ts;\nexport default ts;\n`,
        resolveDir: root,
        loader: 'js',
      };
    });
  },
};

/**
 * web-tree-sitter's ES module finds its .wasm through `import.meta.url`, which
 * a CommonJS bundle does not have; its CommonJS build uses `__dirname`, and the
 * parser hands it the path explicitly anyway (server/src/core/python/parser.ts).
 * @type {import('esbuild').Plugin}
 */
const treeSitterCommonJs = {
  name: 'web-tree-sitter-cjs',
  setup(build) {
    build.onResolve({ filter: /^web-tree-sitter$/ }, () => ({ path: path.join(root, 'node_modules', 'web-tree-sitter', 'web-tree-sitter.cjs') }));
  },
};

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // Identifiers are kept so that stack traces in the server log stay readable.
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: false,
  logLevel: 'warning',
  absWorkingDir: root,
  plugins: [typescriptExports, treeSitterCommonJs],
};

await Promise.all([
  esbuild.build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: path.join(dist, 'extension.js'), external: ['vscode'] }),
  esbuild.build({ ...common, entryPoints: ['server/src/lsp/main.ts'], outfile: path.join(dist, 'server.js') }),
  esbuild.build({ ...common, entryPoints: ['server/src/cli/main.ts'], outfile: path.join(dist, 'cli.js'), banner: { js: '#!/usr/bin/env node' } }),
]);
fs.chmodSync(path.join(dist, 'cli.js'), 0o755);

const typescriptLib = path.join(root, 'node_modules', 'typescript', 'lib');
const libOut = path.join(dist, 'lib');
fs.mkdirSync(libOut, { recursive: true });
let copied = 0;
for (const name of fs.readdirSync(typescriptLib)) {
  if (/^lib\..*\.d\.ts$|^lib\.d\.ts$/.test(name)) {
    fs.copyFileSync(path.join(typescriptLib, name), path.join(libOut, name));
    copied++;
  }
}
if (copied < 50) throw new Error(`expected TypeScript's lib files in ${typescriptLib}, found ${copied}`);

// Python is parsed by tree-sitter compiled to WebAssembly: its runtime and the
// Python grammar are read from dist/wasm at run time (server/src/core/python/parser.ts).
const wasmOut = path.join(dist, 'wasm');
fs.mkdirSync(wasmOut, { recursive: true });
for (const [packageName, file] of [
  ['web-tree-sitter', 'web-tree-sitter.wasm'],
  ['tree-sitter-python', 'tree-sitter-python.wasm'],
]) {
  fs.copyFileSync(path.join(root, 'node_modules', packageName, file), path.join(wasmOut, file));
}
const retired = `${finalDist}.old-${process.pid}`;
if (fs.existsSync(finalDist)) fs.renameSync(finalDist, retired);
fs.renameSync(dist, finalDist);
fs.rmSync(retired, { recursive: true, force: true });
console.log(`built dist/extension.js, dist/server.js, dist/cli.js, ${copied} TypeScript lib files and the Python grammar`);
