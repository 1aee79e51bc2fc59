#!/usr/bin/env node
// The judged corpus (`npm run corpus`, which builds dist/ first): runs the CLI on
// public repositories pinned by commit and compares its findings with verdicts
// that people wrote by reading the code.
//
//   node corpus/run.mjs [--repo NAME]... [--mirrors DIR] [--cache DIR] [--json]
//                       [--save-findings DIR] [--no-install] [--pins FILE] [--verdicts DIR]
//
// For each repository of corpus/repos.json (or each --repo):
// 1. finds its git mirror: DIR/<owner>+<name> (a bare git directory, a clone, or a
//    folder holding either as `repo`), DIR from --mirrors, $ASYNCLINT_CORPUS_MIRRORS
//    or /work/.mirror;
// 2. exports the pinned commit into the cache (--cache, $ASYNCLINT_CORPUS_CACHE or
//    $TMPDIR/asynclint-corpus), reused while it holds that commit;
// 3. installs its dependencies from its own lockfile with scripts disabled (skipped
//    once node_modules is installed);
// 4. runs dist/cli.js --format json on the pinned tsconfig's folder, timing it.
// Then prints, per family and per repository, the findings, the verdicts of
// corpus/verdicts/*.txt (real, harmless, wrong, missed), precision and recall, the
// findings nobody has judged yet (as verdict lines to fill in) and the judged real
// problems no longer reported. Exit status: 0, or 1 when a repository could not be
// run (a missing mirror, a failed install, a CLI error) or the arguments are wrong.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { measure, measurementMethod } from '../bench/measure.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..');
const CLI = path.join(REPO, 'dist', 'cli.js');
const REPOS_FILE = path.join(HERE, 'repos.json');
const VERDICTS_DIR = path.join(HERE, 'verdicts');
/** Written into an export once its commit is in place, and once its dependencies are installed. */
const EXPORTED_MARK = '.asynclint-corpus-commit';
const INSTALLED_MARK = path.join('node_modules', '.asynclint-corpus-installed');

export const FAMILIES = {
  gather: ['prefer-promise-all', 'no-await-in-loop', 'no-await-in-promise-all'],
  rejection: ['no-floating-promises', 'no-misused-promises', 'no-async-promise-executor', 'return-await-in-try'],
  blocking: ['no-blocking-call', 'no-busy-wait', 'no-slow-regex', 'no-cpu-heavy-loop'],
};
export const familyOf = (rule) => Object.keys(FAMILIES).find((family) => FAMILIES[family].includes(rule)) ?? 'other';
const FAMILY_ORDER = [...Object.keys(FAMILIES), 'other'];
export const VERDICTS = ['real', 'harmless', 'wrong', 'missed'];

// ---------------------------------------------------------------------------- arguments

function parseArguments(argv) {
  const options = {
    repos: [],
    mirrors: process.env.ASYNCLINT_CORPUS_MIRRORS || '/work/.mirror',
    cache: process.env.ASYNCLINT_CORPUS_CACHE || path.join(os.tmpdir(), 'asynclint-corpus'),
    json: false,
    saveFindings: undefined,
    install: true,
    pins: REPOS_FILE,
    verdicts: VERDICTS_DIR,
  };
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index];
    const value = () => {
      const next = argv[++index];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`${arg} needs a value`);
      return next;
    };
    if (arg === '--repo') options.repos.push(value());
    else if (arg === '--mirrors') options.mirrors = path.resolve(value());
    else if (arg === '--cache') options.cache = path.resolve(value());
    else if (arg === '--json') options.json = true;
    else if (arg === '--save-findings') options.saveFindings = path.resolve(value());
    else if (arg === '--no-install') options.install = false;
    else if (arg === '--pins') options.pins = path.resolve(value());
    else if (arg === '--verdicts') options.verdicts = path.resolve(value());
    else if (arg === '--help' || arg === '-h') {
      console.log(
        fs
          .readFileSync(fileURLToPath(import.meta.url), 'utf8')
          .split('\n')
          .slice(1, 22)
          .map((line) => line.replace(/^\/\/ ?/, ''))
          .join('\n'),
      );
      process.exit(0);
    } else throw new UsageError(`unknown argument ${arg} (see --help)`);
  }
  return options;
}

