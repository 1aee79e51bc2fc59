// Runs one command and measures it: wall time, CPU time (user + sys, the
// command and everything it waited for) and peak memory (max RSS).
//
// With /usr/bin/time (Debian's `time` package) the numbers come from the
// kernel's rusage of the command. Without it, the process is polled through
// /proc: VmHWM for peak memory and utime + stime for CPU (its children are
// then not counted, which the report says).

import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';

const GNU_TIME = '/usr/bin/time';

/** 'gnu-time' when /usr/bin/time works (installing Debian's package if we may), else 'proc-polling'. */
export function measurementMethod() {
  const works = () => fs.existsSync(GNU_TIME) && spawnSync(GNU_TIME, ['-f', '%M', 'true'], { encoding: 'utf8' }).status === 0;
  if (works()) return 'gnu-time';
  if (process.getuid?.() === 0 && spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0) {
    console.error('bench: /usr/bin/time is missing: installing Debian\'s "time" package');
    spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'time'], { stdio: 'ignore' });
    if (works()) return 'gnu-time';
  }
  return 'proc-polling';
}

const CLOCK_TICKS = 100; // USER_HZ on Linux

function readProcStat(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[11], fields[12]: utime, stime; fields[13], fields[14]: cutime, cstime (waited-for children)
    const ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
    return { cpuSeconds: ticks / CLOCK_TICKS, maxRssKb: hwm ? Number(hwm[1]) : 0 };
  } catch {
    return undefined;
  }
}

/**
 * Runs `command args` in `cwd`, stdout to `stdoutFile` (or ignored), stderr kept
 * (last 4 KB). Kills the whole process group after `timeoutMs`.
 * Resolves to { wallSeconds, cpuSeconds, userSeconds, sysSeconds, maxRssMb, exitCode, timedOut, stderr }.
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, stdoutFile?: string, timeoutMs?: number, method?: string }} [options]
 */
export function measure(command, args, { cwd, env, stdoutFile, timeoutMs = 30 * 60_000, method = 'gnu-time' } = {}) {
  return new Promise((resolve, reject) => {
    const timeFile = path.join(os.tmpdir(), `asynclint-bench-time-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.txt`);
    const out = stdoutFile ? fs.openSync(stdoutFile, 'w') : 'ignore';
    const [file, argv] = method === 'gnu-time' ? [GNU_TIME, ['-f', '%e %U %S %M', '-o', timeFile, command, ...args]] : [command, args];
    const started = performance.now();
    const child = spawn(file, argv, { cwd, env: env ?? process.env, stdio: ['ignore', out, 'pipe'], detached: true });
    if (typeof out === 'number') fs.closeSync(out);
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr = (stderr + chunk).slice(-4096);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, timeoutMs);
    let polled = { cpuSeconds: 0, maxRssKb: 0 };
    const poller =
      method === 'proc-polling'
        ? setInterval(() => {
            const sample = readProcStat(child.pid);
            if (sample) polled = { cpuSeconds: Math.max(polled.cpuSeconds, sample.cpuSeconds), maxRssKb: Math.max(polled.maxRssKb, sample.maxRssKb) };
          }, 20)
        : undefined;
    child.on('error', (error) => {
      clearTimeout(timer);
      clearInterval(poller);
      reject(error);
    });
    child.on('close', (code, signal) => {
      const wallSeconds = (performance.now() - started) / 1000;
      clearTimeout(timer);
      clearInterval(poller);
      let exitCode = code ?? (signal ? 128 : -1);
      let result;
      if (method === 'gnu-time') {
        let text = '';
        try {
          text = fs.readFileSync(timeFile, 'utf8');
          fs.rmSync(timeFile, { force: true });
        } catch {
          // No rusage when killed.
        }
        // The last line is the format's; earlier ones say "Command exited with non-zero status N".
        const last = text.trim().split('\n').at(-1) ?? '';
        const [, user, sys, rss] = last.split(' ').map(Number);
        const status = /Command exited with non-zero status (\d+)/.exec(text);
        if (status) exitCode = Number(status[1]);
        result = { userSeconds: user, sysSeconds: sys, cpuSeconds: user + sys, maxRssMb: rss / 1024 };
      } else {
        result = { userSeconds: NaN, sysSeconds: NaN, cpuSeconds: polled.cpuSeconds, maxRssMb: polled.maxRssKb / 1024 };
      }
      resolve({ wallSeconds, ...result, exitCode, timedOut, stderr });
    });
  });
}
