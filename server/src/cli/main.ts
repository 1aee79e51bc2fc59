import * as fs from 'node:fs';
import { loadPythonParser } from '../core/python/parser';
import { run } from './cli';

// The command line's entry point (dist/cli.js). Any error that escapes is a bug:
// report it in one line (the stack with --verbose) instead of crashing noisily.
const fail = (error: unknown) => {
  const verbose = process.argv.includes('--verbose');
  process.stderr.write(`asynclint: internal error: ${verbose && error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 2;
};

/** The Python grammar loads asynchronously (WebAssembly); only when a path may hold Python files. */
const mayHoldPython = process.argv.slice(2).some((arg) => arg.endsWith('.py') || (!arg.startsWith('-') && isFolder(arg)));

function isFolder(arg: string): boolean {
  try {
    return fs.statSync(arg).isDirectory();
  } catch {
    return false;
  }
}

// A grammar that cannot load leaves the other languages analysed; Python files are then reported as skipped.
(mayHoldPython
  ? loadPythonParser().then(
      () => undefined,
      (error: unknown) => process.stderr.write(`asynclint: warning: Python files cannot be analysed: ${error instanceof Error ? error.message : String(error)}\n`),
    )
  : Promise.resolve()
)
  .then(() => {
    process.exitCode = run(process.argv.slice(2), process.stdout, process.stderr);
  })
  .catch(fail);
