import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { parseConfiguration } from '../../server/src/config/configFile';
import { compileGlob, compileGlobs, GlobError } from '../../server/src/config/glob';

const FILE = '/repo/asynclint.config.json';

/**
 * A pattern that backtracks never returns, so it cannot be timed in the
 * thread that runs the tests: each attack runs in a worker (this same file)
 * that is terminated when it takes longer than the limit.
 */
function matchInWorker(patterns: string[], paths: string[], limitMs: number): Promise<boolean[] | 'timeout'> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(__filename, { workerData: { patterns, paths } });
    const timer = setTimeout(() => {
      void worker.terminate();
      resolve('timeout');
    }, limitMs);
    worker.once('message', (result: boolean[]) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(result);
    });
    worker.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

if (!isMainThread) {
  const { patterns, paths } = workerData as { patterns: string[]; paths: string[] };
  const result = parseConfiguration(FILE, JSON.stringify({ ignore: patterns }));
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  parentPort!.postMessage(paths.map((path) => result.configuration.isIgnored(`/repo/${path}`)));
} else {
  describe('ignore globs', () => {
    for (const [pattern, matches, misses] of [
      ['dist/', ['dist/a.js', 'dist/deep/b.js'], ['src/dist.ts', 'a/dist/c.js', 'dist']],
      ['*.generated.ts', ['a.generated.ts', 'src/x/a.generated.ts'], ['a.ts']],
      ['src/**/fixtures/*', ['src/fixtures/a.ts', 'src/a/b/fixtures/c.ts'], ['fixtures/a.ts']],
      ['scripts/{seed,migrate}.ts', ['scripts/seed.ts', 'scripts/migrate.ts'], ['scripts/other.ts']],
      ['src/{*,gen}.ts', ['src/a.ts', 'src/gen.ts'], ['src/a/b.ts', 'lib/a.ts']],
      ['{src,lib}/**/{*.spec,*.test}.{ts,js}', ['src/a.spec.ts', 'lib/x/y/b.test.js'], ['src/a.ts', 'test/a.spec.ts']],
      ['src/file[0-9].ts', ['src/file1.ts'], ['src/fileA.ts', 'src/file10.ts']],
      ['src/[!a-c]*.ts', ['src/d.ts'], ['src/a.ts']],
      ['node_modules', ['node_modules/x/y.js', 'a/node_modules/b.js'], ['node_modules_x/a.js']],
      ['/build/out.js', ['build/out.js', 'build/out.js/x'], ['a/build/out.js']],
      ['a**b', ['a/x/b', 'ab'], ['ba']],
      ['src/?.ts', ['src/a.ts'], ['src/ab.ts', 'src//.ts']],
    ] as const) {
      test(pattern, () => {
        const glob = compileGlob(pattern);
        // The sets that look up plain patterns must agree with the automaton.
        const inList = compileGlobs([pattern, 'unrelated/*.x']);
        for (const path of matches) assert.ok(glob.test(path) && inList(path), `${pattern} should match ${path}`);
        for (const path of misses) assert.ok(!glob.test(path) && !inList(path), `${pattern} should not match ${path}`);
      });
    }

    test('plain names and paths, looked up in sets, match as their patterns do', () => {
      const plain = ['fixtures', 'src/legacy.ts', 'out/', './tmp/'];
      const inList = compileGlobs(plain);
      for (const path of [
        'fixtures',
        'a/fixtures/b.ts',
        'src/legacy.ts',
        'src/legacy.ts/x',
        'out/a.js',
        'tmp/a',
        'x/fixtures',
        'src/legacy.tsx',
        'out',
        'a/out/b',
        'a/src/legacy.ts',
      ]) {
        assert.equal(
          inList(path),
          plain.some((pattern) => compileGlob(pattern).test(path)),
          path,
        );
      }
    });

    test('a pattern that cannot be read is an error at its position', () => {
      assert.throws(
        () => compileGlob('src/{a,b.ts'),
        (error: unknown) => error instanceof GlobError && error.offset === 4,
      );
      assert.throws(
        () => compileGlob('src/a}.ts'),
        (error: unknown) => error instanceof GlobError && error.offset === 5,
      );
      assert.throws(() => compileGlob('{a,b}{c,d}{e,f}{g,h}{i,j}{k,l}{m,n}{o,p}{q,r}{s,t}{u,v}'), GlobError);
      const result = parseConfiguration(FILE, '{\n  "ignore": ["dist/", "src/{gen,*.ts"]\n}');
      assert.ok(!result.ok);
      assert.deepEqual(
        result.errors.map(({ message, line, column }) => ({ message, line, column })),
        [{ message: 'Invalid glob pattern: "{" is not closed by "}".', line: 2, column: 28 }],
      );
    });

    // Translated into a regular expression, each of these backtracks for longer than anyone waits.
    for (const [pattern, path] of [
      ['**?**?**?**?**?**?**?**?**?**?**?**?**?**?**?**?#', 'a'.repeat(4000)],
      ['*a*a*a*a*a*a*a*a*a*a*a*a*b', 'a'.repeat(4000)],
      ['*a*a*a*a*a*a*a*a*a*a*a*a*b', `src/${'a'.repeat(200)}/${'a'.repeat(3000)}.ts`],
      ['src/{*,gen}*{*,x}*{*,y}*{*,z}*!', `src/${'a'.repeat(3000)}`],
    ] as const) {
      test(`matches in linear time: ${pattern}`, async () => {
        assert.deepEqual(await matchInWorker([pattern], [path], 5000), [false]);
      });
    }

    test('130,000 ignore entries are read and matched', async () => {
      const patterns = Array.from({ length: 130_000 }, (_, index) => (index % 2 === 0 ? `generated/f${index}.ts` : `out${index}/**/*.js`));
      const result = await matchInWorker([...patterns, 'vendor/'], ['generated/f4.ts', 'out7/a/b.js', 'out8/a.js', 'vendor/x.js', 'src/a.ts'], 60_000);
      assert.deepEqual(result, [true, true, false, true, false]);
    });
  });
}
