import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { parseConfiguration } from '../../server/src/config/configFile';
import { USAGE } from '../../server/src/cli/options';
import { ALL_RULES } from '../../server/src/core/registry';
import { REPOSITORY_ROOT } from '../harness/vsix';

const readme = fs.readFileSync(path.join(REPOSITORY_ROOT, 'README.md'), 'utf8');
const manifest = JSON.parse(fs.readFileSync(path.join(REPOSITORY_ROOT, 'package.json'), 'utf8'));

/** Rows of the markdown table that follows `heading`, as arrays of cells. */
function tableAfter(heading: string): string[][] {
  const section = readme.slice(readme.indexOf(heading));
  const rows = section.split('\n').filter((line) => line.startsWith('|'));
  const table: string[][] = [];
  for (const line of section.split('\n').slice(1)) {
    if (!line.startsWith('|')) {
      if (table.length > 0) break;
      continue;
    }
    table.push(
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
  }
  return rows.length > 0 ? table.slice(2) : [];
}

test('the README settings table matches the settings package.json contributes, with their defaults', () => {
  const documented = tableAfter('## Settings').map(([name, defaultValue]) => [name.replace(/`/g, ''), defaultValue.replace(/`/g, '')]);
  const contributed = Object.entries(manifest.contributes.configuration.properties as Record<string, { default: unknown }>).map(([name, schema]) => [
    name,
    typeof schema.default === 'string' ? schema.default : JSON.stringify(schema.default),
  ]);
  assert.deepEqual(documented, contributed);
});

test('the README rules table lists every rule with its default severity', () => {
  const documented = tableAfter('## Rules').map(([rule, , severity]) => [/`([a-z-]+)`/.exec(rule)![1], severity]);
  assert.deepEqual(
    documented,
    ALL_RULES.map((rule) => [rule.meta.id, rule.meta.defaultSeverity]),
  );
});

test('the README configuration example is a valid asynclint.config.json', () => {
  const section = readme.slice(readme.indexOf('### `asynclint.config.json`'));
  const example = /```json\n([^]*?)```/.exec(section)![1];
  const result = parseConfiguration('/project/asynclint.config.json', example);
  assert.ok(result.ok, JSON.stringify(result));
});

test('the README command-line table documents every option of asynclint --help, and no other', () => {
  const documented = tableAfter('## Command line').flatMap(([option]) => option.match(/--[a-z-]+/g) ?? []);
  const offered = [...new Set(USAGE.match(/^ {2}--[a-z-]+/gm)!.map((option) => option.trim()))];
  assert.deepEqual([...new Set(documented)].sort(), offered.sort());
});
