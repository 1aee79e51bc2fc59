// Runs the end-to-end suite: the packaged VSIX in a real VS Code workbench (code-server),
// driven by headless Chromium through playwright-core. Offline; see test/e2e/README.md.
//
//   1. install-deps.sh: Debian packages and code-server into a cache folder (idempotent);
//   2. the VSIX: $ASYNCLINT_E2E_VSIX, or built here with `npm run package`;
//   3. a temporary folder with a copy of test/e2e/workspace, a fresh extensions folder (the VSIX
//      installed by `code-server --install-extension`) and a fresh user-data folder;
//   4. code-server on a free loopback port;
//   5. `node --test` on test/e2e/*.test.mjs, which reads where things are from ASYNCLINT_E2E_* variables;
//   6. always: code-server's process group is stopped. On failure the extension's logs are copied
//      to .e2e-artifacts/ next to the screenshots the tests saved there.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const artifacts = path.join(root, '.e2e-artifacts');
const started = Date.now();

/** Seconds since the start, for the progress lines. */
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
const say = (message) => console.log(`[e2e ${elapsed()}] ${message}`);

let codeServer; // The code-server child process, leader of its own process group.
let tmp; // The temporary folder holding the workspace copy, extensions and user data.
let userDataDir; // Inside tmp; holds the extension host logs.
let serverLog; // Inside tmp; code-server's output.
let cleanedUp = false;

async function main() {
  fs.rmSync(artifacts, { recursive: true, force: true });

  say('installing dependencies (skipped when present)');
  const install = spawnSync('bash', [path.join(here, 'install-deps.sh')], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (install.status !== 0) throw new Error(`install-deps.sh failed with status ${install.status}`);
  const codeServerBin = install.stdout.trim().split('\n').pop();
  if (!codeServerBin || !fs.existsSync(codeServerBin)) throw new Error(`install-deps.sh did not print a code-server path (got ${JSON.stringify(codeServerBin)})`);

  const vsix = buildOrFindVsix();

  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'asynclint-e2e-'));
  const workspace = path.join(tmp, 'workspace');
  const extensionsDir = path.join(tmp, 'extensions');
  userDataDir = path.join(tmp, 'user-data');
  fs.cpSync(path.join(root, 'test', 'e2e', 'workspace'), workspace, { recursive: true });
  fs.mkdirSync(extensionsDir);
  writeUserSettings(userDataDir);
  // code-server (and Chromium) write a default config, logs and crash reports under these; keep them out of the home folder.
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: path.join(tmp, 'xdg-config'),
    XDG_DATA_HOME: path.join(tmp, 'xdg-data'),
    XDG_CACHE_HOME: path.join(tmp, 'xdg-cache'),
  };
  const dirs = ['--extensions-dir', extensionsDir, '--user-data-dir', userDataDir];

  say(`installing ${path.relative(root, vsix) || vsix} into a fresh extensions folder`);
  const installed = spawnSync(codeServerBin, [...dirs, '--install-extension', vsix], { env, encoding: 'utf8' });
  process.stdout.write(installed.stdout ?? '');
  process.stderr.write(installed.stderr ?? '');
  const extensionFolder = fs.readdirSync(extensionsDir).find((name) => name.startsWith('asynclint.asynclint-'));
  if (installed.status !== 0 || !extensionFolder) throw new Error(`code-server --install-extension failed (status ${installed.status})`);

  const port = await freePort();
  serverLog = path.join(tmp, 'code-server.log');
  say(`starting code-server on 127.0.0.1:${port}`);
  const logFd = fs.openSync(serverLog, 'a');
  codeServer = spawn(
    codeServerBin,
    [
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      ...dirs,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      workspace,
    ],
    { env, stdio: ['ignore', logFd, logFd], detached: true },
  );
  fs.closeSync(logFd);
  const url = `http://127.0.0.1:${port}`;
  await waitForServer(url);
  say(`code-server is up (pid ${codeServer.pid})`);

  const testFiles = fs
    .readdirSync(path.join(root, 'test', 'e2e'))
    .filter((name) => name.endsWith('.test.mjs'))
    .sort()
    .map((name) => path.join('test', 'e2e', name));
  say(`running ${testFiles.join(', ')}`);
  const status = await run(
    process.execPath,
    [
      '--test',
      '--test-concurrency=1',
      '--test-reporter=spec',
      // ASYNCLINT_E2E_ONLY=regexp runs only the scenarios whose names match.
      ...(process.env.ASYNCLINT_E2E_ONLY ? ['--test-name-pattern', process.env.ASYNCLINT_E2E_ONLY] : []),
      ...testFiles,
    ],
    {
      cwd: root,
      stdio: 'inherit',
      env: {
        ...env, // Chromium, too, keeps its crash-report folder out of the home folder.
        ASYNCLINT_E2E_URL: url,
        ASYNCLINT_E2E_WORKSPACE: workspace,
        ASYNCLINT_E2E_EXTENSIONS_DIR: extensionsDir,
        ASYNCLINT_E2E_EXTENSION_DIR: path.join(extensionsDir, extensionFolder),
        ASYNCLINT_E2E_USER_DATA_DIR: userDataDir,
        ASYNCLINT_E2E_ARTIFACTS: artifacts,
        ASYNCLINT_E2E_REPO: root,
      },
    },
  );
  if (status !== 0) {
    saveLogs();
    say(`FAILED (node --test exit status ${status}); screenshots and logs are in ${path.relative(process.cwd(), artifacts) || artifacts}/`);
  } else {
    say('all scenarios passed');
  }
  return status;
}

