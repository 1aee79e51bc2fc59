import type * as ts from 'typescript';
import type { Finding, Severity } from '../core/findings';

/** A range with 1-based lines and columns (UTF-16 code units), as people and CI tools read them. */
export interface Span {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export interface LocatedEdit extends Span {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

export interface LocatedFix {
  readonly title: string;
  readonly safe: boolean;
  readonly preferred: boolean;
  readonly edits: readonly LocatedEdit[];
}

export interface LocatedRelated extends Span {
  readonly message: string;
}

/**
 * A finding as every report format needs it: positions resolved to lines and
 * columns, for the finding, its related locations (e.g. the steps of a call
 * chain, possibly in other files) and its fixes' edits. Plain data, so the
 * cache can store it as JSON.
 */
export interface LocatedFinding extends Span {
  readonly rule: string;
  readonly severity: Severity;
  readonly message: string;
  readonly start: number;
  readonly end: number;
  readonly fixes: readonly LocatedFix[];
  readonly related: readonly LocatedRelated[];
}

/** Finds the parsed text of a file a related location or an edit points into. */
export type SourceFileOf = (fileName: string) => ts.SourceFile | undefined;

function span(file: string, start: number, end: number, sourceFileOf: SourceFileOf): Span {
  const sourceFile = sourceFileOf(file);
  if (!sourceFile) return { file, line: 1, column: 1, endLine: 1, endColumn: 1 };
  const from = sourceFile.getLineAndCharacterOfPosition(Math.min(start, sourceFile.text.length));
  const to = sourceFile.getLineAndCharacterOfPosition(Math.min(end, sourceFile.text.length));
  return { file, line: from.line + 1, column: from.character + 1, endLine: to.line + 1, endColumn: to.character + 1 };
}

export function locate(finding: Finding, sourceFile: ts.SourceFile, sourceFileOf: SourceFileOf = () => undefined): LocatedFinding {
  const resolve: SourceFileOf = (file) => (file === sourceFile.fileName ? sourceFile : sourceFileOf(file));
  return {
    ...span(finding.file, finding.start, finding.end, resolve),
    rule: finding.rule,
    severity: finding.severity,
    message: finding.message,
    start: finding.start,
    end: finding.end,
    fixes: finding.fixes.map((fix) => ({
      title: fix.title,
      safe: fix.safe,
      preferred: fix.preferred === true,
      edits: fix.edits.map((edit) => ({ ...span(edit.file, edit.start, edit.end, resolve), start: edit.start, end: edit.end, newText: edit.newText })),
    })),
    related: (finding.related ?? []).map((related) => ({ ...span(related.file, related.start, related.end, resolve), message: related.message })),
  };
}

/** Findings in a fixed order: by file, then position, then rule. */
export function compareFindings(a: LocatedFinding, b: LocatedFinding): number {
  return (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.start - b.start || a.end - b.end || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);
}

/** True when `--fix` would change something for this finding: it has a safe fix. */
export function isFixable(finding: LocatedFinding): boolean {
  return finding.fixes.some((fix) => fix.safe);
}

/** How a report names a file: relative to the working folder when it is inside it, else absolute. */
export function displayPath(file: string, cwd: string): string {
  const prefix = cwd.endsWith('/') ? cwd : `${cwd}/`;
  return file.startsWith(prefix) ? file.slice(prefix.length) : file;
}
