import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import * as ts from 'typescript';
import { startFileAnalysis } from '../../server/src/core/engine';
import type { Rule } from '../../server/src/core/rule';
import { compile } from '../harness/compile';

/** A rule whose every visit costs `cost` ms, like the first analysis of a regular expression. */
function slowRule(cost: number): Rule {
  return {
    meta: { id: 'slow', description: '', defaultSeverity: 'hint', typeAware: false, docs: undefined as never },
    create: () => ({
      [ts.SyntaxKind.RegularExpressionLiteral]: () => {
        for (const end = Date.now() + cost; Date.now() < end;);
      },
    }),
  };
}

test('a slice ends after the node that passed its deadline, however costly each node is', () => {
  const code = Array.from({ length: 300 }, (_, index) => `export const pattern${index} = /^(a${index}|b)*$/;`).join('\n');
  const program = compile({ '/patterns.ts': code });
  const job = startFileAnalysis(program, program.getSourceFile('/patterns.ts')!, { rules: [slowRule(4)] });
  let worst = 0;
  let slices = 0;
  for (let done = false; !done; slices++) {
    const start = Date.now();
    done = job.runUntil(start + 25);
    worst = Math.max(worst, Date.now() - start);
  }
  // 300 visits of 4 ms: at most 25 ms plus one visit per slice (plus scheduling noise), never 128 visits (over 500 ms).
  assert.ok(worst < 150, `the longest slice took ${worst} ms`);
  assert.ok(slices >= 40, `${slices} slices`);
});