function buildOrFindVsix() {
  if (process.env.ASYNCLINT_E2E_VSIX) {
    const vsix = path.resolve(process.env.ASYNCLINT_E2E_VSIX);
    if (!fs.existsSync(vsix)) throw new Error(`ASYNCLINT_E2E_VSIX points to ${vsix}, which does not exist`);
    say(`using the VSIX from ASYNCLINT_E2E_VSIX: ${vsix}`);
    return vsix;
  }
  say('building the VSIX with `npm run package`');
  const built = spawnSync('npm', ['run', 'package'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) throw new Error(`npm run package failed with status ${built.status}`);
  const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const vsix = path.join(root, `asynclint-${version}.vsix`);
  if (!fs.existsSync(vsix)) throw new Error(`npm run package did not produce ${vsix}`);
  return vsix;
}

/** User settings that keep the workbench quiet and predictable: no welcome page, no completion pop-ups over typed code. */
function writeUserSettings(userDataDir) {
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'workbench.editor.enablePreview': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'security.workspace.trust.enabled': false,
    'git.enabled': false,
    'files.autoSave': 'off',
    'editor.minimap.enabled': false,
    'editor.quickSuggestions': { other: false, comments: false, strings: false },
    'editor.suggestOnTriggerCharacters': false,
    'editor.parameterHints.enabled': false,
    'editor.autoClosingBrackets': 'never',
    'editor.autoClosingQuotes': 'never',
    'editor.hover.delay': 300,
  };
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

async function waitForServer(url) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (codeServer.exitCode !== null) break;
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const log = fs.existsSync(serverLog) ? fs.readFileSync(serverLog, 'utf8') : '';
  throw new Error(`code-server did not answer on ${url}/healthz within 60 s (exit code ${codeServer.exitCode}). Its log:\n${log}`);
}

function run(command, args, options) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, options);
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/** Copies code-server's log and the extension host's logs (the asynclint output channel among them). */
function saveLogs() {
  fs.mkdirSync(artifacts, { recursive: true });
  if (serverLog && fs.existsSync(serverLog)) fs.copyFileSync(serverLog, path.join(artifacts, 'code-server.log'));
  const logsDir = userDataDir && path.join(userDataDir, 'logs');
  if (!logsDir || !fs.existsSync(logsDir)) return;
  const wanted = (relative) => /asynclint/i.test(relative) || /exthost\.log$/i.test(relative) || /remoteagent\.log$/i.test(relative);
  for (const entry of fs.readdirSync(logsDir, { recursive: true })) {
    const relative = String(entry);
    const source = path.join(logsDir, relative);
    if (!fs.statSync(source).isFile() || !wanted(relative)) continue;
    const target = path.join(artifacts, 'logs', relative);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(source, target);
    // The asynclint output channel, once more at the top: the first place to look.
    const host = /(exthost\d+)/.exec(relative)?.[1] ?? 'exthost';
    if (path.basename(relative) === 'asynclint.log') fs.copyFileSync(source, path.join(artifacts, `asynclint-output-${host}.log`));
  }
  say(`copied code-server and extension host logs to ${path.join(artifacts, 'logs')}`);
}

/** Stops code-server and everything it started (extension host, language servers): they share its process group. */
async function cleanup() {
  if (cleanedUp) return;
  cleanedUp = true;
  if (codeServer?.pid && codeServer.exitCode === null) {
    const group = -codeServer.pid;
    try {
      process.kill(group, 'SIGTERM');
    } catch {
      // Already gone.
    }
    const deadline = Date.now() + 5_000;
    while (Date.now() < deadline && groupAlive(group)) await new Promise((resolve) => setTimeout(resolve, 100));
    if (groupAlive(group)) {
      try {
        process.kill(group, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  }
  // A process that left the group (none is known to) would still name the temporary folder.
  if (tmp) {
    for (const pid of processesMentioning(tmp)) {
      say(`stopping leftover process ${pid}`);
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  }
  if (tmp && !process.env.ASYNCLINT_E2E_KEEP_TMP) fs.rmSync(tmp, { recursive: true, force: true });
  else if (tmp) say(`kept ${tmp}`);
}

/** Ids of the processes whose command line contains `text` (Linux /proc). */
function processesMentioning(text) {
  const pids = [];
  for (const name of fs.existsSync('/proc') ? fs.readdirSync('/proc') : []) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      if (fs.readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(text)) pids.push(Number(name));
    } catch {
      // Ended meanwhile.
    }
  }
  return pids;
}

function groupAlive(group) {
  try {
    process.kill(group, 0);
    return true;
  } catch {
    return false;
  }
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    say(`${signal}: stopping code-server`);
    void cleanup().then(() => process.exit(130));
  });
}

let exitStatus;
try {
  exitStatus = await main();
} catch (error) {
  console.error(`[e2e ${elapsed()}] ${error instanceof Error ? error.message : String(error)}`);
  exitStatus = 1;
  saveLogs();
} finally {
  await cleanup();
  say(`done in ${elapsed()}`);
}
process.exit(exitStatus);
