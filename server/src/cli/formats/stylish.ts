import type { Severity } from '../../core/findings';
import { isFixable, type LocatedFinding } from '../report';

/**
 * Characters that must not reach a terminal as they are: C0 and C1 controls
 * (escape sequences could recolour, move the cursor or set the window title),
 * and the bidirectional overrides and line separators that make text display
 * in another order or on other lines than it is.
 */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** A file name or message from the analysed code, made safe to print: controls become visible escapes. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (char) => NAMED[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `--format stylish` (the default): findings grouped by file, as ESLint prints them. */
export function formatStylish(findings: readonly LocatedFinding[], color: boolean): string {
  const paint = (code: number, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const severityColor: Record<Severity, number> = { error: 31, warning: 33, info: 36, hint: 90 };
  const lines: string[] = [];
  let previousFile: string | undefined;
  for (const finding of findings) {
    if (finding.file !== previousFile) {
      if (previousFile !== undefined) lines.push('');
      lines.push(paint(4, printable(finding.file)));
      previousFile = finding.file;
    }
    const position = `${finding.line}:${finding.column}`.padEnd(8);
    lines.push(`  ${paint(2, position)}${paint(severityColor[finding.severity], finding.severity.padEnd(9))}${printable(finding.message)}  ${paint(2, finding.rule)}`);
  }
  if (findings.length === 0) return '';
  const count = (severity: Severity) => findings.filter((finding) => finding.severity === severity).length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  lines.push('');
  lines.push(
    paint(
      1,
      `✖ ${plural(findings.length, 'problem')} (${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${count('info')} info, ${plural(count('hint'), 'hint')})`,
    ),
  );
  const fixable = findings.filter(isFixable).length;
  if (fixable > 0) lines.push(paint(1, `  ${plural(fixable, 'problem')} fixable with the \`--fix\` option.`));
  return `${lines.join('\n')}\n`;
}
