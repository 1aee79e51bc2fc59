import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { ALL_RULES } from '../../server/src/core/registry';
import { tempProject } from '../harness/tempProject';
import { REPOSITORY_ROOT } from '../harness/vsix';
import { NODE_DECLARATIONS } from '../rules/eventLoop/nodeDeclarations';
import { runCli } from './runCli';

/**
 * Snapshot tests of every output format on one project that has each kind of
 * finding a report must carry: fixes (safe and suggested), related locations
 * in another file (a blocking call reached through a helper), a group of
 * awaits, and a file name full of characters that must not reach a terminal or
 * a workflow log as they are. `UPDATE_SNAPSHOTS=1` rewrites the snapshots.
 */
const SNAPSHOTS = path.join(REPOSITORY_ROOT, 'test', 'cli', 'snapshots');

/** A file name with a newline that would start a workflow command, the characters that end a property, and a terminal escape. */
const HOSTILE_NAME = 'src/odd\n::error file=x::y%,\u001b[2J.ts';

function fixture(): string {
  return tempProject({
    'tsconfig.json': JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'node16', moduleResolution: 'node16', strict: true, lib: ['ES2022'], types: [] },
      include: ['src', 'types'],
    }),
    'types/node.d.ts': NODE_DECLARATIONS,
    'src/templates.ts': `
      import * as fs from 'fs';
      export function loadTemplate(name: string) {
        return fs.readFileSync(name, 'utf8');
      }
    `,
    'src/render.ts': `
      import { loadTemplate } from './templates.js';
      export async function render(req: unknown, page: string) {
        return loadTemplate(page);
      }
    `,
    'src/handler.ts': `
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
    `,
    [HOSTILE_NAME]: `
      declare function save(): Promise<void>;
      export async function odd() {
        save();
      }
    `,
  });
}

function report(format: string): { code: number | null; stdout: string; root: string } {
  const root = fixture();
  const result = runCli(['--format', format, '.'], { cwd: root });
  assert.equal(result.stderr, '');
  return { code: result.code, stdout: result.stdout, root };
}

/** The output with the temporary folder replaced, in every spelling a format uses. */
function normalized(stdout: string, root: string): string {
  return stdout.split(encodeURI(root)).join('<root>').split(root).join('<root>');
}

function matchesSnapshot(name: string, actual: string): void {
  const file = path.join(SNAPSHOTS, name);
  if (process.env.UPDATE_SNAPSHOTS === '1') {
    fs.mkdirSync(SNAPSHOTS, { recursive: true });
    fs.writeFileSync(file, actual);
    return;
  }
  assert.ok(fs.existsSync(file), `${file} is missing: run with UPDATE_SNAPSHOTS=1`);
  assert.equal(actual, fs.readFileSync(file, 'utf8'), `${name} differs from its snapshot (UPDATE_SNAPSHOTS=1 rewrites it)`);
}

/**
 * The official SARIF 2.1.0 schema (its final revision, rtm.5, a JSON Schema
 * draft-04 document), as the npm package of the SARIF SDK's test matchers
 * ships it. Its pattern for language tags is not a valid Unicode-mode regular
 * expression (a stray bracket), so patterns are compiled without the u flag,
 * as draft-04 validators did.
 */
function sarifValidator() {
  const schemaFile = path.join(path.dirname(require.resolve('@microsoft/jest-sarif/package.json')), 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json');
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(fs.readFileSync(schemaFile, 'utf8')));
}

