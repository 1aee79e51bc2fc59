import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

/**
 * asynclint always analyses with the TypeScript compiler it bundles (6.0), and
 * never loads the workspace's own `typescript`: that would run code from the
 * workspace. Most projects' tsconfig.json files are written for TypeScript 5,
 * whose defaults differ from 6.0's in ways that change types:
 *
 * - 6.0 loads no `@types` package unless `types` names it (5 loaded them all);
 * - 6.0 turns `strict` on when unset, defaults `target` to the latest standard,
 *   `esModuleInterop` to true, and resolves modules differently when
 *   `module`/`moduleResolution` are unset;
 * - 6.0 reports options such as `moduleResolution: node`, `baseUrl` and
 *   `esModuleInterop: false` as deprecation errors.
 *
 * So when the project's own compiler is older than 6 (read from the version in
 * its node_modules/typescript/package.json, or assumed when there is none), the
 * options it leaves unset are filled in with TypeScript 5's defaults, and
 * deprecations are silenced the way TypeScript itself allows. Every adjustment
 * is returned as a sentence, for the log.
 */
export interface CompatResult {
  readonly options: ts.CompilerOptions;
  readonly adjustments: string[];
  /** The project's own compiler major version, when it could be read. */
  readonly projectCompilerMajor: number | undefined;
}

/** Reads the major version of the `typescript` package installed for `directory`, if any. Reads a JSON file; runs nothing. */
export function projectCompilerMajor(
  directory: string,
  fileExists: (file: string) => boolean = (file) => fs.existsSync(file),
  readFile: (file: string) => string = (file) => fs.readFileSync(file, 'utf8'),
): number | undefined {
  for (let current = path.resolve(directory); ;) {
    const manifest = path.join(current, 'node_modules', 'typescript', 'package.json');
    if (fileExists(manifest)) {
      try {
        const version = JSON.parse(readFile(manifest)).version;
        const major = Number.parseInt(String(version), 10);
        return Number.isFinite(major) ? major : undefined;
      } catch {
        return undefined;
      }
    }
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

export function adaptToProjectCompiler(options: ts.CompilerOptions, compilerMajor: number | undefined): CompatResult {
  if (compilerMajor !== undefined && compilerMajor >= 6) {
    return { options, adjustments: [], projectCompilerMajor: compilerMajor };
  }
  const adjusted: ts.CompilerOptions = { ...options };
  const adjustments: string[] = [];
  const assumed = compilerMajor === undefined ? 'TypeScript 5 assumed (no typescript package found)' : `TypeScript ${compilerMajor}`;
  const setDefault = <K extends keyof ts.CompilerOptions>(key: K, value: ts.CompilerOptions[K], shown: string) => {
    if (adjusted[key] !== undefined) return;
    adjusted[key] = value;
    adjustments.push(`${String(key)}: ${shown} (the ${assumed} default)`);
  };

  setDefault('types', ['*'], '["*"], loading every @types package');
  setDefault('strict', false, 'false');
  // TypeScript 5 derived the target from a Node module setting before falling back to ES5.
  const target5 = typeScript5Target(adjusted.module);
  setDefault('target', target5, ts.ScriptTarget[target5]);
  const target = adjusted.target ?? ts.ScriptTarget.ES5;
  setDefault('module', target >= ts.ScriptTarget.ES2015 ? ts.ModuleKind.ES2015 : ts.ModuleKind.CommonJS, target >= ts.ScriptTarget.ES2015 ? 'ES2015' : 'CommonJS');
  const module = adjusted.module!;
  setDefault('moduleResolution', typeScript5ModuleResolution(module), ts.ModuleResolutionKind[typeScript5ModuleResolution(module)]);
  // TypeScript 5 turned esModuleInterop on by default for node16/node18/node20/nodenext and preserve.
  const interop5 = (module >= ts.ModuleKind.Node16 && module <= ts.ModuleKind.NodeNext) || module === ts.ModuleKind.Preserve;
  setDefault('esModuleInterop', interop5, String(interop5));
  setDefault(
    'allowSyntheticDefaultImports',
    Boolean(adjusted.esModuleInterop) || adjusted.module === ts.ModuleKind.System || adjusted.moduleResolution === ts.ModuleResolutionKind.Bundler,
    'as TypeScript 5 derived it',
  );
  // TypeScript 5: alwaysStrict followed strict; 6.0 always parses in strict mode.
  if (!adjusted.strict) setDefault('alwaysStrict', false, 'false, following strict');
  // TypeScript 5 did not check side-effect imports (import './styles.css') unless asked; 6.0 does.
  setDefault('noUncheckedSideEffectImports', false, 'false');

  const deprecated = deprecatedIn6(adjusted);
  // "5.0" silences only TypeScript 5.0's deprecations, not 6.0's.
  if (deprecated.length > 0 && adjusted.ignoreDeprecations !== '6.0') {
    adjusted.ignoreDeprecations = '6.0';
    adjustments.push(`ignoreDeprecations: "6.0", so that ${deprecated.join(', ')} keep working as in TypeScript 5`);
  }
  return { options: adjusted, adjustments, projectCompilerMajor: compilerMajor };
}

function typeScript5Target(module: ts.ModuleKind | undefined): ts.ScriptTarget {
  switch (module) {
    case ts.ModuleKind.Node16:
    case ts.ModuleKind.Node18:
      return ts.ScriptTarget.ES2022;
    case ts.ModuleKind.Node20:
      return ts.ScriptTarget.ES2023;
    case ts.ModuleKind.NodeNext:
      return ts.ScriptTarget.ESNext;
    default:
      return ts.ScriptTarget.ES5;
  }
}

function typeScript5ModuleResolution(module: ts.ModuleKind): ts.ModuleResolutionKind {
  switch (module) {
    case ts.ModuleKind.CommonJS:
      return ts.ModuleResolutionKind.Node10;
    case ts.ModuleKind.Node16:
    case ts.ModuleKind.Node18:
    case ts.ModuleKind.Node20:
      return ts.ModuleResolutionKind.Node16;
    case ts.ModuleKind.NodeNext:
      return ts.ModuleResolutionKind.NodeNext;
    case ts.ModuleKind.Preserve:
      return ts.ModuleResolutionKind.Bundler;
    default:
      return ts.ModuleResolutionKind.Classic;
  }
}

/** The options TypeScript 6.0 reports as deprecated, by name, as they are set in `options`. */
function deprecatedIn6(options: ts.CompilerOptions): string[] {
  const found: string[] = [];
  if (options.alwaysStrict === false) found.push('alwaysStrict: false');
  if (options.target === ts.ScriptTarget.ES5) found.push('target: ES5');
  if (options.moduleResolution === ts.ModuleResolutionKind.Node10) found.push('moduleResolution: node10');
  if (options.moduleResolution === ts.ModuleResolutionKind.Classic) found.push('moduleResolution: classic');
  if (options.baseUrl !== undefined) found.push('baseUrl');
  if (options.esModuleInterop === false) found.push('esModuleInterop: false');
  if (options.allowSyntheticDefaultImports === false) found.push('allowSyntheticDefaultImports: false');
  if (options.outFile) found.push('outFile');
  if (options.downlevelIteration !== undefined) found.push('downlevelIteration');
  const module = options.module;
  if (module === ts.ModuleKind.None || module === ts.ModuleKind.AMD || module === ts.ModuleKind.UMD || module === ts.ModuleKind.System) {
    found.push(`module: ${ts.ModuleKind[module]}`);
  }
  return found;
}
