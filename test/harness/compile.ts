import * as path from 'node:path';
import * as ts from 'typescript';

/** Compiler options the rule tests are written against: a strict, modern project. */
export const TEST_COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
  types: [],
  strict: true,
  noEmit: true,
  allowJs: true,
  checkJs: true,
  skipLibCheck: true,
};

const libDirectory = path.dirname(ts.getDefaultLibFilePath(TEST_COMPILER_OPTIONS));
const libCache = new Map<string, ts.SourceFile>();

/**
 * Builds a program from in-memory files (name → text) plus TypeScript's own lib
 * files, which are parsed once and shared by every test.
 */
export function compile(files: Readonly<Record<string, string>>, options: ts.CompilerOptions = TEST_COMPILER_OPTIONS): ts.Program {
  const host: ts.CompilerHost = {
    getSourceFile(fileName, languageVersion) {
      if (fileName in files) return ts.createSourceFile(fileName, files[fileName], languageVersion, true);
      if (!fileName.startsWith(libDirectory)) return undefined;
      let cached = libCache.get(fileName);
      if (!cached) {
        const text = ts.sys.readFile(fileName);
        if (text === undefined) return undefined;
        cached = ts.createSourceFile(fileName, text, languageVersion, true);
        libCache.set(fileName, cached);
      }
      return cached;
    },
    getDefaultLibFileName: (compilerOptions) => path.join(libDirectory, ts.getDefaultLibFileName(compilerOptions)),
    getDefaultLibLocation: () => libDirectory,
    writeFile: () => {},
    getCurrentDirectory: () => '/',
    getCanonicalFileName: (fileName) => fileName,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => '\n',
    fileExists: (fileName) => fileName in files || (fileName.startsWith(libDirectory) && ts.sys.fileExists(fileName)),
    readFile: (fileName) => files[fileName] ?? (fileName.startsWith(libDirectory) ? ts.sys.readFile(fileName) : undefined),
  };
  return ts.createProgram({ rootNames: Object.keys(files), options, host });
}

/** Every error the compiler reports for one file, as "TS1234: message" lines. */
export function compilerErrors(program: ts.Program, fileName: string): string[] {
  const sourceFile = program.getSourceFile(fileName)!;
  return [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)]
    .filter((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error)
    .map((diagnostic) => `TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`);
}
