import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import * as ts from 'typescript';
import { fixFile, MAX_FIX_PASSES } from '../../server/src/cli/fix';
import type { Rule } from '../../server/src/core/rule';
import { ProjectService } from '../../server/src/project/projects';
import { STRICT_TSCONFIG, tempProject } from '../harness/tempProject';
import { runCli } from './runCli';

/** The compiler's errors for a project folder, as `tsc --noEmit` would report them. */
function typeErrors(root: string): string[] {
  const configFile = path.join(root, 'tsconfig.json');
  const config = ts.getParsedCommandLineOfConfigFile(configFile, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
  const program = ts.createProgram({ rootNames: config.fileNames, options: { ...config.options, noEmit: true } });
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, ' '));
}

const HANDLER = `
  declare function save(): Promise<void>;
  declare function loadUser(id: string): Promise<string>;
  declare function loadOrders(id: string): Promise<string[]>;
  // asynclint-disable-next-line no-await-in-loop -- kept from an old loop
  export async function handler(id: string) {
    save();
    const user = await loadUser(id);
    const orders = await loadOrders(id);
    return { user, orders };
  }
`;

describe('--fix', () => {
  test('--fix applies the safe fixes only, writes the file, and reports what remains', () => {
    const root = tempProject({ 'tsconfig.json': STRICT_TSCONFIG, 'src/handler.ts': HANDLER });
    const { code, stdout, stderr } = runCli(['--fix', '--format', 'json', '.'], { cwd: root });
    assert.equal(code, 1, stderr);
    const text = fs.readFileSync(path.join(root, 'src/handler.ts'), 'utf8');
    assert.doesNotMatch(text, /asynclint-disable/, 'the unused suppression is removed');
    assert.match(text, /^ {2}save\(\);$/m, 'a suggestion is not applied by --fix');
    assert.deepEqual(
      JSON.parse(stdout).diagnostics.map((diagnostic: { rule: string; line: number }) => [diagnostic.rule, diagnostic.line]),
      [
        ['no-floating-promises', 5],
        ['prefer-promise-all', 6],
      ],
    );
    assert.deepEqual(typeErrors(root), []);
  });

  test("--fix-suggestions also applies each finding's first suggestion, until nothing is left; the result type-checks", () => {
    const root = tempProject({ 'tsconfig.json': STRICT_TSCONFIG, 'src/handler.ts': HANDLER });
    const { code, stdout, stderr } = runCli(['--fix-suggestions', '.'], { cwd: root });
    assert.equal(code, 0, stdout + stderr);
    assert.equal(stdout, '');
    assert.equal(
      fs.readFileSync(path.join(root, 'src/handler.ts'), 'utf8'),
      [
        'declare function save(): Promise<void>;',
        'declare function loadUser(id: string): Promise<string>;',
        'declare function loadOrders(id: string): Promise<string[]>;',
        'export async function handler(id: string) {',
        '  await save();',
        '  const [user, orders] = await Promise.all([loadUser(id), loadOrders(id)]);',
        '  return { user, orders };',
        '}',
        '',
      ].join('\n'),
    );
    assert.deepEqual(typeErrors(root), []);
  });

  test('--fix-dry-run prints a unified diff and writes nothing', () => {
    const root = tempProject({ 'tsconfig.json': STRICT_TSCONFIG, 'src/handler.ts': HANDLER });
    const before = fs.readFileSync(path.join(root, 'src/handler.ts'), 'utf8');
    const { code, stdout } = runCli(['--fix-suggestions', '--fix-dry-run', '.'], { cwd: root });
    assert.equal(code, 0);
    assert.equal(fs.readFileSync(path.join(root, 'src/handler.ts'), 'utf8'), before);
    assert.equal(
      stdout,
      [
        '--- a/src/handler.ts',
        '+++ b/src/handler.ts',
        '@@ -1,10 +1,8 @@',
        ' declare function save(): Promise<void>;',
        ' declare function loadUser(id: string): Promise<string>;',
        ' declare function loadOrders(id: string): Promise<string[]>;',
        '-// asynclint-disable-next-line no-await-in-loop -- kept from an old loop',
        ' export async function handler(id: string) {',
        '-  save();',
        '-  const user = await loadUser(id);',
        '-  const orders = await loadOrders(id);',
        '+  await save();',
        '+  const [user, orders] = await Promise.all([loadUser(id), loadOrders(id)]);',
        '   return { user, orders };',
        ' }',
        '',
      ].join('\n'),
    );
  });
});

