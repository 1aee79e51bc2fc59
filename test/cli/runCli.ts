import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { REPOSITORY_ROOT } from '../harness/vsix';

/** The command line as users run it: the bundled dist/cli.js. */
export const CLI = path.join(REPOSITORY_ROOT, 'dist', 'cli.js');

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs dist/cli.js as a process, piped, in `cwd`, with CI unset unless `env` sets it. */
export function runCli(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliResult {
  const env = { ...process.env, ...options.env };
  if (options.env?.CI === undefined) delete env.CI;
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 120_000, cwd: options.cwd, env });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
