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

/**
 * Finds the directives in a file's comments; files that never mention
 * "asynclint-" cost one string search.
 *
 * Only real comments count. A bare scanner run over the whole file reads the
 * text of template literals (after a `${…}`) and JSX text as code, so
 * `// asynclint-…` inside them would look like a comment and removing it would
 * change a string. Each mention is instead placed with the parsed tree: inside
 * a token (a string, a template's text, JSX text) it is text; between tokens it
 * can only be in a comment, found by scanning just that gap.
 */
export function parseDirectives(sourceFile: ts.SourceFile): Directive[] {
  const text = sourceFile.text;
  const directives: Directive[] = [];
  let lastCommentEnd = -1;
  for (let mention = text.indexOf('asynclint-'); mention !== -1; mention = text.indexOf('asynclint-', mention + 1)) {
    if (mention < lastCommentEnd) continue;
    const comment = commentAt(sourceFile, mention);
    if (!comment) continue;
    lastCommentEnd = comment.end;
    const directive = readDirective(sourceFile, comment);
    if (directive) directives.push(directive);
  }
  return directives;
}

interface CommentRange {
  readonly kind: ts.SyntaxKind.SingleLineCommentTrivia | ts.SyntaxKind.MultiLineCommentTrivia;
  readonly start: number;
  readonly end: number;
}

function readDirective(sourceFile: ts.SourceFile, { kind, start, end }: CommentRange): Directive | undefined {
  const comment = sourceFile.text.slice(start, end);
  const body = kind === ts.SyntaxKind.SingleLineCommentTrivia ? comment.slice(2) : comment.slice(2, -2);
  const match = DIRECTIVE.exec(body.replace(/^\s*\*?/, ''));
  if (!match) return undefined;
  const [list, ...reasonParts] = match[2].split(/\s--\s?|^--\s?/);
  return {
    kind: match[1] as DirectiveKind,
    rules: list.split(/[\s,]+/).filter(Boolean),
    reason: reasonParts.length > 0 ? reasonParts.join(' -- ').trim() : undefined,
    commentStart: start,
    commentEnd: end,
    line: sourceFile.getLineAndCharacterOfPosition(start).line,
  };
}

/**
 * The comment holding offset `position`, or undefined when it is not in a
 * comment. Descends to the innermost node whose own text (leading trivia
 * excluded) holds the position; a node without children is a token, whose
 * text is never a comment. Otherwise the position lies between children, in
 * text that holds only punctuation, keywords and trivia, which a scanner
 * started at the end of the previous child reads correctly. Iterative:
 * generated code nests deeper than the stack.
 */
export function commentAt(sourceFile: ts.SourceFile, position: number): CommentRange | undefined {
  let node: ts.Node = sourceFile;
  for (;;) {
    let inner: ts.Node | undefined;
    let gapStart = node === sourceFile ? 0 : node.getStart(sourceFile);
    let hasChildren = false;
    ts.forEachChild(node, (child) => {
      hasChildren = true;
      if (child.end <= position) {
        gapStart = Math.max(gapStart, child.end);
        return undefined;
      }
      if (child.pos > position) return true;
      if (ownStart(child, sourceFile) <= position) inner = child;
      return true;
    });
    if (inner) {
      node = inner;
      continue;
    }
    if (!hasChildren && node !== sourceFile) return undefined;
    return scanGap(sourceFile, gapStart, position);
  }
}

/**
 * Whether a comment inserted at `position` would be a comment: not inside a
 * token (a string, a template literal's text, JSX text), not inside a comment,
 * and not at the end of a line comment (which would swallow it).
 */
export function isCommentPosition(sourceFile: ts.SourceFile, position: number): boolean {
  let node: ts.Node = sourceFile;
  for (;;) {
    let inner: ts.Node | undefined;
    let gapStart = node === sourceFile ? 0 : node.getStart(sourceFile);
    let hasChildren = false;
    ts.forEachChild(node, (child) => {
      hasChildren = true;
      if (child.end <= position) {
        gapStart = Math.max(gapStart, child.end);
        return undefined;
      }
      if (child.pos > position) return true;
      if (ownStart(child, sourceFile) < position) inner = child;
      return true;
    });
    if (inner) {
      node = inner;
      continue;
    }
    if (!hasChildren && node !== sourceFile && ownStart(node, sourceFile) < position) return false;
    // Between the children of an element is JSX text, even where there is none yet.
    if (ts.isJsxElement(node) || ts.isJsxFragment(node)) return false;
    const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, sourceFile.text, undefined, gapStart);
    for (let token = scanner.scan(); token !== ts.SyntaxKind.EndOfFileToken && scanner.getTokenStart() < position; token = scanner.scan()) {
      const end = scanner.getTokenEnd();
      if (end > position) return false;
      if (end === position && token === ts.SyntaxKind.SingleLineCommentTrivia) return false;
    }
    return true;
  }
}

/** Where a node's own text starts: after its leading trivia, except for JSX text, whose white space is text. */
function ownStart(node: ts.Node, sourceFile: ts.SourceFile): number {
  return node.kind === ts.SyntaxKind.JsxText ? node.pos : node.getStart(sourceFile);
}

function scanGap(sourceFile: ts.SourceFile, start: number, position: number): CommentRange | undefined {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, sourceFile.text, undefined, start);
  for (let token = scanner.scan(); token !== ts.SyntaxKind.EndOfFileToken && scanner.getTokenStart() <= position; token = scanner.scan()) {
    if (scanner.getTokenEnd() <= position) continue;
    if (token === ts.SyntaxKind.SingleLineCommentTrivia || token === ts.SyntaxKind.MultiLineCommentTrivia) {
      return { kind: token, start: scanner.getTokenStart(), end: scanner.getTokenEnd() };
    }
    return undefined;
  }
  return undefined;
}

/** What must stand where a comment in the middle of a line was, so that the tokens around it stay apart. */
function separatorFor(text: string, start: number, end: number, directive: Directive): string {
  if (/[\n\r\u2028\u2029]/.test(text.slice(directive.commentStart, directive.commentEnd))) return '\n';
  const previous = text[start - 1];
  const next = text[end];
  if (previous === undefined || next === undefined || /\s/.test(previous) || /\s/.test(next)) return '';
  // After or before a bracket, comma or semicolon, nothing can join.
  if (/[()[\]{};,]/.test(previous) || /[()[\]{};,]/.test(next)) return '';
  return ' ';
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

/**
 * A safe fix removing a whole directive (its line too when the comment is alone
 * on it), or some rules from its list. A comment separates what is around it:
 * `-/* … *\/-x` and `typeof/* … *\/x` keep a space where the comment was, and a
 * block comment that spans lines keeps a line break (`return /*⏎*\/ x` returns
 * nothing, and must go on doing so).
 */
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
    const newText = alone ? '' : separatorFor(text, start, end, directive);
    return { title: 'Remove the unused suppression', edits: [{ file: sourceFile.fileName, start, end, newText }], safe: true, preferred: true };
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
