import { isFixable, type LocatedFinding } from '../report';

/**
 * `--format json`: one object, `{"diagnostics": [...]}`, lines and columns
 * 1-based, files absolute. `fixable` says whether `--fix` would change it (a
 * safe fix exists); `related` holds the finding's other locations, e.g. the
 * steps of a call chain that reaches a blocking call.
 */
export function formatJson(findings: readonly LocatedFinding[]): string {
  const diagnostics = findings.map((finding) => ({
    file: finding.file,
    line: finding.line,
    column: finding.column,
    endLine: finding.endLine,
    endColumn: finding.endColumn,
    rule: finding.rule,
    severity: finding.severity,
    message: finding.message,
    fixable: isFixable(finding),
    related: finding.related.map((related) => ({
      file: related.file,
      line: related.line,
      column: related.column,
      endLine: related.endLine,
      endColumn: related.endColumn,
      message: related.message,
    })),
  }));
  return `${JSON.stringify({ diagnostics }, null, 2)}\n`;
}
