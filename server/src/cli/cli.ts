import * as fs from 'node:fs';
import * as path from 'node:path';
import { analysisOptionsFor, ConfigurationStore } from '../config/configurationStore';
import type { AnalysisOptions } from '../core/engine';
import { analyzeProjectFile } from '../project/analyzeProject';
import { ProjectService, type Log, type Project } from '../project/projects';
import { formatJson } from './formats/json';
import { formatStylish } from './formats/stylish';
import { locate, type LocatedFinding } from './report';
import { collectTargets, PathError } from '../project/targets';

/** A command line that cannot be understood: exit status 2. */
class CliUsageError extends Error {}

const USAGE = `Usage: asynclint [--format stylish|json] [--verbose] <path>...

Finds async mistakes in JavaScript and TypeScript. A path is a file or a folder;
a folder's tsconfig.json defines the project when there is one.

Options:
  --format stylish|json  output format (default: stylish)
  --verbose              log what the analysis does to stderr
  --help                 show this help
  --version              show the version

Exit status: 0 nothing found, 1 findings, 2 usage or configuration error.`;

interface CliOptions {
  readonly format: 'stylish' | 'json';
  readonly verbose: boolean;
  readonly paths: string[];
}

function parseArguments(args: readonly string[]): CliOptions | 'help' | 'version' {
  let format: CliOptions['format'] = 'stylish';
  let verbose = false;
  const paths: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    if (arg === '--help' || arg === '-h') return 'help';
    if (arg === '--version' || arg === '-v') return 'version';
    if (arg === '--verbose') {
      verbose = true;
    } else if (arg === '--format' || arg.startsWith('--format=')) {
      const value = arg === '--format' ? args[++index] : arg.slice('--format='.length);
      if (value !== 'stylish' && value !== 'json') throw new CliUsageError(`unknown format "${value ?? ''}": use stylish or json`);
      format = value;
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new CliUsageError(`unknown option ${arg} (see --help)`);
    } else {
      paths.push(arg);
    }
  }
  if (paths.length === 0) throw new CliUsageError('no path given (see --help)');
  return { format, verbose, paths };
}

export function run(args: readonly string[], stdout: NodeJS.WritableStream, stderr: NodeJS.WritableStream): number {
  let options: ReturnType<typeof parseArguments>;
  try {
    options = parseArguments(args);
  } catch (error) {
    stderr.write(`asynclint: ${(error as Error).message}\n`);
    return 2;
  }
  if (options === 'help') {
    stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (options === 'version') {
    stdout.write(`${readVersion()}\n`);
    return 0;
  }

  const log: Log = (message, level = 'info') => {
    if (level === 'warning') stderr.write(`asynclint: warning: ${message}\n`);
    else if (options.verbose) stderr.write(`asynclint: ${message}\n`);
  };
  const service = new ProjectService({ log, roots: options.paths });
  let targets: string[];
  const unreadable: string[] = [];
  try {
    targets = collectTargets(options.paths, service, unreadable);
  } catch (error) {
    if (!(error instanceof PathError)) throw error;
    stderr.write(`asynclint: ${error.message}\n`);
    return 2;
  }

  // Each file's asynclint.config.json: an invalid one is a configuration error (exit 2).
  const configurations = new ConfigurationStore(
    (file) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined),
    (file) => fs.existsSync(file),
  );
  const optionsByFile = new Map<string, AnalysisOptions>();
  for (const file of targets) {
    const state = configurations.stateFor(file);
    if (state && state.errors.length > 0) {
      for (const error of state.errors) stderr.write(`asynclint: ${state.file}:${error.line}:${error.column}: ${error.message}\n`);
      service.dispose();
      return 2;
    }
    if (state?.configuration?.isIgnored(file)) continue;
    optionsByFile.set(file, analysisOptionsFor(state?.configuration));
  }

  const byProject = new Map<Project, string[]>();
  for (const file of optionsByFile.keys()) {
    const project = service.projectFor(file);
    byProject.set(project, [...(byProject.get(project) ?? []), file]);
  }

  const findings: LocatedFinding[] = [];
  for (const [project, files] of byProject) {
    for (const file of files) {
      const result = analyzeProjectFile(project, file, optionsByFile.get(file)!, log);
      if ('skipped' in result) {
        stderr.write(`asynclint: ${result.skipped}\n`);
        continue;
      }
      for (const finding of result.findings) findings.push(locate(finding, result.sourceFile));
    }
  }
  service.dispose();

  findings.sort((a, b) => a.file.localeCompare(b.file) || a.start - b.start);
  const color = options.format === 'stylish' && (stdout as NodeJS.WriteStream).isTTY === true && !process.env.NO_COLOR;
  stdout.write(options.format === 'json' ? formatJson(findings) : formatStylish(findings, color));
  // What could not be read was not analysed: the run is not a clean one.
  for (const problem of unreadable) stderr.write(`asynclint: cannot read ${problem}\n`);
  if (unreadable.length > 0) return 2;
  return findings.length > 0 ? 1 : 0;
}

function readVersion(): string {
  for (const candidate of [path.join(__dirname, '..', 'package.json'), path.join(__dirname, '..', '..', '..', 'package.json'), path.join(__dirname, '..', '..', '..', '..', 'package.json')]) {
    try {
      return JSON.parse(fs.readFileSync(candidate, 'utf8')).version;
    } catch {
      // Try the next layout (bundled dist/ or sources).
    }
  }
  return 'unknown';
}