describe('report formats', () => {
  test('stylish: grouped by file, with the summary; control characters in names and messages escaped', () => {
    const { code, stdout, root } = report('stylish');
    assert.equal(code, 1);
    assert.doesNotMatch(stdout, /\u001b/, 'no terminal escape from the analysed code reaches the terminal');
    assert.match(stdout, /src\/odd\\n::error file=x::y%,\\u001b\[2J\.ts\n/);
    matchesSnapshot('stylish.txt', normalized(stdout, root));
  });

  test('json: positions, fixable and related locations', () => {
    const { code, stdout, root } = report('json');
    assert.equal(code, 1);
    const diagnostics = JSON.parse(stdout).diagnostics as Array<{ rule: string; fixable: boolean; related: Array<{ file: string; message: string }> }>;
    assert.equal(diagnostics.find((diagnostic) => diagnostic.rule === 'unused-suppression')?.fixable, true);
    const blocking = diagnostics.find((diagnostic) => diagnostic.rule === 'no-blocking-call');
    assert.ok(
      blocking?.related.some((related) => related.file === `${root}/src/templates.ts`),
      JSON.stringify(blocking),
    );
    matchesSnapshot('json.txt', normalized(stdout, root));
  });

  test('github: one workflow command per finding; a file name cannot end the command or start another', () => {
    const { code, stdout, root } = report('github');
    assert.equal(code, 1);
    const lines = stdout.trimEnd().split('\n');
    assert.ok(
      lines.every((line) => /^::(error|warning|notice) file=[^:,]*,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=[^:,]*::/.test(line)),
      stdout,
    );
    assert.ok(
      lines.includes(
        '::warning file=src/odd%0A%3A%3Aerror file=x%3A%3Ay%25%2C\u001b[2J.ts,line=3,col=3,endLine=3,endColumn=9,title=asynclint(no-floating-promises)::The promise returned by `save()` is neither awaited, returned nor given a rejection handler; if it rejects, the rejection goes unhandled.',
      ),
      stdout,
    );
    matchesSnapshot('github.txt', normalized(stdout, root));
  });

  test('sarif: valid against the SARIF 2.1.0 schema, with rule metadata, related locations and fixes', () => {
    const { code, stdout, root } = report('sarif');
    assert.equal(code, 1);
    const log = JSON.parse(stdout);
    const validate = sarifValidator();
    // (A copy is validated: the validator is a type guard that would narrow `log` to what the schema's type says, unknown.)
    assert.ok(validate(structuredClone(log)), JSON.stringify(validate.errors, null, 2));

    const run = log.runs[0];
    const floating = run.tool.driver.rules.find((rule: { id: string }) => rule.id === 'no-floating-promises');
    assert.equal(floating.helpUri, 'https://github.com/asynclint/asynclint/blob/main/docs/rules/no-floating-promises.md');
    assert.equal(floating.defaultConfiguration.level, 'warning');
    assert.ok(floating.shortDescription.text && floating.fullDescription.text);
    const blocking = run.results.find((result: { ruleId: string }) => result.ruleId === 'no-blocking-call');
    assert.equal(blocking.locations[0].physicalLocation.artifactLocation.uri, 'src/render.ts');
    assert.ok(
      blocking.relatedLocations.some(
        (related: { physicalLocation: { artifactLocation: { uri: string } } }) => related.physicalLocation.artifactLocation.uri === 'src/templates.ts',
      ),
    );
    const suppression = run.results.find((result: { ruleId: string }) => result.ruleId === 'unused-suppression');
    assert.equal(suppression.fixes[0].properties.safe, true);
    assert.equal(suppression.fixes[0].artifactChanges[0].replacements[0].insertedContent.text, '');
    // The rules' texts come from the registry (and change with the rules' docs): checked here, not snapshotted.
    assert.deepEqual(
      run.tool.driver.rules.map((rule: { id: string; shortDescription: { text: string }; fullDescription: { text: string } }) => [
        rule.id,
        rule.shortDescription.text,
        rule.fullDescription.text,
      ]),
      ALL_RULES.map(({ meta }) => [meta.id, meta.description, meta.docs.flags]),
    );
    for (const rule of run.tool.driver.rules) {
      rule.shortDescription.text = rule.fullDescription.text = rule.help.text = '<from the rule>';
    }
    run.tool.driver.version = run.tool.driver.semanticVersion = '<version>';
    matchesSnapshot('sarif.txt', normalized(`${JSON.stringify(log, null, 2)}\n`, root));
  });

  test('sarif: the schema check can fail (a result without a message is rejected)', () => {
    const { stdout } = report('sarif');
    const log = JSON.parse(stdout);
    delete log.runs[0].results[0].message;
    assert.equal(sarifValidator()(log), false);
  });
});
