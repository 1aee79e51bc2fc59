import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { ALL_FACTS } from '../../server/src/core/knowledge';
import { matchesDeclarationKey } from '../../server/src/core/knowledge/declarations';
import { ALL_RULES } from '../../server/src/core/registry';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const CORE = path.join(ROOT, 'server', 'src', 'core');

/** Every TypeScript file under `directory`, recursively. */
function sourceFiles(directory: string): string[] {
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

/**
 * Shapes of a name list written in code: a set or an array of three or more
 * string literals, or a regular expression alternating three or more words.
 */
const NAME_LIST_SHAPES: ReadonlyArray<{ readonly shape: string; readonly pattern: RegExp }> = [
  { shape: 'a Set of strings', pattern: /new Set\(\[\s*'/ },
  // Names hold no spaces; documentation examples (code in strings) do.
  { shape: 'an array of three or more strings', pattern: /\[\s*'[^'\s]*'\s*,\s*'[^'\s]*'\s*,\s*'[^'\s]*'/ },
  { shape: 'a regular expression alternating words', pattern: /\/\^?\(\??:?[A-Za-z-]+\|[A-Za-z-]+\|[A-Za-z-]+/ },
];

/** A line saying why a list is not knowledge (names for a new variable, say) exempts the statement below it. */
const EXEMPTION = /\/\/ Not knowledge: \S/;

/** Files outside the knowledge base that may hold such shapes for reasons of their own. */
const NOT_RULE_CODE = new Set(['findings.ts', 'docs.ts']);

describe('the knowledge base', () => {
  test('no file of the analysis core outside knowledge/ holds a name list of its own', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles(CORE)) {
      const relative = path.relative(CORE, file).replace(/\\/g, '/');
      // The regular expression engine parses patterns: its character classes are not names.
      if (relative.startsWith('knowledge/') || relative.startsWith('regex/') || relative.includes('/regex/') || NOT_RULE_CODE.has(relative)) continue;
      const lines = fs.readFileSync(file, 'utf8').split('\n');
      lines.forEach((line, index) => {
        if (line.trim().startsWith('//') || line.trim().startsWith('*') || (index > 0 && EXEMPTION.test(lines[index - 1]))) return;
        // Documentation examples are code inside strings, not lists the rule consults.
        if (/^\s*['"`].*['"`],?$/.test(line) && !line.includes('new Set')) return;
        for (const { shape, pattern } of NAME_LIST_SHAPES) {
          if (pattern.test(line)) offenders.push(`${relative}:${index + 1}: ${shape}: ${line.trim().slice(0, 100)}`);
        }
      });
    }
    assert.deepEqual(offenders, [], 'move these lists into server/src/core/knowledge/ as facts, with their reason');
  });

  test('the detector finds each shape of name list (so the test above cannot pass vacuously)', () => {
    const samples = [`const VERBS = new Set(['get', 'find']);`, `if (['a', 'b', 'c'].includes(name)) {}`, `const PACING = /^(sleep|delay|wait)$/i;`];
    for (const sample of samples)
      assert.ok(
        NAME_LIST_SHAPES.some(({ pattern }) => pattern.test(sample)),
        sample,
      );
  });

  test('every fact has an id of its own, a summary and a reason', () => {
    const ids = ALL_FACTS.map((fact) => fact.id);
    assert.equal(new Set(ids).size, ids.length, 'fact ids repeat');
    assert.ok(ALL_FACTS.length >= 40, `only ${ALL_FACTS.length} facts were found: is a knowledge module missing from the index?`);
    for (const fact of ALL_FACTS) {
      assert.ok(fact.summary.length > 10 && fact.reason.length > 20, `${fact.id} needs a summary and a reason`);
      if (fact.kind === 'names') assert.ok(fact.names.size > 0, `${fact.id} is empty`);
      if (fact.kind === 'pattern') assert.ok(fact.described.length > 0, `${fact.id} does not describe its pattern`);
    }
  });

  test('facts keyed by declaration name the module that declares them', () => {
    for (const fact of ALL_FACTS) {
      if (fact.kind !== 'declarations') continue;
      for (const entry of fact.entries) assert.match(entry.module, /^(@[\w.-]+\/)?[\w.-]+$|^<global>$/, `${fact.id}: ${entry.module}`);
    }
  });

  test('no fact and no documentation names a repository', () => {
    const text = ALL_FACTS.map((fact) => `${fact.summary} ${fact.reason}`).join('\n');
    assert.doesNotMatch(text, /github\.com|\b(outline|documenso|logto|payload|hoppscotch|umami|ghostfolio)\b/i);
  });

  test('every rule lists the facts it uses, and each listed fact is in the knowledge base', () => {
    const known = new Set(ALL_FACTS);
    for (const rule of ALL_RULES) for (const fact of rule.meta.knowledge ?? []) assert.ok(known.has(fact), `${rule.meta.id} lists ${fact.id}, which the index misses`);
    const used = new Set(ALL_RULES.flatMap((rule) => rule.meta.knowledge ?? []));
    const unused = ALL_FACTS.filter((fact) => !used.has(fact)).map((fact) => fact.id);
    assert.deepEqual(unused, [], 'facts no rule lists (their documentation would be missing)');
  });
});

describe('declaration keys', () => {
  const api = (module: string, ...path: string[]) => ({ module, path, declaration: undefined as never });
  test('match the function by the end of its qualified name, or the class that declares it', () => {
    assert.ok(matchesDeclarationKey({ module: 'better-sqlite3', export: 'Database' }, api('better-sqlite3', 'Database', 'prepare')));
    assert.ok(matchesDeclarationKey({ module: 'better-sqlite3', export: 'Statement.run' }, api('better-sqlite3', 'Statement', 'run')));
    assert.ok(matchesDeclarationKey({ module: 'node:fs', export: 'readFileSync' }, api('fs', 'readFileSync')));
    assert.ok(!matchesDeclarationKey({ module: 'fs', export: 'readFileSync' }, api('fs', 'readFile')));
    assert.ok(!matchesDeclarationKey({ module: 'pg', export: 'Pool.query' }, api('pg', 'PoolClient', 'query')));
  });
  test('a package covers its subpath modules; other packages never match', () => {
    assert.ok(matchesDeclarationKey({ module: 'next', export: 'push' }, api('next/router', 'Router', 'push')));
    assert.ok(!matchesDeclarationKey({ module: 'next', export: 'push' }, api('nextra', 'push')));
  });
  test('`*` matches any part of a segment, in linear time', () => {
    assert.ok(matchesDeclarationKey({ module: 'acme', export: 'Client.get*' }, api('acme', 'Client', 'getUser')));
    assert.ok(!matchesDeclarationKey({ module: 'acme', export: 'Client.get*' }, api('acme', 'Client', 'setUser')));
    const started = Date.now();
    assert.ok(!matchesDeclarationKey({ module: 'acme', export: `${'*a'.repeat(30)}b` }, api('acme', 'a'.repeat(5000))));
    assert.ok(Date.now() - started < 1000);
  });
});
