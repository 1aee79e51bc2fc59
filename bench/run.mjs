#!/usr/bin/env node
// asynclint's benchmarks (`npm run bench`, which builds dist/ first).
//
//   node bench/run.mjs [--sizes 100,1000,5000] [--rounds 3] [--repo DIR]...
//                      [--skip-eslint] [--skip-oxlint] [--skip-lsp] [--edits 200]
//                      [--eslint-limit-minutes 15] [--target-limit-minutes 40]
//                      [--head] [--write | --no-write]
//
// 1. Cold command line: dist/cli.js against `tsc --noEmit` (TypeScript 6 of this
//    repository), typed ESLint and oxlint --type-aware, alternating in each round,
//    on generated projects (bench/generate.mjs) and on any --repo given.
// 2. Editor latency over the protocol (bench/lsp-latency.mjs) in the 1,000-module project.
// 3. Scaling of time and memory with project size.
// Prints the tables; a complete run also writes them into BENCHMARKS.md between its result markers.

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateProject, WORKFLOW_FILE } from './generate.mjs';
import { measureColdOpen, measureTyping, percentile, TYPED_TEXT, typingSpot } from './lsp-latency.mjs';
import { measure, measurementMethod } from './measure.mjs';
import { measureTypeScriptEditReference } from './ts-reference.mjs';
import { cacheDir, ensureTools, eslintBin, oxlintBin, tsgolintBin, writeEslintConfig, writeOxlintConfig } from './tools.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let ASYNCLINT = REPO; // where dist/cli.js and dist/server.js are: the work tree, or an export of HEAD (--head)
const cliPath = () => path.join(ASYNCLINT, 'dist', 'cli.js');
const serverPath = () => path.join(ASYNCLINT, 'dist', 'server.js');
const TSC = path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');
const BENCHMARKS_MD = path.join(REPO, 'BENCHMARKS.md');
const START_MARK = '<!-- bench:results:start (written by bench/run.mjs; edit outside these markers) -->';
const END_MARK = '<!-- bench:results:end -->';
/** Every Node tool gets the same heap limit, so none of them fails for want of heap on the largest project. */
const NODE_FLAGS = ['--max-old-space-size=8192'];

// ---------------------------------------------------------------------------- arguments

function parseArguments(argv) {
  const options = {
    sizes: [100, 1000, 5000],
    rounds: 3,
    repos: [],
    eslint: true,
    oxlint: true,
    lsp: true,
    edits: 200,
    coldRuns: 3,
    eslintLimitMinutes: 15,
    write: undefined, // default: only a complete run (all sizes, all parts, 3+ rounds) updates BENCHMARKS.md
    head: false,
    targetLimitMinutes: 40,
  };
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index];
    const value = () => {
      const next = argv[++index];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--sizes') options.sizes = value().split(',').filter(Boolean).map(Number);
    else if (arg === '--rounds') options.rounds = Number(value());
    else if (arg === '--repo') options.repos.push(path.resolve(value()));
    else if (arg === '--skip-eslint') options.eslint = false;
    else if (arg === '--skip-oxlint') options.oxlint = false;
    else if (arg === '--skip-lsp') options.lsp = false;
    else if (arg === '--edits') options.edits = Number(value());
    else if (arg === '--cold-runs') options.coldRuns = Number(value());
    else if (arg === '--eslint-limit-minutes') options.eslintLimitMinutes = Number(value());
    else if (arg === '--no-write') options.write = false;
    else if (arg === '--write') options.write = true;
    else if (arg === '--head') options.head = true;
    else if (arg === '--target-limit-minutes') options.targetLimitMinutes = Number(value());
    else if (arg === '--help' || arg === '-h') {
      console.log(
        fs
          .readFileSync(fileURLToPath(import.meta.url), 'utf8')
          .split('\n')
          .slice(1, 14)
          .map((line) => line.replace(/^\/\/ ?/, ''))
          .join('\n'),
      );
      process.exit(0);
    } else throw new Error(`unknown argument ${arg} (see --help)`);
  }
  for (const size of options.sizes) if (!Number.isInteger(size) || size < 8) throw new Error(`bad size ${size}`);
  const complete =
    [100, 1000, 5000].every((size) => options.sizes.includes(size)) && options.eslint && options.oxlint && options.lsp && options.rounds >= 3 && options.edits >= 200;
  options.write ??= complete;
  for (const repo of options.repos) if (!fs.existsSync(path.join(repo, 'tsconfig.json'))) throw new Error(`${repo} has no tsconfig.json`);
  return options;
}

