import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import * as ts from 'typescript';
import { ALL_RULES } from '../../server/src/core/registry';
import { analyzeProjectFile, type ProjectFileAnalysis } from '../../server/src/project/analyzeProject';
import { MAX_ANALYSED_FILE_BYTES, ProjectService } from '../../server/src/project/projects';
import { readProjectConfig } from '../../server/src/project/tsconfig';
import { STRICT_TSCONFIG, tempProject } from '../harness/tempProject';

const FLOATING = 'declare function save(): Promise<void>;\nexport async function handler() {\n  save();\n}';

function analyze(service: ProjectService, file: string): ProjectFileAnalysis {
  return analyzeProjectFile(service.projectFor(file), file, { rules: ALL_RULES }, () => {});
}

const rulesFound = (analysis: ProjectFileAnalysis) => ('skipped' in analysis ? [] : analysis.findings.map((finding) => finding.rule));

describe('a file the compiler cannot parse or should not read', () => {
  test('a file nested too deep for the parser is quarantined alone; the rest of the project is analysed', () => {
    const root = tempProject({
      'tsconfig.json': STRICT_TSCONFIG,
      'src/deep.ts': `export const x = ${'('.repeat(1000)}1${')'.repeat(1000)};`,
      'src/handler.ts': FLOATING,
    });
    const logs: string[] = [];
    const service = new ProjectService({ log: (message) => logs.push(message) });
    assert.deepEqual(rulesFound(analyze(service, `${root}/src/handler.ts`)), ['no-floating-promises']);
    const deep = analyze(service, `${root}/src/deep.ts`);
    assert.ok('skipped' in deep && /nested too deep/.test(deep.skipped), JSON.stringify(deep).slice(0, 200));
    assert.ok(logs.some((message) => message.includes('src/deep.ts') && /overflowed its stack/.test(message)));
  });

  test('a file over the size limit is refused before the compiler reads it', () => {
    const root = tempProject({ 'tsconfig.json': STRICT_TSCONFIG, 'src/handler.ts': FLOATING });
    const huge = `${root}/src/huge.ts`;
    fs.writeFileSync(huge, `export const data = [${'1,'.repeat(MAX_ANALYSED_FILE_BYTES / 2 + 10)}];\n`);
    const reads: string[] = [];
    const system: ts.System = { ...ts.sys, readFile: (file, encoding) => (reads.push(file), ts.sys.readFile(file, encoding)) };
    const service = new ProjectService({ system });
    assert.deepEqual(rulesFound(analyze(service, `${root}/src/handler.ts`)), ['no-floating-promises']);
    const result = analyze(service, huge);
    assert.ok('skipped' in result && /too large to analyse/.test(result.skipped));
    assert.deepEqual(
      reads.filter((file) => file.endsWith('huge.ts')),
      [],
    );
  });
});

describe('tsconfig.json that would make the compiler throw or wander', () => {
  test('nesting 1,000 deep is a problem with its position, not an exception', () => {
    const root = tempProject({ 'tsconfig.json': `{ "compilerOptions": { "paths": ${'['.repeat(1000)}${']'.repeat(1000)} } }` });
    const config = readProjectConfig(`${root}/tsconfig.json`);
    assert.equal(config.fileNames.length, 0);
    assert.match(config.problems.join('\n'), /tsconfig\.json:1:\d+: the configuration is nested more than \d+ levels deep/);
  });

  test('a tsconfig extending one nested 1,000 deep is a problem, not an exception', () => {
    const root = tempProject({
      'base.json': `{ "compilerOptions": { "paths": ${'['.repeat(1000)}${']'.repeat(1000)} } }`,
      'tsconfig.json': '{ "extends": "./base.json", "include": ["src"] }',
      'src/a.ts': 'export {};',
    });
    const config = readProjectConfig(`${root}/tsconfig.json`);
    assert.ok(config.problems.length > 0);
  });

  test('a symbolic link out of the project is not followed unless an include names it', () => {
    const outside = tempProject({ 'lib/system.ts': FLOATING });
    const root = tempProject({ 'tsconfig.json': STRICT_TSCONFIG, 'src/handler.ts': FLOATING, 'own/b.ts': FLOATING });
    fs.symlinkSync(outside, path.join(root, 'src/outside'));
    fs.symlinkSync(path.join(root, 'own'), path.join(root, 'src/own'));
    const names = (config: { fileNames: readonly string[] }) => config.fileNames.map((file) => path.relative(root, file)).sort();
    // A link within the project's folder is followed as before.
    assert.deepEqual(names(readProjectConfig(`${root}/tsconfig.json`)), ['src/handler.ts', 'src/own/b.ts']);
    fs.writeFileSync(path.join(root, 'tsconfig.json'), JSON.stringify({ ...JSON.parse(STRICT_TSCONFIG), include: ['src', 'src/outside/lib/**/*'] }));
    assert.deepEqual(names(readProjectConfig(`${root}/tsconfig.json`)), ['src/handler.ts', 'src/outside/lib/system.ts', 'src/own/b.ts']);
  });
});
