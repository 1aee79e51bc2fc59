import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { CancellationTokenSource, type Diagnostic, type TextEdit } from 'vscode-languageserver-protocol/node';
import { URI } from 'vscode-uri';
import { applyTextEdits, TestLanguageClient } from '../harness/lspClient';
import { dedent } from '../harness/ruleTester';
import { largeSource, STRICT_TSCONFIG, tempProject } from '../harness/tempProject';
import { unpackedVsix } from '../harness/vsix';

/** The features of a linter people keep on, through the packaged server. */
const SERVER = path.join(unpackedVsix(), 'extension', 'dist', 'server.js');
const uriOf = (file: string) => URI.file(file).toString();

const TWO_FLOATING = dedent(`
  declare function save(id: string): Promise<void>;
  export async function handler() {
    save('a');
    save('b');
  }
`);

function editsOf(action: { edit?: { documentChanges?: unknown[] } }): TextEdit[] {
  return (action.edit!.documentChanges![0] as { edits: TextEdit[] }).edits;
}

async function withServer(files: Record<string, string>, settings: unknown, body: (client: TestLanguageClient, root: string) => Promise<void>) {
  const root = tempProject(files);
  const client = new TestLanguageClient(SERVER, settings);
  try {
    await client.initialize(uriOf(root));
    await body(client, root);
  } finally {
    await client.shutdown();
  }
}

describe('code actions', () => {
  test('each finding offers its fixes, fix all for its rule, disable for the line or file, and its documentation', () =>
    withServer({ 'tsconfig.json': STRICT_TSCONFIG, 'src/handler.ts': TWO_FLOATING }, {}, async (client, root) => {
      const uri = uriOf(path.join(root, 'src/handler.ts'));
      await client.open(uri, TWO_FLOATING);
      const [first] = await client.diagnostics(uri, (found) => found.length === 2);
      const actions = await client.codeActions(uri, first);
      assert.deepEqual(
        actions.map((action) => action.title),
        [
          'Add await',
          'Append .catch(...) that logs the error',
          'Add void to mark it fire-and-forget',
          'Fix all `no-floating-promises` problems in this file',
          'Disable `no-floating-promises` for this line',
          'Disable `no-floating-promises` for this file',
          'Show documentation for `no-floating-promises`',
        ],
      );
      const byTitle = (title: string) => actions.find((action) => action.title.startsWith(title))!;
      assert.equal(applyTextEdits(TWO_FLOATING, editsOf(byTitle('Fix all'))), TWO_FLOATING.replace("save('a');", "await save('a');").replace("save('b');", "await save('b');"));
      assert.equal(
        applyTextEdits(TWO_FLOATING, editsOf(byTitle('Disable `no-floating-promises` for this line'))).split('\n')[2],
        '  // asynclint-disable-next-line no-floating-promises -- reason',
      );
      assert.equal(
        applyTextEdits(TWO_FLOATING, editsOf(byTitle('Disable `no-floating-promises` for this file'))).split('\n')[0],
        '/* asynclint-disable-file no-floating-promises -- reason */',
      );
      const documentation = byTitle('Show documentation');
      await client.executeCommand(documentation.command!.command, documentation.command!.arguments!);
      assert.match(client.shownDocuments[0].uri, /^file:\/\/.*\/extension\/docs\/rules\/no-floating-promises\.md$/);
    }));

  test('a disable comment applied suppresses the finding; one left without a finding is reported and removed by source.fixAll', () =>
    withServer({ 'tsconfig.json': STRICT_TSCONFIG, 'src/handler.ts': TWO_FLOATING }, { codeAction: { disableRuleComment: { location: 'sameLine' } } }, async (client, root) => {
      const uri = uriOf(path.join(root, 'src/handler.ts'));
      await client.open(uri, TWO_FLOATING);
      const [first] = await client.diagnostics(uri, (found) => found.length === 2);
      const disable = (await client.codeActions(uri, first)).find((action) => action.title === 'Disable `no-floating-promises` for this line')!;
      const suppressed = applyTextEdits(TWO_FLOATING, editsOf(disable));
      assert.equal(suppressed.split('\n')[2], "  save('a'); // asynclint-disable-line no-floating-promises -- reason");
      await client.change(uri, suppressed);
      assert.equal((await client.diagnostics(uri, (found) => found.length === 1))[0].range.start.line, 3);

      const stale = suppressed.replace("  save('a');", "  await save('a');");
      await client.change(uri, stale);
      const diagnostics: Diagnostic[] = await client.diagnostics(uri, (found) => found.some((diagnostic) => diagnostic.code === 'unused-suppression'));
      assert.equal(diagnostics.find((diagnostic) => diagnostic.code === 'unused-suppression')!.severity, 4);
      const [fixAll] = await client.sourceActions(uri, 'source.fixAll.asynclint');
      assert.equal(fixAll.kind, 'source.fixAll.asynclint');
      assert.equal(applyTextEdits(stale, editsOf(fixAll)).split('\n')[2], "  await save('a');");
    }));

  test('source.fixAll never applies fixes that change behaviour', () =>
    withServer({ 'tsconfig.json': STRICT_TSCONFIG, 'src/handler.ts': TWO_FLOATING }, {}, async (client, root) => {
      const uri = uriOf(path.join(root, 'src/handler.ts'));
      await client.open(uri, TWO_FLOATING);
      await client.diagnostics(uri, (found) => found.length === 2);
      assert.deepEqual(await client.sourceActions(uri, 'source.fixAll.asynclint'), []);
    }));
});