// ---------------------------------------------------------------------------- helpers

const log = (message) => console.error(`bench: ${message}`);
const median = (values) =>
  percentile(
    values.filter((value) => Number.isFinite(value)),
    50,
  );
const fmt = (value, digits = 2) => (value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits));
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : NaN);
const x = (value) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : '–');

function table(headers, rows, align) {
  const lines = [`| ${headers.join(' | ')} |`, `| ${headers.map((_, index) => (align?.[index] === 'l' ? '---' : '---:')).join(' | ')} |`];
  for (const row of rows) lines.push(`| ${row.join(' | ')} |`);
  return lines.join('\n');
}

function git(cwd, ...args) {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 }).trim();
  } catch {
    return '';
  }
}

/**
 * --head: benchmarks the committed HEAD rather than a work tree that others may
 * be editing. Exports it (git archive) into the cache, links this repository's
 * node_modules and builds it there with its own scripts/build.mjs.
 */
function buildHead() {
  const commit = git(REPO, 'rev-parse', 'HEAD');
  const dir = path.join(cacheDir(), 'head', commit.slice(0, 12));
  if (!fs.existsSync(path.join(dir, 'dist', 'server.js'))) {
    log(`exporting and building HEAD (${commit.slice(0, 7)}) in ${dir}`);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const archive = path.join(cacheDir(), 'head', `${commit.slice(0, 12)}.tar`);
    execFileSync('git', ['archive', '--format=tar', '-o', archive, commit], { cwd: REPO });
    execFileSync('tar', ['-xf', archive, '-C', dir]);
    fs.rmSync(archive);
    fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'));
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  return dir;
}

function machine() {
  const cpuinfo = fs.existsSync('/proc/cpuinfo') ? fs.readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown';
  const dirty = git(REPO, 'status', '--porcelain', '--', 'server', 'package.json', 'scripts') !== '';
  return {
    commit: `${git(REPO, 'rev-parse', '--short', 'HEAD') || 'unknown'}${dirty ? ' + uncommitted changes under server/, package.json or scripts/ (the work tree as built)' : ''}`,
    cpu: model,
    cores: os.cpus().length,
    memoryGiB: os.totalmem() / 1024 ** 3,
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    typescript: JSON.parse(fs.readFileSync(path.join(REPO, 'node_modules', 'typescript', 'package.json'), 'utf8')).version,
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    loadAtStart: os
      .loadavg()
      .map((load) => load.toFixed(1))
      .join(' '),
  };
}

// ---------------------------------------------------------------------------- counting findings

function countAsynclint(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')).diagnostics.length;
  } catch {
    return undefined;
  }
}

function countTsc(file) {
  try {
    return (fs.readFileSync(file, 'utf8').match(/error TS\d+/g) ?? []).length;
  } catch {
    return undefined;
  }
}

function countEslint(file) {
  try {
    const results = JSON.parse(fs.readFileSync(file, 'utf8'));
    const fatal = results.flatMap((result) => result.messages.filter((message) => message.fatal || !message.ruleId));
    return {
      findings: results.reduce((sum, result) => sum + result.messages.filter((message) => message.ruleId).length, 0),
      files: results.length,
      fatal: fatal.length,
      firstFatal: fatal[0]?.message,
    };
  } catch {
    return undefined;
  }
}

function countOxlint(file) {
  try {
    const result = JSON.parse(fs.readFileSync(file, 'utf8'));
    return { findings: result.diagnostics.length, files: result.number_of_files };
  } catch {
    return undefined;
  }
}

/** The TypeScript source files of a tsconfig (following references), for ESLint on a real repository. */
function sourceFilesOf(configFile) {
  const script = `
    const ts = require(${JSON.stringify(path.join(REPO, 'node_modules', 'typescript'))});
    const seen = new Set(); const files = new Set();
    const visit = (config) => {
      if (seen.has(config)) return; seen.add(config);
      const parsed = ts.getParsedCommandLineOfConfigFile(config, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic() {} });
      if (!parsed) return;
      for (const file of parsed.fileNames) if (/\\.(c|m)?tsx?$/.test(file) && !/\\.d\\.(c|m)?ts$/.test(file) && !file.includes('/node_modules/')) files.add(file);
      for (const reference of parsed.projectReferences ?? []) visit(ts.resolveProjectReferencePath(reference));
    };
    visit(${JSON.stringify(configFile)});
    process.stdout.write(JSON.stringify([...files]));`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }));
}