class UsageError extends Error {}
/** A repository that could not be run: reported, the others go on. */
class RepoError extends Error {}

// ---------------------------------------------------------------------------- pins

export function readPins(file = REPOS_FILE) {
  const data = JSON.parse(fs.readFileSync(file, 'utf8'));
  const names = new Set();
  for (const pin of data.repos) {
    const where = `${path.basename(file)}: ${pin.name ?? JSON.stringify(pin)}`;
    if (!/^[a-z0-9][a-z0-9._-]*$/.test(pin.name ?? '')) throw new Error(`${where}: name must be lower-case letters, digits, '.', '_' or '-'`);
    if (names.has(pin.name)) throw new Error(`${where}: the name is used twice`);
    names.add(pin.name);
    if (!/^[\w.-]+\/[\w.-]+$/.test(pin.repo ?? '')) throw new Error(`${where}: repo must be owner/name`);
    if (!/^[0-9a-f]{40}$/.test(pin.commit ?? '')) throw new Error(`${where}: commit must be 40 hex digits`);
    if (typeof pin.tsconfig !== 'string' || pin.tsconfig.startsWith('/') || pin.tsconfig.split('/').includes('..'))
      throw new Error(`${where}: tsconfig must be a path inside the repository`);
    if (!['npm', 'pnpm', 'yarn'].includes(pin.install?.manager)) throw new Error(`${where}: install.manager must be npm, pnpm or yarn`);
    if (typeof pin.install.lockfile !== 'string') throw new Error(`${where}: install.lockfile is missing`);
  }
  return data.repos;
}

// ---------------------------------------------------------------------------- verdicts

/**
 * Every verdict line of corpus/verdicts/*.txt: `<repo> <file>:<line> <rule> <verdict> <reason…>`.
 * Lines that do not parse are returned as problems (with file and line), not thrown.
 */
export function readVerdicts(dir = VERDICTS_DIR) {
  const verdicts = [];
  const problems = [];
  const files = fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((name) => name.endsWith('.txt'))
        .sort()
    : [];
  for (const name of files) {
    const lines = fs.readFileSync(path.join(dir, name), 'utf8').split('\n');
    lines.forEach((text, index) => {
      const line = text.trim();
      if (line === '' || line.startsWith('#')) return;
      const match = /^(\S+)\s+(\S+):(\d+)\s+(\S+)\s+(\S+)(?:\s+(.*))?$/.exec(line);
      const where = `${path.relative(process.cwd(), path.join(dir, name))}:${index + 1}`;
      if (!match) return void problems.push(`${where}: not "<repo> <file>:<line> <rule> <verdict> <reason>"`);
      const [, repo, file, lineNumber, rule, verdict, reason = ''] = match;
      if (!VERDICTS.includes(verdict)) return void problems.push(`${where}: verdict "${verdict}" is not one of ${VERDICTS.join(', ')}`);
      verdicts.push({ repo, file, line: Number(lineNumber), rule, verdict, reason: reason.trim(), source: where });
    });
  }
  // Two judges on one finding: the later file wins, and the disagreement is shown.
  const byKey = new Map();
  for (const verdict of verdicts) {
    const key = keyOf(verdict.repo, verdict.file, verdict.line, verdict.rule);
    const earlier = byKey.get(key);
    if (earlier && earlier.verdict !== verdict.verdict)
      problems.push(`${verdict.source}: ${verdict.verdict} disagrees with ${earlier.source} (${earlier.verdict}); the later line counts`);
    byKey.set(key, verdict);
  }
  return { verdicts: byKey, problems };
}

const keyOf = (repo, file, line, rule) => `${repo} ${file}:${line} ${rule}`;

