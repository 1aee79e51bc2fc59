// Compares asynclint's Python rules with Ruff's flake8-async (ASYNC2xx) and
// RUF006 test fixtures: which of their flagged lines we flag too, which we
// leave alone, and what we flag that they do not. Writes docs/python-agreement.md.
//
//   node scripts/python-agreement.mjs [<ruff git dir>]
//
// The git dir is a bare mirror of Ruff's repository (read with `git show`,
// nothing is checked out); fixtures are copied to a temporary folder, never
// into this repository. Needs `npm run build` first (it runs dist/cli.js).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const gitDir = process.argv[2] ?? '/work/.mirror/astral-sh+ruff/repo';
const FIXTURES = 'crates/ruff_linter/resources/test/fixtures';
const SNAPSHOTS = 'crates/ruff_linter/src/rules';

/** Each fixture, the snapshots holding Ruff's findings on it, and the asynclint rule that covers the same ground. */
const CASES = [
  { fixture: 'flake8_async/ASYNC210.py', codes: ['ASYNC210'], ours: 'py-blocking-call' },
  { fixture: 'flake8_async/ASYNC212.py', codes: ['ASYNC212'], ours: 'py-blocking-call' },
  { fixture: 'flake8_async/ASYNC22x.py', codes: ['ASYNC220', 'ASYNC221', 'ASYNC222'], ours: 'py-blocking-call' },
  { fixture: 'flake8_async/ASYNC230.py', codes: ['ASYNC230'], ours: 'py-blocking-call' },
  { fixture: 'flake8_async/ASYNC240.py', codes: ['ASYNC240'], ours: 'py-blocking-call' },
  { fixture: 'flake8_async/ASYNC250.py', codes: ['ASYNC250'], ours: 'py-blocking-call' },
  { fixture: 'flake8_async/ASYNC251.py', codes: ['ASYNC251'], ours: 'py-blocking-call' },
  { fixture: 'ruff/RUF006.py', codes: ['RUF006'], ours: 'py-dangling-task' },
];

/** Why we differ, per rule code: the deliberate choices behind the numbers. */
const WHY = {
  ASYNC210: 'Module-level HTTP functions (`requests.*`, `httpx.*`, `urllib3.request`, `urllib.request.urlopen`) are resolved through the imports, as Ruff does.',
  ASYNC212:
    "Methods of `httpx.Client` are flagged when the receiver's class is evident: constructed, annotated (parameters, module globals), or opened by `with`, the same evidence Ruff uses.",
  ASYNC220:
    'Starting a child process synchronously (`subprocess.Popen`, `os.spawn*`, `os.posix_spawn*`) is blocking for both; asynclint does not split "starts" from "waits" into two rules.',
  ASYNC221: 'Waiting for a child process (`subprocess.run`, `call`, `check_output`, `getoutput`, `os.system`...) is flagged by both.',
  ASYNC222: 'Waiting on a child (`os.wait`, `wait3`, `wait4`, `waitid`, `waitpid`) is flagged by both.',
  ASYNC230:
    "Both flag `open()`, `io.open_code`, `os.fdopen` and `Path.open()` on an evident `Path`, in a coroutine or in one nested inside it. The line asynclint leaves alone binds two paths by tuple unpacking (`(p1, p2) = (Path(...), Path(...))`): values are not followed through unpacking. asynclint also reports a file's reads and writes at its `open()` only, once per coroutine.",
  ASYNC240:
    'Ruff flags `os.path` and `Path` queries (`exists`, `abspath`...) in async code. asynclint deliberately does not: a stat call takes microseconds on a local disk, and warnings on it would bury the findings that matter (none of them would be judged worth fixing in a web service).',
  ASYNC250:
    'Ruff flags `input()`; asynclint deliberately does not: a coroutine that reads the terminal belongs to an interactive tool, where nothing else is waiting on the event loop.',
  ASYNC251: 'Both flag `time.sleep` in `async def`.',
  RUF006:
    "Both flag `asyncio.create_task`, `ensure_future` and an evident loop's `create_task` whose task is dropped, including one assigned to a name that is never read again. The lines Ruff alone flags, if any, assign the task and read the name later.",
};