// ---------------------------------------------------------------------------- the cold command-line comparison

async function compareTools(target, options, tools, method, earlier) {
  const outDir = path.join(cacheDir(), 'out', target.key);
  fs.mkdirSync(outDir, { recursive: true });
  const runners = [
    {
      name: 'asynclint',
      limitMs: 60 * 60_000,
      run: () =>
        measure(process.execPath, [...NODE_FLAGS, cliPath(), '--format', 'json', target.dir], {
          cwd: target.dir,
          stdoutFile: path.join(outDir, 'asynclint.json'),
          method,
          timeoutMs: 60 * 60_000,
        }),
      ok: (result) => result.exitCode === 0 || result.exitCode === 1,
      findings: () => countAsynclint(path.join(outDir, 'asynclint.json')),
    },
    {
      name: 'tsc --noEmit',
      limitMs: 60 * 60_000,
      run: () =>
        measure(process.execPath, [...NODE_FLAGS, TSC, '--noEmit', '-p', target.dir], {
          cwd: target.dir,
          stdoutFile: path.join(outDir, 'tsc.txt'),
          method,
          timeoutMs: 60 * 60_000,
        }),
      ok: (result) => result.exitCode === 0 || result.exitCode === 1 || result.exitCode === 2,
      findings: () => countTsc(path.join(outDir, 'tsc.txt')),
    },
  ];
  const notes = [];
  // ESLint is not started where the smaller projects already measured project it past its limit.
  let eslintProjection;
  if (options.eslint && tools.ok && target.generated) {
    const measured = earlier.filter((comparison) => comparison.target.generated && comparison.summary['ESLint (typed)']?.runs > 0).at(-1);
    if (measured) {
      const projected = (measured.summary['ESLint (typed)'].wall * target.modules) / measured.target.modules / 60;
      if (projected > options.eslintLimitMinutes) eslintProjection = projected;
    }
  }
  if (eslintProjection !== undefined) {
    notes.push(
      `ESLint was not run here: the smaller project's time projects ${fmt(eslintProjection, 0)} minutes per run (linear in modules), past the ${options.eslintLimitMinutes}-minute limit.`,
    );
  }
  if (options.eslint && tools.ok && eslintProjection === undefined) {
    const config = writeEslintConfig(target.key, target.dir);
    let paths = target.generated ? ['src'] : sourceFilesOf(path.join(target.dir, 'tsconfig.json'));
    if (paths.length === 0) paths = ['.'];
    const argsFile = path.join(outDir, 'eslint-files.txt');
    fs.writeFileSync(argsFile, paths.join('\n'));
    runners.push({
      name: 'ESLint (typed)',
      limitMs: options.eslintLimitMinutes * 60_000,
      run: () =>
        measure(process.execPath, [...NODE_FLAGS, eslintBin(), '--config', config, '--format', 'json', '-o', path.join(outDir, 'eslint.json'), '--no-warn-ignored', ...paths], {
          cwd: target.dir,
          method,
          timeoutMs: options.eslintLimitMinutes * 60_000,
        }),
      ok: (result) => result.exitCode === 0 || result.exitCode === 1,
      findings: () => countEslint(path.join(outDir, 'eslint.json')),
    });
  }
  if (options.oxlint && tools.ok) {
    const config = writeOxlintConfig();
    runners.push({
      name: 'oxlint --type-aware',
      limitMs: 30 * 60_000,
      run: () =>
        measure(oxlintBin(), ['-c', config, '--type-aware', '--format', 'json', ...(target.generated ? ['src'] : ['.'])], {
          cwd: target.dir,
          env: { ...process.env, OXLINT_TSGOLINT_PATH: tsgolintBin() },
          stdoutFile: path.join(outDir, 'oxlint.json'),
          method,
          timeoutMs: 30 * 60_000,
        }),
      ok: (result) => result.exitCode === 0 || result.exitCode === 1,
      findings: () => countOxlint(path.join(outDir, 'oxlint.json')),
    });
  }

  const samples = new Map(runners.map((runner) => [runner.name, []]));
  const failures = new Map();
  const findings = new Map();
  const once = new Set();
  const targetStarted = Date.now();
  let lastRoundMs = 0;
  for (let round = 1; round <= options.rounds; round++) {
    if (round > 1 && Date.now() - targetStarted + lastRoundMs > options.targetLimitMinutes * 60_000) {
      notes.push(
        `${round - 1} of ${options.rounds} rounds were run: another would have passed the ${options.targetLimitMinutes}-minute budget per project (--target-limit-minutes).`,
      );
      break;
    }
    const roundStarted = Date.now();
    for (const runner of runners) {
      if (failures.has(runner.name) || once.has(runner.name)) continue;
      log(`${target.label}: round ${round}/${options.rounds}: ${runner.name}`);
      const result = await runner.run();
      if (result.timedOut) {
        failures.set(runner.name, `did not finish within ${fmt(runner.limitMs / 60_000, 0)} minutes`);
        continue;
      }
      if (!runner.ok(result)) {
        failures.set(runner.name, `exited with ${result.exitCode}: ${result.stderr.trim().split('\n').slice(-3).join(' ')}`);
        continue;
      }
      samples.get(runner.name).push(result);
      if (!findings.has(runner.name)) findings.set(runner.name, runner.findings());
      log(`  ${fmt(result.wallSeconds)} s wall, ${fmt(result.cpuSeconds)} s CPU, ${fmt(result.maxRssMb, 0)} MB`);
      // An ESLint run past a third of its limit is not repeated: one sample, said in the report.
      if (runner.name === 'ESLint (typed)' && result.wallSeconds * 1000 > runner.limitMs / 3 && round < options.rounds) {
        once.add(runner.name);
        notes.push(`${runner.name} took ${fmt(result.wallSeconds / 60, 1)} minutes and was run once, not ${options.rounds} times.`);
      }
    }
    lastRoundMs = Date.now() - roundStarted;
  }
  const summary = {};
  for (const runner of runners) {
    const runs = samples.get(runner.name);
    summary[runner.name] = {
      runs: runs.length,
      wall: median(runs.map((run) => run.wallSeconds)),
      cpu: median(runs.map((run) => run.cpuSeconds)),
      rss: median(runs.map((run) => run.maxRssMb)),
      wallRange: runs.length ? [Math.min(...runs.map((run) => run.wallSeconds)), Math.max(...runs.map((run) => run.wallSeconds))] : [],
      findings: findings.get(runner.name),
      failure: failures.get(runner.name),
      samples: runs.map(({ wallSeconds, cpuSeconds, maxRssMb }) => ({ wallSeconds, cpuSeconds, maxRssMb })),
    };
  }
  // Paired ratios per round (asynclint / tsc of the same round): how much the noise moves the ratio.
  const asynclintRuns = samples.get('asynclint');
  const tscRuns = samples.get('tsc --noEmit');
  const paired = asynclintRuns.map((run, index) => (tscRuns[index] ? run.cpuSeconds / tscRuns[index].cpuSeconds : NaN)).filter(Number.isFinite);
  return { target, summary, pairedCpuRatios: paired, notes };
}

