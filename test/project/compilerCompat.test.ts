import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as ts from 'typescript';
import { adaptToProjectCompiler } from '../../server/src/project/compilerCompat';

describe('analysing TypeScript 5 projects with TypeScript 6', () => {
  test('a project on TypeScript 6 or later is analysed as written', () => {
    const options = { moduleResolution: ts.ModuleResolutionKind.Node10 };
    assert.deepEqual(adaptToProjectCompiler(options, 6), { options, adjustments: [], projectCompilerMajor: 6 });
  });

  test('unset options get TypeScript 5 defaults: all @types, strict off, ES5, CommonJS with node10 resolution', () => {
    const { options } = adaptToProjectCompiler({}, 5);
    assert.deepEqual(options.types, ['*']);
    assert.equal(options.strict, false);
    assert.equal(options.target, ts.ScriptTarget.ES5);
    assert.equal(options.module, ts.ModuleKind.CommonJS);
    assert.equal(options.moduleResolution, ts.ModuleResolutionKind.Node10);
    assert.equal(options.esModuleInterop, false);
    assert.equal(options.allowSyntheticDefaultImports, false);
    assert.equal(options.ignoreDeprecations, '6.0');
  });

  test('options the project sets are kept', () => {
    const written: ts.CompilerOptions = {
      types: ['node'],
      strict: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      esModuleInterop: true,
      allowSyntheticDefaultImports: true,
      noUncheckedSideEffectImports: true,
    };
    const { options, adjustments } = adaptToProjectCompiler(written, 5);
    assert.deepEqual(options, written);
    assert.deepEqual(adjustments, []);
  });

  test('TypeScript 5 resolved ES modules classically and a preserved module with the bundler', () => {
    assert.equal(adaptToProjectCompiler({ module: ts.ModuleKind.ES2020 }, 5).options.moduleResolution, ts.ModuleResolutionKind.Classic);
    assert.equal(adaptToProjectCompiler({ module: ts.ModuleKind.Preserve }, 5).options.moduleResolution, ts.ModuleResolutionKind.Bundler);
    assert.equal(adaptToProjectCompiler({ target: ts.ScriptTarget.ES2020 }, 5).options.module, ts.ModuleKind.ES2015);
  });

  test('deprecated options the project sets are silenced, and the log names them', () => {
    const { options, adjustments } = adaptToProjectCompiler(
      { baseUrl: '/repo', moduleResolution: ts.ModuleResolutionKind.Node10, esModuleInterop: false, strict: true, target: ts.ScriptTarget.ES2019, types: [] },
      undefined,
    );
    assert.equal(options.ignoreDeprecations, '6.0');
    const silenced = adjustments.find((line) => line.startsWith('ignoreDeprecations'));
    assert.match(silenced!, /moduleResolution: node10, baseUrl, esModuleInterop: false/);
    assert.ok(
      adjustments.every((line) => !line.startsWith('types')),
      'types was set',
    );
  });

  test('an ignoreDeprecations of "5.0" does not silence 6.0\'s deprecations, so it becomes "6.0"', () => {
    const { options } = adaptToProjectCompiler({ baseUrl: '.', ignoreDeprecations: '5.0' }, 5);
    assert.equal(options.ignoreDeprecations, '6.0');
  });

  test('node16 to nodenext modules: the target, resolution and interop TypeScript 5 derived from them', () => {
    const node20 = adaptToProjectCompiler({ module: ts.ModuleKind.Node20 }, 5).options;
    assert.equal(node20.target, ts.ScriptTarget.ES2023);
    assert.equal(node20.moduleResolution, ts.ModuleResolutionKind.Node16);
    assert.equal(node20.esModuleInterop, true);
    assert.equal(adaptToProjectCompiler({ module: ts.ModuleKind.NodeNext }, 5).options.target, ts.ScriptTarget.ESNext);
  });

  test('side-effect imports are not checked, and sloppy mode follows strict, as in TypeScript 5', () => {
    const { options } = adaptToProjectCompiler({}, 5);
    assert.equal(options.noUncheckedSideEffectImports, false);
    assert.equal(options.alwaysStrict, false);
    assert.equal(adaptToProjectCompiler({ strict: true }, 5).options.alwaysStrict, undefined);
  });

  test('a project whose TypeScript version is unknown is taken for TypeScript 5, and the log says so', () => {
    const { adjustments } = adaptToProjectCompiler({}, undefined);
    assert.match(adjustments[0], /TypeScript 5 assumed/);
  });
});
