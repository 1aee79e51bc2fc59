import * as fs from 'node:fs';
import * as path from 'node:path';
import { analysisOptionsFor, ConfigurationStore } from '../config/configurationStore';
import { parseConfiguration, type ProjectConfiguration } from '../config/configFile';
import { compileGlobs, GlobError } from '../config/glob';
import type { AnalysisOptions } from '../core/engine';
import { analyzeProjectFile, analyzeSyntaxOnly, unanalysableReason, type ProjectFileAnalysis } from '../project/analyzeProject';
import { normalizeFileName, ProjectService, type Log, type OpenFiles, type Project } from '../project/projects';
import { discoverPythonFiles, discoverTargets, PathError, type Target } from '../project/targets';
import { analyzePythonFile } from '../core/python/engine';
import { pythonSourceFile } from '../core/python/lines';
import { isPythonParserLoaded } from '../core/python/parser';
import { PyProject } from '../core/python/project';
import type * as ts from 'typescript';
import { AnalysisCache, hashText, type CachedResult } from './cache';
import { unifiedDiff } from './diff';
import { fixFile } from './fix';
import { formatGithub } from './formats/github';
import { formatJson } from './formats/json';
import { formatSarif } from './formats/sarif';
import { formatStylish, printable } from './formats/stylish';
import { CliUsageError, parseArguments, USAGE, type CliOptions } from './options';
import { Progress } from './progress';
import { compareFindings, displayPath, locate, type LocatedFinding, type SourceFileOf } from './report';
import { shardOf } from './shard';

/** The environment variables the command line reads (CI, NO_COLOR); paths are relative to the process's working folder. */
export interface CliEnvironment {
  readonly env: NodeJS.ProcessEnv;
}

/** An error that ends the run with exit status 2 and one line on stderr. */
class CliError extends Error {}

