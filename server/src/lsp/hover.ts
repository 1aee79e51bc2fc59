import type { Hover, HoverParams } from 'vscode-languageserver/node';
import type { Finding, Severity } from '../core/findings';
import { findRule } from '../core/registry';
import type { DocumentAnalysis } from './documentAnalysis';
import type { OpenDocuments } from './openDocuments';

const AS_NOUN: Record<Severity, string> = { error: 'an error', warning: 'a warning', info: 'an info', hint: 'a hint' };

/**
 * `textDocument/hover`: for a finding under the pointer whose severity is not
 * its rule's default, why. The diagnostic's own hover shows the message; this
 * adds the reason, so a faint hint where the docs say warning is not a puzzle.
 */
export function hoverFor(params: HoverParams, documents: OpenDocuments, analysis: DocumentAnalysis): Hover | null {
  const document = documents.get(params.textDocument.uri);
  const state = analysis.current(params.textDocument.uri);
  if (!document || !state) return null;
  const offset = document.offsetAt(params.position);
  const reasons = state.findings
    .filter((finding) => finding.start <= offset && offset <= finding.end)
    .map(severityReason)
    .filter((reason): reason is string => reason !== undefined);
  if (reasons.length === 0) return null;
  return { contents: { kind: 'markdown', value: [...new Set(reasons)].join('\n\n') } };
}

/** Why a finding's severity differs from its rule's default; undefined when it does not. */
export function severityReason(finding: Finding): string | undefined {
  const rule = findRule(finding.rule);
  if (!rule) return undefined;
  const fallback = rule.meta.defaultSeverity;
  if (finding.certainty === 'likely' && finding.severity === 'hint') {
    return (
      `**asynclint: why ${AS_NOUN.hint}.** \`${finding.rule}\` reports ${AS_NOUN[fallback]} by default; this finding is likely but not proven, ` +
      `and asynclint reports what it cannot prove as a hint: three dots in the editor, not listed in the Problems panel.`
    );
  }
  if (finding.severity !== fallback) {
    return (
      `**asynclint: why ${AS_NOUN[finding.severity]}.** \`${finding.rule}\` reports ${AS_NOUN[fallback]} by default; ` +
      `your configuration (the \`asynclint.rules\` setting or \`asynclint.config.json\`) sets it to ${finding.severity}.`
    );
  }
  return undefined;
}
