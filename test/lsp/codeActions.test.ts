import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Diagnostic, TextEdit } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeFile } from '../../server/src/core/engine';
import { ALL_RULES } from '../../server/src/core/registry';
import { actionsForFinding, applySafeFixes } from '../../server/src/lsp/codeActions';
import { DEFAULT_SETTINGS, type Settings } from '../../server/src/lsp/settings';
import { compile } from '../harness/compile';
import { dedent, emittedCode } from '../harness/ruleTester';

const DIAGNOSTIC: Diagnostic = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, message: '' };
const JSX_TYPES = { '/jsx.d.ts': 'declare namespace JSX { interface IntrinsicElements { [name: string]: any } interface Element {} }' };

function analyze(fileName: string, code: string) {
  const program = compile({ ...JSX_TYPES, [fileName]: code }, { ...compileOptions, jsx: 4 });
  return analyzeFile(program, program.getSourceFile(fileName)!, { rules: ALL_RULES }).findings;
}
const compileOptions = {
  target: 9,
  module: 99,
  moduleResolution: 100,
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
  types: [],
  strict: true,
  noEmit: true,
  allowJs: true,
  skipLibCheck: true,
};

function applyTextEdits(document: TextDocument, edits: readonly TextEdit[]): string {
  return TextDocument.applyEdits(document, [...edits]);
}

/** The text after "Disable … for this line", and the findings of the rule left in it. */
function disableForLine(fileName: string, code: string, location: Settings['disableRuleCommentLocation']) {
  const findings = analyze(fileName, code);
  const finding = findings.find((candidate) => candidate.rule === 'no-floating-promises');
  assert.ok(finding, 'the test code has a floating promise');
  const document = TextDocument.create(`file://${fileName}`, fileName.endsWith('x') ? 'typescriptreact' : 'typescript', 1, code);
  const action = actionsForFinding(finding, DIAGNOSTIC, document, findings, { ...DEFAULT_SETTINGS, disableRuleCommentLocation: location }).find((candidate) =>
    candidate.title.startsWith('Disable `no-floating-promises` for this line'),
  )!;
  const edits = (action.edit!.documentChanges![0] as { edits: TextEdit[] }).edits;
  const fixed = applyTextEdits(document, edits);
  return { fixed, left: analyze(fileName, fixed).filter((other) => other.rule === 'no-floating-promises' || other.rule === 'unused-suppression') };
}

describe('"Disable for this line" puts its comment where a comment is a comment', () => {
  const cases: Array<[string, string, string]> = [
    [
      'a line that starts inside a template literal',
      '/test.ts',
      `
        declare function save(): Promise<void>;
        export const text = \`first line
        \${[1].map(() => { save(); return 1; })} second line\`;
      `,
    ],
    [
      'a line that ends inside a template literal',
      '/test.ts',
      `
        declare function save(): Promise<void>;
        export const text = \`\${[1].map(() => { save(); return 1; })} first line
        second line\`;
      `,
    ],
    [
      'a line that starts and ends in JSX text',
      '/test.tsx',
      `
        declare function save(): Promise<void>;
        export const view = (
          <p>
            text {[1].map(() => { save(); return 1; })} more text
          </p>
        );
      `,
    ],
    [
      'a line that ends in a line comment',
      '/test.ts',
      `
        declare function save(): Promise<void>;
        export function run() {
          save(); // saves
        }
      `,
    ],
    ['an ordinary line', '/test.ts', 'declare function save(): Promise<void>;\nexport function run() {\n  save();\n}\n'],
  ];
  for (const [name, fileName, code] of cases) {
    for (const location of ['separateLine', 'sameLine'] as const) {
      test(`${name} (${location})`, () => {
        const source = dedent(code);
        const { fixed, left } = disableForLine(fileName, source, location);
        assert.deepEqual(
          left.map((finding) => finding.message),
          [],
          `the finding is still reported, or the comment is unused, in:\n${fixed}`,
        );
        // The comment changed nothing but comments: strings and JSX text are as they were.
        assert.equal(emittedCode(fixed, fileName), emittedCode(source, fileName), fixed);
      });
    }
  }
});

describe('source.fixAll.asynclint leaves what the code does unchanged', () => {
  test('unused suppressions between tokens, across lines and next to template and JSX text', () => {
    const fileName = '/test.tsx';
    const code = dedent(`
      export function f(x: number, y: unknown) {
        const a = -/* asynclint-disable-line */-x;
        const b = typeof/* asynclint-disable-line */y;
        const c = \`\${a} // asynclint-disable-line\` + \`\${b}/* asynclint-disable-next-line */\`;
        const d = <p>// asynclint-disable-line {c} /* asynclint-disable */</p>;
        const e = x/* asynclint-disable-line */+/* asynclint-disable-line */+x;
        if (d) return /* asynclint-disable-line
        */ a;
        return [a, b, c, d, e] /* asynclint-disable-line */;
      }
    `);
    const findings = analyze(fileName, code);
    assert.ok(findings.filter((finding) => finding.rule === 'unused-suppression').length >= 5);
    let fixed = code;
    // Fix all applies what does not overlap, then runs again, as on repeated saves.
    for (let round = 0; round < 10; round++) {
      const next = applySafeFixes(fixed, analyze(fileName, fixed));
      if (next === fixed) break;
      fixed = next;
    }
    assert.ok(!/\/\*\s*asynclint-disable-line\s*\*\//.test(fixed.replace(/`[^`]*`|<p>.*<\/p>/g, '')), `every real directive is gone:\n${fixed}`);
    assert.match(fixed, /<p>\/\/ asynclint-disable-line \{c\} \/\* asynclint-disable \*\/<\/p>/);
    assert.equal(emittedCode(fixed, fileName), emittedCode(code, fileName), fixed);
  });
});