// ---------------------------------------------------------------------------- report

function toolRows(comparison) {
  const base = comparison.summary.asynclint;
  const rows = [];
  for (const [name, s] of Object.entries(comparison.summary)) {
    if (s.failure && s.runs === 0) {
      rows.push([name, '–', '–', '–', '–', '–', '–', '–', `not measured: ${s.failure}`]);
      continue;
    }
    const findings =
      typeof s.findings === 'object' && s.findings ? `${s.findings.findings}${s.findings.fatal ? ` (${s.findings.fatal} parse/config errors)` : ''}` : `${s.findings ?? '–'}`;
    rows.push([
      name,
      `${fmt(s.wall)}`,
      `${fmt(s.cpu)}`,
      `${fmt(s.rss, 0)}`,
      name === 'asynclint' ? '1' : x(ratio(base.wall, s.wall)),
      name === 'asynclint' ? '1' : x(ratio(base.cpu, s.cpu)),
      name === 'asynclint' ? '1' : x(ratio(base.rss, s.rss)),
      `${s.runs}`,
      findings,
    ]);
  }
  return rows;
}

function renderCliSection(comparisons) {
  const parts = [];
  for (const comparison of comparisons) {
    const { target } = comparison;
    parts.push(`#### ${target.label}${target.lines ? ` — ${target.lines.toLocaleString('en-US')} lines of TypeScript` : ''}\n`);
    parts.push(
      table(
        ['Tool', 'Wall (s)', 'CPU (s)', 'Peak RSS (MB)', 'asynclint ÷ tool, wall', 'asynclint ÷ tool, CPU', 'asynclint ÷ tool, memory', 'Runs', 'Findings'],
        toolRows(comparison),
        ['l'],
      ),
    );
    const eslint = comparison.summary['ESLint (typed)'];
    const tsc = comparison.summary['tsc --noEmit'];
    const extra = [];
    if (comparison.pairedCpuRatios.length > 0) extra.push(`asynclint ÷ tsc CPU per round: ${comparison.pairedCpuRatios.map((value) => value.toFixed(2)).join(', ')}.`);
    if (eslint?.runs > 0) extra.push(`Typed ESLint costs ${x(ratio(eslint.wall, tsc.wall))} tsc's wall time and ${x(ratio(eslint.cpu, tsc.cpu))} its CPU time here.`);
    extra.push(...comparison.notes);
    if (extra.length) parts.push(`\n${extra.join(' ')}\n`);
    else parts.push('');
  }
  return parts.join('\n');
}