describe('settings', () => {
  test('run: onSave leaves typing alone and analyses on save', () =>
    withServer({ 'tsconfig.json': STRICT_TSCONFIG, 'src/handler.ts': TWO_FLOATING }, { run: 'onSave' }, async (client, root) => {
      const uri = uriOf(path.join(root, 'src/handler.ts'));
      await client.open(uri, TWO_FLOATING);
      await client.diagnostics(uri, (found) => found.length === 2);
      const fixed = TWO_FLOATING.replace("save('a');", "await save('a');");
      await client.change(uri, fixed);
      // Nothing to wait for: the check is that nothing comes. Half a second is 25 times the analysis delay.
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.equal(client.lastPublished(uri)?.version, 1, 'an edit was analysed before saving');
      assert.equal(client.version(uri), 2);
      await client.save(uri);
      await client.diagnostics(uri, (found) => found.length === 1);
    }));

  test('typeAware: false runs only the rules that need no types', () =>
    withServer({ 'tsconfig.json': STRICT_TSCONFIG, 'src/handler.ts': TWO_FLOATING }, { typeAware: false }, async (client, root) => {
      const uri = uriOf(path.join(root, 'src/handler.ts'));
      const text = `${TWO_FLOATING}\nexport async function both() {\n  return Promise.all([await Promise.resolve(1)]);\n}\n`;
      await client.open(uri, text);
      const found = await client.diagnostics(uri, (diagnostics) => diagnostics.length > 0);
      assert.deepEqual(
        found.map((diagnostic) => diagnostic.code),
        ['no-await-in-promise-all'],
      );
    }));
});

describe('multi-root workspaces', () => {
  test('each folder gets its own settings: rules off in one folder stay on in the other', async () => {
    const api = tempProject({ 'tsconfig.json': STRICT_TSCONFIG, 'src/handler.ts': TWO_FLOATING });
    const web = tempProject({ 'tsconfig.json': STRICT_TSCONFIG, 'src/handler.ts': TWO_FLOATING });
    const settingsByFolder = (scopeUri?: string) =>
      scopeUri?.startsWith(uriOf(web)) ? { rules: { 'no-floating-promises': 'error' } } : { rules: { 'no-floating-promises': 'off' } };
    const client = new TestLanguageClient(SERVER, settingsByFolder);
    try {
      await client.initialize(uriOf(api), [uriOf(web)]);
      const apiHandler = uriOf(path.join(api, 'src/handler.ts'));
      const webHandler = uriOf(path.join(web, 'src/handler.ts'));
      await client.open(apiHandler, TWO_FLOATING);
      await client.open(webHandler, TWO_FLOATING);
      const inWeb = await client.diagnostics(webHandler, (found) => found.length === 2);
      assert.deepEqual(
        inWeb.map((diagnostic) => diagnostic.severity),
        [1, 1],
      );
      assert.deepEqual(await client.diagnostics(apiHandler), []);
    } finally {
      await client.shutdown();
    }
  });
});

