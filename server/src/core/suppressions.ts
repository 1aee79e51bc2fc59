import * as ts from 'typescript';
import type { Finding, Fix } from './findings';

/**
 * Suppression comments:
 *
 *     // asynclint-disable-next-line no-floating-promises -- fire and forget by design
 *     save(); // asynclint-disable-line no-floating-promises
 *     /* asynclint-disable prefer-promise-all *\/ … /* asynclint-enable *\/
 *     /* asynclint-disable-file no-await-in-loop -- this script runs once *\/
 *
 * Rule lists are separated by commas or spaces; no list means every rule.
 * Text after `--` is the reason, kept for the reader.
 */
export type DirectiveKind = 'disable-next-line' | 'disable-line' | 'disable' | 'enable' | 'disable-file';

export interface Directive {
  readonly kind: DirectiveKind;
  /** Rule ids named; empty means every rule. */
  readonly rules: readonly string[];
  readonly reason: string | undefined;
  /** The whole comment. */
  readonly commentStart: number;
  readonly commentEnd: number;
  /** 0-based line of the comment's start. */
  readonly line: number;
}

export const DIRECTIVE = /^\s*asynclint-(disable-next-line|disable-line|disable-file|disable|enable)\b([^]*)$/;

/** Finds the directives in a file's comments; files that never mention "asynclint-" cost one string search. */
export function parseDirectives(sourceFile: ts.SourceFile): Directive[] {
  const text = sourceFile.text;
  if (!text.includes('asynclint-')) return [];
  const directives: Directive[] = [];
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, sourceFile.languageVariant, text);
  for (let token = scanner.scan(); token !== ts.SyntaxKind.EndOfFileToken; token = scanner.scan()) {
    if (token !== ts.SyntaxKind.SingleLineCommentTrivia && token !== ts.SyntaxKind.MultiLineCommentTrivia) continue;
    const comment = scanner.getTokenText();
    const body = token === ts.SyntaxKind.SingleLineCommentTrivia ? comment.slice(2) : comment.slice(2, -2);
    const match = DIRECTIVE.exec(body.replace(/^\s*\*?/, ''));
    if (!match) continue;
    const [list, ...reasonParts] = match[2].split(/\s--\s?|^--\s?/);
    const start = scanner.getTokenStart();
    directives.push({
      kind: match[1] as DirectiveKind,
      rules: list.split(/[\s,]+/).filter(Boolean),
      reason: reasonParts.length > 0 ? reasonParts.join(' -- ').trim() : undefined,
      commentStart: start,
      commentEnd: scanner.getTokenEnd(),
      line: sourceFile.getLineAndCharacterOfPosition(start).line,
    });
  }
  return directives;
}

function names(directive: Directive, rule: string): boolean {
  return directive.rules.length === 0 || directive.rules.includes(rule);
}

export interface SuppressionResult {
  readonly kept: Finding[];
  /** Directives (and, for a directive with a list, the rules in it) that suppressed nothing. */
  readonly unused: Array<{ directive: Directive; rules: readonly string[] }>;
}

/**
 * Drops the findings the directives suppress. `isActive` tells which rules ran:
 * a directive for a rule that did not run (turned off, or type-aware rules
 * disabled) is not "unused", since it may well be needed when the rule runs.
 */
export function applySuppressions(
  findings: readonly Finding[],
  directives: readonly Directive[],
  sourceFile: ts.SourceFile,
  isActive: (rule: string) => boolean,
): SuppressionResult {
  if (directives.length === 0) return { kept: [...findings], unused: [] };
  const used = new Map<Directive, Set<string>>();
  const markUsed = (directive: Directive, rule: string) => {
    const set = used.get(directive) ?? new Set<string>();
    set.add(rule);
    used.set(directive, set);
  };
  const lineOf = (offset: number) => sourceFile.getLineAndCharacterOfPosition(offset).line;
  const kept: Finding[] = [];
  for (const finding of findings) {
    const line = lineOf(finding.start);
    const suppressor = directives.find((directive) => {
      if (!names(directive, finding.rule)) return false;
      switch (directive.kind) {
        case 'disable-file':
          return true;
        case 'disable-line':
          return directive.line === line;
        case 'disable-next-line':
          return lineOf(directive.commentEnd) + 1 === line;
        case 'disable': {
          // In force from the comment on, until an `enable` that names the rule (or names none).
          const reenabled = (enable: Directive) =>
            enable.kind === 'enable' && enable.commentStart > directive.commentEnd && enable.commentEnd <= finding.start && names(enable, finding.rule);
          return directive.commentEnd <= finding.start && !directives.some(reenabled);
        }
        case 'enable':
          return false;
      }
    });
    if (suppressor) markUsed(suppressor, finding.rule);
    else kept.push(finding);
  }
  const unused: SuppressionResult['unused'] = [];
  for (const directive of directives) {
    if (directive.kind === 'enable') continue;
    const usedRules = used.get(directive) ?? new Set<string>();
    if (directive.rules.length === 0) {
      if (usedRules.size === 0) unused.push({ directive, rules: [] });
      continue;
    }
    const idle = directive.rules.filter((rule) => isActive(rule) && !usedRules.has(rule));
    if (idle.length > 0) unused.push({ directive, rules: idle });
  }
  return { kept, unused };
}

/** A safe fix removing a whole directive (its line too when the comment is alone on it), or some rules from its list. */
export function removeFromDirective(directive: Directive, rules: readonly string[], sourceFile: ts.SourceFile): Fix {
  const text = sourceFile.text;
  const remaining = directive.rules.filter((rule) => !rules.includes(rule));
  if (rules.length === 0 || remaining.length === 0) {
    const lineStart = text.lastIndexOf('\n', directive.commentStart - 1) + 1;
    const lineEnd = text.indexOf('\n', directive.commentEnd);
    const before = text.slice(lineStart, directive.commentStart);
    const after = text.slice(directive.commentEnd, lineEnd === -1 ? text.length : lineEnd);
    const alone = before.trim() === '' && after.trim() === '';
    const start = alone ? lineStart : directive.commentStart - (before.length - before.trimEnd().length);
    const end = alone ? (lineEnd === -1 ? text.length : lineEnd + 1) : directive.commentEnd;
    return { title: 'Remove the unused suppression', edits: [{ file: sourceFile.fileName, start, end, newText: '' }], safe: true, preferred: true };
  }
  const block = text.startsWith('/*', directive.commentStart);
  const content = `asynclint-${directive.kind} ${remaining.join(', ')}${directive.reason ? ` -- ${directive.reason}` : ''}`;
  const rewritten = block ? `/* ${content} */` : `// ${content}`;
  return {
    title: `Remove ${rules.map((rule) => `\`${rule}\``).join(', ')} from the suppression`,
    edits: [{ file: sourceFile.fileName, start: directive.commentStart, end: directive.commentEnd, newText: rewritten }],
    safe: true,
    preferred: true,
  };
}
