import * as ts from 'typescript';
import type { AnalysisOptions } from '../core/engine';
import { applyEdits, nonOverlappingFixes, type Finding, type Fix } from '../core/findings';
import { analyzeProjectFile, analyzeSyntaxOnly, type ProjectFileAnalysis } from '../project/analyzeProject';
import type { Log, Project } from '../project/projects';

/** Passes over one file before giving up on reaching a stable text (each pass applies every fix that does not overlap another). */
export const MAX_FIX_PASSES = 10;

/** Texts the command line shows the compiler instead of the disk's while it tries fixes. */
export interface Overlay {
  set(file: string, text: string): void;
}

export interface SkippedFix {
  readonly finding: Finding;
  readonly fix: Fix;
  readonly reason: string;
  /** Where the finding was, 1-based, in the text the fix was tried on. */
  readonly line: number;
  readonly column: number;
}

export interface FixOutcome {
  readonly original: string;
  readonly fixed: string;
  readonly applied: number;
  readonly skipped: readonly SkippedFix[];
  /** The analysis of the fixed text: what remains. */
  readonly analysis: ProjectFileAnalysis;
  /** True when the last pass still had fixes to apply. */
  readonly unstable: boolean;
}

/** The fix `--fix` (safe) or `--fix-suggestions` (safe, else the first suggestion) applies for a finding. */
function chosenFix(finding: Finding, mode: 'safe' | 'suggestions'): Fix | undefined {
  return finding.fixes.find((fix) => fix.safe) ?? (mode === 'suggestions' ? finding.fixes.find((fix) => !fix.safe) : undefined);
}

function fixKey(finding: Finding, fix: Fix): string {
  return JSON.stringify([finding.rule, finding.message, fix.title, fix.edits.map((edit) => edit.newText)]);
}

/**
 * Applies fixes to one file until no more apply (at most MAX_FIX_PASSES),
 * re-analysing after each pass, since one fix can reveal or remove another
 * finding. A pass is kept only when the file still parses and has no compiler
 * error it did not have before; otherwise its fixes are tried one by one and
 * the ones that break the file are skipped, with the compiler's reason.
 * Nothing is written here: the caller writes `fixed` (or prints its diff).
 */
export function fixFile(project: Project, file: string, options: AnalysisOptions, mode: 'safe' | 'suggestions', overlay: Overlay, log: Log): FixOutcome {
  const original = project.readFile(file) ?? '';
  let text = original;
  const analyse = (): ProjectFileAnalysis => (options.typeAware === false ? analyzeSyntaxOnly(file, text, options, log) : analyzeProjectFile(project, file, options, log));
  const show = (candidate: string) => {
    overlay.set(file, candidate);
    project.markChanged();
  };
  const skipped: SkippedFix[] = [];
  const skippedKeys = new Set<string>();
  let applied = 0;
  let analysis = analyse();
  let unstable = false;

  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    if ('skipped' in analysis) break;
    const candidates: Array<{ finding: Finding; fix: Fix }> = [];
    for (const finding of analysis.findings) {
      const fix = chosenFix(finding, mode);
      // A fix that edits other files too is left to a person: it cannot be checked one file at a time.
      if (!fix || fix.edits.length === 0 || fix.edits.some((edit) => edit.file !== file) || skippedKeys.has(fixKey(finding, fix))) continue;
      candidates.push({ finding, fix });
    }
    const chosen = nonOverlappingFixes(candidates.map((candidate) => candidate.fix));
    if (chosen.length === 0) break;
    const findingOf = new Map(candidates.map((candidate) => [candidate.fix, candidate.finding]));

    const baseline = errorsOf(project, file);
    const check = (fixes: readonly Fix[]): { text: string; error?: string } => {
      let candidate: string;
      try {
        candidate = applyEdits(
          text,
          fixes.flatMap((fix) => fix.edits),
        );
      } catch (error) {
        return { text, error: (error as Error).message };
      }
      show(candidate);
      const error = newError(baseline, errorsOf(project, file));
      show(text);
      return { text: candidate, error };
    };

    let accepted: Fix[] = chosen;
    if (check(chosen).error !== undefined) {
      accepted = [];
      for (const fix of chosen) {
        const outcome = check([...accepted, fix]);
        if (outcome.error === undefined) accepted.push(fix);
        else {
          const finding = findingOf.get(fix)!;
          const position = ts.getLineAndCharacterOfPosition(ts.createSourceFile(file, text, ts.ScriptTarget.Latest), finding.start);
          skipped.push({ finding, fix, reason: outcome.error, line: position.line + 1, column: position.character + 1 });
          skippedKeys.add(fixKey(finding, fix));
        }
      }
    }
    if (accepted.length === 0) continue;
    text = applyEdits(
      text,
      accepted.flatMap((fix) => fix.edits),
    );
    applied += accepted.length;
    show(text);
    analysis = analyse();
    unstable = pass === MAX_FIX_PASSES - 1;
  }
  return { original, fixed: text, applied, skipped, analysis, unstable };
}

interface CompilerError {
  readonly key: string;
  readonly text: string;
}

/** The file's syntax and type errors, by code and message (positions move when text is inserted). */
function errorsOf(project: Project, file: string): CompilerError[] {
  const program = project.getProgram();
  const sourceFile = program.getSourceFile(file);
  if (!sourceFile) return [{ key: 'missing', text: `${file} is no longer part of its project` }];
  const diagnostics = [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)];
  return diagnostics
    .filter((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error)
    .map((diagnostic) => {
      const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
      const line = diagnostic.start === undefined ? 0 : sourceFile.getLineAndCharacterOfPosition(diagnostic.start).line + 1;
      return { key: `TS${diagnostic.code}: ${message}`, text: `line ${line}: ${message} (TS${diagnostic.code})` };
    });
}

/** The first error of `after` that `before` did not have (counting repeats), or undefined. */
function newError(before: readonly CompilerError[], after: readonly CompilerError[]): string | undefined {
  const remaining = new Map<string, number>();
  for (const error of before) remaining.set(error.key, (remaining.get(error.key) ?? 0) + 1);
  for (const error of after) {
    const count = remaining.get(error.key) ?? 0;
    if (count === 0) return error.text;
    remaining.set(error.key, count - 1);
  }
  return undefined;
}
