import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeRegex, describeAttack } from '../../../server/src/core/eventLoop/regex/analysis';
import { runMatch } from '../../../server/src/core/eventLoop/regex/matcher';
import { parseRegex } from '../../../server/src/core/eventLoop/regex/parser';

describe('regex parser', () => {
  const unsupported: Array<[string, string]> = [
    ['(a)\\1', ''],
    ['(?<x>a)\\k<x>', ''],
    ['(?<=a)b', ''],
    ['(?<!a)b', ''],
    ['[a&&b]', 'v'],
    ['(?i:a)', ''],
    ['\\p{Script=Greek}', 'u'],
    ['a**', ''],
    ['(a', ''],
    ['a)', ''],
    ['[b-a]', ''],
    ['a{2,1}', ''],
  ];
  for (const [source, flags] of unsupported) {
    test(`gives up on /${source}/${flags}`, () => assert.equal(parseRegex(source, flags).ok, false));
  }

  const supported: Array<[string, string]> = [
    ['^[\\w.+-]+@[a-z\\d-]+(\\.[a-z\\d-]+)*$', 'i'],
    ['\\u{1F600}+', 'u'],
    ['\\p{L}+', 'u'],
    ['a{2}b{1,}c{0,3}?', ''],
    ['[\\]\\-^]', ''],
    ['(?:x|y)(?=z)(?!w)', ''],
    ['\\cJ\\x41\\u0042\\0', ''],
    ['{', ''],
    ['a{,2}', ''],
  ];
  for (const [source, flags] of supported) {
    test(`parses /${source}/${flags}`, () => assert.equal(parseRegex(source, flags).ok, true));
  }
});

describe('backtracking matcher', () => {
  // The matcher must agree with the engine, or its confirmations mean nothing.
  const patterns: Array<[string, string]> = [
    ['^(a|ab)*c$', ''],
    ['(a+)+b', ''],
    ['\\bfoo\\b', ''],
    ['^\\d{2,3}-?\\d*$', ''],
    ['(?:x|y)+(?=z)', ''],
    ['(?!ab)a.', ''],
    ['^$', 'm'],
    ['a$', 'm'],
    ['[^a-c]+', 'i'],
    ['(a*)*b', ''],
    ['x*?y', ''],
    ['.+', 's'],
    ['\\B\\w\\w', ''],
  ];
  const alphabet = ['a', 'b', 'c', 'x', 'y', 'z', '1', '-', '\n', 'A', 'f', 'o'];
  let seed = 42;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  for (const [source, flags] of patterns) {
    test(`agrees with RegExp on /${source}/${flags}`, () => {
      const parsed = parseRegex(source, flags);
      assert.ok(parsed.ok);
      const engine = new RegExp(source, flags);
      for (let i = 0; i < 300; i++) {
        const length = Math.floor(random() * 8);
        const input = Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
        const run = runMatch(
          parsed.regex,
          [...input].map((ch) => ch.codePointAt(0)!),
          100_000,
        );
        assert.equal(run.matched, engine.test(input), `on ${JSON.stringify(input)}`);
      }
    });
  }

  test('counts steps and stops at its budget', () => {
    const parsed = parseRegex('(a+)+$', '');
    assert.ok(parsed.ok);
    const input = [...('a'.repeat(30) + '!')].map((ch) => ch.codePointAt(0)!);
    const run = runMatch(parsed.regex, input, 10_000);
    assert.equal(run.exhausted, true);
    assert.ok(run.steps > 10_000);
  });
});

describe('super-linear backtracking', () => {
  const exponential: Array<[string, string]> = [
    ['(a+)+$', ''],
    ['(a|a)*$', ''],
    ['(a|aa)*$', ''],
    ['(\\w+\\s?)*$', ''],
    ['^(\\w+\\s?)*$', ''],
    ['(x+x+)+y', ''],
    ['^(a+)+$', 'i'],
    ['(a*)*b', ''],
    ['^(\\d+)*$', ''],
    ['(?:a|b|ab)*c', ''],
    ['^(([a-z])+.)+[A-Z]([a-z])+$', ''],
    ['^(\\p{L}+\\s?)*$', 'u'],
  ];
  for (const [source, flags] of exponential) {
    test(`/${source}/${flags} is exponential`, () => {
      const verdict = analyzeRegex(source, flags);
      assert.equal(verdict.kind, 'slow');
      assert.equal(verdict.kind === 'slow' && verdict.slow.complexity, 'exponential');
    });
  }

  const polynomial: Array<[string, string, number]> = [
    ['^\\d+\\d+$', '', 2],
    ['\\d+\\d+$', '', 3],
    ['a.*b.*c', '', 3],
    ['^\\s*(.*?)\\s*$', '', 2],
  ];
  for (const [source, flags, degree] of polynomial) {
    test(`/${source}/${flags} is polynomial of degree ${degree}`, () => {
      const verdict = analyzeRegex(source, flags);
      assert.equal(verdict.kind, 'slow');
      assert.ok(verdict.kind === 'slow');
      assert.equal(verdict.slow.complexity, 'polynomial');
      assert.equal(verdict.slow.degree, degree);
    });
  }

  const safe: Array<[string, string]> = [
    ['(a+)+', ''],
    ['\\s+$', ''],
    ['(a|b)*c', ''],
    ['^[a-z]+@[a-z]+\\.com$', ''],
    ['\\bfoo\\b', ''],
    ['^([\\w.%+-]+)@([\\w-]+\\.)+([\\w]{2,})$', 'i'],
    ['^\\s+|\\s+$', 'g'],
    ['^(?:[a-z0-9]+(?:-[a-z0-9]+)*\\.)+[a-z]{2,}$', ''],
    ['(\\.\\d+)+$', ''],
    ['^(?:\\d+,)*\\d+$', ''],
    ['(ab|a)*c', ''],
    ['^(a|ab)*$', ''],
    ['^\\d{1,3}(\\.\\d{1,3}){3}$', ''],
    ['^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$', 'i'],
  ];
  for (const [source, flags] of safe) {
    test(`/${source}/${flags} is not reported`, () => assert.notEqual(analyzeRegex(source, flags).kind, 'slow'));
  }

  test('the example input makes the engine blow up, and the pattern fail on it', () => {
    const verdict = analyzeRegex('^(\\w+\\s?)*$', '');
    assert.ok(verdict.kind === 'slow');
    assert.equal(describeAttack(verdict.slow), `'${'a'.repeat(30)}!'`);
    const small = verdict.slow.prefix + verdict.slow.pump.repeat(12) + verdict.slow.suffix;
    assert.equal(/^(\w+\s?)*$/.test(small), false);
  });

  test('polynomial inputs are described as a repetition', () => {
    const verdict = analyzeRegex('^\\d+\\d+$', '');
    assert.ok(verdict.kind === 'slow');
    assert.equal(describeAttack(verdict.slow), "'0' + '0'.repeat(10000) + '!'");
  });

  test('a large pattern is given up on quickly', () => {
    const started = Date.now();
    const verdict = analyzeRegex(`(${'[a-z]'.repeat(300)})+$`, '');
    assert.equal(verdict.kind, 'unknown');
    assert.ok(Date.now() - started < 2000);
  });
});
