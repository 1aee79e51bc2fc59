import type { LocatedFinding } from '../report';

/** `--format json`: one object, `{"diagnostics": [...]}`, lines and columns 1-based, files absolute. */
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
  }));
  return `${JSON.stringify({ diagnostics }, null, 2)}\n`;
}
