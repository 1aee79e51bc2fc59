import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CancellationTokenSource } from 'vscode-languageserver-protocol/node';
import { URI } from 'vscode-uri';
import { random } from '../fuzz/mutate';
import { TestLanguageClient } from '../harness/lspClient';
import { STRICT_TSCONFIG, tempProject } from '../harness/tempProject';
import { unpackedVsix } from '../harness/vsix';

/** The packaged server, as in server.test.ts. */
const SERVER = path.join(unpackedVsix(), 'extension', 'dist', 'server.js');
const uriOf = (file: string) => URI.file(file).toString();
const FLOATING = (name: string) => `declare function save(): Promise<void>;\nexport async function ${name}() {\n  save();\n}\n`;
const ROUNDS = Number(process.env.ASYNCLINT_FAULT_ROUNDS ?? 60);

describe('the server under faults', () => {
  test('a frame with a broken Content-Length ends the server with a reason, so the editor restarts it', async () => {
    for (const header of ['Content-Length: abc', 'Content-Type: application/json']) {
      const server = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
      let stderr = '';
      server.stderr.on('data', (chunk) => (stderr += chunk));
      // The input stays open: a server that lost the framing but lives on would never exit by itself.
      server.stdin.write(`${header}\r\n\r\n{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}`);
      const code = await new Promise<number | null | 'alive'>((resolve) => {
        const timer = setTimeout(() => resolve('alive'), 10_000);
        server.once('exit', (exitCode) => {
          clearTimeout(timer);
          resolve(exitCode);
        });
      });
      server.kill();
      assert.notEqual(code, 'alive', `the server lives on, deaf, after "${header}"`);
      assert.notEqual(code, 0);
      assert.match(stderr, /broken header/);
    }
  });

  describe('a fault script: rapid edits with cancellation, files and tsconfigs deleted and renamed on disk, broken configuration', () => {
    let client: TestLanguageClient;
    let root: string;
    before(async () => {
      root = tempProject({
        'tsconfig.json': STRICT_TSCONFIG,
        'src/a.ts': FLOATING('a'),
        'src/b.ts': FLOATING('b'),
        'src/c.ts': FLOATING('c'),
        'src/deep.ts': `export const x = ${'('.repeat(1000)}1${')'.repeat(1000)};`,
      });
      client = new TestLanguageClient(SERVER);
      await client.initialize(uriOf(root));
    });
    after(() => client.shutdown());

    test('every request is answered or cancelled, and the server ends up analysing as before', async (t) => {
      const next = random(Number(process.env.ASYNCLINT_FAULT_SEED ?? 7));
      const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)];
      const files = ['a', 'b', 'c'].map((name) => path.join(root, `src/${name}.ts`));
      for (const file of files) await client.open(uriOf(file), fs.readFileSync(file, 'utf8'));
      await client.diagnostics(uriOf(files[0]), (diagnostics) => diagnostics.length === 1);

      const pending: Array<Promise<'answered' | 'cancelled'>> = [];
      const request = (method: string, params: unknown, cancel: boolean) => {
        const source = new CancellationTokenSource();
        const answer = client.request(method, params, source.token).then(
          () => 'answered' as const,
          (error: { code?: number }) => {
            // -32800: the request was cancelled. Anything else is a failure.
            if (error?.code === -32800) return 'cancelled' as const;
            throw error;
          },
        );
        if (cancel) setTimeout(() => source.cancel(), Math.floor(next() * 20));
        pending.push(answer);
      };
      const faults: string[] = [];
      const tsconfig = path.join(root, 'tsconfig.json');
      const config = path.join(root, 'asynclint.config.json');
      const watched = (file: string, type: 1 | 2 | 3) => client.changeWatchedFiles([{ uri: uriOf(file), type }]);
      for (let round = 0; round < ROUNDS; round++) {
        const fault = pick(['edits', 'edits', 'delete file', 'rename file', 'delete tsconfig', 'rename tsconfig', 'broken tsconfig', 'broken config', 'deep config']);
        faults.push(fault);
        const file = pick(files);
        const uri = uriOf(file);
        switch (fault) {
          case 'edits':
            for (let edit = 0; edit < 10; edit++) {
              await client.change(uri, `${FLOATING('a')}${'x'.repeat(edit)}\n// edit ${round}.${edit}\n`);
              request(
                'textDocument/codeAction',
                { textDocument: { uri }, range: { start: { line: 2, character: 2 }, end: { line: 2, character: 9 } }, context: { diagnostics: [] } },
                next() < 0.5,
              );
            }
            request(
              'textDocument/codeAction',
              {
                textDocument: { uri },
                range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
                context: { diagnostics: [], only: ['source.fixAll.asynclint'] },
              },
              next() < 0.5,
            );
            break;
          case 'delete file':
            if (fs.existsSync(file)) {
              fs.rmSync(file);
              await watched(file, 3);
            }
            break;
          case 'rename file': {
            if (!fs.existsSync(file)) break;
            const renamed = `${file}.renamed.ts`;
            fs.renameSync(file, renamed);
            await watched(file, 3);
            await watched(renamed, 1);
            break;
          }
          case 'delete tsconfig':
            if (fs.existsSync(tsconfig)) {
              fs.rmSync(tsconfig);
              await watched(tsconfig, 3);
            }
            break;
          case 'rename tsconfig':
            if (fs.existsSync(tsconfig)) {
              fs.renameSync(tsconfig, `${tsconfig}.old`);
              await watched(tsconfig, 3);
            }
            break;
          case 'broken tsconfig':
            fs.writeFileSync(tsconfig, pick(['{ "include": [', `{ "compilerOptions": ${'['.repeat(2000)} }`, '{ "extends": "./nowhere.json" }', '\u0000\u0001']));
            await watched(tsconfig, 2);
            break;
          case 'broken config':
            fs.writeFileSync(
              config,
              JSON.stringify({
                ignore: pick([
                  ['src/{*,gen}.ts'],
                  ['src/{a'],
                  ['**?**?**?**?**?**?**?**?**?**?**?**?**?**?**?**?#'],
                  Array.from({ length: 130_000 }, (_, index) => `f${index}/*.ts`),
                ]),
              }),
            );
            await watched(config, 2);
            break;
          case 'deep config':
            fs.writeFileSync(config, `{ "rules": ${'{ "a": '.repeat(1000)}1${' }'.repeat(1000)} }`);
            await watched(config, 2);
            break;
        }
        if (round % 10 === 9) request('asynclint/analyzeWorkspace', {}, next() < 0.5);
      }

      const outcomes = await Promise.race([
        Promise.all(pending),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`requests unanswered after 120 s\n${client.logs.slice(-20).join('\n')}`)), 120_000)),
      ]);
      // Back to a sound project: the server must analyse as it did before the faults.
      fs.writeFileSync(tsconfig, STRICT_TSCONFIG);
      fs.rmSync(config, { force: true });
      for (const file of files) fs.writeFileSync(file, FLOATING(path.basename(file, '.ts')));
      await client.changeWatchedFiles([tsconfig, config, ...files].map((file) => ({ uri: uriOf(file), type: 2 as const })));
      for (const file of files) await client.change(uriOf(file), FLOATING(path.basename(file, '.ts')));
      for (const file of files) await client.diagnostics(uriOf(file), (diagnostics) => diagnostics.length === 1, 60_000);
      const rss = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${client.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
      assert.ok(rss < 1500, `the server holds ${rss.toFixed(0)} MB`);
      const answered = outcomes.filter((outcome) => outcome === 'answered').length;
      t.diagnostic(
        `fault script: ${faults.length} faults survived; ${outcomes.length} requests (${answered} answered, ${outcomes.length - answered} cancelled); server at ${rss.toFixed(0)} MB`,
      );
      assert.equal(outcomes.length, pending.length);
    });
  });
});