// ---------------------------------------------------------------------------- mirrors, exports, installs

function git(gitDir, args, options = {}) {
  const result = spawnSync('git', [`--git-dir=${gitDir}`, ...args], { encoding: options.encoding ?? 'utf8', maxBuffer: 1 << 30, ...options });
  return result;
}

/** The git directory of a repository's mirror, or a RepoError saying how to get one. */
function findMirror(pin, mirrorsDir) {
  const base = path.join(mirrorsDir, pin.repo.replace('/', '+'));
  for (const candidate of [path.join(base, 'repo'), path.join(base, '.git'), base]) {
    if (!fs.existsSync(candidate)) continue;
    if (git(candidate, ['rev-parse', '--git-dir']).status !== 0) continue;
    if (git(candidate, ['cat-file', '-e', `${pin.commit}^{commit}`]).status !== 0) {
      throw new RepoError(
        `the mirror ${candidate} does not hold the pinned commit ${pin.commit}: fetch it again (search tool: fetch github:${pin.repo}) or \`git -C ${base} fetch\` it`,
      );
    }
    return candidate;
  }
  throw new RepoError(
    `no mirror of ${pin.repo} at ${base}: get one with the search tool's fetch (github:${pin.repo}), or \`git clone https://github.com/${pin.repo} ${base}\` (it needs commit ${pin.commit}); --mirrors DIR or ASYNCLINT_CORPUS_MIRRORS point elsewhere`,
  );
}

/** Exports the pinned commit into cacheDir/<name> unless it is already there; returns the folder. */
function exportCommit(pin, gitDir, cacheDir, progress) {
  const target = path.join(cacheDir, pin.name);
  const mark = path.join(target, EXPORTED_MARK);
  if (fs.existsSync(mark) && fs.readFileSync(mark, 'utf8').trim() === pin.commit) return target;
  progress(`exporting ${pin.repo} at ${pin.commit.slice(0, 12)} into ${target}`);
  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(target, { recursive: true });
  // Not `git archive`: a snapshot may lack its largest blobs (data, images), which
  // the analysis never needs; those are left out and counted instead of failing the export.
  const tree = git(gitDir, ['ls-tree', '-r', '-z', '--full-tree', pin.commit]);
  if (tree.status !== 0) throw new RepoError(`listing ${pin.commit} failed: ${tree.stderr.trim()}`);
  const entries = tree.stdout
    .split('\0')
    .filter(Boolean)
    .map((entry) => {
      const [meta, file] = [entry.slice(0, entry.indexOf('\t')), entry.slice(entry.indexOf('\t') + 1)];
      const [mode, type, id] = meta.split(' ');
      return { mode, type, id, file };
    })
    .filter((entry) => entry.type === 'blob');
  const batch = spawnSync('git', [`--git-dir=${gitDir}`, 'cat-file', '--batch'], { input: entries.map((entry) => entry.id).join('\n') + '\n', maxBuffer: 4 << 30 });
  if (batch.status !== 0) throw new RepoError(`reading ${pin.commit}'s files failed: ${String(batch.stderr).trim()}`);
  const data = batch.stdout;
  let offset = 0;
  let missing = 0;
  for (const entry of entries) {
    const headerEnd = data.indexOf(10, offset);
    const header = data.toString('utf8', offset, headerEnd).split(' ');
    offset = headerEnd + 1;
    if (header[1] === 'missing') {
      missing++;
      continue;
    }
    const size = Number(header[2]);
    const content = data.subarray(offset, offset + size);
    offset += size + 1;
    const file = path.join(target, entry.file);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (entry.mode === '120000') fs.symlinkSync(content.toString('utf8'), file);
    else fs.writeFileSync(file, content, { mode: entry.mode === '100755' ? 0o755 : 0o644 });
  }
  if (missing > 0) progress(`${pin.name}: ${missing} files are not in the mirror (left out)`);
  fs.writeFileSync(mark, `${pin.commit}\n`);
  return target;
}

