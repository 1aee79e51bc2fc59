import { CodeAction, CodeActionKind, type Diagnostic, type TextEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import * as ts from 'typescript';
import { URI } from 'vscode-uri';
import type { Finding, Fix } from '../core/findings';
import { applyEdits, nonOverlapping, safeFixEdits } from '../core/findings';
import { isCommentPosition } from '../core/suppressions';
import { SHOW_DOCUMENTATION_COMMAND } from './protocol';
import type { Settings } from './settings';

/** The code action kind that `editor.codeActionsOnSave` asks for: safe fixes only. */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.asynclint`;

function toTextEdits(document: TextDocument, edits: Fix['edits']): TextEdit[] {
  return edits.map((edit) => ({
    range: { start: document.positionAt(edit.start), end: document.positionAt(edit.end) },
    newText: edit.newText,
  }));
}

function editAction(title: string, kind: string, document: TextDocument, edits: TextEdit[], diagnostics?: Diagnostic[]): CodeAction {
  const action = CodeAction.create(title, kind);
  if (diagnostics) action.diagnostics = diagnostics;
  action.edit = { documentChanges: [{ textDocument: { uri: document.uri, version: document.version }, edits }] };
  return action;
}

/** Every action offered for one finding under the cursor. */
export function actionsForFinding(finding: Finding, diagnostic: Diagnostic, document: TextDocument, allFindings: readonly Finding[], settings: Settings): CodeAction[] {
  const actions: CodeAction[] = [];
  // Safe fixes first, then in the rule's order; the rule's preferred fix is marked.
  const fixes = [...finding.fixes].sort((a, b) => Number(b.safe) - Number(a.safe));
  for (const fix of fixes) {
    const action = editAction(fix.title, CodeActionKind.QuickFix, document, toTextEdits(document, fix.edits), [diagnostic]);
    action.isPreferred = fix.preferred === true;
    actions.push(action);
  }

  const sameRule = allFindings.filter((other) => other.rule === finding.rule && other.fixes.length > 0);
  if (sameRule.length > 1) {
    const edits = nonOverlapping(sameRule.map((other) => other.fixes.find((fix) => fix.preferred) ?? other.fixes[0]));
    actions.push(editAction(`Fix all \`${finding.rule}\` problems in this file`, CodeActionKind.QuickFix, document, toTextEdits(document, edits)));
  }

  actions.push(editAction(`Disable \`${finding.rule}\` for this line`, CodeActionKind.QuickFix, document, [disableForLine(document, finding, settings)], [diagnostic]));
  actions.push(editAction(`Disable \`${finding.rule}\` for this file`, CodeActionKind.QuickFix, document, [disableForFile(document, finding.rule)], [diagnostic]));

  const documentation = CodeAction.create(`Show documentation for \`${finding.rule}\``, CodeActionKind.QuickFix);
  documentation.command = { title: `Show documentation for ${finding.rule}`, command: SHOW_DOCUMENTATION_COMMAND, arguments: [finding.rule] };
  actions.push(documentation);
  return actions;
}

const REASON_PLACEHOLDER = '-- reason';

/**
 * The suppression comment for the finding's line, where the setting puts it
 * (a line of its own above, or the end of the line) when a comment there is a
 * comment. Where it would be text instead (the line starts inside a template
 * literal or JSX text, or ends inside one, or in a comment), a block comment
 * goes right before the finding, which always starts in code.
 */
function disableForLine(document: TextDocument, finding: Finding, settings: Settings): TextEdit {
  // Parsed only for JavaScript and TypeScript, where template literals and JSX hold text that is not code.
  const sourceFile = () => ts.createSourceFile(URI.parse(document.uri).path || 'file.ts', document.getText(), ts.ScriptTarget.Latest, false);
  const position = document.positionAt(finding.start);
  const lineText = document.getText({ start: { line: position.line, character: 0 }, end: { line: position.line + 1, character: 0 } }).replace(/\r?\n$/, '');
  const lineStart = document.offsetAt({ line: position.line, character: 0 });
  if (settings.disableRuleCommentLocation === 'sameLine') {
    const end = { line: position.line, character: lineText.length };
    if (isPython(document) || isCommentPosition(sourceFile(), lineStart + lineText.length)) {
      return { range: { start: end, end }, newText: ` ${lineComment(document)} asynclint-disable-line ${finding.rule} ${REASON_PLACEHOLDER}` };
    }
  } else {
    const indentation = /^[ \t]*/.exec(lineText)![0];
    if (isPython(document) || isCommentPosition(sourceFile(), lineStart)) {
      const start = { line: position.line, character: 0 };
      return { range: { start, end: start }, newText: `${indentation}${lineComment(document)} asynclint-disable-next-line ${finding.rule} ${REASON_PLACEHOLDER}\n` };
    }
  }
  return { range: { start: position, end: position }, newText: `/* asynclint-disable-line ${finding.rule} ${REASON_PLACEHOLDER} */ ` };
}

function disableForFile(document: TextDocument, rule: string): TextEdit {
  // After a shebang line, which must stay first.
  const line = document.getText().startsWith('#!') ? 1 : 0;
  const start = { line, character: 0 };
  if (isPython(document)) return { range: { start, end: start }, newText: `# asynclint-disable-file ${rule} ${REASON_PLACEHOLDER}\n` };
  return { range: { start, end: start }, newText: `/* asynclint-disable-file ${rule} ${REASON_PLACEHOLDER} */\n` };
}

/** Python's comments start with `#`. */
function isPython(document: TextDocument): boolean {
  return document.languageId === 'python' || document.uri.endsWith('.py');
}

function lineComment(document: TextDocument): string {
  return isPython(document) ? '#' : '//';
}

/** `source.fixAll.asynclint`: every safe fix of the file, as one action (or none when there is nothing to do). */
export function fixAllAction(document: TextDocument, findings: readonly Finding[]): CodeAction | undefined {
  const edits = safeFixEdits(findings);
  if (edits.length === 0) return undefined;
  return editAction('Fix all auto-fixable asynclint problems', FIX_ALL_KIND, document, toTextEdits(document, edits));
}

/** Applies the safe fixes to a text; used by tests and the command line. */
export function applySafeFixes(text: string, findings: readonly Finding[]): string {
  return applyEdits(text, safeFixEdits(findings));
}
