import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import * as ts from 'typescript';
import { eventLoopAnalysis } from '../../../server/src/core/eventLoop/analysis';
import { type FunctionLike } from '../../../server/src/core/syntax';
import { TEST_COMPILER_OPTIONS } from '../../harness/compile';

/**
 * The event-loop analysis finds what refers to a function through indexes
 * built once per program from per-file indexes kept on each SourceFile. An
 * editor builds a new program after every edit and reuses the SourceFiles of
 * unchanged files: the new program's answers must reflect the edited file,
 * and the old program's must not change.
 */

const parsed = new Map<string, ts.SourceFile>();

/** A program over in-memory files; a file with the same name and text is the same SourceFile, as in an editor's incremental program. */
function program(files: Record<string, string>, oldProgram?: ts.Program): ts.Program {
  const host = ts.createCompilerHost(TEST_COMPILER_OPTIONS);
  const readLib = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion) => {
    const text = files[fileName];
    const key = `${fileName}\0${text ?? ''}`;
    let file = parsed.get(key);
    if (!file) {
      file = text === undefined ? readLib(fileName, languageVersion) : ts.createSourceFile(fileName, text, languageVersion, true);
      if (file) parsed.set(key, file);
    }
    return file;
  };
  host.fileExists = (fileName) => fileName in files || ts.sys.fileExists(fileName);
  host.readFile = (fileName) => files[fileName] ?? ts.sys.readFile(fileName);
  host.getCurrentDirectory = () => '/';
  return ts.createProgram({ rootNames: Object.keys(files), options: TEST_COMPILER_OPTIONS, host, oldProgram });
}

function functionNamed(program: ts.Program, fileName: string, name: string): FunctionLike {
  const declaration = program.getSourceFile(fileName)!.statements.find((statement) => ts.isFunctionDeclaration(statement) && statement.name?.text === name);
  assert.ok(declaration, `${name} in ${fileName}`);
  return declaration as FunctionLike;
}

const SERVICE = `
export async function refresh(): Promise<void> {}
`;
const ROUTER = `
declare const router: { get(path: string, handler: () => Promise<void>): void };
`;

test('a function called only at start-up becomes a route handler when another file registers it under an imported name', () => {
  const before = program({
    '/service.ts': SERVICE,
    '/main.ts': `import { refresh } from './service';\n${ROUTER}\nvoid refresh();\n`,
  });
  const beforeAnalysis = eventLoopAnalysis(before, before.getTypeChecker());
  const refreshBefore = functionNamed(before, '/service.ts', 'refresh');
  assert.equal(beforeAnalysis.contextOf(refreshBefore).kind, 'start-up');
  assert.equal(beforeAnalysis.isStartUpOnly(refreshBefore), true);

  // main.ts is edited: it now registers refresh, renamed by its import, as a route handler.
  const after = program(
    {
      '/service.ts': SERVICE,
      '/main.ts': `import { refresh as reload } from './service';\n${ROUTER}\nrouter.get('/refresh', reload);\n`,
    },
    before,
  );
  assert.equal(after.getSourceFile('/service.ts'), before.getSourceFile('/service.ts'), 'the unchanged file is reused, with its per-file indexes');
  const afterAnalysis = eventLoopAnalysis(after, after.getTypeChecker());
  assert.notEqual(afterAnalysis, beforeAnalysis);
  const refreshAfter = functionNamed(after, '/service.ts', 'refresh');
  assert.equal(refreshAfter, refreshBefore);
  const context = afterAnalysis.contextOf(refreshAfter);
  assert.equal(context.kind, 'event-loop');
  assert.equal(context.kind === 'event-loop' && context.root.label, '`refresh` (the GET /refresh handler)');
  assert.equal(afterAnalysis.isStartUpOnly(refreshAfter), false);

  // The old program's analysis keeps its own answers.
  assert.equal(beforeAnalysis.contextOf(refreshBefore).kind, 'start-up');
});

test('a call added inside a repeating timer makes a start-up-only function run on the event loop', () => {
  const files = (main: string) => ({ '/service.ts': SERVICE, '/main.ts': main });
  const before = program(files(`import { refresh } from './service';\nvoid refresh();\n`));
  const after = program(files(`import { refresh } from './service';\nvoid refresh();\nsetInterval(() => void refresh(), 1000);\n`), before);
  const fn = functionNamed(after, '/service.ts', 'refresh');
  assert.equal(eventLoopAnalysis(before, before.getTypeChecker()).uses(fn), 'start-up');
  assert.equal(eventLoopAnalysis(after, after.getTypeChecker()).uses(fn), 'elsewhere');
});
