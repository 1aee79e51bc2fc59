import * as assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { AnalysisOptions } from '../../server/src/core/engine';
import { applyEdits, type Finding } from '../../server/src/core/findings';
import { analyzePythonFile } from '../../server/src/core/python/engine';
import { loadPythonParser, parsePython } from '../../server/src/core/python/parser';
import { PyProject } from '../../server/src/core/python/project';
import type { Rule } from '../../server/src/core/rule';
import { dedent, parseMarkedCode } from './ruleTester';

/**
 * Python rule tests, written like the TypeScript ones (see ruleTester.ts):
 * code with `^^^^` marker lines under the expected findings, and every fix's
 * output written out in full. Each fixed file must parse: tree-sitter finds no
 * ERROR or MISSING node in it.
 */
export interface PythonTestCase {
  readonly name: string;
  readonly code: string;
  readonly fixes?: Readonly<Record<string, string>>;
  /** Other files of the project, by path relative to the project root (`app/helpers.py`, `pyproject.toml`). */
  readonly files?: Readonly<Record<string, string>>;
  /** Where the tested code lives in the project; `app/main.py` by default (app/ is a package). */
  readonly path?: string;
  readonly alsoRun?: readonly Rule[];
}

export const PROJECT_ROOT = '/project';

/** A project held in memory: the analysis reads only through PyProject's reader, so nothing touches the disk. */
function projectOf(files: Readonly<Record<string, string>>): PyProject {
  return new PyProject((file) => files[file]);
}

export function runPythonRule(rule: Rule, code: string, files: Readonly<Record<string, string>> = {}, path = 'app/main.py', alsoRun: readonly Rule[] = []): Finding[] {
  const fileName = `${PROJECT_ROOT}/${path}`;
  const all: Record<string, string> = {
    [`${PROJECT_ROOT}/app/__init__.py`]: '',
    ...Object.fromEntries(Object.entries(files).map(([name, text]) => [`${PROJECT_ROOT}/${name}`, dedent(text)])),
    [fileName]: code,
  };
  const options: AnalysisOptions = { rules: [rule, ...alsoRun] };
  const result = analyzePythonFile(fileName, code, options, projectOf(all));
  assert.deepEqual(result.problems, [], 'the analysis reported problems');
  return result.findings.filter((finding) => finding.rule === rule.meta.id);
}

/** Loads the grammar before the tests of a file run. */
export function usePythonParser(): void {
  before(() => loadPythonParser());
}

export function pythonRuleTests(rule: Rule, cases: readonly PythonTestCase[]): void {
  describe(rule.meta.id, () => {
    usePythonParser();
    for (const testCase of cases) test(testCase.name, () => checkCase(rule, testCase));
  });
}

function checkCase(rule: Rule, testCase: PythonTestCase): void {
  const { code, expected } = parseMarkedCode(testCase.code);
  assert.equal(parsePython(code).hasErrors, false, 'the test code itself does not parse');
  const findings = runPythonRule(rule, code, testCase.files, testCase.path, testCase.alsoRun);
  const starts = [0];
  for (let index = 0; index < code.length; index++) if (code[index] === '\n') starts.push(index + 1);
  const lineOf = (offset: number) => starts.findLastIndex((start) => start <= offset);
  const describeFinding = (finding: Finding) => {
    const line = lineOf(finding.start);
    return `line ${line + 1}, columns ${finding.start - starts[line]}-${finding.end - starts[lineOf(finding.end)]}: ${finding.message}`;
  };
  assert.equal(findings.length, expected.length, `expected ${expected.length} finding(s), got ${findings.length}:\n${findings.map(describeFinding).join('\n')}`);
  findings.forEach((finding, index) => {
    const want = expected[index];
    const line = lineOf(finding.start);
    assert.equal(line, want.line, `finding ${index + 1} is on line ${line + 1}, expected line ${want.line + 1}: ${describeFinding(finding)}`);
    assert.equal(finding.start - starts[line], want.startColumn, `finding ${index + 1} starts at another column: ${describeFinding(finding)}`);
    if (lineOf(finding.end) === line) {
      assert.equal(finding.end - starts[line], want.endColumn, `finding ${index + 1} ends at another column: ${describeFinding(finding)}`);
    } else {
      const lineEnd = code.indexOf('\n', starts[line]);
      assert.ok(want.endColumn >= lineEnd - starts[line], `finding ${index + 1} goes on past its first line, but its marker stops short: ${describeFinding(finding)}`);
    }
    if (want.severity) assert.equal(finding.severity, want.severity, `finding ${index + 1} has another severity`);
    if (want.messageFragment) assert.ok(finding.message.includes(want.messageFragment), `message "${finding.message}" lacks "${want.messageFragment}"`);
  });
  const titleCounts = new Map<string, number>();
  for (const fix of findings.flatMap((finding) => finding.fixes)) titleCounts.set(fix.title, (titleCounts.get(fix.title) ?? 0) + 1);
  const offered = findings.flatMap((finding, index) => finding.fixes.map((fix) => ({ ...fix, title: titleCounts.get(fix.title)! > 1 ? `${fix.title} #${index + 1}` : fix.title })));
  const expectedFixes = Object.entries(testCase.fixes ?? {});
  assert.deepEqual(offered.map((fix) => fix.title).sort(), expectedFixes.map(([title]) => title).sort(), 'the fixes offered differ from the fixes written out in the test');
  for (const [title, output] of expectedFixes) {
    const fix = offered.find((candidate) => candidate.title === title)!;
    assert.ok(
      fix.edits.every((edit) => edit.file === `${PROJECT_ROOT}/${testCase.path ?? 'app/main.py'}`),
      `fix "${title}" edits another file`,
    );
    const fixed = applyEdits(code, fix.edits);
    assert.equal(fixed, dedent(output), `fix "${title}" produced other code`);
    assert.equal(parsePython(fixed).hasErrors, false, `fix "${title}" produced code that does not parse:\n${fixed}`);
  }
}
