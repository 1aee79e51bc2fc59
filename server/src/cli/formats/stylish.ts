import type { Severity } from '../../core/findings';
import type { LocatedFinding } from '../report';

/** `--format stylish` (the default): findings grouped by file, as ESLint prints them. */
export function formatStylish(findings: readonly LocatedFinding[], color: boolean): string {
  const paint = (code: number, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const severityColor: Record<Severity, number> = { error: 31, warning: 33, info: 36, hint: 90 };
  const lines: string[] = [];
  let previousFile: string | undefined;
  for (const finding of findings) {
    if (finding.file !== previousFile) {
      if (previousFile !== undefined) lines.push('');
      lines.push(paint(4, finding.file));
      previousFile = finding.file;
    }
    const position = `${finding.line}:${finding.column}`.padEnd(8);
    lines.push(`  ${paint(2, position)}${paint(severityColor[finding.severity], finding.severity.padEnd(9))}${finding.message}  ${paint(2, finding.rule)}`);
  }
  if (findings.length === 0) return '';
  const count = (severity: Severity) => findings.filter((finding) => finding.severity === severity).length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  lines.push('');
  lines.push(
    paint(1, `✖ ${plural(findings.length, 'problem')} (${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${count('info')} info, ${plural(count('hint'), 'hint')})`),
  );
  return `${lines.join('\n')}\n`;
}