/**
 * The install command of a pin, scripts disabled and the lockfile frozen.
 * @returns {[string, string[]]}
 */
export function installCommand(pin) {
  const { manager, version } = pin.install;
  // engine-strict off: a project may demand a newer Node than ours, which matters for running it, not for reading its types.
  if (manager === 'npm') return ['npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', '--engine-strict=false']];
  // The pinned pnpm, not the one the packageManager field names (which may need a newer Node).
  // A workspace may install only the packages the analysed one needs (install.filter: pnpm's --filter, e.g. "@scope/app...").
  const filters = (pin.install.filter ?? []).flatMap((filter) => ['--filter', filter]);
  if (manager === 'pnpm')
    return [
      'npx',
      [
        '--yes',
        `pnpm@${version ?? '10'}`,
        'install',
        '--frozen-lockfile',
        '--ignore-scripts',
        '--reporter=append-only',
        '--config.manage-package-manager-versions=false',
        ...filters,
      ],
    ];
  // yarn classic checks "engines" strictly; the analysis does not run the code, so any Node will do.
  return ['npx', ['--yes', `yarn@${version ?? '1'}`, 'install', '--frozen-lockfile', '--ignore-scripts', '--non-interactive', '--ignore-engines', '--network-timeout', '600000']];
}

function install(pin, root, progress) {
  if (fs.existsSync(path.join(root, INSTALLED_MARK))) return;
  if (!fs.existsSync(path.join(root, pin.install.lockfile))) throw new RepoError(`the export has no ${pin.install.lockfile}`);
  const [command, args] = /** @type {[string, string[]]} */ (installCommand(pin));
  progress(`installing ${pin.name}'s dependencies: ${command} ${args.join(' ')}`);
  const logFile = path.join(path.dirname(root), `${pin.name}.install.log`);
  const log = fs.openSync(logFile, 'w');
  // nice: the install shares the machine; CI: package managers never prompt; no downloads of browsers or binaries.
  const env = { ...process.env, CI: 'true', npm_config_ignore_scripts: 'true', PUPPETEER_SKIP_DOWNLOAD: '1', PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1', HUSKY: '0' };
  const result = spawnSync('nice', [command, ...args], { cwd: root, env, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  if (result.status !== 0) {
    const tail = fs.readFileSync(logFile, 'utf8').trim().split('\n').slice(-5).join('\n');
    throw new RepoError(`installing dependencies failed (exit ${result.status}; log ${logFile}):\n${tail}`);
  }
  // A project without dependencies gets no node_modules from its package manager.
  fs.mkdirSync(path.join(root, 'node_modules'), { recursive: true });
  fs.writeFileSync(path.join(root, INSTALLED_MARK), `${pin.commit}\n`);
}

// ---------------------------------------------------------------------------- running the CLI

async function analyse(pin, root, method) {
  const target = path.join(root, pin.tsconfig.endsWith('.json') ? path.dirname(pin.tsconfig) : pin.tsconfig);
  if (pin.tsconfig.endsWith('.json') && path.basename(pin.tsconfig) !== 'tsconfig.json')
    throw new RepoError(`the CLI finds a folder's tsconfig.json: point tsconfig at a folder or its tsconfig.json, not ${pin.tsconfig}`);
  if (!fs.existsSync(target)) throw new RepoError(`${pin.tsconfig} is not in the export`);
  const outFile = path.join(path.dirname(root), `${pin.name}.findings.json`);
  const result = await measure(process.execPath, ['--max-old-space-size=8192', CLI, '--format', 'json', target], { cwd: root, stdoutFile: outFile, method });
  if (result.timedOut) throw new RepoError('the CLI did not finish within 30 minutes');
  if (result.exitCode !== 0 && result.exitCode !== 1) throw new RepoError(`the CLI failed (exit ${result.exitCode}): ${result.stderr.trim().split('\n').slice(-3).join('\n')}`);
  let output;
  try {
    output = JSON.parse(fs.readFileSync(outFile, 'utf8'));
  } catch (error) {
    throw new RepoError(`the CLI's output is not JSON (${error.message})`);
  }
  const findings = output.diagnostics.map((diagnostic) => ({
    file: path.relative(root, diagnostic.file).split(path.sep).join('/'),
    line: diagnostic.line,
    column: diagnostic.column,
    rule: diagnostic.rule,
    severity: diagnostic.severity,
    message: diagnostic.message,
  }));
  const files = new Set(findings.map((finding) => finding.file)).size;
  return {
    findings,
    files,
    warnings: result.stderr.split('\n').filter((line) => line.startsWith('asynclint: warning')).length,
    time: { wallSeconds: result.wallSeconds, cpuSeconds: result.cpuSeconds, maxRssMb: result.maxRssMb },
  };
}

/** How many source files the CLI analysed is not in its output: count the project's files instead (TypeScript sources outside node_modules). */
function countSources(root, pin) {
  const start = path.join(root, pin.tsconfig.endsWith('.json') ? path.dirname(pin.tsconfig) : pin.tsconfig);
  let count = 0;
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ts|tsx|mts|cts)$/.test(entry.name) && !/\.d\.[mc]?ts$/.test(entry.name)) count++;
    }
  };
  walk(start);
  return count;
}

