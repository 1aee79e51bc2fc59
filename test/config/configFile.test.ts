import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseConfiguration } from '../../server/src/config/configFile';
import { analysisOptionsFor, ConfigurationStore } from '../../server/src/config/configurationStore';

const FILE = '/repo/asynclint.config.json';

describe('asynclint.config.json', () => {
  test('severities, options, ignore patterns and the functions it declares blocking, never-rejecting or read-only', () => {
    const result = parseConfiguration(
      FILE,
      JSON.stringify({
        rules: { 'no-floating-promises': 'error', 'no-await-in-loop': { severity: 'hint', options: { limit: 3 } } },
        ignore: ['dist/', '**/*.generated.ts'],
        blockingFunctions: [{ module: 'better-sqlite3', export: 'Database' }],
        neverRejectingFunctions: [{ module: '@acme/telemetry', export: 'Tracker.flush' }],
        readOnlyFunctions: [{ module: '@acme/catalog', export: 'CatalogClient.get*' }],
      }),
    );
    assert.ok(result.ok);
    const { configuration } = result;
    assert.deepEqual(configuration.severities, { 'no-floating-promises': 'error', 'no-await-in-loop': 'hint' });
    assert.deepEqual(configuration.ruleOptions, { 'no-await-in-loop': { limit: 3 } });
    assert.deepEqual(configuration.knowledge, {
      blockingFunctions: [{ module: 'better-sqlite3', export: 'Database' }],
      neverRejectingFunctions: [{ module: '@acme/telemetry', export: 'Tracker.flush' }],
      readOnlyFunctions: [{ module: '@acme/catalog', export: 'CatalogClient.get*' }],
    });
    assert.deepEqual(analysisOptionsFor(configuration).knowledge, configuration.knowledge);
    assert.equal(configuration.isIgnored('/repo/dist/server.js'), true);
    assert.equal(configuration.isIgnored('/repo/src/api.generated.ts'), true);
    assert.equal(configuration.isIgnored('/repo/src/api.ts'), false);
    assert.equal(configuration.isIgnored('/elsewhere/dist/x.ts'), false);
  });

  test('comments and trailing commas are accepted, as in tsconfig.json', () => {
    const result = parseConfiguration(FILE, '{\n  // strict in CI\n  "rules": { "no-floating-promises": "error", },\n}');
    assert.ok(result.ok);
  });

  for (const [name, text, message, line] of [
    ['broken JSON', '{ "rules": { ', /expected/i, 1],
    ['an unknown rule', '{\n  "rules": { "no-such-rule": "error" }\n}', /"no-such-rule" is not an asynclint rule/, 2],
    ['a bad severity', '{ "rules": { "no-floating-promises": "loud" } }', /must be one of "off", "hint", "info", "warning", "error"/, 1],
    ['an unknown property', '{ "rulez": {} }', /Unknown property "rulez"/, 1],
    ['ignore that is not a list of strings', '{ "ignore": "dist" }', /"ignore" must be an array/, 1],
    ['a malformed blocking function', '{ "blockingFunctions": [{ "module": 1 }] }', /"blockingFunctions" must be an array of/, 1],
    ['a never-rejecting function without its export', '{ "neverRejectingFunctions": [{ "module": "x" }] }', /"neverRejectingFunctions" must be an array of/, 1],
    ['read-only functions that are not a list', '{ "readOnlyFunctions": {} }', /"readOnlyFunctions" must be an array of/, 1],
  ] as const) {
    test(`${name} is an error with its position`, () => {
      const result = parseConfiguration(FILE, text);
      assert.equal(result.ok, false);
      if (result.ok) return;
      assert.match(result.errors[0].message, message);
      assert.equal(result.errors[0].line, line);
    });
  }

  test('an invalid file keeps the last valid configuration in force', () => {
    let text = '{ "rules": { "no-floating-promises": "error" } }';
    const store = new ConfigurationStore(
      () => text,
      (file) => file === FILE,
    );
    assert.deepEqual(store.stateFor('/repo/src/a.ts')?.configuration?.severities, { 'no-floating-promises': 'error' });
    text = '{ "rules": { "no-floating-promises": "eror" } }';
    const state = store.reload(FILE)!;
    assert.equal(state.errors.length, 1);
    assert.deepEqual(state.configuration?.severities, { 'no-floating-promises': 'error' });
  });

  test('editor settings override the configuration file', () => {
    const result = parseConfiguration(FILE, '{ "rules": { "no-floating-promises": "error", "no-await-in-loop": "hint" } }');
    assert.ok(result.ok);
    const options = analysisOptionsFor(result.configuration, { 'no-floating-promises': 'off' }, false);
    assert.deepEqual(options.severities, { 'no-floating-promises': 'off', 'no-await-in-loop': 'hint' });
    assert.equal(options.typeAware, false);
  });
});

describe('configuration that would make the parser throw', () => {
  test('nesting 1,000 deep is an error at the level that is too deep', () => {
    const deep = `{\n  "rules": { "no-blocking-call": { "options": { "a": ${'['.repeat(1000)}${']'.repeat(1000)} } } }\n}`;
    const result = parseConfiguration(FILE, deep);
    assert.ok(!result.ok);
    assert.equal(result.errors.length, 1);
    assert.match(result.errors[0].message, /nested more than \d+ levels deep/);
    assert.equal(result.errors[0].line, 2);
    assert.ok(result.errors[0].column > 50);
  });

  test('brackets in strings and comments do not count as nesting', () => {
    const result = parseConfiguration(FILE, `{ /* ${'['.repeat(500)} */ "ignore": ["${'{'.repeat(100)}x"] // ${'['.repeat(500)}\n}`);
    assert.ok(!result.ok);
    assert.match(result.errors[0].message, /Invalid glob pattern/);
  });

  test('a store keeps the last valid configuration when one that is too deep is typed', () => {
    let text = '{ "rules": { "no-floating-promises": "error" } }';
    const store = new ConfigurationStore(
      () => text,
      (file) => file === FILE,
    );
    assert.ok(store.stateFor('/repo/src/a.ts')?.configuration);
    text = `{ "blockingFunctions": ${'['.repeat(5000)} }`;
    const state = store.reload(FILE)!;
    assert.equal(state.errors.length, 1);
    assert.deepEqual(state.configuration?.severities, { 'no-floating-promises': 'error' });
  });
});