describe('asynclint.config.json', () => {
  test('its severities apply; an invalid edit is reported in the file and the last valid configuration stays', () =>
    withServer(
      {
        'tsconfig.json': STRICT_TSCONFIG,
        'asynclint.config.json': '{ "rules": { "no-floating-promises": "error" }, "ignore": ["src/generated/"] }',
        'src/handler.ts': TWO_FLOATING,
        'src/generated/client.ts': TWO_FLOATING,
      },
      {},
      async (client, root) => {
        const uri = uriOf(path.join(root, 'src/handler.ts'));
        await client.open(uri, TWO_FLOATING);
        await client.diagnostics(uri, (found) => found.length === 2 && found.every((diagnostic) => diagnostic.severity === 1));

        const generated = uriOf(path.join(root, 'src/generated/client.ts'));
        await client.open(generated, TWO_FLOATING);
        assert.deepEqual(await client.diagnostics(generated), []);

        const configUri = uriOf(path.join(root, 'asynclint.config.json'));
        await client.open(configUri, fs.readFileSync(path.join(root, 'asynclint.config.json'), 'utf8'), 'json');
        await client.change(configUri, '{ "rules": { "no-floating-promises": "eror" } }');
        const [problem] = await client.diagnostics(configUri, (found) => found.length === 1);
        assert.match(String(problem.message), /The severity of "no-floating-promises" must be one of .* The last valid configuration stays in force/);
        assert.equal(problem.range.start.line, 0);
        await client.change(uri, TWO_FLOATING.replace("save('b');", "save('b');\n  save('c');"));
        await client.diagnostics(uri, (found) => found.length === 3 && found.every((diagnostic) => diagnostic.severity === 1));
        // Nothing else may clear the configuration file's error while it stands.
        assert.equal(client.lastPublished(configUri)?.diagnostics.length, 1, 'the configuration error was cleared');

        await client.change(configUri, '{ "rules": { "no-floating-promises": "hint" } }');
        await client.diagnostics(configUri, (found) => found.length === 0);
        await client.diagnostics(uri, (found) => found.length === 3 && found.every((diagnostic) => diagnostic.severity === 4));
      },
    ));
});

describe('incremental analysis', () => {
  test('an edit re-analyses the open files that import the edited one only when what it exports changed', () =>
    withServer(
      {
        'tsconfig.json': STRICT_TSCONFIG,
        'src/api.ts': 'export function load(): number {\n  return 1;\n}\n',
        'src/use.ts': "import { load } from './api';\nexport function run() {\n  load();\n}\n",
      },
      {},
      async (client, root) => {
        const api = uriOf(path.join(root, 'src/api.ts'));
        const use = uriOf(path.join(root, 'src/use.ts'));
        await client.open(api, fs.readFileSync(path.join(root, 'src/api.ts'), 'utf8'));
        await client.open(use, fs.readFileSync(path.join(root, 'src/use.ts'), 'utf8'));
        await client.diagnostics(use, (found) => found.length === 0);
        await client.diagnostics(api, (found) => found.length === 0);

        // The body changes, the exports do not: the importing file is left alone.
        const before = client.publishCount(use);
        await client.change(api, 'export function load(): number {\n  return 2;\n}\n');
        await client.diagnostics(api);
        await new Promise((resolve) => setTimeout(resolve, 800));
        assert.equal(client.publishCount(use), before, 'use.ts was analysed again although nothing it imports changed');

        // The export now returns a promise that can reject: the importing file is analysed again.
        await client.change(api, 'declare function fetchCount(): Promise<number>;\nexport async function load(): Promise<number> {\n  return fetchCount();\n}\n');
        const [finding] = await client.diagnostics(use, (found) => found.length === 1);
        assert.equal(finding.range.start.line, 2);
      },
    ));
});