// ---------------------------------------------------------------------------- comparing

function emptyCounts() {
  return { findings: 0, real: 0, harmless: 0, wrong: 0, unjudged: 0, missedReported: 0, lost: 0 };
}

/**
 * Compares one repository's findings with the verdicts. A finding is one (file, line, rule):
 * two findings of a rule on one line share a verdict. A `missed` verdict on a reported
 * finding counts as a real reported finding.
 */
export function compare(pin, findings, verdicts) {
  const seen = new Map();
  for (const finding of findings) {
    const key = keyOf(pin.name, finding.file, finding.line, finding.rule);
    if (!seen.has(key)) seen.set(key, finding);
  }
  const byFamily = Object.fromEntries(FAMILY_ORDER.map((family) => [family, emptyCounts()]));
  const unjudged = [];
  const lost = [];
  for (const [key, finding] of seen) {
    const counts = byFamily[familyOf(finding.rule)];
    counts.findings++;
    const verdict = verdicts.get(key);
    if (!verdict) {
      counts.unjudged++;
      unjudged.push({ ...finding, line: `${key} TODO ${finding.message.replace(/\s+/g, ' ')}` });
    } else if (verdict.verdict === 'missed') {
      counts.real++;
      counts.missedReported++;
    } else counts[verdict.verdict]++;
  }
  for (const [key, verdict] of verdicts) {
    if (verdict.repo !== pin.name || seen.has(key)) continue;
    if (verdict.verdict !== 'real' && verdict.verdict !== 'missed') continue;
    byFamily[familyOf(verdict.rule)].lost++;
    lost.push(verdict);
  }
  // Judged harmless or wrong and no longer reported: a precision gain, listed for the record.
  const gone = [...verdicts.values()].filter(
    (verdict) =>
      verdict.repo === pin.name && !seen.has(keyOf(verdict.repo, verdict.file, verdict.line, verdict.rule)) && (verdict.verdict === 'harmless' || verdict.verdict === 'wrong'),
  );
  return { byFamily, unjudged, lost, gone };
}

function add(total, counts) {
  for (const key of Object.keys(total)) total[key] += counts[key];
}

const ratio = (numerator, denominator) => (denominator === 0 ? undefined : numerator / denominator);
const percent = (value) => (value === undefined ? '—' : `${Math.round(value * 100)}%`);
function metrics(counts) {
  const judged = counts.real + counts.harmless + counts.wrong;
  return { ...counts, judged, precision: ratio(counts.real, judged), recall: ratio(counts.real, counts.real + counts.lost) };
}

// ---------------------------------------------------------------------------- report