function renderScaling(comparisons) {
  const generated = comparisons.filter((comparison) => comparison.target.generated).sort((a, b) => a.target.modules - b.target.modules);
  if (generated.length === 0) return { text: '', verdicts: [] };
  const rows = [];
  const verdicts = [];
  let previous;
  for (const comparison of generated) {
    const { modules, lines } = comparison.target;
    const a = comparison.summary.asynclint;
    const t = comparison.summary['tsc --noEmit'];
    const growth = previous
      ? `${x(ratio(a.wall / previous.a.wall, modules / previous.modules))} / ${x(ratio(a.cpu / previous.a.cpu, modules / previous.modules))} / ${fmt((a.rss - previous.a.rss) / (modules - previous.modules), 3)}`
      : '–';
    rows.push([
      `${modules.toLocaleString('en-US')}`,
      `${lines.toLocaleString('en-US')}`,
      fmt(a.wall),
      fmt(a.cpu),
      fmt(a.rss, 0),
      fmt((a.wall * 1000) / modules, 1),
      fmt((a.cpu * 1000) / modules, 1),
      fmt((a.cpu * 1000 * 1000) / lines, 1),
      fmt(a.rss / modules, 3),
      fmt((t.cpu * 1000) / modules, 1),
      fmt(t.rss / modules, 3),
      growth,
    ]);
    if (previous)
      verdicts.push({
        from: previous.modules,
        to: modules,
        wallGrowth: ratio(a.wall / previous.a.wall, modules / previous.modules),
        cpuGrowth: ratio(a.cpu / previous.a.cpu, modules / previous.modules),
        memoryGrowth: ratio(a.rss / previous.a.rss, modules / previous.modules),
      });
    previous = { modules, a };
  }
  const text = table(
    [
      'Modules',
      'Lines',
      'asynclint wall (s)',
      'CPU (s)',
      'Peak RSS (MB)',
      'Wall ms/module',
      'CPU ms/module',
      'CPU ms/1,000 lines',
      'MB/module',
      'tsc CPU ms/module',
      'tsc MB/module',
      'Growth vs previous size: wall / CPU (time ratio ÷ size ratio; ≤ 1× is at most linear) / marginal MB per added module',
    ],
    rows,
  );
  return { text, verdicts };
}