describe('status and workspace analysis', () => {
  test('the status notification counts projects and reports the last analysis', () =>
    withServer({ 'tsconfig.json': STRICT_TSCONFIG, 'src/handler.ts': TWO_FLOATING }, {}, async (client, root) => {
      const uri = uriOf(path.join(root, 'src/handler.ts'));
      await client.open(uri, TWO_FLOATING);
      await client.diagnostics(uri, (found) => found.length === 2);
      type Status = { state: string; projects: number; lastAnalysis?: { file: string } };
      const lastStatus = () => client.notifications.filter((notification) => notification.method === 'asynclint/status').at(-1)?.params as Status | undefined;
      // The status follows the diagnostics it describes.
      for (let waited = 0; lastStatus()?.state !== 'ready' && waited < 5000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
      const last = lastStatus()!;
      assert.equal(last.state, 'ready');
      assert.equal(last.projects, 1);
      assert.equal(last.lastAnalysis?.file, path.join(root, 'src/handler.ts'));
    }));

  test('an edit during a long analysis drops the stale work: only the current text gets diagnostics', () =>
    withServer({ 'tsconfig.json': STRICT_TSCONFIG }, {}, async (client, root) => {
      const uri = uriOf(path.join(root, 'src/large.ts'));
      const text = largeSource(50_000);
      // The server asks for the document's settings before analysing version 1; the edit arrives
      // right behind the answer, so it is read at the analysis's first pause (after one slice of 50,000 statements).
      // (A keystroke-sized edit: a whole new text of 1.5 MB would take the server many pauses to read.)
      const line = text.split('\n').indexOf('  save(1);');
      client.afterNextConfigurationReply = () => void client.edit(uri, { start: { line, character: 2 }, end: { line, character: 2 } }, 'await ');
      await client.open(uri, text);
      assert.deepEqual(await client.diagnostics(uri, () => true, 60_000), []);
      assert.deepEqual(client.publishedVersions.get(uri), [2]);
      // Routine, so logged at the Debug level (5), not as information a person must read.
      const dropped = client.logEntries.filter((entry) => /large\.ts \(version 1\) dropped: superseded/.test(entry.message));
      assert.equal(dropped.length, 1, client.logs.join('\n'));
      assert.equal(dropped[0].type, 5);
    }));

  test('Analyze Workspace finds every tsconfig.json below the folder, as the command line does', () =>
    withServer(
      {
        // The root config covers one build script; the package two folders down covers the sources.
        'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', lib: ['ES2022'], types: [] }, include: ['scripts'] }),
        'scripts/build.ts': TWO_FLOATING,
        'packages/app/tsconfig.json': STRICT_TSCONFIG,
        'packages/app/src/handler.ts': TWO_FLOATING,
        'packages/app/src/orders.ts': TWO_FLOATING,
      },
      {},
      async (client, root) => {
        const result = await client.request<{ files: number; findings: number; cancelled: boolean }>('asynclint/analyzeWorkspace', {});
        assert.deepEqual(result, { files: 3, findings: 6, problems: 6, hints: 0, cancelled: false });
        assert.equal((await client.diagnostics(uriOf(path.join(root, 'packages/app/src/orders.ts')))).length, 2);
      },
    ));

  test('Analyze Workspace publishes every file, reports progress, and can be cancelled', () => {
    const files: Record<string, string> = { 'tsconfig.json': STRICT_TSCONFIG };
    for (let index = 0; index < 30; index++) files[`src/module${index}.ts`] = TWO_FLOATING;
    return withServer(files, {}, async (client, root) => {
      const result = await client.request<{ files: number; findings: number; cancelled: boolean }>('asynclint/analyzeWorkspace', {});
      assert.deepEqual(result, { files: 30, findings: 60, problems: 60, hints: 0, cancelled: false });
      assert.equal((await client.diagnostics(uriOf(path.join(root, 'src/module7.ts')))).length, 2);
      const progress = client.notifications.filter((notification) => notification.method === 'asynclint/analyzeWorkspaceProgress');
      assert.deepEqual(progress[progress.length - 1].params, { done: 30, total: 30, file: path.join(root, 'src/module9.ts') });

      // Cancel as soon as the second run reports its first file.
      const source = new CancellationTokenSource();
      const seen = client.notifications.length;
      const pending = client.request<{ files: number; cancelled: boolean }>('asynclint/analyzeWorkspace', {}, source.token);
      while (client.notifications.length === seen) await new Promise((resolve) => setImmediate(resolve));
      source.cancel();
      const cancelled = await pending.catch((error: { code?: number }) => ({ files: -1, cancelled: error.code === -32800 }));
      assert.ok(cancelled.cancelled, JSON.stringify(cancelled));
    });
  });
});