function table(header, rows) {
  const widths = header.map((cell, column) => Math.max(String(cell).length, ...rows.map((row) => String(row[column]).length)));
  const line = (cells) => `| ${cells.map((cell, column) => String(cell).padEnd(widths[column])).join(' | ')} |`;
  return [line(header), `| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`, ...rows.map(line)].join('\n');
}

const COUNT_HEADER = ['findings', 'real', 'harmless', 'wrong', 'precision', 'unjudged', 'lost', 'recall'];
const countCells = (m) => [m.findings, m.real, m.harmless, m.wrong, percent(m.precision), m.unjudged, m.lost, percent(m.recall)];

function printReport(results, failures, problems, verdictCount) {
  const out = [];
  const ran = results.filter(Boolean);
  const totalFindings = ran.reduce((sum, result) => sum + result.findings.length, 0);
  out.push(
    `asynclint corpus: ${ran.length} repositories run, ${failures.length} failed; ${ran.reduce((sum, result) => sum + result.sources, 0)} source files; ${totalFindings} findings; ${verdictCount} verdict lines`,
  );
  out.push('');
  out.push('precision = real / judged; recall = real reported / (real reported + judged real or missed problems not reported = lost)');
  out.push('');
  out.push('By family');
  const families = FAMILY_ORDER.map((family) => {
    const total = emptyCounts();
    for (const result of ran) add(total, result.comparison.byFamily[family]);
    return [family, ...countCells(metrics(total))];
  });
  const all = emptyCounts();
  for (const result of ran) for (const family of FAMILY_ORDER) add(all, result.comparison.byFamily[family]);
  out.push(table(['family', ...COUNT_HEADER], [...families, ['all', ...countCells(metrics(all))]]));
  out.push('');
  out.push('By repository');
  out.push(
    table(
      ['repository', 'kind', 'files', ...COUNT_HEADER, 'wall s', 'CPU s', 'max RSS MB'],
      ran.map((result) => {
        const total = emptyCounts();
        for (const family of FAMILY_ORDER) add(total, result.comparison.byFamily[family]);
        return [
          result.pin.name,
          result.pin.kind.split(':')[0],
          result.sources,
          ...countCells(metrics(total)),
          result.time.wallSeconds.toFixed(1),
          result.time.cpuSeconds.toFixed(1),
          Math.round(result.time.maxRssMb),
        ];
      }),
    ),
  );
  out.push('');
  out.push('By repository and family (findings real/harmless/wrong, unjudged, lost)');
  out.push(
    table(
      ['repository', ...FAMILY_ORDER],
      ran.map((result) => [
        result.pin.name,
        ...FAMILY_ORDER.map((family) => {
          const c = result.comparison.byFamily[family];
          return `${c.findings} ${c.real}/${c.harmless}/${c.wrong} ?${c.unjudged} -${c.lost}`;
        }),
      ]),
    ),
  );
  const lost = ran.flatMap((result) => result.comparison.lost);
  out.push('');
  out.push(`Judged real or missed problems not reported (${lost.length})`);
  for (const verdict of lost) out.push(`  ${keyOf(verdict.repo, verdict.file, verdict.line, verdict.rule)} ${verdict.verdict} ${verdict.reason}`);
  const unjudged = ran.flatMap((result) => result.comparison.unjudged);
  out.push('');
  out.push(`Findings not yet judged (${unjudged.length}): replace TODO by real, harmless or wrong and the message by a reason`);
  for (const finding of unjudged) out.push(finding.line);
  if (problems.length > 0) {
    out.push('');
    out.push('Verdict files');
    for (const problem of problems) out.push(`  ${problem}`);
  }
  if (failures.length > 0) {
    out.push('');
    out.push('Not run');
    for (const failure of failures) out.push(`  ${failure.name}: ${failure.message}`);
  }
  console.log(out.join('\n'));
}

