import { noFloatingPromises } from '../../server/src/core/rules/no-floating-promises';
import { preferPromiseAll } from '../../server/src/core/rules/prefer-promise-all';
import { unusedSuppression } from '../../server/src/core/rules/unused-suppression';
import { runRule, ruleTests } from '../harness/ruleTester';
import * as assert from 'node:assert/strict';
import { test } from 'node:test';

const REMOVE = 'Remove the unused suppression';
const alsoRun = [noFloatingPromises, preferPromiseAll];

ruleTests(unusedSuppression, [
  {
    name: 'a next-line suppression with nothing to suppress',
    alsoRun,
    code: `
      declare function save(): Promise<void>;
      export async function handler() {
        // asynclint-disable-next-line no-floating-promises -- legacy
        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ [hint] This suppression is unused: no finding of \`no-floating-promises\` was suppressed by it.
        await save();
      }
    `,
    fixes: {
      [REMOVE]: `
        declare function save(): Promise<void>;
        export async function handler() {
          await save();
        }
      `,
    },
  },
  {
    name: 'one unused rule in a list is removed from it',
    alsoRun,
    code: `
      declare function save(): Promise<void>;
      export function handler() {
        save(); // asynclint-disable-line no-floating-promises, prefer-promise-all
                ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ \`prefer-promise-all\`
      }
    `,
    fixes: {
      'Remove `prefer-promise-all` from the suppression': `
        declare function save(): Promise<void>;
        export function handler() {
          save(); // asynclint-disable-line no-floating-promises
        }
      `,
    },
  },
  {
    name: 'a misspelt rule name',
    alsoRun,
    code: `
      declare function save(): Promise<void>;
      save(); // asynclint-disable-line no-floating-promise
              ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ \`no-floating-promise\` is not an asynclint rule
    `,
  },
  {
    name: 'a block disable that nothing needs',
    alsoRun,
    code: `
      /* asynclint-disable no-floating-promises */
      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
      export const answer = 42;
      /* asynclint-enable */
    `,
    fixes: {
      [REMOVE]: `
        export const answer = 42;
        /* asynclint-enable */
      `,
    },
  },
  {
    name: 'a used next-line suppression',
    alsoRun,
    code: `declare function save(): Promise<void>;\n// asynclint-disable-next-line no-floating-promises -- fire and forget\nsave();\nconsole.log('saving');`,
  },
  { name: 'a used same-line suppression', alsoRun, code: `declare function save(): Promise<void>;\nsave(); // asynclint-disable-line\nconsole.log('saving');` },
  {
    name: 'a used block suppression',
    alsoRun,
    code: `declare function save(): Promise<void>;\n/* asynclint-disable no-floating-promises */\nsave();\nsave();\n/* asynclint-enable no-floating-promises */`,
  },
  {
    name: 'a used file-level suppression',
    alsoRun,
    code: `/* asynclint-disable-file no-floating-promises -- a script */\ndeclare function save(): Promise<void>;\nsave();\nconsole.log('saving');`,
  },
  // Removing a comment must not join the tokens around it, nor drop the line break it holds.
  {
    name: 'a comment between two minus signs leaves a space',
    alsoRun,
    code: `
      export function negate(x: number) {
        return -/* asynclint-disable-line */-x;
                ^^^^^^^^^^^^^^^^^^^^^^^^^^^^
      }
    `,
    fixes: {
      [REMOVE]: `
        export function negate(x: number) {
          return - -x;
        }
      `,
    },
  },
  {
    name: 'a comment between typeof and its operand leaves a space',
    alsoRun,
    code: `
      export function kind(x: unknown) {
        return typeof/* asynclint-disable-line no-floating-promises */x;
                     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
      }
    `,
    fixes: {
      [REMOVE]: `
        export function kind(x: unknown) {
          return typeof x;
        }
      `,
    },
  },
  {
    name: 'a block comment holding a line break keeps it: `return` before it still returns nothing',
    alsoRun,
    code: `
      export function nothing(x: number) {
        return /* asynclint-disable-line
               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
        */ x;
      }
    `,
    fixes: {
      [REMOVE]: `
        export function nothing(x: number) {
          return
         x;
        }
      `,
    },
  },
  {
    name: "a real comment inside a template literal's placeholder is a directive",
    alsoRun,
    code: `
      export const label = (x: number) => \`value: \${x /* asynclint-disable-line */}\`;
                                                      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^
    `,
    fixes: {
      [REMOVE]: `
        export const label = (x: number) => \`value: \${x}\`;
      `,
    },
  },
  {
    name: 'text of a template literal after a placeholder is not a comment',
    alsoRun,
    code: `
      export const help = (x: string) => \`\${x} then // asynclint-disable-line no-floating-promises, and \${x} /* asynclint-disable */\`;
      export const more = (x: string) => \`\${x}
      // asynclint-disable-next-line
      \`;
    `,
  },
  {
    name: 'JSX text is not a comment',
    fileName: 'test.tsx',
    compilerOptions: { jsx: 1 /* ts.JsxEmit.Preserve: no runtime module to resolve */ },
    otherFiles: { '/jsx.d.ts': 'declare namespace JSX { interface IntrinsicElements { [name: string]: any } interface Element {} }' },
    alsoRun,
    code: `
      export const Help = () => <p>Write // asynclint-disable-line to silence a line, or /* asynclint-disable */ for a block.</p>;
    `,
  },
  { name: 'a suppression for a rule that did not run', code: `// asynclint-disable-next-line no-floating-promises\nexport const answer = 42;` },
]);

test('suppressions hide the findings they name, and only those', () => {
  const code = [
    'declare function save(): Promise<void>;',
    '// asynclint-disable-next-line prefer-promise-all',
    'save();',
    'save(); // asynclint-disable-line',
    '/* asynclint-disable no-floating-promises */',
    'save();',
    '/* asynclint-enable no-floating-promises */',
    'save();',
    "console.log('saving');",
  ].join('\n');
  const lines = runRule(noFloatingPromises, code).map((finding) => code.slice(0, finding.start).split('\n').length);
  assert.deepEqual(lines, [3, 8]);
});