describe('what the server tells a person', () => {
  type Status = { state: string; loading?: { project: string; files: number; parsed?: number }; lastLoad?: { project: string; parsed: number } };
  const statuses = (client: TestLanguageClient) =>
    client.notifications.filter((notification) => notification.method === 'asynclint/status').map((notification) => notification.params as Status);

  test('the first load of a project says which project and how many files, then how many were parsed, before the findings', () => {
    const files: Record<string, string> = { 'tsconfig.json': STRICT_TSCONFIG, 'src/handler.ts': TWO_FLOATING };
    for (let index = 0; index < 20; index++) files[`src/module${index}.ts`] = `export const value${index} = ${index};\n`;
    return withServer(files, {}, async (client, root) => {
      const uri = uriOf(path.join(root, 'src/handler.ts'));
      await client.open(uri, TWO_FLOATING);
      await client.diagnostics(uri, (found) => found.length === 2);
      const project = path.join(root, 'tsconfig.json');
      const loading = statuses(client).filter((status) => status.state === 'loading');
      assert.deepEqual(loading[0].loading, { project, files: 21 });
      const parsed = loading.find((status) => status.loading?.parsed !== undefined);
      // The program has the project's 21 files and the TypeScript libraries it reads.
      assert.ok(parsed && parsed.loading!.parsed! > 21, JSON.stringify(loading));
      const after = statuses(client).at(-1)!;
      assert.equal(after.lastLoad?.project, project);
      assert.ok(
        client.logs.some((line) => line.startsWith(`loaded ${project}: `) && line.includes('files parsed')),
        client.logs.join('\n'),
      );

      // A second file of the loaded project is analysed without loading it again.
      const count = statuses(client).length;
      const other = uriOf(path.join(root, 'src/module3.ts'));
      await client.open(other, 'export const value3 = 3;\n');
      await client.diagnostics(other);
      assert.ok(
        statuses(client)
          .slice(count)
          .every((status) => status.state !== 'loading'),
      );
    });
  });

  test("two files opened together: each file's findings are published when its analysis ends, one load for both", () => {
    return withServer({ 'tsconfig.json': STRICT_TSCONFIG, 'src/a.ts': TWO_FLOATING, 'src/b.ts': TWO_FLOATING }, {}, async (client, root) => {
      const [a, b] = ['src/a.ts', 'src/b.ts'].map((file) => uriOf(path.join(root, file)));
      await client.open(a, TWO_FLOATING);
      await client.open(b, TWO_FLOATING);
      await client.diagnostics(a, (found) => found.length === 2);
      await client.diagnostics(b, (found) => found.length === 2);
      const loads = statuses(client).filter((status) => status.state === 'loading' && status.loading?.parsed === undefined);
      assert.equal(loads.length, 1, JSON.stringify(statuses(client)));
    });
  });

  test('fix all summary: how many findings have a safe fix, and how many only suggestions', () =>
    withServer({ 'tsconfig.json': STRICT_TSCONFIG, 'src/handler.ts': TWO_FLOATING }, {}, async (client, root) => {
      const uri = uriOf(path.join(root, 'src/handler.ts'));
      await client.open(uri, TWO_FLOATING);
      await client.diagnostics(uri, (found) => found.length === 2);
      // Every no-floating-promises fix changes when errors surface: none is safe.
      assert.deepEqual(await client.request('asynclint/fixAllSummary', { uri }), { safe: 0, suggestions: 2 });
      assert.deepEqual(await client.sourceActions(uri, 'source.fixAll.asynclint'), []);
    }));

  test('the hover says why a finding is a hint when its rule reports warnings, and why one is an error by configuration', () => {
    const handler = dedent(`
      import * as fs from 'fs';
      export async function handler(req: { path: string }) {
        return fs.readFileSync(req.path, 'utf8');
      }
    `);
    const nodeTypes = "declare module 'fs' { export function readFileSync(path: string, encoding: 'utf8'): string; }";
    return withServer(
      { 'tsconfig.json': STRICT_TSCONFIG, 'src/handler.ts': TWO_FLOATING, 'src/middleware.ts': handler, 'src/node.d.ts': nodeTypes },
      { rules: { 'no-floating-promises': 'error' } },
      async (client, root) => {
        const uri = uriOf(path.join(root, 'src/middleware.ts'));
        await client.open(uri, handler);
        const [hint] = await client.diagnostics(uri, (found) => found.length === 1);
        assert.equal(hint.severity, 4, JSON.stringify(hint));
        const hover = await client.hover(uri, hint.range.start);
        assert.match(hover!.contents.value, /why a hint.*`no-blocking-call` reports a warning by default; this finding is likely but not proven/s);
        assert.equal(await client.hover(uri, { line: 0, character: 0 }), null);

        const floating = uriOf(path.join(root, 'src/handler.ts'));
        await client.open(floating, TWO_FLOATING);
        const [error] = await client.diagnostics(floating, (found) => found.length === 2);
        const configured = await client.hover(floating, error.range.start);
        assert.match(configured!.contents.value, /why an error.*reports a warning by default; your configuration .* sets it to error/s);
      },
    );
  });
});