function jsonReport(results, failures, problems) {
  const ran = results.filter(Boolean);
  const families = Object.fromEntries(
    FAMILY_ORDER.map((family) => {
      const total = emptyCounts();
      for (const result of ran) add(total, result.comparison.byFamily[family]);
      return [family, metrics(total)];
    }),
  );
  return {
    repositories: ran.map((result) => ({
      name: result.pin.name,
      repo: result.pin.repo,
      commit: result.pin.commit,
      kind: result.pin.kind,
      sources: result.sources,
      time: result.time,
      families: Object.fromEntries(FAMILY_ORDER.map((family) => [family, metrics(result.comparison.byFamily[family])])),
      unjudged: result.comparison.unjudged.map((finding) => finding.line),
      lost: result.comparison.lost.map((verdict) => ({ ...verdict })),
    })),
    families,
    failures,
    verdictProblems: problems,
  };
}

// ---------------------------------------------------------------------------- main

async function main() {
  let options;
  try {
    options = parseArguments(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`corpus: ${error.message}`);
    return 1;
  }
  if (!fs.existsSync(CLI)) {
    console.error(`corpus: ${path.relative(process.cwd(), CLI)} is missing: run \`npm run build\` (npm run corpus does)`);
    return 1;
  }
  let pins;
  try {
    pins = readPins(options.pins);
  } catch (error) {
    console.error(`corpus: ${path.relative(process.cwd(), options.pins)}: ${error.message}`);
    return 1;
  }
  for (const name of options.repos) {
    if (!pins.some((pin) => pin.name === name)) {
      console.error(`corpus: no repository named ${name} in ${path.basename(options.pins)} (known: ${pins.map((pin) => pin.name).join(', ')})`);
      return 1;
    }
  }
  const selected = options.repos.length > 0 ? pins.filter((pin) => options.repos.includes(pin.name)) : pins;
  const { verdicts, problems } = readVerdicts(options.verdicts);
  const progress = (message) => process.stderr.write(`corpus: ${message}\n`);
  const method = measurementMethod();
  fs.mkdirSync(options.cache, { recursive: true });
  if (options.saveFindings) fs.mkdirSync(options.saveFindings, { recursive: true });

  const results = [];
  const failures = [];
  for (const pin of selected) {
    try {
      const gitDir = findMirror(pin, options.mirrors);
      const root = exportCommit(pin, gitDir, options.cache, progress);
      if (options.install) install(pin, root, progress);
      progress(`analysing ${pin.name} (${pin.tsconfig})`);
      const analysis = await analyse(pin, root, method);
      const comparison = compare(pin, analysis.findings, verdicts);
      const result = { pin, ...analysis, sources: countSources(root, pin), comparison };
      progress(`${pin.name}: ${analysis.findings.length} findings in ${analysis.time.wallSeconds.toFixed(1)} s`);
      if (options.saveFindings) {
        const saved = { name: pin.name, repo: pin.repo, commit: pin.commit, tsconfig: pin.tsconfig, time: analysis.time, findings: analysis.findings };
        fs.writeFileSync(path.join(options.saveFindings, `${pin.name}.json`), `${JSON.stringify(saved, null, 2)}\n`);
      }
      results.push(result);
    } catch (error) {
      if (!(error instanceof RepoError)) throw error;
      progress(`${pin.name}: not run: ${error.message}`);
      failures.push({ name: pin.name, message: error.message });
    }
  }
  const selectedNames = new Set(selected.map((pin) => pin.name));
  const unknownRepos = [...new Set([...verdicts.values()].map((verdict) => verdict.repo))].filter((name) => !pins.some((pin) => pin.name === name));
  for (const name of unknownRepos) problems.push(`verdicts name a repository that corpus/repos.json does not pin: ${name}`);
  const verdictCount = [...verdicts.values()].filter((verdict) => selectedNames.has(verdict.repo)).length;
  if (options.json) console.log(JSON.stringify(jsonReport(results, failures, problems), null, 2));
  else printReport(results, failures, problems, verdictCount);
  return failures.length > 0 ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      console.error(`corpus: internal error: ${error.stack ?? error}`);
      process.exitCode = 1;
    },
  );
}
