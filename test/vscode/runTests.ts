import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

/**
 * The extension-host suite: downloads VS Code (it needs internet access),
 * starts it with the extension under development and the fixture workspace,
 * and runs suite/index in its extension host. `npm run test:vscode`.
 */
async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..', '..', '..', '..');
  try {
    await runTests({
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(__dirname, 'suite', 'index.js'),
      launchArgs: [path.join(root, 'test', 'e2e', 'workspace'), '--disable-extensions', '--skip-welcome', '--skip-release-notes'],
    });
  } catch (error) {
    console.error(`the VS Code extension-host tests failed: ${String(error)}`);
    process.exit(1);
  }
}

void main();
