import * as fs from 'node:fs';
import * as path from 'node:path';
import { CodeActionKind, type CodeAction, type CodeActionParams, type Connection, type ExecuteCommandParams } from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import { docsUrl } from '../core/registry';
import type { Log } from '../project/projects';
import { actionsForFinding, FIX_ALL_KIND, fixAllAction } from './codeActions';
import { DIAGNOSTIC_SOURCE } from './convert';
import type { DocumentAnalysis } from './documentAnalysis';
import type { OpenDocuments } from './openDocuments';
import { SHOW_DOCUMENTATION_COMMAND, type FixAllSummary, type FixAllSummaryParams } from './protocol';

/**
 * `textDocument/codeAction`: the quick-fixes of the findings under the cursor
 * (from the document's current analysis, never a stale one), or the safe fixes
 * of the whole file for `source.fixAll.asynclint`.
 */
export function codeActionsFor(params: CodeActionParams, documents: OpenDocuments, analysis: DocumentAnalysis): CodeAction[] {
  const document = documents.get(params.textDocument.uri);
  const state = analysis.current(params.textDocument.uri);
  if (!document || !state) return [];
  const only = params.context.only;
  if (only?.some((kind) => FIX_ALL_KIND.startsWith(kind) && kind !== CodeActionKind.QuickFix)) {
    const action = fixAllAction(document, state.findings);
    return action ? [action] : [];
  }
  if (only && !only.some((kind) => CodeActionKind.QuickFix.startsWith(kind))) return [];
  const actions: CodeAction[] = [];
  for (const diagnostic of params.context.diagnostics) {
    if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
    const start = document.offsetAt(diagnostic.range.start);
    const end = document.offsetAt(diagnostic.range.end);
    const finding = state.findings.find((candidate) => candidate.rule === diagnostic.code && candidate.start === start && candidate.end === end);
    if (finding) actions.push(...actionsForFinding(finding, diagnostic, document, state.findings, state.settings));
  }
  return actions;
}

/**
 * FIX_ALL_SUMMARY_REQUEST: how many findings of a document "Fix All
 * Auto-fixable Problems" fixes, and how many have fixes a person must choose,
 * so that a fix all that does nothing can say why.
 */
export function fixAllSummary(params: FixAllSummaryParams, analysis: DocumentAnalysis): FixAllSummary {
  const findings = analysis.current(params.uri)?.findings ?? [];
  const safe = findings.filter((finding) => finding.fixes.some((fix) => fix.safe)).length;
  const suggestions = findings.filter((finding) => finding.fixes.length > 0 && !finding.fixes.some((fix) => fix.safe)).length;
  return { safe, suggestions };
}

/** `workspace/executeCommand`: the commands behind code actions ("Show documentation"). */
export async function executeCommand(params: ExecuteCommandParams, connection: Connection, log: Log): Promise<void> {
  if (params.command !== SHOW_DOCUMENTATION_COMMAND) return;
  const rule = String(params.arguments?.[0] ?? '');
  // The VSIX ships the pages; opened inside the editor they work offline.
  const local = path.join(__dirname, '..', 'docs', 'rules', `${rule}.md`);
  const shown = fs.existsSync(local)
    ? await connection.window.showDocument({ uri: URI.file(local).toString(), takeFocus: true })
    : await connection.window.showDocument({ uri: docsUrl(rule), external: true });
  if (!shown.success) log(`could not show the documentation of ${rule}`, 'warning');
}
