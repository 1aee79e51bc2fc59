import { CodeAction, CodeActionKind, DiagnosticSeverity, type Diagnostic, type Position, type TextEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import type { Finding, Fix, Severity } from '../core/findings';
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
    file === finding.file
      ? { start: document.positionAt(start), end: document.positionAt(end) }
      : { start: positionInFile(file, start), end: positionInFile(file, end) };
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


export function toCodeAction(fix: Fix, diagnostic: Diagnostic, document: TextDocument): CodeAction {
  const edits: TextEdit[] = fix.edits.map((edit) => ({
    range: { start: document.positionAt(edit.start), end: document.positionAt(edit.end) },
    newText: edit.newText,
  }));
  const action = CodeAction.create(fix.title, CodeActionKind.QuickFix);
  action.diagnostics = [diagnostic];
  action.isPreferred = fix.preferred === true;
  action.edit = { documentChanges: [{ textDocument: { uri: document.uri, version: document.version }, edits }] };
  return action;
}
