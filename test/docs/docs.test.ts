import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { renderConfigSchema } from '../../server/src/config/schema';
import { renderRuleDoc, renderRuleIndex } from '../../server/src/core/docs';
import { SEVERITIES } from '../../server/src/core/findings';
import { ALL_RULES, docsUrl } from '../../server/src/core/registry';
import { runRule } from '../harness/ruleTester';
import { runPythonRule, usePythonParser } from '../harness/pythonRuleTester';
import type { Rule } from '../../server/src/core/rule';

/** Documentation examples run in the rule's language. */
const runExample = (rule: Rule, example: string) =>
  rule.meta.language === 'python' ? runPythonRule(rule, example) : runRule(rule, example, undefined, undefined, undefined, undefined, ALL_RULES);
import { REPOSITORY_ROOT } from '../harness/vsix';

/** With UPDATE_DOCS=1 (`npm run docs`) the pages are written instead of compared. */
const UPDATE = process.env.UPDATE_DOCS === '1';
const DOCS = path.join(REPOSITORY_ROOT, 'docs', 'rules');

function checkGenerated(file: string, expected: string): void {
  if (UPDATE) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, expected);
    return;
  }
  assert.ok(fs.existsSync(file), `${file} is missing: run npm run docs`);
  assert.equal(fs.readFileSync(file, 'utf8'), expected, `${file} is out of date: run npm run docs`);
}

describe('settings schema in package.json', () => {
  test('asynclint.rules names every rule with its severities and default', () => {
    const manifestFile = path.join(REPOSITORY_ROOT, 'package.json');
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
    const setting = manifest.contributes.configuration.properties['asynclint.rules'];
    const expected = Object.fromEntries(
      ALL_RULES.map((rule) => [
        rule.meta.id,
        {
          type: 'string',
          enum: [...SEVERITIES],
          markdownDescription: `${rule.meta.description} Default: \`${rule.meta.defaultSeverity}\`. [Documentation](${docsUrl(rule.meta.id)})`,
        },
      ]),
    );
    if (UPDATE) {
      setting.properties = expected;
      fs.writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
      return;
    }
    assert.deepEqual(setting.properties, expected, 'package.json is out of date: run npm run docs');
  });
});

describe('asynclint.config.json schema', () => {
  test('schemas/asynclint.config.schema.json is generated from the rules', () =>
    checkGenerated(path.join(REPOSITORY_ROOT, 'schemas', 'asynclint.config.schema.json'), renderConfigSchema(ALL_RULES)));
});

describe('rule documentation', () => {
  usePythonParser();
  test('the index lists every rule', () => checkGenerated(path.join(DOCS, 'README.md'), renderRuleIndex(ALL_RULES)));

  test('no page documents a rule that does not exist', () => {
    const pages = fs.readdirSync(DOCS).filter((name) => name !== 'README.md');
    assert.deepEqual(pages.sort(), ALL_RULES.map((rule) => `${rule.meta.id}.md`).sort());
  });

  for (const rule of ALL_RULES) {
    describe(rule.meta.id, () => {
      test('its page is generated from the rule file', () => checkGenerated(path.join(DOCS, `${rule.meta.id}.md`), renderRuleDoc(rule)));

      rule.meta.docs.flaggedExamples.forEach((example, index) => {
        test(`flagged example ${index + 1} is flagged`, () => {
          const findings = runExample(rule, example);
          assert.ok(findings.length > 0, `no finding for:\n${example}`);
        });
      });

      rule.meta.docs.notFlaggedExamples.forEach((example, index) => {
        test(`not-flagged example ${index + 1} is not flagged`, () => {
          assert.deepEqual(runExample(rule, example), []);
        });
      });
    });
  }
});