function renderLsp(lsp) {
  if (!lsp) return '';
  if (lsp.error) return `Editor latency was not measured: ${lsp.error}\n`;
  const t = lsp.typing;
  const rows = [
    ['Edit → diagnostics covering it, median', `${fmt(t.medianMs, 0)} ms`],
    ['Edit → diagnostics covering it, 95th percentile', `${fmt(t.p95Ms, 0)} ms`],
    ['Edit → diagnostics, fastest / slowest', `${fmt(t.minMs, 0)} / ${fmt(t.maxMs, 0)} ms`],
    ['Edits typed / diagnostics pushes during typing', `${t.edits} / ${t.pushes}`],
    [
      'Server-side analysis of the file per push (from the asynclint/status notification), median / p95',
      `${fmt(t.analysisMedianMs, 0)} / ${fmt(t.analysisP95Ms, 0)} ms (${t.analyses} analyses)`,
    ],
    [`First diagnostics of the ${t.lines.toLocaleString('en-US')}-line file, cold server`, `${fmt(t.coldOpenMs, 0)} ms`],
    [
      'First diagnostics of an ordinary module (a handler), cold server: median of runs',
      `${fmt(lsp.cold.medianFromOpenMs, 0)} ms from didOpen (${lsp.cold.runs.map((run) => fmt(run.fromOpenMs, 0)).join(', ')}); ${fmt(lsp.cold.medianFromSpawnMs, 0)} ms from starting the server; the server used ${fmt(lsp.cold.medianServerCpuMs, 0)} ms of CPU between didOpen and the diagnostics`,
    ],
    ['Server peak RSS while typing', `${fmt(t.peakRssMb, 0)} MB`],
    ['Server CPU while typing (CPU seconds ÷ wall seconds, from the first edit to the last diagnostics)', `${fmt(100 * t.serverCpuShare, 0)}% of one core`],
    [
      'Findings in the typed file at the end (by rule)',
      Object.entries(t.finalRules)
        .map(([rule, count]) => `${rule}: ${count}`)
        .join(', ') || 'none',
    ],
  ];
  if (lsp.reference) {
    rows.push([
      "Reference: TypeScript's own semantic diagnostics of the same file after each edit (a language service in one process, as tsserver does it), median / p95",
      `${fmt(lsp.reference.medianMs, 0)} / ${fmt(lsp.reference.p95Ms, 0)} ms (${lsp.reference.edits} edits)`,
    ]);
  }
  return `Project: ${lsp.projectLabel}; file: \`${WORKFLOW_FILE}\` (${t.lines.toLocaleString('en-US')} lines); ${t.edits} single-character edits typed 50–100 ms apart; all rules at their defaults, type-aware ones included.\n\n${table(['Measure', 'Result'], rows, ['l', 'l'])}\n`;
}

function renderTargets(comparisons, lsp, verdicts) {
  const rows = [];
  const mark = (met) => (met === undefined ? '–' : met ? 'met' : 'not met');
  for (const comparison of comparisons) {
    const a = comparison.summary.asynclint;
    const t = comparison.summary['tsc --noEmit'];
    const wall = ratio(a.wall, t.wall);
    const cpu = ratio(a.cpu, t.cpu);
    rows.push([
      `Cold CLI ≤ 0.7× \`tsc --noEmit\` — ${comparison.target.label}`,
      `${x(wall)} wall, ${x(cpu)} CPU`,
      mark(Number.isFinite(cpu) ? cpu <= 0.7 && wall <= 0.7 : undefined),
      Number.isFinite(cpu) ? `${fmt(Math.max(wall, cpu) / 0.7, 2)}× the target` : '',
    ]);
  }
  for (const comparison of comparisons) {
    const a = comparison.summary.asynclint;
    const e = comparison.summary['ESLint (typed)'];
    if (!e) continue;
    if (e.runs === 0) {
      rows.push([`Well under typed ESLint — ${comparison.target.label}`, `ESLint ${e.failure}`, '–', '']);
      continue;
    }
    const wall = ratio(a.wall, e.wall);
    const cpu = ratio(a.cpu, e.cpu);
    rows.push([
      `Well under typed ESLint (taken as ≤ 0.5×) — ${comparison.target.label}`,
      `${x(wall)} wall, ${x(cpu)} CPU`,
      mark(Math.max(wall, cpu) <= 0.5),
      `asynclint takes ${fmt(100 * Math.max(wall, cpu), 0)}% of ESLint's time`,
    ]);
  }
  for (const comparison of comparisons) {
    const a = comparison.summary.asynclint;
    const t = comparison.summary['tsc --noEmit'];
    const memory = ratio(a.rss, t.rss);
    rows.push([
      `Peak memory ≤ 1.3× tsc's — ${comparison.target.label}`,
      `${x(memory)} (${fmt(a.rss, 0)} vs ${fmt(t.rss, 0)} MB)`,
      mark(Number.isFinite(memory) ? memory <= 1.3 : undefined),
      Number.isFinite(memory) ? `${fmt(memory / 1.3, 2)}× the target` : '',
    ]);
  }
  if (lsp && !lsp.error) {
    rows.push([
      'Editor: median edit → diagnostics ≤ 50 ms',
      `${fmt(lsp.typing.medianMs, 0)} ms`,
      mark(lsp.typing.medianMs <= 50),
      `${fmt(lsp.typing.medianMs / 50, 1)}× the target`,
    ]);
    rows.push(['Editor: p95 edit → diagnostics ≤ 150 ms', `${fmt(lsp.typing.p95Ms, 0)} ms`, mark(lsp.typing.p95Ms <= 150), `${fmt(lsp.typing.p95Ms / 150, 1)}× the target`]);
    rows.push([
      'First diagnostics, file opened in a cold 1,000-module project, ≤ 2 s',
      `${fmt(lsp.cold.medianFromOpenMs, 0)} ms (ordinary module); ${fmt(lsp.typing.coldOpenMs, 0)} ms (the 3,000-line file)`,
      mark(lsp.cold.medianFromOpenMs <= 2000),
      `${fmt(lsp.cold.medianFromOpenMs / 2000, 2)}× the target (ordinary module); ${fmt(lsp.typing.coldOpenMs / 2000, 2)}× (3,000-line file)`,
    ]);
  }
  for (const verdict of verdicts) {
    rows.push([
      `Time grows no faster than linearly, ${verdict.from.toLocaleString('en-US')} → ${verdict.to.toLocaleString('en-US')} modules`,
      `${x(verdict.wallGrowth)} wall, ${x(verdict.cpuGrowth)} CPU (per-module cost ratio)`,
      mark(verdict.cpuGrowth <= 1.1),
      '≤ 1× is linear or better; 10% allowed for noise',
    ]);
    rows.push([
      `Memory grows no faster than linearly, ${verdict.from.toLocaleString('en-US')} → ${verdict.to.toLocaleString('en-US')} modules`,
      `${x(verdict.memoryGrowth)} (per-module memory ratio)`,
      mark(verdict.memoryGrowth <= 1.1),
      '',
    ]);
  }
  return table(['Target', 'Measured', 'Verdict', 'By how much'], rows, ['l', 'l', 'l', 'l']);
}

