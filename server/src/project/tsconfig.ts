import * as path from 'node:path';
import * as ts from 'typescript';
import { excessiveNesting, MAX_JSON_DEPTH } from '../config/jsonDepth';
import { readDirectoryWithinRoot } from './readDirectory';
import { adaptToProjectCompiler, projectCompilerMajor } from './compilerCompat';

/** A tsconfig.json (or jsconfig.json), parsed and adapted to the bundled compiler. */
export interface ProjectConfig {
  readonly configFile: string;
  readonly options: ts.CompilerOptions;
  readonly fileNames: readonly string[];
  readonly references: readonly string[];
  /** Problems with the file itself, in words, for the log and the CLI. */
  readonly problems: readonly string[];
  /** What was changed to analyse it as its own compiler would, for the log. */
  readonly adjustments: readonly string[];
}

/** Options that never matter to analysis and would only cost time or produce output. */
const ANALYSIS_OVERRIDES: ts.CompilerOptions = {
  noEmit: true,
  skipLibCheck: true,
  declaration: false,
  declarationMap: false,
  sourceMap: false,
  inlineSourceMap: false,
  inlineSources: undefined,
  sourceRoot: undefined,
  mapRoot: undefined,
  outDir: undefined,
  declarationDir: undefined,
  emitDeclarationOnly: undefined,
  isolatedDeclarations: undefined,
  incremental: false,
  composite: false,
  tsBuildInfoFile: undefined,
  plugins: undefined,
};

/** Options for files that belong to no tsconfig.json, as an editor infers them. */
export function inferredProjectOptions(directory: string): ts.CompilerOptions {
  return {
    ...ANALYSIS_OVERRIDES,
    allowJs: true,
    checkJs: false,
    allowNonTsExtensions: true,
    jsx: ts.JsxEmit.Preserve,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: true,
    types: ['*'],
    typeRoots: typeRootsFor(directory),
  };
}

function typeRootsFor(directory: string): string[] {
  const roots: string[] = [];
  for (let current = directory; ;) {
    roots.push(path.join(current, 'node_modules', '@types').replace(/\\/g, '/'));
    const parent = path.dirname(current);
    if (parent === current) return roots;
    current = parent;
  }
}

/**
 * Reads and parses a tsconfig.json. Never throws: a missing or broken file
 * yields a config with no files and the problem described, so the caller can
 * fall back to an inferred project and say why.
 */
export function readProjectConfig(configFile: string, system: ts.System = ts.sys): ProjectConfig {
  const problems: string[] = [];
  const describe = (diagnostic: ts.Diagnostic) => {
    const where =
      diagnostic.file && diagnostic.start !== undefined
        ? (() => {
            const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
            return `${diagnostic.file.fileName}:${line + 1}:${character + 1}: `;
          })()
        : '';
    return `${where}${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`;
  };

  let text: string | undefined;
  try {
    text = system.readFile(configFile);
  } catch (error) {
    problems.push(`cannot read ${configFile}: ${(error as Error).message}`);
  }
  if (text === undefined) {
    if (problems.length === 0) problems.push(`cannot read ${configFile}`);
    return { configFile, options: {}, fileNames: [], references: [], problems, adjustments: [] };
  }

  const tooDeep = excessiveNesting(text);
  if (tooDeep !== undefined) {
    const { line, column } = lineAndColumn(text, tooDeep);
    problems.push(`${configFile}:${line}:${column}: the configuration is nested more than ${MAX_JSON_DEPTH} levels deep`);
    return { configFile, options: {}, fileNames: [], references: [], problems, adjustments: [] };
  }
  const json = ts.parseJsonText(configFile, text);
  const parseErrors = (json as unknown as { parseDiagnostics?: ts.Diagnostic[] }).parseDiagnostics ?? [];
  for (const diagnostic of parseErrors) problems.push(describe(diagnostic));

  const directory = path.dirname(configFile);
  let parsed: ts.ParsedCommandLine;
  try {
    // Links out of the project's folder are not followed (see readDirectoryWithinRoot); a test's virtual system is used as it is.
    const host = system === ts.sys ? { ...system, readDirectory: readDirectoryWithinRoot(directory, system) } : system;
    parsed = ts.parseJsonSourceFileConfigFileContent(json, host, directory, undefined, configFile);
  } catch (error) {
    // A config it extends can still be too deep for the compiler's parser: the project falls back, with the reason.
    problems.push(`cannot read ${configFile}: ${(error as Error).message}`);
    return { configFile, options: {}, fileNames: [], references: [], problems, adjustments: [] };
  }
  for (const diagnostic of parsed.errors) {
    // "No inputs were found" is normal for solution-style configs that only list references.
    if (diagnostic.code === 18003) continue;
    problems.push(describe(diagnostic));
  }

  const compat = adaptToProjectCompiler(
    parsed.options,
    projectCompilerMajor(directory, system.fileExists, (p) => system.readFile(p) ?? ''),
  );
  return {
    configFile,
    options: { ...compat.options, ...ANALYSIS_OVERRIDES },
    fileNames: parsed.fileNames.map((name) => name.replace(/\\/g, '/')),
    references: (parsed.projectReferences ?? []).map((reference) => {
      const target = ts.resolveProjectReferencePath(reference);
      return target.replace(/\\/g, '/');
    }),
    problems,
    adjustments: compat.adjustments,
  };
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

export const CONFIG_FILE_NAMES = ['tsconfig.json', 'jsconfig.json'] as const;

/** Config files in `directory` and its ancestors, nearest first. */
export function ancestorConfigFiles(fileName: string, fileExists: (p: string) => boolean): string[] {
  const found: string[] = [];
  for (let current = path.dirname(fileName); ;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = path.join(current, name).replace(/\\/g, '/');
      if (fileExists(candidate)) found.push(candidate);
    }
    const parent = path.dirname(current);
    if (parent === current) return found;
    current = parent;
  }
}
