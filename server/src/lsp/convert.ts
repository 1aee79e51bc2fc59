import { DiagnosticSeverity, type Diagnostic, type Position } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import type { Finding, Severity } from '../core/findings';
import { docsUrl } from '../core/registry';

/** Converts the analysis core's plain findings into protocol objects. */

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export const DIAGNOSTIC_SOURCE = 'asynclint';

/** Finds a line and column in a file other than the document (related information across files). */
export type PositionInFile = (file: string, offset: number) => Position;

export function toDiagnostic(finding: Finding, document: TextDocument, positionInFile: PositionInFile): Diagnostic {
  const rangeIn = (file: string, start: number, end: number) =>
    file === finding.file ? { start: document.positionAt(start), end: document.positionAt(end) } : { start: positionInFile(file, start), end: positionInFile(file, end) };
  return {
    range: { start: document.positionAt(finding.start), end: document.positionAt(finding.end) },
    severity: SEVERITY[finding.severity],
    source: DIAGNOSTIC_SOURCE,
    code: finding.rule,
    codeDescription: { href: docsUrl(finding.rule) },
    message: finding.message,
    ...(finding.related && finding.related.length > 0
      ? {
          relatedInformation: finding.related.map((related) => ({
            location: { uri: URI.file(related.file).toString(), range: rangeIn(related.file, related.start, related.end) },
            message: related.message,
          })),
        }
      : {}),
  };
}