describe('Python', () => {
  const HELPER = dedent(`
    import time


    def backoff():
        time.sleep(0.5)
  `);
  const HANDLER = dedent(`
    from .helpers import backoff


    async def handler():
        backoff()
  `);

  test('a .py document gets diagnostics with the call chain, its fix, and # suppression comments', () =>
    withServer({ 'app/__init__.py': '', 'app/helpers.py': HELPER, 'app/main.py': HANDLER }, {}, async (client, root) => {
      const uri = uriOf(path.join(root, 'app/main.py'));
      await client.open(uri, HANDLER, 'python');
      const [diagnostic] = await client.diagnostics(uri, (found) => found.length === 1);
      assert.equal(diagnostic.code, 'py-blocking-call');
      assert.deepEqual(diagnostic.range, { start: { line: 4, character: 4 }, end: { line: 4, character: 13 } });
      assert.match(String(diagnostic.message), /backoff\(\) blocks the event loop: it calls time\.sleep/);
      assert.deepEqual(
        diagnostic.relatedInformation?.map((related) => [path.relative(root, URI.parse(related.location.uri).fsPath), related.location.range.start.line]),
        [['app/helpers.py', 4]],
      );
      const actions = await client.codeActions(uri, diagnostic);
      const byTitle = (title: string) => actions.find((action) => action.title.startsWith(title))!;
      assert.equal(
        applyTextEdits(HANDLER, editsOf(byTitle('Run backoff() in a thread'))),
        HANDLER.replace('from .helpers', 'import asyncio\nfrom .helpers').replace('    backoff()', '    await asyncio.to_thread(backoff)'),
      );
      assert.equal(
        applyTextEdits(HANDLER, editsOf(byTitle('Disable `py-blocking-call` for this line'))).split('\n')[4],
        '    # asynclint-disable-next-line py-blocking-call -- reason',
      );
      assert.equal(applyTextEdits(HANDLER, editsOf(byTitle('Disable `py-blocking-call` for this file'))).split('\n')[0], '# asynclint-disable-file py-blocking-call -- reason');
      // The comment applied suppresses the finding.
      await client.change(uri, applyTextEdits(HANDLER, editsOf(byTitle('Disable `py-blocking-call` for this line'))));
      await client.diagnostics(uri, (found) => found.length === 0);
    }));

  test('an edit to an open helper module re-analyses the open module that calls it', () =>
    withServer({ 'app/__init__.py': '', 'app/helpers.py': HELPER, 'app/main.py': HANDLER }, {}, async (client, root) => {
      const main = uriOf(path.join(root, 'app/main.py'));
      const helpers = uriOf(path.join(root, 'app/helpers.py'));
      await client.open(main, HANDLER, 'python');
      await client.diagnostics(main, (found) => found.length === 1);
      await client.open(helpers, HELPER, 'python');
      await client.change(helpers, HELPER.replace('time.sleep(0.5)', 'pass'));
      await client.diagnostics(main, (found) => found.length === 0);
    }));
});
