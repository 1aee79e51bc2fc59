// Measures the command line's --cache on generated projects: a first run that
// fills the cache, a second run on the unchanged project, and a run after one
// module that others import was edited. Prints a table for BENCHMARKS.md.
//
//   npm run build && node bench/cli-cache.mjs [--sizes 100,1000] [--rounds 3]
//
// The projects come from bench/generate.mjs (outside the repository); the cache
// file is written to a temporary folder, never into the project.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateProject } from './generate.mjs';
import { measure, measurementMethod } from './measure.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const cli = path.join(root, 'dist', 'cli.js');

const options = { sizes: [100, 1000], rounds: 3 };
for (let index = 2; index < process.argv.length; index++) {
  const arg = process.argv[index];
  if (arg === '--sizes') options.sizes = process.argv[++index].split(',').map(Number);
  else if (arg === '--rounds') options.rounds = Number(process.argv[++index]);
  else throw new Error(`unknown argument ${arg}`);
}

const method = measurementMethod();
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const rows = [];
for (const size of options.sizes) {
  const project = generateProject(size);
  // A module others import: the first model (its repository, service and handler depend on it).
  const shared = fs
    .readdirSync(path.join(project.dir, 'src', 'models'))
    .sort()
    .map((name) => `models/${name}`)
    .find((name) => name.endsWith('.ts'));
  const results = { first: [], unchanged: [], edited: [] };
  const analysed = {};
  for (let round = 0; round < options.rounds; round++) {
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'asynclint-cache-bench-'));
    const args = ['--cache', '--cache-location', path.join(cacheDir, 'cache'), '--verbose', '--format', 'json', 'src'];
    const run = async (key) => {
      const result = await measure(process.execPath, [cli, ...args], { cwd: project.dir, method });
      if (result.exitCode !== 0 && result.exitCode !== 1) throw new Error(`asynclint failed (${result.exitCode}): ${result.stderr}`);
      results[key].push(result);
      analysed[key] = /analysed (\d+) files, (\d+) from the cache/.exec(result.stderr)?.slice(1).join(' / ') ?? analysed[key];
    };
    await run('first');
    await run('unchanged');
    if (shared) {
      const file = path.join(project.dir, 'src', shared);
      const text = fs.readFileSync(file, 'utf8');
      fs.writeFileSync(file, `${text}\nexport const benchEdit${round} = ${round};\n`);
      await run('edited');
      fs.writeFileSync(file, text);
    }
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }
  for (const [key, label] of [
    ['first', 'first run (fills the cache)'],
    ['unchanged', 'second run, nothing changed'],
    ['edited', `after editing ${shared ?? '(no shared module found)'}`],
  ]) {
    if (results[key].length === 0) continue;
    const wall = median(results[key].map((result) => result.wallSeconds));
    const cpu = median(results[key].map((result) => result.cpuSeconds));
    rows.push(
      `| ${size.toLocaleString('en-US')} modules | ${label} | ${wall.toFixed(2)} | ${cpu.toFixed(2)} | ${(wall / median(results.first.map((result) => result.wallSeconds))).toFixed(2)} | ${analysed[key] ?? ''} |`,
    );
  }
}
console.log(`Measured with ${method}, ${options.rounds} rounds, medians; ${os.cpus().length} cores.\n`);
console.log('| Project | Run | Wall (s) | CPU (s) | ÷ first run, wall | Analysed / from the cache |');
console.log('| --- | --- | ---: | ---: | ---: | --- |');
for (const row of rows) console.log(row);