/** A test rule whose fixes are wrong in the ways a rule's fix could be: the guard must catch them. */
function guardRule(): Rule {
  return {
    meta: {
      id: 'test-fix-guard',
      description: 'Offers broken fixes next to a good one.',
      defaultSeverity: 'warning',
      typeAware: false,
      docs: { flags: '', why: '', doesNotFlag: '', flaggedExamples: [], notFlaggedExamples: [], fixes: '' },
    },
    create(context) {
      return {
        [ts.SyntaxKind.CallExpression]: (node) => {
          const call = node as ts.CallExpression;
          const name = call.expression.getText(context.sourceFile);
          const file = context.sourceFile.fileName;
          const start = call.expression.getStart(context.sourceFile);
          const end = call.expression.getEnd();
          const newText =
            name === 'typo' ? 'undefinedFunction' : name === 'unparsable' ? 'unparsable((' : name === 'good' ? 'checked' : name === 'again' ? 'again /* again */' : undefined;
          if (newText === undefined) return;
          context.report({ start, end, message: `call of ${name}`, fixes: [{ title: `Rewrite ${name}`, edits: [{ file, start, end, newText }], safe: true }] });
        },
      };
    },
  };
}

describe('the fix guard', () => {
  test('a fix that would add a type error or break the syntax is skipped with the reason; the others are applied', () => {
    const root = tempProject({
      'tsconfig.json': STRICT_TSCONFIG,
      'src/a.ts': `
        declare function typo(): void;
        declare function unparsable(): void;
        declare function good(): void;
        declare function checked(): void;
        typo();
        unparsable();
        good();
        export {};
      `,
    });
    const file = path.join(root, 'src/a.ts');
    const texts = new Map<string, string>();
    const service = new ProjectService({ openFiles: { text: (name) => texts.get(name), version: (name) => (texts.has(name) ? texts.get(name)!.length : undefined) } });
    const project = service.projectFor(file);
    const outcome = fixFile(project, file, { rules: [guardRule()] }, 'safe', { set: (name, text) => texts.set(name, text) }, () => {});
    service.dispose();
    assert.equal(outcome.fixed, outcome.original.replace('good();', 'checked();'));
    assert.deepEqual(
      outcome.skipped.map((skipped) => [skipped.fix.title, skipped.line, skipped.reason.replace(/ \(TS\d+\)$/, '')]),
      [
        ['Rewrite typo', 5, "line 5: Cannot find name 'undefinedFunction'."],
        ['Rewrite unparsable', 6, 'line 6: Expression expected.'],
      ],
    );
  });

  test('fixes that never settle stop after a bounded number of passes', () => {
    const root = tempProject({ 'tsconfig.json': STRICT_TSCONFIG, 'src/a.ts': 'declare function again(): void;\nagain();\nexport {};' });
    const file = path.join(root, 'src/a.ts');
    const texts = new Map<string, string>();
    const service = new ProjectService({ openFiles: { text: (name) => texts.get(name), version: (name) => (texts.has(name) ? texts.get(name)!.length : undefined) } });
    // `again /* again */()` is still a call of `again`: the rule offers its fix again on every pass.
    const outcome = fixFile(service.projectFor(file), file, { rules: [guardRule()] }, 'safe', { set: (name, text) => texts.set(name, text) }, () => {});
    service.dispose();
    assert.equal(outcome.applied, MAX_FIX_PASSES);
    assert.equal(outcome.unstable, true);
  });
});