export function run(args: readonly string[], stdout: NodeJS.WritableStream, stderr: NodeJS.WritableStream, environment: CliEnvironment = { env: process.env }): number {
  let options: ReturnType<typeof parseArguments>;
  try {
    options = parseArguments(args);
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    stderr.write(`asynclint: ${error.message}\n`);
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
  const overlayTexts = new Map<string, string>();
  const overlayVersions = new Map<string, number>();
  const overlay: OpenFiles & { set(file: string, text: string): void } = {
    text: (file) => overlayTexts.get(file),
    version: (file) => overlayVersions.get(file),
    set(file, text) {
      overlayTexts.set(file, text);
      overlayVersions.set(file, (overlayVersions.get(file) ?? 0) + 1);
    },
  };
  const log: Log = (message, level = 'info') => {
    if (level === 'warning') stderr.write(`asynclint: warning: ${printable(message)}\n`);
    else if (options.verbose) stderr.write(`asynclint: ${printable(message)}\n`);
  };
  const service = new ProjectService({ log, roots: options.paths.map((given) => path.resolve(given)), openFiles: overlay });
  try {
    return analyse(options, service, overlay, log, stdout, stderr, environment);
  } catch (error) {
    if (!(error instanceof CliError || error instanceof PathError)) throw error;
    stderr.write(`asynclint: ${printable(error.message)}\n`);
    return 2;
  } finally {
    service.dispose();
  }
}

function analyse(
  options: CliOptions,
  service: ProjectService,
  overlay: { set(file: string, text: string): void },
  log: Log,
  stdout: NodeJS.WritableStream,
  stderr: NodeJS.WritableStream,
  environment: CliEnvironment,
): number {
  const cwd = normalizeFileName(process.cwd());
  const unreadable: string[] = [];
  const targets = discoverTargets(options.paths, service, unreadable);
  const optionsByFile = configure(targets, options, cwd);

  // Files grouped by project, in a fixed order, then this shard's part of them.
  const byProject = new Map<string, Target[]>();
  for (const target of targets) {
    if (!optionsByFile.has(target.file)) continue;
    const key = displayPath(target.project.name, cwd);
    byProject.set(key, [...(byProject.get(key) ?? []), target]);
  }
  const selected = options.shard ? shardOf(byProject, options.shard.index, options.shard.count) : [...byProject.values()].flat();
  const projects = new Map<Project, string[]>();
  for (const target of selected) projects.set(target.project, [...(projects.get(target.project) ?? []), target.file]);
  const total = selected.length;

  const progress = Progress.for(stderr as NodeJS.WriteStream, environment.env);
  const findings: LocatedFinding[] = [];
  const fixedTexts = new Map<string, { original: string; fixed: string }>();
  let done = 0;
  let fileErrors = 0;
  const report = (result: ProjectFileAnalysis | CachedResult, sourceFileOf?: SourceFileOf) => {
    if ('skipped' in result) {
      log(result.skipped, 'warning');
      return;
    }
    if ('sourceFile' in result) {
      for (const finding of result.findings) findings.push(locate(finding, result.sourceFile, sourceFileOf));
    } else {
      findings.push(...(result as { findings: readonly LocatedFinding[] }).findings);
    }
  };

  if (options.fix !== 'none') {
    for (const [project, files] of projects) {
      for (const file of files) {
        progress.update(done, total, displayPath(project.name, cwd));
        const outcome = fixFile(project, file, optionsByFile.get(file)!, options.fix, overlay, log);
        for (const skipped of outcome.skipped) {
          stderr.write(
            `asynclint: ${printable(displayPath(file, cwd))}:${skipped.line}:${skipped.column}: fix "${skipped.fix.title}" of ${skipped.finding.rule} not applied: it would give the file a compiler error: ${printable(skipped.reason)}\n`,
          );
        }
        if (outcome.unstable) log(`${file}: fixes were still changing the file after the last pass`, 'warning');
        if (outcome.fixed !== outcome.original) fixedTexts.set(file, { original: outcome.original, fixed: outcome.fixed });
        const analysis = outcome.analysis;
        report(analysis, 'sourceFile' in analysis ? (name) => (options.typeAware ? project.getProgram().getSourceFile(name) : undefined) : undefined);
        done++;
      }
    }
    progress.finish();
    if (options.fixDryRun) {
      for (const [file, { original, fixed }] of [...fixedTexts].sort(([a], [b]) => (a < b ? -1 : 1))) {
        const name = displayPath(file, cwd);
        stdout.write(unifiedDiff(`a/${name}`, `b/${name}`, original, fixed));
      }
    } else {
      for (const [file, { fixed }] of fixedTexts) {
        try {
          fs.writeFileSync(file, fixed);
        } catch (error) {
          stderr.write(`asynclint: cannot write ${printable(file)}: ${printable((error as Error).message)}\n`);
          fileErrors++;
        }
      }
    }
  } else {
    const cache = options.cache ? AnalysisCache.load(path.resolve(options.cacheLocation), toolIdentity(), (message) => log(message)) : undefined;
    // Every file is looked up before any is analysed: a project whose files all hit never builds its program.
    const misses = new Map<Project, string[]>();
    const keys = new Map<string, { projectKey: string; configKey: string }>();
    let hits = 0;
    for (const [project, files] of projects) {
      const projectKey = options.typeAware ? projectKeyOf(project) : 'syntax-only';
      for (const file of files) {
        const configKey = hashText(JSON.stringify(optionsByFile.get(file)));
        keys.set(file, { projectKey, configKey });
        const cached = cache?.lookup(file, projectKey, configKey, !options.typeAware);
        if (cached) {
          hits++;
          report(cached);
        } else {
          misses.set(project, [...(misses.get(project) ?? []), file]);
        }
      }
    }
    done = hits;
    for (const [project, files] of misses) {
      const projectName = displayPath(project.name, cwd);
      for (const file of files) {
        progress.update(done, total, projectName);
        const fileOptions = optionsByFile.get(file)!;
        let result: ProjectFileAnalysis;
        if (options.typeAware) {
          result = analyzeProjectFile(project, file, fileOptions, log);
        } else {
          const text = readSource(file);
          result = analyzeSyntaxOnly(file, text, fileOptions, log);
        }
        const sourceFileOf = options.typeAware ? (name: string) => project.getProgram().getSourceFile(name) : undefined;
        report(result, sourceFileOf);
        if (cache) {
          const { projectKey, configKey } = keys.get(file)!;
          const stored: CachedResult =
            'skipped' in result ? { skipped: result.skipped } : { findings: result.findings.map((finding) => locate(finding, result.sourceFile, sourceFileOf)) };
          const text = 'sourceFile' in result ? result.sourceFile.text : (project.readFile(file) ?? '');
          cache.store(file, projectKey, configKey, text, !options.typeAware, stored);
        }
        done++;
      }
      if (cache && options.typeAware) cache.recordProgram(projectKeyOf(project), project.getProgram());
    }
    progress.finish();
    log(`analysed ${total - hits} files, ${hits} from the cache`);
    if (cache) {
      const problem = cache.save();
      if (problem) log(problem, 'warning');
    }
  }

  analysePython(options, cwd, findings, log, stderr);

  const reported = (options.quiet ? findings.filter((finding) => finding.severity === 'error') : findings).sort(compareFindings);
  const color = options.outputFile === undefined && (stdout as NodeJS.WriteStream).isTTY === true && !environment.env.NO_COLOR;
  const output = formatReport(options, reported, cwd, color);
  if (options.outputFile !== undefined) {
    const target = path.resolve(options.outputFile);
    try {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, output);
    } catch (error) {
      throw new CliError(`cannot write the report to ${options.outputFile}: ${(error as Error).message}`);
    }
  } else if (!options.fixDryRun) {
    stdout.write(output);
  }
  if (options.fix !== 'none') {
    const verb = options.fixDryRun ? 'would change' : 'changed';
    if (fixedTexts.size > 0 || options.verbose) log(`fixes ${verb} ${fixedTexts.size} file${fixedTexts.size === 1 ? '' : 's'}`, options.fixDryRun ? 'info' : 'info');
  }
  // What could not be read was not analysed: the run is not a clean one.
  for (const problem of unreadable) stderr.write(`asynclint: cannot read ${printable(problem)}\n`);
  if (fileErrors > 0 || unreadable.length > 0) return 2;
  return exitStatus(reported, options.maxWarnings);
}

