import type * as ts from 'typescript';
import type { Finding } from '../core/findings';

/** A finding with 1-based line and column numbers, as people and CI tools read them. */
export interface LocatedFinding extends Finding {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/** `lines` is the analysed file's source file, or any map from offsets to lines (Python files). */
export function locate(finding: Finding, sourceFile: Pick<ts.SourceFile, 'getLineAndCharacterOfPosition'>): LocatedFinding {
  const start = sourceFile.getLineAndCharacterOfPosition(finding.start);
  const end = sourceFile.getLineAndCharacterOfPosition(finding.end);
  return { ...finding, line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
}
