import type * as ts from 'typescript';
import type { Fix } from '../findings';
import { DIRECTIVE, type Directive, type DirectiveKind } from '../suppressions';
import type { LineMap } from './lines';
import type { PyNode } from './parser';
import { walk } from './syntax';

/**
 * Suppression comments in Python, with the grammar of the TypeScript ones:
 *
 *     # asynclint-disable-next-line py-blocking-call -- runs once at start-up
 *     time.sleep(1)  # asynclint-disable-line py-blocking-call
 *     # asynclint-disable py-prefer-gather … # asynclint-enable
 *     # asynclint-disable-file py-await-in-loop -- a migration script
 *
 * Only real comments count: the parser tells them from `#` inside strings.
 */
export function parsePythonDirectives(root: PyNode, text: string, lines: LineMap): Directive[] {
  if (!text.includes('asynclint-')) return [];
  const directives: Directive[] = [];
  walk(root, (node) => {
    if (node.type !== 'comment') return true;
    const match = DIRECTIVE.exec(text.slice(node.start + 1, node.end));
    if (!match) return false;
    const [list, ...reasonParts] = match[2].split(/\s--\s?|^--\s?/);
    directives.push({
      kind: match[1] as DirectiveKind,
      rules: list.split(/[\s,]+/).filter(Boolean),
      reason: reasonParts.length > 0 ? reasonParts.join(' -- ').trim() : undefined,
      commentStart: node.start,
      commentEnd: node.end,
      line: lines.getLineAndCharacterOfPosition(node.start).line,
    });
    return false;
  });
  return directives;
}

/** The line map as the shared suppression logic reads it: it only asks for lines of offsets. */
export function asLineSource(lines: LineMap): ts.SourceFile {
  return lines as unknown as ts.SourceFile;
}

/** A safe fix removing a whole directive (and its line when it stands alone), or some rules from its list. */
export function removeFromPythonDirective(directive: Directive, rules: readonly string[], text: string, file: string): Fix {
  const remaining = directive.rules.filter((rule) => !rules.includes(rule));
  if (rules.length === 0 || remaining.length === 0) {
    const lineStart = text.lastIndexOf('\n', directive.commentStart - 1) + 1;
    const lineEnd = text.indexOf('\n', directive.commentEnd);
    const before = text.slice(lineStart, directive.commentStart);
    const after = text.slice(directive.commentEnd, lineEnd === -1 ? text.length : lineEnd);
    const alone = before.trim() === '' && after.trim() === '';
    const start = alone ? lineStart : directive.commentStart - (before.length - before.trimEnd().length);
    const end = alone ? (lineEnd === -1 ? text.length : lineEnd + 1) : directive.commentEnd;
    return { title: 'Remove the unused suppression', edits: [{ file, start, end, newText: '' }], safe: true, preferred: true };
  }
  const content = `# asynclint-${directive.kind} ${remaining.join(', ')}${directive.reason ? ` -- ${directive.reason}` : ''}`;
  return {
    title: `Remove ${rules.map((rule) => `\`${rule}\``).join(', ')} from the suppression`,
    edits: [{ file, start: directive.commentStart, end: directive.commentEnd, newText: content }],
    safe: true,
    preferred: true,
  };
}
