import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as ts from 'typescript';
import type { Diagnostic, TextEdit } from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import { applyTextEdits, TestLanguageClient } from '../harness/lspClient';
import { dedent } from '../harness/ruleTester';
import { largeSource, STRICT_TSCONFIG, tempProject } from '../harness/tempProject';
import { unpackedVsix } from '../harness/vsix';

/**
 * The language server as users get it: dist/server.js taken out of the
 * packaged VSIX (with the TypeScript lib files it ships), spoken to over stdio.
 */
const SERVER = path.join(unpackedVsix(), 'extension', 'dist', 'server.js');

const ORDERS = dedent(`
  declare function saveOrder(id: string): Promise<void>;
  export async function placeOrder(id: string) {
    saveOrder(id);
    return id;
  }
`);

const uriOf = (file: string) => URI.file(file).toString();

/** Type errors of a project compiled with the bundled compiler and the project's own tsconfig.json. */
function typeErrors(root: string): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(root, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
  const program = ts.createProgram(config.fileNames, config.options);
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, ' '));
}

describe('language server (packaged, over stdio)', () => {
  let client: TestLanguageClient;
  let root: string;

  before(async () => {
    root = tempProject({ 'tsconfig.json': STRICT_TSCONFIG, 'src/orders.ts': ORDERS });
    client = new TestLanguageClient(SERVER);
    await client.initialize(uriOf(root));
  });
  after(() => client.shutdown());

  test('reports a floating promise with source, code and a link to the documentation', async () => {
    const file = path.join(root, 'src/orders.ts');
    const uri = uriOf(file);
    await client.open(uri, fs.readFileSync(file, 'utf8'));
    const [diagnostic, ...rest] = await client.diagnostics(uri, (diagnostics) => diagnostics.length > 0);
    assert.deepEqual(rest, []);
    assert.equal(diagnostic.source, 'asynclint');
    assert.equal(diagnostic.code, 'no-floating-promises');
    assert.equal(diagnostic.codeDescription?.href, 'https://github.com/asynclint/asynclint/blob/main/docs/rules/no-floating-promises.md');
    assert.equal(diagnostic.severity, 2);
    assert.deepEqual(diagnostic.range, { start: { line: 2, character: 2 }, end: { line: 2, character: 15 } });
  });

  test('offers the fixes, and each fixed file still type-checks', async () => {
    const file = path.join(root, 'src/orders.ts');
    const uri = uriOf(file);
    const original = fs.readFileSync(file, 'utf8');
    const [diagnostic] = await client.diagnostics(uri, (diagnostics) => diagnostics.length > 0);
    // The rule's own fixes come first; the disable and documentation actions follow (see features.test.ts).
    const actions = (await client.codeActions(uri, diagnostic)).slice(0, 3);
    assert.deepEqual(
      actions.map((action) => [action.title, action.kind, action.isPreferred]),
      [
        ['Add await', 'quickfix', true],
        ['Append .catch(...) that logs the error', 'quickfix', false],
        ['Add void to mark it fire-and-forget', 'quickfix', false],
      ],
    );
    const expected = {
      'Add await': '    await saveOrder(id);',
      'Append .catch(...) that logs the error': '    saveOrder(id).catch((error) => console.error(error));',
      'Add void to mark it fire-and-forget': '    void saveOrder(id);',
    };
    assert.deepEqual(typeErrors(root), []);
    try {
      for (const action of actions) {
        const change = action.edit!.documentChanges![0] as { textDocument: { uri: string }; edits: TextEdit[] };
        assert.equal(change.textDocument.uri, uri);
        const fixed = applyTextEdits(original, change.edits);
        assert.equal(fixed.split('\n')[2], expected[action.title as keyof typeof expected].slice(2));
        fs.writeFileSync(file, fixed);
        assert.deepEqual(typeErrors(root), [], `after "${action.title}"`);
      }
    } finally {
      fs.writeFileSync(file, original);
    }
  });

  test('edits are analysed without saving: fixing the code clears the finding', async () => {
    const uri = uriOf(path.join(root, 'src/orders.ts'));
    await client.change(uri, ORDERS.replace('saveOrder(id);', 'await saveOrder(id);'));
    assert.deepEqual(await client.diagnostics(uri, (diagnostics) => diagnostics.length === 0), []);
    await client.change(uri, fs.readFileSync(path.join(root, 'src/orders.ts'), 'utf8'));
    assert.equal((await client.diagnostics(uri, (diagnostics) => diagnostics.length === 1)).length, 1);
  });

  test('settings apply without a restart: a rule set to off, to error, and the extension disabled', async () => {
    const uri = uriOf(path.join(root, 'src/orders.ts'));
    await client.changeConfiguration({ rules: { 'no-floating-promises': 'off' } });
    await client.diagnostics(uri, (diagnostics) => diagnostics.length === 0);
    await client.changeConfiguration({ rules: { 'no-floating-promises': 'error' } });
    await client.diagnostics(uri, (diagnostics) => diagnostics.length === 1 && diagnostics[0].severity === 1);
    await client.changeConfiguration({ enable: false });
    await client.diagnostics(uri, (diagnostics) => diagnostics.length === 0);
    await client.changeConfiguration({ rules: { 'no-such-rule': 'error', 'no-floating-promises': 'loud' } });
    await client.diagnostics(uri, (diagnostics) => diagnostics.length === 1 && diagnostics[0].severity === 2);
    assert.ok(client.logs.some((line) => line.includes('ignoring asynclint.rules["no-such-rule"]: there is no rule with that id')));
    assert.ok(client.logs.some((line) => line.includes('ignoring asynclint.rules["no-floating-promises"]: "loud" is not one of')));
    await client.changeConfiguration({});
  });

  test('a change on disk to another file reaches the open file', async () => {
    const api = path.join(root, 'src/api.ts');
    const use = path.join(root, 'src/use.ts');
    fs.writeFileSync(api, 'export function load(): number { return 1; }\n');
    fs.writeFileSync(use, "import { load } from './api';\nexport function run() {\n  load();\n}\n");
    await client.changeWatchedFiles([
      { uri: uriOf(api), type: 1 },
      { uri: uriOf(use), type: 1 },
    ]);
    await client.open(uriOf(use), fs.readFileSync(use, 'utf8'));
    await client.diagnostics(uriOf(use), (diagnostics) => diagnostics.length === 0);
    // A function that can reject: it returns a call into a declaration, which is assumed to reject.
    fs.writeFileSync(api, 'declare function fetchCount(): Promise<number>;\nexport async function load(): Promise<number> { return fetchCount(); }\n');
    await client.changeWatchedFiles([{ uri: uriOf(api), type: 2 }]);
    const [diagnostic] = await client.diagnostics(uriOf(use), (diagnostics) => diagnostics.length === 1);
    assert.equal(diagnostic.range.start.line, 2);
    await client.close(uriOf(use));
  });

  test('a file outside any tsconfig.json gets an inferred project', async () => {
    const loose = path.join(root, 'scripts/task.js');
    fs.mkdirSync(path.dirname(loose), { recursive: true });
    fs.writeFileSync(loose, 'async function main() {\n  fetch("/health");\n}\n');
    await client.open(uriOf(loose), fs.readFileSync(loose, 'utf8'), 'javascript');
    const [diagnostic] = await client.diagnostics(uriOf(loose), (diagnostics) => diagnostics.length === 1);
    assert.equal(diagnostic.range.start.line, 1);
    assert.ok(client.logs.some((line) => line.includes('belongs to no tsconfig.json')));
  });

  test('a file with syntax errors, an empty file and a 50,000-line file are analysed without a crash', async () => {
    const broken = uriOf(path.join(root, 'src/broken.ts'));
    await client.open(broken, ORDERS.replace('return id;', 'return id +;\n  const = ;'));
    assert.equal((await client.diagnostics(broken, (diagnostics) => diagnostics.length === 1)).length, 1);
    const empty = uriOf(path.join(root, 'src/empty.ts'));
    await client.open(empty, '');
    assert.deepEqual(await client.diagnostics(empty), []);
    const large = uriOf(path.join(root, 'src/large.ts'));
    await client.open(large, largeSource(50_000));
    const [diagnostic] = await client.diagnostics(large, (diagnostics) => diagnostics.length === 1, 60_000);
    assert.equal(diagnostic.range.start.line, 49_998);
    for (const uri of [broken, empty, large]) await client.close(uri);
  });

  test('a binary file is not analysed, and the log says why', async () => {
    const uri = uriOf(path.join(root, 'src/blob.js'));
    await client.open(uri, 'ELF\u0000\u0000\u0001\u0002garbage', 'javascript');
    assert.deepEqual(await client.diagnostics(uri), []);
    assert.ok(client.logs.some((line) => line.includes('blob.js was not analysed: the file looks binary')));
  });
});

