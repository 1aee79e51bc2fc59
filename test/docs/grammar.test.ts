import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { REPOSITORY_ROOT } from '../harness/vsix';

/**
 * The directive grammar's pattern, run with JavaScript's regular expressions
 * (the subset it uses behaves the same in VS Code's Oniguruma engine).
 */
const grammar = JSON.parse(fs.readFileSync(path.join(REPOSITORY_ROOT, 'syntaxes', 'asynclint-directives.tmLanguage.json'), 'utf8'));
const pattern = new RegExp(grammar.repository.directive.match);

test('the grammar is injected into JavaScript and TypeScript comments', () => {
  assert.equal(grammar.injectionSelector, 'L:comment.line.double-slash, L:comment.block');
});

for (const [comment, keyword, rules, reason] of [
  ['// asynclint-disable-next-line no-floating-promises -- fire and forget', 'asynclint-disable-next-line', ' no-floating-promises', 'fire and forget'],
  ['// asynclint-disable-line no-floating-promises, prefer-promise-all', 'asynclint-disable-line', ' no-floating-promises, prefer-promise-all', undefined],
  ['/* asynclint-disable-file no-await-in-loop -- script */', 'asynclint-disable-file', ' no-await-in-loop', 'script '],
  ['/* asynclint-enable */', 'asynclint-enable', '', undefined],
] as const) {
  test(`highlights ${comment}`, () => {
    const match = pattern.exec(comment);
    assert.ok(match, 'no match');
    assert.equal(match[1], keyword);
    assert.equal(match[2], rules);
    assert.equal(match[4], reason);
  });
}

test('leaves ordinary comments alone', () => {
  assert.equal(pattern.exec('// disable the cache for this line'), null);
});
