import * as ts from 'typescript';
import type { AnalysisOptions, FileAnalysis } from '../core/engine';
import type { Finding } from '../core/findings';
import { analyzeFile, startFileAnalysis } from '../core/engine';
import { BACKSLASH_STAND_IN, diskFileName, MAX_ANALYSED_FILE_BYTES, normalizeFileName, tooLargeReason, type Log, type Project } from './projects';

export { MAX_ANALYSED_FILE_BYTES } from './projects';

/**
 * Why a text should not be analysed at all, or undefined when it can be.
 * Minified bundles and binary files that happen to carry a .js name end up here.
 */
export function unanalysableReason(text: string): string | undefined {
  if (text.length > MAX_ANALYSED_FILE_BYTES) return tooLargeReason(text.length);
  if (text.slice(0, 65536).includes('\u0000')) return 'the file looks binary (it contains NUL characters)';
  return undefined;
}

export type ProjectFileAnalysis = (FileAnalysis & { readonly sourceFile: ts.SourceFile }) | { readonly skipped: string };

/** The analysis of one project file, run in slices (see FileAnalysisJob). */
export interface ProjectFileAnalysisJob {
  /** Runs until done (true) or `deadline`, a `Date.now()` value, has passed (false). */
  runUntil(deadline: number): boolean;
  /** The outcome of the finished job; logs its problems once. */
  result(): ProjectFileAnalysis;
}

/**
 * Analyses one file of a project with its current program. When the type
 * checker throws on this file (TypeScript overflows its stack on some deeply
 * recursive types), its type-aware findings are dropped, the reason is logged,
 * and the project gets a fresh checker so the next file is analysed normally.
 */
export function analyzeProjectFile(project: Project, fileName: string, options: AnalysisOptions, log: Log): ProjectFileAnalysis {
  const job = startProjectFileAnalysis(project, fileName, options, log);
  job.runUntil(Infinity);
  return job.result();
}

/** Prepares `analyzeProjectFile` for a caller that runs it in slices between other work. */
export function startProjectFileAnalysis(project: Project, givenFileName: string, options: AnalysisOptions, log: Log): ProjectFileAnalysisJob {
  const fileName = normalizeFileName(givenFileName);
  const tooLarge = project.sizeReason(fileName);
  if (tooLarge) return finished({ skipped: `${fileName} was not analysed: ${tooLarge}` });
  const program = project.getProgram();
  const quarantined = project.quarantineReason(fileName);
  if (quarantined) return finished(analyzeSyntaxOnly(fileName, project.readFile(fileName) ?? '', options, log));
  const sourceFile = program.getSourceFile(fileName);
  if (!sourceFile) return finished({ skipped: `${fileName} is not part of ${project.name}` });
  const reason = unanalysableReason(sourceFile.text);
  if (reason) return finished({ skipped: `${fileName} was not analysed: ${reason}` });
  const job = startFileAnalysis(program, sourceFile, options);
  let outcome: ProjectFileAnalysis | undefined;
  return {
    runUntil: (deadline) => job.runUntil(deadline),
    result() {
      if (!outcome) {
        const analysis = job.result();
        for (const problem of analysis.problems) log(problem, 'warning');
        if (analysis.checkerFailed) project.discardChecker();
        outcome = { ...analysis, findings: fileName.includes(BACKSLASH_STAND_IN) ? analysis.findings.map(onDisk) : analysis.findings, sourceFile };
      }
      return outcome;
    },
  };
}

/** A finding named by the files' names on disk (see BACKSLASH_STAND_IN). */
function onDisk(finding: Finding): Finding {
  return {
    ...finding,
    file: diskFileName(finding.file),
    fixes: finding.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((edit) => ({ ...edit, file: diskFileName(edit.file) })) })),
    ...(finding.related ? { related: finding.related.map((related) => ({ ...related, file: diskFileName(related.file) })) } : {}),
  };
}

function finished(outcome: ProjectFileAnalysis): ProjectFileAnalysisJob {
  return { runUntil: () => true, result: () => outcome };
}

/** Runs only the rules that need no type checker, on a program of one file that resolves nothing. */
export function analyzeSyntaxOnly(fileName: string, text: string, options: AnalysisOptions, log: Log): ProjectFileAnalysis {
  const reason = unanalysableReason(text);
  if (reason) return { skipped: `${fileName} was not analysed: ${reason}` };
  let sourceFile: ts.SourceFile;
  try {
    sourceFile = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    // Nested too deep for TypeScript's parser (it recurses once per level): nothing to analyse.
    return { skipped: `${fileName} was not analysed: it is nested too deep for TypeScript's parser (${error.message})` };
  }
  const host = ts.createCompilerHost({});
  const program = ts.createProgram({
    rootNames: [fileName],
    options: { noLib: true, noResolve: true, types: [], allowJs: true, noEmit: true },
    host: { ...host, getSourceFile: (name, version) => (name === fileName ? sourceFile : host.getSourceFile(name, version)) },
  });
  const result = analyzeFile(program, sourceFile, { ...options, typeAware: false });
  for (const problem of result.problems) log(problem, 'warning');
  return { ...result, sourceFile };
}

/**
 * What a file shows to the files that import it: its exports with their types,
 * as text. When an edit leaves it unchanged, no other file can analyse
 * differently, so only the edited file needs analysing again.
 */
export function exportSignature(project: Project, fileName: string): string | undefined {
  const program = project.getProgram();
  const sourceFile = program.getSourceFile(fileName);
  if (!sourceFile) return undefined;
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(sourceFile);
  // A script (no imports or exports) puts its declarations in the global scope: any edit may matter.
  if (!moduleSymbol) return `script:${sourceFile.text.length}:${Date.now()}`;
  return checker
    .getExportsOfModule(moduleSymbol)
    .map((symbol) => `${symbol.name}:${checker.typeToString(checker.getTypeOfSymbolAtLocation(symbol, sourceFile), undefined, ts.TypeFormatFlags.NoTruncation)}`)
    .sort()
    .join('\n');
}
