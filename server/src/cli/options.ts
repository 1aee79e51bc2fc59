import { SEVERITIES, type SeverityOrOff } from '../core/findings';
import { findRule } from '../core/registry';

/** A command line that cannot be understood: exit status 2. */
export class CliUsageError extends Error {}

export const FORMATS = ['stylish', 'json', 'sarif', 'github'] as const;
export type Format = (typeof FORMATS)[number];

export const DEFAULT_CACHE_LOCATION = '.asynclintcache';

export const USAGE = `Usage: asynclint [options] <path>...

Finds async mistakes in JavaScript, TypeScript and Python. A path is a file or a folder;
a folder is analysed with every tsconfig.json below it, each file in the project
that owns it, and the files no tsconfig.json owns in an inferred project.

Output:
  --format <name>           stylish (default), json, sarif or github (workflow annotations)
  --output-file <file>      write the report to a file instead of stdout
  --quiet                   report errors only
  --max-warnings <n>        exit 1 only on an error or more than n warnings

Configuration:
  --config <file>           use this asynclint.config.json for every file
                            (instead of the nearest one above each file)
  --rule <id>=<severity>    set a rule's severity: off, hint, info, warning, error
                            (repeatable; wins over configuration files)
  --ignore-pattern <glob>   skip files matching the pattern, relative to the
                            working folder (repeatable)
  --no-type-aware           run only the rules that need no type information

Fixes:
  --fix                     apply safe fixes (they keep what the code does)
  --fix-suggestions         also apply each finding's first suggested fix
  --fix-dry-run             print the fixes as a unified diff; write nothing
                            A fix that would leave a file unparsable or with new
                            type errors is skipped and reported.

CI:
  --shard <i>/<n>           analyse only part i of n (1-based) of the files,
                            split by project and file; the n parts together
                            cover every file once
  --cache                   skip files whose text, configuration and imported
                            files are unchanged since the last run
  --cache-location <path>   the cache file (default: ${DEFAULT_CACHE_LOCATION})

Other:
  --verbose                 log what the analysis does to stderr
  --help                    show this help
  --version                 show the version

Progress is shown on stderr when it is a terminal, never when piped or when
CI is set.

Exit status: 0 nothing reported (or within --max-warnings), 1 problems
reported, 2 a usage, configuration or file error (with the path on stderr).`;

export interface CliOptions {
  readonly paths: readonly string[];
  readonly format: Format;
  readonly outputFile: string | undefined;
  readonly quiet: boolean;
  readonly maxWarnings: number | undefined;
  readonly config: string | undefined;
  readonly rules: Readonly<Record<string, SeverityOrOff>>;
  readonly ignorePatterns: readonly string[];
  readonly typeAware: boolean;
  readonly fix: 'none' | 'safe' | 'suggestions';
  readonly fixDryRun: boolean;
  readonly shard: { readonly index: number; readonly count: number } | undefined;
  readonly cache: boolean;
  readonly cacheLocation: string;
  readonly verbose: boolean;
}

/** Options that take a value, as `--name value` or `--name=value`. */
const WITH_VALUE = new Set(['--format', '--output-file', '--max-warnings', '--config', '--rule', '--ignore-pattern', '--shard', '--cache-location']);

export function parseArguments(args: readonly string[]): CliOptions | 'help' | 'version' {
  let format: Format = 'stylish';
  let outputFile: string | undefined;
  let quiet = false;
  let maxWarnings: number | undefined;
  let config: string | undefined;
  const rules: Record<string, SeverityOrOff> = {};
  const ignorePatterns: string[] = [];
  let typeAware = true;
  let fix: CliOptions['fix'] = 'none';
  let fixDryRun = false;
  let shard: CliOptions['shard'];
  let cache = false;
  let cacheLocation = DEFAULT_CACHE_LOCATION;
  let verbose = false;
  const paths: string[] = [];
  let onlyPaths = false;

  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    if (onlyPaths || !arg.startsWith('-') || arg === '-') {
      paths.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyPaths = true;
      continue;
    }
    const equals = arg.indexOf('=');
    const name = arg.startsWith('--') && equals > 0 ? arg.slice(0, equals) : arg;
    let value: string | undefined;
    if (WITH_VALUE.has(name)) {
      value = equals > 0 && arg.startsWith('--') ? arg.slice(equals + 1) : args[++index];
      if (value === undefined) throw new CliUsageError(`${name} needs a value (see --help)`);
    } else if (name !== arg) {
      throw new CliUsageError(`${name} takes no value (see --help)`);
    }
    switch (name) {
      case '--help':
      case '-h':
        return 'help';
      case '--version':
      case '-v':
        return 'version';
      case '--verbose':
        verbose = true;
        break;
      case '--format':
        if (!(FORMATS as readonly string[]).includes(value!)) throw new CliUsageError(`unknown format "${value}": use ${FORMATS.join(', ')}`);
        format = value as Format;
        break;
      case '--output-file':
        outputFile = value;
        break;
      case '--quiet':
        quiet = true;
        break;
      case '--max-warnings':
        if (!/^\d+$/.test(value!)) throw new CliUsageError(`--max-warnings needs a whole number, not "${value}"`);
        maxWarnings = Number(value);
        break;
      case '--config':
        config = value;
        break;
      case '--rule': {
        const match = /^([^=]+)=(.*)$/.exec(value!);
        if (!match) throw new CliUsageError(`--rule needs <id>=<severity>, not "${value}"`);
        const [, id, severity] = match;
        if (!findRule(id.trim())) throw new CliUsageError(`--rule: "${id}" is not an asynclint rule`);
        if (!(SEVERITIES as readonly string[]).includes(severity.trim())) throw new CliUsageError(`--rule: the severity of "${id}" must be one of ${SEVERITIES.join(', ')}`);
        rules[id.trim()] = severity.trim() as SeverityOrOff;
        break;
      }
      case '--ignore-pattern':
        if (value!.trim() === '') throw new CliUsageError('--ignore-pattern needs a pattern');
        ignorePatterns.push(value!);
        break;
      case '--no-type-aware':
        typeAware = false;
        break;
      case '--fix':
        if (fix === 'none') fix = 'safe';
        break;
      case '--fix-suggestions':
        fix = 'suggestions';
        break;
      case '--fix-dry-run':
        fixDryRun = true;
        break;
      case '--shard': {
        const match = /^(\d+)\/(\d+)$/.exec(value!);
        const shardIndex = match ? Number(match[1]) : NaN;
        const count = match ? Number(match[2]) : NaN;
        if (!match || count < 1 || shardIndex < 1 || shardIndex > count) throw new CliUsageError(`--shard needs <i>/<n> with 1 <= i <= n, not "${value}"`);
        shard = { index: shardIndex, count };
        break;
      }
      case '--cache':
        cache = true;
        break;
      case '--cache-location':
        cacheLocation = value!;
        break;
      default:
        throw new CliUsageError(`unknown option ${arg} (see --help)`);
    }
  }
  if (paths.length === 0) throw new CliUsageError('no path given (see --help)');
  if (fixDryRun && fix === 'none') fix = 'safe';
  return { paths, format, outputFile, quiet, maxWarnings, config, rules, ignorePatterns, typeAware, fix, fixDryRun, shard, cache, cacheLocation, verbose };
}
