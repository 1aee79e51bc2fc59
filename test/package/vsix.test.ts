import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { ALL_RULES } from '../../server/src/core/registry';
import { listZip, unpackedVsix, vsixPath } from '../harness/vsix';

/** The VSIX is the product: these tests read the file `npm run package` built. */
describe('packaged VSIX', () => {
  const entries = listZip(fs.readFileSync(vsixPath())).map((entry) => entry.name);
  const files = entries.filter((name) => name.startsWith('extension/')).map((name) => name.slice('extension/'.length));

  test('holds only what runs (the .vscodeignore allow-list)', () => {
    const unexpected = files.filter(
      (file) =>
        ![
          'package.json',
          'readme.md',
          'changelog.md',
          'LICENSE.txt',
          'dist/extension.js',
          'dist/server.js',
          'dist/wasm/web-tree-sitter.wasm',
          'dist/wasm/tree-sitter-python.wasm',
        ].includes(file) &&
        !/^dist\/lib\/lib(\.[a-z0-9.]+)?\.d\.ts$/.test(file) &&
        !/^docs\/rules\/[a-z-]+\.md$/i.test(file) &&
        !/^syntaxes\/[a-z-.]+\.tmLanguage\.json$/i.test(file) &&
        !/^schemas\/[a-z-.]+\.json$/.test(file) &&
        !/^images\/[a-z-]+\.png$/.test(file),
    );
    assert.deepEqual(unexpected, []);
    assert.ok(!files.some((file) => file.includes('node_modules')), 'no node_modules: everything is bundled');
  });

  test('ships the tree-sitter runtime and the Python grammar as WebAssembly (nothing native, nothing downloaded)', () => {
    for (const wasm of ['dist/wasm/web-tree-sitter.wasm', 'dist/wasm/tree-sitter-python.wasm']) assert.ok(files.includes(wasm), `${wasm} is missing`);
    assert.ok(!files.some((file) => file.endsWith('.node')), 'no native addon');
  });

  test('ships the TypeScript lib files the bundled compiler needs to know what a Promise is', () => {
    for (const lib of ['lib.d.ts', 'lib.es5.d.ts', 'lib.es2015.promise.d.ts', 'lib.es2022.full.d.ts', 'lib.esnext.full.d.ts', 'lib.dom.d.ts']) {
      assert.ok(files.includes(`dist/lib/${lib}`), `dist/lib/${lib} is missing`);
    }
  });

  test('ships the documentation the diagnostics link to', () => {
    assert.ok(files.includes('docs/rules/no-floating-promises.md'));
  });

  test('its manifest activates on JavaScript and TypeScript, including JSX and TSX', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(unpackedVsix(), 'extension', 'package.json'), 'utf8'));
    assert.equal(manifest.name, 'asynclint');
    assert.equal(manifest.displayName, 'asynclint');
    assert.deepEqual(manifest.categories, ['Linters']);
    assert.equal(manifest.main, './dist/extension.js');
    for (const language of ['javascript', 'javascriptreact', 'typescript', 'typescriptreact']) {
      assert.ok(manifest.activationEvents.includes(`onLanguage:${language}`), language);
    }
    assert.deepEqual(Object.keys(manifest.contributes.configuration.properties).sort(), [
      'asynclint.codeAction.disableRuleComment.location',
      'asynclint.enable',
      'asynclint.rules',
      'asynclint.run',
      'asynclint.trace.server',
      'asynclint.typeAware',
    ]);
  });

  test('ships what its contributions point at: the config schema and the directive grammar', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(unpackedVsix(), 'extension', 'package.json'), 'utf8'));
    for (const contribution of [
      ...manifest.contributes.jsonValidation.map((entry: { url: string }) => entry.url),
      ...manifest.contributes.grammars.map((entry: { path: string }) => entry.path),
    ]) {
      assert.ok(files.includes(contribution.replace(/^\.\//, '')), `${contribution} is not in the VSIX`);
    }
  });

  test('declares itself supported in untrusted workspaces, with no setting to restrict', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(unpackedVsix(), 'extension', 'package.json'), 'utf8'));
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, true);
    assert.deepEqual(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations, []);
  });

  test('the settings schema names every rule', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(unpackedVsix(), 'extension', 'package.json'), 'utf8'));
    const ruleSetting = manifest.contributes.configuration.properties['asynclint.rules'];
    assert.deepEqual(Object.keys(ruleSetting.properties).sort(), ALL_RULES.map((rule) => rule.meta.id).sort());
  });
});
