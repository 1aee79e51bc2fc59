import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as ts from 'typescript';
import { fileLayout, formatReplacement } from '../../server/src/core/fixes/format';

/** Replaces the first occurrence of `old` in `text` with `newText` laid out by formatReplacement. */
function rewrite(text: string, old: string, newText: string, fileName = '/file.ts'): string {
  const sourceFile = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const start = text.indexOf(old);
  assert.ok(start >= 0, `no ${old} in the text`);
  return text.slice(0, start) + formatReplacement(sourceFile, start, start + old.length, newText) + text.slice(start + old.length);
}

describe('fixes laid out like their file', () => {
  test("a line that fits the file's width stays one line", () => {
    const text = 'async function f() {\n  const a = await x();\n  const b = await y();\n}\n';
    assert.equal(
      rewrite(text, 'const a = await x();\n  const b = await y();', 'const [a, b] = await Promise.all([x(), y()]);'),
      'async function f() {\n  const [a, b] = await Promise.all([x(), y()]);\n}\n',
    );
  });

  test("a longer one breaks its array one element per line, indented one step, with the file's trailing commas", () => {
    const text = [
      'export async function page(id: string) {',
      '  const user = await getUserWithALongName(id);',
      '  const orders = await getOrdersOfTheUser(id, { includeArchived: true });',
      '  const list = [',
      '    1,',
      '  ];',
      '}',
      '',
    ].join('\n');
    const single = 'const [user, orders] = await Promise.all([getUserWithALongName(id), getOrdersOfTheUser(id, { includeArchived: true })]);';
    assert.equal(
      rewrite(text, 'const user = await getUserWithALongName(id);\n  const orders = await getOrdersOfTheUser(id, { includeArchived: true });', single),
      [
        'export async function page(id: string) {',
        '  const [user, orders] = await Promise.all([',
        '    getUserWithALongName(id),',
        '    getOrdersOfTheUser(id, { includeArchived: true }),',
        '  ]);',
        '  const list = [',
        '    1,',
        '  ];',
        '}',
        '',
      ].join('\n'),
    );
  });

  test('tabs, four-space steps and no trailing commas are kept', () => {
    const tabs =
      'async function f() {\n\tif (ok) {\n\t\tconst a = await getTheFirstThingFromTheServer(id);\n\t\tconst b = await getTheSecondThing(id);\n\t\tlist = [\n\t\t\t1\n\t\t];\n\t}\n}\n';
    assert.equal(
      rewrite(
        tabs,
        'const a = await getTheFirstThingFromTheServer(id);\n\t\tconst b = await getTheSecondThing(id);',
        'const [a, b] = await Promise.all([getTheFirstThingFromTheServer(id), getTheSecondThing(id)]);',
      ),
      'async function f() {\n\tif (ok) {\n\t\tconst [a, b] = await Promise.all([\n\t\t\tgetTheFirstThingFromTheServer(id),\n\t\t\tgetTheSecondThing(id)\n\t\t]);\n\t\tlist = [\n\t\t\t1\n\t\t];\n\t}\n}\n',
    );
    assert.equal(fileLayout(ts.createSourceFile('/f.ts', 'class A {\n    m() {\n        return 1;\n    }\n}\n', ts.ScriptTarget.Latest)).indentUnit, '    ');
  });

  test('a file whose lines run to 120 characters keeps a 100-character statement on one line', () => {
    const long = `// ${'x'.repeat(110)}\n`;
    const text = `${long}async function f() {\n  const a = await x();\n}\n`;
    const statement = `const [first, second] = await Promise.all([getFirstThing(identifier), getSecondThing(identifier)]);`;
    assert.ok(statement.length > 80 && statement.length < 118);
    assert.equal(rewrite(text, 'const a = await x();', statement), text.replace('const a = await x();', statement));
  });
});