function render(info, options, comparisons, lsp, method, tools) {
  const scaling = renderScaling(comparisons);
  const toolLine = tools.ok
    ? Object.entries(tools.installed)
        .map(([name, version]) => `${name} ${version}`)
        .join(', ')
    : `comparison tools not installed: ${tools.error}`;
  const sections = [
    `### Run`,
    '',
    table(
      ['', ''],
      [
        ['Commit', `\`${info.commit}\``],
        ['Date', info.date],
        ['CPU', `${info.cpu}, ${info.cores} cores`],
        ['Memory', `${fmt(info.memoryGiB, 1)} GiB`],
        ['Node.js', info.node],
        ['OS', info.os],
        ['TypeScript (asynclint and tsc)', info.typescript],
        ['Compared tools', toolLine],
        ['Load average at start / end (1, 5, 15 min)', `${info.loadAtStart} / ${info.loadAtEnd}`],
        [
          'Measurement',
          method === 'gnu-time'
            ? '/usr/bin/time (rusage: CPU = user + sys of the command and its children; peak RSS of the largest process)'
            : '/proc polling every 20 ms (VmHWM; CPU of the process and its waited-for children)',
        ],
        ['Command', `\`node bench/run.mjs ${process.argv.slice(2).join(' ')}\`${options.rounds ? ` (${options.rounds} rounds, tools alternating)` : ''}`],
      ],
      ['l', 'l'],
    ),
    '',
    '### Targets',
    '',
    renderTargets(comparisons, lsp, scaling.verdicts),
    '',
    '### Cold command line',
    '',
    'Medians of the rounds; ratios are asynclint divided by the tool (below 1× means asynclint is cheaper).',
    '',
    renderCliSection(comparisons),
    '### Editor latency',
    '',
    renderLsp(lsp) || 'Not measured in this run (`--skip-lsp`).\n',
    '### Scaling',
    '',
    scaling.text || 'Needs generated projects.',
    '',
  ];
  return sections.join('\n');
}

function writeBenchmarksMd(results) {
  const block = `${START_MARK}\n\n${results}\n${END_MARK}`;
  let text;
  if (fs.existsSync(BENCHMARKS_MD)) {
    const current = fs.readFileSync(BENCHMARKS_MD, 'utf8');
    const start = current.indexOf(START_MARK);
    const end = current.indexOf(END_MARK);
    text = start >= 0 && end > start ? current.slice(0, start) + block + current.slice(end + END_MARK.length) : `${current.trimEnd()}\n\n## Results\n\n${block}\n`;
  } else {
    text = `# Benchmarks\n\nProduced by \`npm run bench\` (bench/run.mjs).\n\n## Results\n\n${block}\n`;
  }
  fs.writeFileSync(BENCHMARKS_MD, text);
}