/**
 * The Python files under the paths, analysed with one index of the project's
 * modules. Their fixes are all suggestions (nothing `--fix` applies), the cache
 * does not hold them, and with `--shard` they are analysed by the first shard.
 */
function analysePython(options: CliOptions, cwd: string, findings: LocatedFinding[], log: Log, stderr: NodeJS.WritableStream): void {
  if (options.shard && options.shard.index !== 1) return;
  const files = discoverPythonFiles(options.paths);
  if (files.length === 0) return;
  if (!isPythonParserLoaded()) {
    stderr.write(`asynclint: ${files.length} Python file${files.length === 1 ? ' was' : 's were'} not analysed: the Python grammar is not loaded\n`);
    return;
  }
  const optionsByFile = configure(
    files.map((file) => ({ file })),
    options,
    cwd,
  );
  const python = new PyProject();
  const sources = new Map<string, ts.SourceFile>();
  const sourceFileOf = (file: string): ts.SourceFile | undefined => {
    let source = sources.get(file);
    if (!source) {
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch {
        return undefined;
      }
      // The reports only ask a source file for its name, text and line map.
      source = pythonSourceFile(file, text) as unknown as ts.SourceFile;
      sources.set(file, source);
    }
    return source;
  };
  for (const [file, fileOptions] of optionsByFile) {
    const text = readSource(file);
    const reason = unanalysableReason(text);
    if (reason) {
      log(`${file} was not analysed: ${reason}`, 'warning');
      continue;
    }
    const result = analyzePythonFile(file, text, fileOptions, python);
    for (const problem of result.problems) log(problem, 'warning');
    const source = pythonSourceFile(file, text) as unknown as ts.SourceFile;
    sources.set(file, source);
    for (const finding of result.findings) findings.push(locate(finding, source, sourceFileOf));
  }
}

