import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

/**
 * Where the TypeScript `lib.*.d.ts` files are. Without them `Promise` is an
 * unresolved type and every type-aware rule goes quiet, so this is checked,
 * not assumed.
 *
 * The bundled server (dist/server.js) carries its own copy in dist/lib, placed
 * there by the build; run from sources, the files come from the `typescript`
 * package itself.
 */
export function libDirectory(): string {
  const bundled = path.join(__dirname, 'lib');
  if (fs.existsSync(path.join(bundled, 'lib.es5.d.ts'))) return bundled;
  const fromPackage = path.dirname(ts.getDefaultLibFilePath({}));
  if (fs.existsSync(path.join(fromPackage, 'lib.es5.d.ts'))) return fromPackage;
  throw new Error(`TypeScript's lib.*.d.ts files were not found in ${bundled} nor in ${fromPackage}`);
}

let cached: string | undefined;

export function defaultLibFilePath(options: ts.CompilerOptions): string {
  cached ??= libDirectory();
  return path.join(cached, ts.getDefaultLibFileName(options)).replace(/\\/g, '/');
}