describe('language server: projects written for TypeScript 5', () => {
  test('moduleResolution node, baseUrl and implicit @types load as TypeScript 5 would, and the log says what was adjusted', async () => {
    const root = tempProject({
      'tsconfig.json': JSON.stringify({
        compilerOptions: { target: 'ES2020', module: 'commonjs', moduleResolution: 'node', baseUrl: '.', paths: { '@app/*': ['src/*'] }, lib: ['ES2020'] },
        include: ['src'],
      }),
      'node_modules/typescript/package.json': JSON.stringify({ name: 'typescript', version: '5.4.5' }),
      'node_modules/@types/queue/package.json': JSON.stringify({ name: '@types/queue', version: '1.0.0', types: 'index.d.ts' }),
      'node_modules/@types/queue/index.d.ts': 'declare function enqueue(job: string): Promise<void>;',
      'src/jobs.ts': 'export async function runJob(name: string) {\n  await enqueue(name);\n  return name;\n}\n',
      'src/main.ts': "import { runJob } from '@app/jobs';\nexport function start() {\n  runJob('a');\n  enqueue('b');\n}\n",
    });
    const client = new TestLanguageClient(SERVER);
    try {
      await client.initialize(uriOf(root));
      const uri = uriOf(path.join(root, 'src/main.ts'));
      await client.open(uri, fs.readFileSync(path.join(root, 'src/main.ts'), 'utf8'));
      const diagnostics: Diagnostic[] = await client.diagnostics(uri, (found) => found.length === 2);
      assert.deepEqual(
        diagnostics.map((diagnostic) => diagnostic.range.start.line),
        [2, 3],
      );
      const adjusted = client.logs.find((line) => line.startsWith('adjusted'));
      assert.ok(adjusted, client.logs.join('\n'));
      assert.match(adjusted, /types: \["\*"\]/);
      assert.match(adjusted, /ignoreDeprecations: "6.0".*moduleResolution: node10.*baseUrl/);
    } finally {
      await client.shutdown();
    }
  });
});
