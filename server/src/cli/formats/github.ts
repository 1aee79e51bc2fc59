import type { Severity } from '../../core/findings';
import { displayPath, type LocatedFinding } from '../report';

/**
 * `--format github`: one workflow command per finding, which GitHub Actions
 * shows as an annotation on the line of the pull request's diff.
 *
 * A workflow command is one line, `::command key=value,key=value::data`: a
 * newline in a file name or a message would end it and start a command of the
 * analysed code's choosing. So the data escapes `%`, CR and LF, and property
 * values also `:` and `,`, which would end the value.
 */
export function formatGithub(findings: readonly LocatedFinding[], cwd: string): string {
  const command: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' };
  return findings
    .map((finding) => {
      const properties = [
        `file=${escapeProperty(displayPath(finding.file, cwd))}`,
        `line=${finding.line}`,
        `col=${finding.column}`,
        `endLine=${finding.endLine}`,
        `endColumn=${finding.endColumn}`,
        `title=${escapeProperty(`asynclint(${finding.rule})`)}`,
      ];
      // Other controls in a message (from the analysed code) would only garble the log: shown as escapes.
      const message = finding.message.replace(/[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
      return `::${command[finding.severity]} ${properties.join(',')}::${escapeData(message)}\n`;
    })
    .join('');
}

export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
