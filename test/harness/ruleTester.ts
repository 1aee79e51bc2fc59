import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeFile } from '../../server/src/core/engine';
import { applyEdits, type Finding } from '../../server/src/core/findings';
import type { ConfiguredKnowledge } from '../../server/src/core/knowledge/project';
import type { Rule } from '../../server/src/core/rule';
import * as ts from 'typescript';
import { compile, compilerErrors, TEST_COMPILER_OPTIONS } from './compile';

/**
 * A rule test is code with its expected findings marked under it:
 *
 *     async function f() {
 *       save();
 *       ^^^^^^ is neither awaited
 *     }
 *
 * A marker line holds only carets (and optional text): the carets sit under the
 * columns the finding covers on the line above, and the text must appear in
 * the finding's message. A finding that goes on past the end of its first line
 * is marked by carets from its start to the end of that line, or beyond. Text
 * starting with a severity in brackets, `[hint] ...`, also checks the severity. Marker lines are removed before the code is analysed.
 * A case with no marker must produce no finding.
 *
 * `fixes` writes out, for every quick-fix offered, the whole file after that
 * fix is applied (marker lines removed); a title that several findings offer
 * is written "<title> #<finding number>". Each fixed file is compiled: it must
 * parse and type-check with no error the original did not have.
 */
export interface RuleTestCase {
  readonly name: string;
  readonly code: string;
  readonly fixes?: Readonly<Record<string, string>>;
  /** File name to analyse the code as; the extension selects TypeScript or JavaScript. */
  readonly fileName?: string;
  /** Overrides of the test compiler options (a strict ES2022 project with the DOM library). */
  readonly compilerOptions?: ts.CompilerOptions;
  /** The rule's options, as configuration would give them. */
  readonly options?: Readonly<Record<string, unknown>>;
  /**
   * More files of the same program (absolute name → text), e.g. a helper module
   * the tested file imports. They are compiled along, not checked for findings.
   */
  readonly otherFiles?: Readonly<Record<string, string>>;
  /** Other rules to run alongside (their findings are not checked), e.g. for suppressions to act on. */
  readonly alsoRun?: readonly Rule[];
  /** What the project's configuration adds to the knowledge base (`asynclint.config.json`). */
  readonly knowledge?: ConfiguredKnowledge;
  /**
   * Why the code may not compile. Without it a case whose code has compiler
   * errors fails: code that does not compile can pass a test for reasons that
   * have nothing to do with the rule (an undeclared function is `any`, and
   * `any` is never a promise).
   */
  readonly compilerErrorsBecause?: string;
}

interface ExpectedFinding {
  readonly line: number;
  readonly startColumn: number;
  readonly endColumn: number;
  readonly messageFragment: string;
  readonly severity?: string;
}

const MARKER = /^(\s*)(\^+)\s*(.*)$/;

export function parseMarkedCode(marked: string): { code: string; expected: ExpectedFinding[] } {
  const lines: string[] = [];
  const expected: ExpectedFinding[] = [];
  for (const line of dedent(marked).split('\n')) {
    const match = MARKER.exec(line);
    if (match && lines.length > 0) {
      const startColumn = match[1].length;
      const [, severity, fragment] = /^(?:\[(error|warning|info|hint)\]\s*)?(.*)$/.exec(match[3].trim())!;
      expected.push({ line: lines.length - 1, startColumn, endColumn: startColumn + match[2].length, messageFragment: fragment, severity });
    } else {
      lines.push(line);
    }
  }
  return { code: lines.join('\n'), expected };
}

/** Removes the indentation common to all non-empty lines, and a leading and trailing blank line. */
export function dedent(text: string): string {
  const lines = text
    .replace(/^\n/, '')
    .replace(/\n\s*$/, '')
    .split('\n');
  const indents = lines.filter((line) => line.trim().length > 0).map((line) => /^ */.exec(line)![0].length);
  const common = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((line) => line.slice(common)).join('\n');
}

export function runRule(
  rule: Rule,
  code: string,
  fileName = '/test.ts',
  options: ts.CompilerOptions = TEST_COMPILER_OPTIONS,
  ruleOptions: Readonly<Record<string, unknown>> = {},
  otherFiles: Readonly<Record<string, string>> = {},
  alsoRun: readonly Rule[] = [],
  knowledge: ConfiguredKnowledge = {},
): Finding[] {
  const program = compile({ ...otherFiles, [fileName]: code }, options);
  const result = analyzeFile(program, program.getSourceFile(fileName)!, { rules: [rule, ...alsoRun], ruleOptions: { [rule.meta.id]: ruleOptions }, knowledge });
  assert.deepEqual(result.problems, [], 'the analysis reported problems');
  return result.findings.filter((finding) => finding.rule === rule.meta.id);
}

export function ruleTests(rule: Rule, cases: readonly RuleTestCase[]): void {
  describe(rule.meta.id, () => {
    for (const testCase of cases) {
      test(testCase.name, () => checkCase(rule, testCase));
    }
  });
}