function git(...args) {
  return execFileSync('git', [`--git-dir=${gitDir}`, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

function ruffLines(code, fixtureName) {
  const family = code.startsWith('RUF') ? 'ruff' : 'flake8_async';
  const snapshots = git('ls-tree', '--name-only', 'HEAD', `${SNAPSHOTS}/${family}/snapshots/`)
    .split('\n')
    .filter((name) => name.endsWith(`__${code}_${fixtureName}.snap`));
  const lines = new Set();
  for (const snapshot of snapshots) {
    const text = git('show', `HEAD:${snapshot}`);
    for (const match of text.matchAll(new RegExp(`^${code} [^\\n]*\\n\\s*--> ${fixtureName.replace('.', '\\.')}:(\\d+):\\d+`, 'gm'))) lines.add(Number(match[1]));
  }
  return lines;
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'python-agreement-'));
const commit = git('rev-parse', 'HEAD').trim();
const sections = [];
const totals = { ruff: 0, both: 0, ruffOnly: 0, oursOnly: 0 };
for (const testCase of CASES) {
  const name = path.basename(testCase.fixture);
  const source = git('show', `HEAD:${FIXTURES}/${testCase.fixture}`);
  const file = path.join(work, name);
  fs.writeFileSync(file, source);
  let output;
  try {
    output = execFileSync(process.execPath, [path.join(root, 'dist', 'cli.js'), '--format', 'json', file], { encoding: 'utf8' });
  } catch (error) {
    output = error.stdout; // Exit status 1: findings.
  }
  const ours = new Map();
  for (const diagnostic of JSON.parse(output).diagnostics) if (diagnostic.rule === testCase.ours) ours.set(diagnostic.line, diagnostic);
  const ruff = new Map();
  for (const code of testCase.codes) for (const line of ruffLines(code, name)) ruff.set(line, code);
  const sourceLines = source.split('\n');
  const rows = [...new Set([...ruff.keys(), ...ours.keys()])]
    .sort((a, b) => a - b)
    .map((line) => {
      const verdict = ruff.has(line) && ours.has(line) ? 'both' : ruff.has(line) ? 'Ruff only' : 'asynclint only';
      return `| ${line} | \`${sourceLines[line - 1].trim().replace(/\|/g, '\\|').slice(0, 90)}\` | ${ruff.get(line) ?? ''} | ${verdict} |`;
    });
  const both = [...ruff.keys()].filter((line) => ours.has(line)).length;
  totals.ruff += ruff.size;
  totals.both += both;
  totals.ruffOnly += ruff.size - both;
  totals.oursOnly += [...ours.keys()].filter((line) => !ruff.has(line)).length;
  sections.push(
    [
      `## ${name} (${testCase.codes.join(', ')} → \`${testCase.ours}\`)`,
      `Ruff flags ${ruff.size} lines; asynclint flags ${both} of them, and ${ours.size - both} others.`,
      testCase.codes.map((code) => `- ${code}: ${WHY[code]}`).join('\n'),
      ['| Line | Code | Ruff | Verdict |', '| --- | --- | --- | --- |', ...rows].join('\n'),
    ].join('\n\n'),
  );
}
fs.rmSync(work, { recursive: true, force: true });

const report = [
  '<!-- Generated by `node scripts/python-agreement.mjs <ruff git dir>`; edit the script, not this file. -->',
  '',
  '# Agreement with Ruff on Python asyncio',
  '',
  `Ruff's flake8-async (ASYNC2xx, blocking calls in \`async def\`) and RUF006 (dangling tasks) test fixtures, at Ruff commit \`${commit.slice(0, 12)}\`, run through asynclint's CLI. A line counts as agreed when both report it.`,
  '',
  `**In all: Ruff flags ${totals.ruff} lines; asynclint flags ${totals.both} of them (${Math.round((100 * totals.both) / totals.ruff)}%), misses ${totals.ruffOnly}, and flags ${totals.oursOnly} lines Ruff does not.**`,
  '',
  'Out of scope: ASYNC1xx (trio/anyio timeouts and cancel scopes, `sleep(0)` and long sleeps, busy-wait loops with sleep) check conventions of structured-concurrency libraries rather than the three families asynclint covers. Ruff has no counterpart to `py-prefer-gather`, `py-await-in-loop`, `py-unawaited-coroutine` or `py-cpu-in-coroutine`.',
  '',
  ...sections.flatMap((section) => [section, '']),
].join('\n');
fs.writeFileSync(path.join(root, 'docs', 'python-agreement.md'), report);
console.log(`Ruff ${totals.ruff} lines, both ${totals.both}, Ruff only ${totals.ruffOnly}, asynclint only ${totals.oursOnly}`);
