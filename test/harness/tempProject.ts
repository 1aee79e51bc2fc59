import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { dedent } from './ruleTester';

/**
 * Writes a project (relative file name → text, dedented) into a fresh temporary
 * folder that is removed when the test process exits. Returns the folder.
 */
const created: string[] = [];
process.on('exit', () => {
  for (const root of created) fs.rmSync(root, { recursive: true, force: true });
});

export function tempProject(files: Readonly<Record<string, string>>): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'asynclint-test-')));
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(root, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, dedent(text) + '\n');
  }
  created.push(root);
  return root;
}

export const STRICT_TSCONFIG = JSON.stringify({
  compilerOptions: { target: 'ES2022', module: 'node16', moduleResolution: 'node16', strict: true, lib: ['ES2022', 'DOM'], types: [] },
  include: ['src'],
});

/** Source of a generated file with `lines` lines, one floating promise at its end. */
export function largeSource(lines: number): string {
  const body: string[] = ['declare function save(n: number): Promise<void>;', 'export async function big() {'];
  for (let index = 0; body.length < lines - 2; index++) body.push(`  const value${index} = ${index} * 2 + ${index % 7};`);
  body.push('  save(1);', '}');
  return body.join('\n');
}