function checkCase(rule: Rule, testCase: RuleTestCase): void {
  const fileName = `/${testCase.fileName ?? 'test.ts'}`;
  const { code, expected } = parseMarkedCode(testCase.code);
  const options = { ...TEST_COMPILER_OPTIONS, ...testCase.compilerOptions };
  const others = Object.fromEntries(Object.entries(testCase.otherFiles ?? {}).map(([name, text]) => [name, dedent(text)]));
  const errorsBefore = compilerErrors(compile({ ...others, [fileName]: code }, options), fileName);
  if (testCase.compilerErrorsBecause === undefined) {
    assert.deepEqual(errorsBefore, [], 'the case does not compile; fix it, or say why it must not in `compilerErrorsBecause`');
  } else {
    assert.notDeepEqual(errorsBefore, [], '`compilerErrorsBecause` is given, but the case compiles');
  }
  const findings = runRule(rule, code, fileName, options, testCase.options, others, testCase.alsoRun, testCase.knowledge);
  const lineStarts = lineStartOffsets(code);
  const lineOf = (offset: number) => lineStarts.findLastIndex((start) => start <= offset);

  const describeFinding = (finding: Finding) => {
    const line = lineOf(finding.start);
    return `line ${line + 1}, columns ${finding.start - lineStarts[line]}-${finding.end - lineStarts[lineOf(finding.end)]}: ${finding.message}`;
  };
  assert.equal(findings.length, expected.length, `expected ${expected.length} finding(s), got ${findings.length}:\n${findings.map(describeFinding).join('\n')}`);
  findings.forEach((finding, index) => {
    const want = expected[index];
    const line = lineOf(finding.start);
    assert.equal(finding.rule, rule.meta.id);
    assert.equal(line, want.line, `finding ${index + 1} is on line ${line + 1}, expected line ${want.line + 1}`);
    assert.equal(finding.start - lineStarts[line], want.startColumn, `finding ${index + 1} starts at another column: ${describeFinding(finding)}`);
    if (lineOf(finding.end) === line) {
      assert.equal(finding.end - lineStarts[line], want.endColumn, `finding ${index + 1} ends at another column: ${describeFinding(finding)}`);
    } else {
      const lineEnd = code.indexOf('\n', lineStarts[line]);
      assert.ok(want.endColumn >= lineEnd - lineStarts[line], `finding ${index + 1} goes on past its first line, but its marker stops short: ${describeFinding(finding)}`);
    }
    if (want.severity) assert.equal(finding.severity, want.severity, `finding ${index + 1} has another severity`);
    if (want.messageFragment) assert.ok(finding.message.includes(want.messageFragment), `message "${finding.message}" lacks "${want.messageFragment}"`);
  });

  // A title offered by several findings is keyed "<title> #<finding number>".
  const titleCounts = new Map<string, number>();
  for (const fix of findings.flatMap((finding) => finding.fixes)) titleCounts.set(fix.title, (titleCounts.get(fix.title) ?? 0) + 1);
  const offered = findings.flatMap((finding, index) => finding.fixes.map((fix) => ({ ...fix, title: titleCounts.get(fix.title)! > 1 ? `${fix.title} #${index + 1}` : fix.title })));
  const expectedFixes = Object.entries(testCase.fixes ?? {});
  assert.deepEqual(offered.map((fix) => fix.title).sort(), expectedFixes.map(([title]) => title).sort(), 'the fixes offered differ from the fixes written out in the test');
  if (offered.length === 0) return;
  for (const [title, output] of expectedFixes) {
    const fix = offered.find((candidate) => candidate.title === title)!;
    const fixed = applyEdits(code, fix.edits);
    assert.equal(fixed, dedent(output), `fix "${title}" produced other code`);
    const errorsAfter = compilerErrors(compile({ ...others, [fileName]: fixed }, options), fileName);
    const newErrors = errorsAfter.filter((error) => !errorsBefore.includes(error));
    assert.deepEqual(newErrors, [], `fix "${title}" introduced compiler errors`);
    if (fix.safe) assert.equal(emittedCode(fixed, fileName), emittedCode(code, fileName), `the safe fix "${title}" changed what the code does`);
  }
}

/**
 * The JavaScript a file compiles to, comments removed: a fix that only removes
 * comments must leave it unchanged to the character, which catches tokens it
 * joins (`- -x` into `--x`) and line breaks it drops (`return⏎x`).
 */
export function emittedCode(code: string, fileName: string): string {
  return ts.transpileModule(code, {
    fileName,
    reportDiagnostics: false,
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, removeComments: true, jsx: ts.JsxEmit.Preserve },
  }).outputText;
}

function lineStartOffsets(text: string): number[] {
  const starts = [0];
  for (let index = 0; index < text.length; index++) if (text[index] === '\n') starts.push(index + 1);
  return starts;
}
