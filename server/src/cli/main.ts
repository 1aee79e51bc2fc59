import { run } from './cli';

// The command line's entry point (dist/cli.js). Any error that escapes is a bug:
// report it in one line (the stack with --verbose) instead of crashing noisily.
try {
  process.exitCode = run(process.argv.slice(2), process.stdout, process.stderr);
} catch (error) {
  const verbose = process.argv.includes('--verbose');
  process.stderr.write(`asynclint: internal error: ${verbose && error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 2;
}
