import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { ALL_RULES } from '../../server/src/core/registry';
import { dedent, parseMarkedCode } from '../harness/ruleTester';
import { REPOSITORY_ROOT } from '../harness/vsix';

/** One file of real code to fuzz from. */
export interface CorpusFile {
  readonly name: string;
  readonly code: string;
  /** The file name it is compiled under (its extension decides TSX and JavaScript). */
  readonly fileName: string;
}

function filesUnder(directory: string, accept: (file: string) => boolean): string[] {
  const found: string[] = [];
  if (!fs.existsSync(directory)) return found;
  for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules') found.push(...filesUnder(full, accept));
    else if (entry.isFile() && accept(full)) found.push(full);
  }
  return found;
}

/**
 * The code of every rule test case (`code:` tables in test/rules, markers
 * removed), read from the test files as text so that loading the corpus does
 * not run those tests.
 */
export function ruleTestCases(): CorpusFile[] {
  const cases: CorpusFile[] = [];
  for (const file of filesUnder(path.join(REPOSITORY_ROOT, 'test', 'rules'), (name) => name.endsWith('.test.ts'))) {
    const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && node.name.text === 'code' && ts.isNoSubstitutionTemplateLiteral(node.initializer)) {
        const object = node.parent;
        const fileNameProperty = object.properties.find((property) => property.name && ts.isIdentifier(property.name) && property.name.text === 'fileName');
        const fileName =
          fileNameProperty && ts.isPropertyAssignment(fileNameProperty) && ts.isStringLiteral(fileNameProperty.initializer) ? `/${fileNameProperty.initializer.text}` : '/test.ts';
        const { code } = parseMarkedCode(node.initializer.text);
        cases.push({ name: `${path.basename(file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`, code, fileName });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return cases;
}

/** The examples of every rule's documentation. */
export function documentationExamples(): CorpusFile[] {
  return ALL_RULES.flatMap((rule) =>
    [...(rule.meta.docs?.flaggedExamples ?? []), ...(rule.meta.docs?.notFlaggedExamples ?? [])].map((code, index) => ({
      name: `docs:${rule.meta.id}#${index + 1}`,
      code: dedent(code),
      fileName: '/example.ts',
    })),
  );
}

/** The end-to-end fixtures and asynclint's own sources: real files, larger than test cases. */
export function realFiles(): CorpusFile[] {
  const roots = [path.join(REPOSITORY_ROOT, 'test', 'e2e', 'workspace'), path.join(REPOSITORY_ROOT, 'server', 'src'), path.join(REPOSITORY_ROOT, 'bench')];
  return roots.flatMap((root) =>
    filesUnder(root, (name) => /\.(m?[jt]sx?)$/.test(name) && !name.endsWith('.d.ts')).map((file) => ({
      name: path.relative(REPOSITORY_ROOT, file),
      code: fs.readFileSync(file, 'utf8'),
      fileName: `/${path.basename(file).replace(/\.mjs$/, '.js')}`,
    })),
  );
}

export function wholeCorpus(): CorpusFile[] {
  return [...ruleTestCases(), ...documentationExamples(), ...realFiles()];
}