// ---------------------------------------------------------------------------- main

async function main() {
  const options = parseArguments(process.argv.slice(2));
  const info = machine();
  if (options.head) {
    ASYNCLINT = buildHead();
    info.commit = `${git(REPO, 'rev-parse', '--short', 'HEAD')} (committed HEAD, exported and built apart from the work tree)`;
  }
  if (!fs.existsSync(cliPath()) || !fs.existsSync(serverPath())) throw new Error('dist/ is not built: run `npm run bench` (or `npm run build` first)');
  const method = measurementMethod();
  const tools = options.eslint || options.oxlint ? ensureTools(log) : { ok: false, installed: {}, error: 'skipped (--skip-eslint --skip-oxlint)' };
  if (!tools.ok) log(`comparison tools unavailable: ${tools.error}`);

  const targets = [];
  for (const size of options.sizes) {
    log(`generating the ${size}-module project`);
    const project = generateProject(size);
    targets.push({ key: `modules-${size}`, label: `Generated, ${size.toLocaleString('en-US')} modules`, dir: project.dir, generated: true, modules: size, lines: project.lines });
  }
  for (const repo of options.repos) {
    targets.push({
      key: `repo-${path.basename(repo)}-${Buffer.from(repo).toString('base64url').slice(-8)}`,
      label: `Repository ${path.basename(repo)}`,
      dir: repo,
      generated: false,
    });
  }

  const comparisons = [];
  for (const target of targets) comparisons.push(await compareTools(target, options, tools, method, comparisons));

  let lsp;
  if (options.lsp) {
    try {
      const project = generateProject(1000);
      const file = path.join(project.dir, WORKFLOW_FILE);
      const text = fs.readFileSync(file, 'utf8');
      const ordinary = path.join(project.dir, 'src', 'handlers', 'order0Handler.ts');
      log('editor latency: cold opens');
      const runs = [];
      for (let run = 0; run < options.coldRuns; run++) runs.push(await measureColdOpen(project.dir, ordinary, { server: serverPath() }));
      log(`editor latency: typing ${options.edits} characters into ${WORKFLOW_FILE}`);
      const typing = await measureTyping(project.dir, file, { edits: options.edits, insertAt: typingSpot(text), text: TYPED_TEXT, server: serverPath() });
      log('editor latency: TypeScript reference');
      const reference = measureTypeScriptEditReference(project.dir, file, { edits: 20, insertAt: typingSpot(text), text: TYPED_TEXT });
      lsp = {
        projectLabel: `generated, 1,000 modules (${project.lines.toLocaleString('en-US')} lines)`,
        typing,
        reference,
        cold: {
          runs,
          medianFromOpenMs: median(runs.map((run) => run.fromOpenMs)),
          medianFromSpawnMs: median(runs.map((run) => run.fromSpawnMs)),
          medianServerCpuMs: median(runs.map((run) => run.serverCpuMs)),
        },
      };
    } catch (error) {
      lsp = { error: error instanceof Error ? error.message.split('\n')[0] : String(error) };
      log(`editor latency failed: ${error instanceof Error ? error.stack : error}`);
    }
  }

  info.loadAtEnd = os
    .loadavg()
    .map((load) => load.toFixed(1))
    .join(' ');
  const results = render(info, options, comparisons, lsp, method, tools);
  console.log(results);
  const raw = path.join(cacheDir(), 'results', `${info.date.replace(/[:]/g, '-')}.json`);
  fs.mkdirSync(path.dirname(raw), { recursive: true });
  fs.writeFileSync(raw, JSON.stringify({ info, options, comparisons, lsp }, null, 2));
  log(`raw results: ${raw}`);
  if (options.write) {
    writeBenchmarksMd(results);
    log(`wrote ${path.relative(process.cwd(), BENCHMARKS_MD) || BENCHMARKS_MD}`);
  } else {
    log('BENCHMARKS.md left as it is: a partial run only prints its tables (--write updates it anyway)');
  }
}

main().catch((error) => {
  console.error(`bench: ${error instanceof Error ? error.stack : error}`);
  process.exit(1);
});
