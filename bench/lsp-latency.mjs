#!/usr/bin/env node
// Editor latency of the built language server (dist/server.js --stdio), measured
// over the protocol by a minimal client of its own:
//
// - cold open: a fresh server, a project nobody has loaded; the time from
//   didOpen of a file to the first publishDiagnostics for it;
// - typing: a 3,000-line file is open; characters are typed one at a time at a
//   person's pace (one every 50-100 ms, a deterministic sequence), each an
//   incremental didChange of version v; the latency of a change is the time
//   from sending it to the first publishDiagnostics of version v or later (the
//   first diagnostics that cover it).
//
//   node bench/lsp-latency.mjs <projectDir> [--edits 200] [--server path/to/server.js]
//
// ASYNCLINT_BENCH_SERVER_NODE_OPTIONS="--cpu-prof --cpu-prof-dir=DIR" profiles the server.
//
// All rules run at their defaults, type-aware ones included (the server asks
// workspace/configuration and gets {}).

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_SERVER = path.join(REPO, 'dist', 'server.js');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A minimal protocol client: starts the server, answers its requests, records every diagnostics push with its arrival time. */
class BenchClient {
  constructor(server = DEFAULT_SERVER) {
    this.startedAt = performance.now();
    // ASYNCLINT_BENCH_SERVER_NODE_OPTIONS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the server.
    const nodeOptions = (process.env.ASYNCLINT_BENCH_SERVER_NODE_OPTIONS ?? '').split(' ').filter(Boolean);
    this.child = spawn(process.execPath, [...nodeOptions, server, '--stdio'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.stderr = '';
    this.child.stderr.on('data', (chunk) => {
      this.stderr += chunk;
    });
    this.logs = [];
    this.analysisMs = [];
    this.pushes = new Map(); // uri → [{ version, at, diagnostics }]
    this.waiters = [];
    this.connection = createProtocolConnection(new StreamMessageReader(this.child.stdout), new StreamMessageWriter(this.child.stdin));
    this.connection.onNotification('window/logMessage', ({ message }) => {
      this.logs.push(message);
    });
    // The server's status item reports how long its last analysis took.
    let lastAnalysisAt;
    this.connection.onNotification('asynclint/status', ({ lastAnalysis }) => {
      if (lastAnalysis && lastAnalysis.at !== lastAnalysisAt) {
        lastAnalysisAt = lastAnalysis.at;
        this.analysisMs.push(lastAnalysis.milliseconds);
      }
    });
    this.connection.onNotification('textDocument/publishDiagnostics', (params) => {
      const at = performance.now();
      const list = this.pushes.get(params.uri) ?? [];
      list.push({ version: params.version, at, diagnostics: params.diagnostics });
      this.pushes.set(params.uri, list);
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.connection.onRequest('workspace/configuration', (params) => params.items.map(() => ({})));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.listen();
  }

  async initialize(rootDir) {
    const rootUri = pathToFileURL(rootDir).href;
    await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: path.basename(rootDir) }],
      capabilities: {
        workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true }, didChangeConfiguration: { dynamicRegistration: true } },
        textDocument: { synchronization: { dynamicRegistration: false }, publishDiagnostics: { versionSupport: true, relatedInformation: true }, codeAction: {} },
      },
    });
    await this.connection.sendNotification('initialized', {});
  }

  async open(uri, text) {
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text } });
  }

  async insert(uri, version, position, text) {
    await this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: position, end: position }, text }],
    });
  }

  /** The first push for `uri` of version ≥ `version` that arrived at or after `since`. */
  covering(uri, version, since = 0) {
    return (this.pushes.get(uri) ?? []).find((push) => push.at >= since && push.version !== undefined && push.version >= version);
  }

  async waitFor(uri, version, since, timeoutMs) {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const push = this.covering(uri, version, since);
      if (push) return push;
      const remaining = deadline - performance.now();
      if (remaining <= 0) return undefined;
      await new Promise((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** CPU seconds (user + sys) the server has used so far. */
  cpuSeconds() {
    try {
      const stat = fs.readFileSync(`/proc/${this.child.pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      return undefined;
    }
  }

  /** Peak resident memory of the server so far (VmHWM), in MB. */
  peakRssMb() {
    try {
      const status = fs.readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
      const match = /VmHWM:\s+(\d+) kB/.exec(status);
      return match ? Number(match[1]) / 1024 : undefined;
    } catch {
      return undefined;
    }
  }

  async shutdown() {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), sleep(3000)]);
      await this.connection.sendNotification('exit');
    } catch {
      // Gone already; killed below either way.
    }
    await Promise.race([new Promise((resolve) => this.child.once('exit', resolve)), sleep(2000)]);
    this.connection.dispose();
    if (this.child.exitCode === null) this.child.kill();
  }
}

/** mulberry32, for a reproducible typing rhythm. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
}

/**
 * Initialises a fresh server on `projectDir`, opens `file` and waits for its
 * first diagnostics; `afterOpen` runs right after didOpen is sent.
 */
async function openInColdServer(client, projectDir, file, afterOpen = () => {}) {
  await client.initialize(projectDir);
  const uri = pathToFileURL(file).href;
  const openedAt = performance.now();
  await client.open(uri, fs.readFileSync(file, 'utf8'));
  afterOpen();
  const push = await client.waitFor(uri, 1, openedAt, 120_000);
  if (!push) throw new Error(`no diagnostics for ${file} within 120 s\n${client.logs.slice(-20).join('\n')}\n${client.stderr}`);
  return { uri, openedAt, push };
}

/**
 * A fresh server, a cold project: milliseconds from didOpen (and from spawn) to the first diagnostics of `file`.
 * @param {string} projectDir
 * @param {string} file
 * @param {{ server?: string }} [options]
 */
export async function measureColdOpen(projectDir, file, { server } = {}) {
  const client = new BenchClient(server);
  try {
    let cpuAtOpen = 0;
    const { openedAt, push } = await openInColdServer(client, projectDir, file, () => (cpuAtOpen = client.cpuSeconds()));
    return {
      serverCpuMs: (client.cpuSeconds() - cpuAtOpen) * 1000,
      fromOpenMs: push.at - openedAt,
      fromSpawnMs: push.at - client.startedAt,
      diagnostics: push.diagnostics.length,
      peakRssMb: client.peakRssMb(),
    };
  } finally {
    await client.shutdown();
  }
}

/**
 * Opens `file` in a fresh server, waits for its diagnostics, then types `text`
 * (first `edits` characters) at `insertAt` ({line, character}), one character
 * every 50-100 ms.
 * @param {string} projectDir
 * @param {string} file
 * @param {{ edits?: number, insertAt?: { line: number, character: number }, text?: string, seed?: number, server?: string }} [options]
 */
export async function measureTyping(projectDir, file, { edits = 200, insertAt, text, seed = 7, server } = {}) {
  const client = new BenchClient(server);
  try {
    const { uri, openedAt, push: first } = await openInColdServer(client, projectDir, file);
    const coldOpenMs = first.at - openedAt;
    const cpuBeforeTyping = client.cpuSeconds();
    const analysesBeforeTyping = client.analysisMs.length;
    await sleep(1000);

    const rhythm = random(seed);
    const typed = text.repeat(Math.ceil(edits / text.length)).slice(0, edits);
    const sent = [];
    let position = { ...insertAt };
    let version = 1;
    for (const character of typed) {
      version++;
      sent.push({ version, at: performance.now() });
      await client.insert(uri, version, position, character);
      position = character === '\n' ? { line: position.line + 1, character: 0 } : { line: position.line, character: position.character + 1 };
      await sleep(50 + Math.floor(rhythm() * 51));
    }
    const last = await client.waitFor(uri, version, sent.at(-1).at, 60_000);
    const typingCpuSeconds = client.cpuSeconds() - cpuBeforeTyping;
    const typingWallSeconds = (performance.now() - sent[0].at) / 1000;

    const latencies = [];
    let uncovered = 0;
    for (const change of sent) {
      const push = client.covering(uri, change.version, change.at);
      if (push) latencies.push(push.at - change.at);
      else uncovered++;
    }
    const pushesDuringTyping = (client.pushes.get(uri) ?? []).filter((push) => push.at >= sent[0].at);
    const finalRules = {};
    for (const diagnostic of last?.diagnostics ?? []) finalRules[diagnostic.code] = (finalRules[diagnostic.code] ?? 0) + 1;
    return {
      file,
      lines: fs.readFileSync(file, 'utf8').split('\n').length,
      edits: sent.length,
      coldOpenMs,
      openDiagnostics: first.diagnostics.length,
      medianMs: percentile(latencies, 50),
      p95Ms: percentile(latencies, 95),
      maxMs: Math.max(...latencies),
      minMs: Math.min(...latencies),
      uncovered,
      pushes: pushesDuringTyping.length,
      analysisMedianMs: percentile(client.analysisMs.slice(analysesBeforeTyping), 50),
      analysisP95Ms: percentile(client.analysisMs.slice(analysesBeforeTyping), 95),
      analyses: client.analysisMs.length - analysesBeforeTyping,
      finalRules,
      serverCpuShare: typingCpuSeconds / typingWallSeconds,
      peakRssMb: client.peakRssMb(),
    };
  } finally {
    await client.shutdown();
  }
}

/** Where to type in the generated workflow file: the start of the body of a `details` step near the middle. */
export function typingSpot(text) {
  const lines = text.split('\n');
  const middle = Math.floor(lines.length / 2);
  for (let offset = 0; offset < lines.length; offset++) {
    for (const index of [middle + offset, middle - offset]) {
      const line = lines[index];
      if (line && /^ {2}async step\d+\(id: string, ownerId: string\): Promise<StepResult> \{$/.test(line) && /const first = await/.test(lines[index + 1] ?? '')) {
        return { line: index + 1, character: 0 };
      }
    }
  }
  return { line: middle, character: 0 };
}

/** What a person types there: new statements calling the services. */
export const TYPED_TEXT =
  '    const extra = await this.s1.details(id, ownerId);\n' +
  '    const audit = await this.s2.overview(ownerId);\n' +
  "    console.log('checked', extra.summary, audit.length);\n" +
  '    this.s3.refresh(ownerId);\n';

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const projectDir = path.resolve(args.find((arg, index) => !arg.startsWith('--') && !args[index - 1]?.startsWith('--')) ?? '.');
  const option = (name, fallback) => {
    const index = args.indexOf(name);
    return index >= 0 ? Number(args[index + 1]) : fallback;
  };
  const { WORKFLOW_FILE } = await import('./generate.mjs');
  const file = path.join(projectDir, WORKFLOW_FILE);
  const serverIndex = args.indexOf('--server');
  const server = serverIndex >= 0 ? path.resolve(args[serverIndex + 1]) : undefined;
  const result = await measureTyping(projectDir, file, { edits: option('--edits', 200), insertAt: typingSpot(fs.readFileSync(file, 'utf8')), text: TYPED_TEXT, server });
  console.log(JSON.stringify(result, null, 2));
}
