/**
 * The plain data the analysis produces. Nothing here knows about VS Code, the
 * language server protocol or the command line: each front end converts these
 * into its own shape (diagnostics, JSON lines, stylish text).
 *
 * Offsets are 0-based UTF-16 offsets into the analysed text, as TypeScript
 * reports them; front ends convert them to lines and columns.
 */

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** A severity, or `off` to disable a rule: what settings and configuration files hold. */
export type SeverityOrOff = Severity | 'off';

export const SEVERITIES: readonly SeverityOrOff[] = ['off', 'hint', 'info', 'warning', 'error'];

export interface TextEdit {
  /** Absolute file name the edit applies to. */
  readonly file: string;
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

export interface Fix {
  /** What the quick-fix menu shows, e.g. "Add await". */
  readonly title: string;
  readonly edits: readonly TextEdit[];
  /**
   * Safe fixes keep the program's meaning and may be applied without review
   * (on save, from the command line). Everything else is a suggestion a person
   * chooses from the quick-fix menu.
   */
  readonly safe: boolean;
  /** The fix an editor offers first ("preferred" in VS Code). */
  readonly preferred?: boolean;
}

export interface RelatedLocation {
  readonly file: string;
  readonly start: number;
  readonly end: number;
  readonly message: string;
}

export interface Finding {
  readonly rule: string;
  readonly severity: Severity;
  readonly message: string;
  readonly file: string;
  readonly start: number;
  readonly end: number;
  readonly fixes: readonly Fix[];
  readonly related?: readonly RelatedLocation[];
}

/** Applies non-overlapping edits to a text; used by tests and by fix-applying front ends. */
export function applyEdits(text: string, edits: readonly Pick<TextEdit, 'start' | 'end' | 'newText'>[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let result = text;
  let limit = Infinity;
  for (const edit of sorted) {
    if (edit.end > limit) throw new Error(`overlapping edits at ${edit.start}..${edit.end}`);
    result = result.slice(0, edit.start) + edit.newText + result.slice(edit.end);
    limit = edit.start;
  }
  return result;
}

/**
 * Picks fixes for several findings of one file whose edits do not overlap, in
 * document order: what "Fix all" and the command line's --fix apply in one go.
 * Overlapping ones wait for the next pass.
 */
export function nonOverlappingFixes(fixes: readonly Fix[]): Fix[] {
  const chosen: Fix[] = [];
  let reached = -1;
  for (const fix of [...fixes].sort((a, b) => a.edits[0].start - b.edits[0].start)) {
    const start = Math.min(...fix.edits.map((edit) => edit.start));
    if (start < reached) continue;
    chosen.push(fix);
    reached = Math.max(...fix.edits.map((edit) => edit.end));
  }
  return chosen;
}

/** The edits of nonOverlappingFixes. */
export function nonOverlapping(fixes: readonly Fix[]): Fix['edits'] {
  return nonOverlappingFixes(fixes).flatMap((fix) => fix.edits);
}

/** The first safe fix of each finding, without overlaps (`source.fixAll.asynclint`, `--fix`). */
export function safeFixEdits(findings: readonly Finding[]): Fix['edits'] {
  return nonOverlapping(findings.flatMap((finding) => finding.fixes.filter((fix) => fix.safe).slice(0, 1)));
}