/** 1 when the report should fail the run: anything reported, or with --max-warnings, an error or too many warnings. */
function exitStatus(findings: readonly LocatedFinding[], maxWarnings: number | undefined): number {
  if (maxWarnings === undefined) return findings.length > 0 ? 1 : 0;
  const errors = findings.filter((finding) => finding.severity === 'error').length;
  const warnings = findings.filter((finding) => finding.severity === 'warning').length;
  return errors > 0 || warnings > maxWarnings ? 1 : 0;
}

function formatReport(options: CliOptions, findings: readonly LocatedFinding[], cwd: string, color: boolean): string {
  switch (options.format) {
    case 'json':
      return formatJson(findings);
    case 'sarif':
      return formatSarif(findings, readVersion(), cwd);
    case 'github':
      return formatGithub(findings, cwd);
    case 'stylish':
      return formatStylish(findings, color);
  }
}

/**
 * The analysis options of each file, from --config or the nearest
 * asynclint.config.json, then --rule; files ignored by the configuration or
 * --ignore-pattern are left out. An invalid configuration ends the run.
 */
function configure(targets: ReadonlyArray<Pick<Target, 'file'>>, options: CliOptions, cwd: string): Map<string, AnalysisOptions> {
  const invalid = (file: string, errors: ReadonlyArray<{ line: number; column: number; message: string }>) =>
    new CliError(errors.map((error) => `${file}:${error.line}:${error.column}: ${error.message}`).join('\nasynclint: '));
  let forced: ProjectConfiguration | undefined;
  if (options.config !== undefined) {
    const file = normalizeFileName(path.resolve(cwd, options.config));
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      throw new CliError(`cannot read the configuration ${options.config}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
    }
    const parsed = parseConfiguration(file, text);
    if (!parsed.ok) throw invalid(file, parsed.errors);
    forced = parsed.configuration;
  }
  const store = new ConfigurationStore(
    (file) => {
      try {
        return fs.readFileSync(file, 'utf8');
      } catch {
        return undefined;
      }
    },
    (file) => fs.existsSync(file),
  );
  let ignoredByOption: (relative: string) => boolean;
  try {
    ignoredByOption = compileGlobs(options.ignorePatterns);
  } catch (error) {
    if (!(error instanceof GlobError)) throw error;
    throw new CliError(`--ignore-pattern: ${error.message} (at character ${error.offset + 1})`);
  }
  const result = new Map<string, AnalysisOptions>();
  for (const { file } of targets) {
    let configuration = forced;
    if (!forced) {
      const state = store.stateFor(file);
      if (state && state.errors.length > 0) throw invalid(state.file, state.errors);
      configuration = state?.configuration;
    }
    if (configuration?.isIgnored(file)) continue;
    const relative = path.relative(cwd, file).replace(/\\/g, '/');
    if (!relative.startsWith('../') && ignoredByOption(relative)) continue;
    result.set(file, analysisOptionsFor(configuration, options.rules, options.typeAware));
  }
  return result;
}

function readSource(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as Error).message}`);
  }
}

/** What makes a project's types what they are, besides file contents: its options and its list of files. */
function projectKeyOf(project: Project): string {
  return hashText(JSON.stringify([project.name, project.compilerOptions, [...project.fileNames].sort()]));
}

/** The version and the build: a rebuilt asynclint may judge code differently, so its cache entries do not carry over. */
function toolIdentity(): string {
  let build = '';
  try {
    build = hashText(fs.readFileSync(__filename, 'utf8'));
  } catch {
    // Without its own file the version alone must do.
  }
  return `${readVersion()}+${build}`;
}

let version: string | undefined;

export function readVersion(): string {
  if (version !== undefined) return version;
  for (const candidate of [
    path.join(__dirname, '..', 'package.json'),
    path.join(__dirname, '..', '..', '..', 'package.json'),
    path.join(__dirname, '..', '..', '..', '..', 'package.json'),
  ]) {
    try {
      version = JSON.parse(fs.readFileSync(candidate, 'utf8')).version as string;
      return version;
    } catch {
      // Try the next layout (bundled dist/ or sources).
    }
  }
  return 'unknown';
}
