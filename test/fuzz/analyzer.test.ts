import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeFile } from '../../server/src/core/engine';
import { ALL_RULES } from '../../server/src/core/registry';
import { compile } from '../harness/compile';
import { wholeCorpus } from './corpus';
import { MUTATIONS, mutate, random } from './mutate';

/**
 * Analyzer fuzzing: real code (the rule tests, the documentation examples, the
 * end-to-end fixtures and asynclint's own sources) mutated the ways editing and
 * generated code break files (tokens deleted, duplicated or swapped, files cut
 * short, random bytes, deep nesting, very long lines), each analysed with
 * every rule, type-aware. No exception may escape, no rule may fail (the
 * engine reports a rule that threw as a problem), and each file must be done
 * within a time budget.
 *
 * A bounded run over fixed seeds is part of `npm test`; `npm run fuzz` runs
 * longer from random seeds (ASYNCLINT_FUZZ_SECONDS, ASYNCLINT_FUZZ_RANDOM). A
 * failure names its seed: ASYNCLINT_FUZZ_SEED=<seed> replays exactly that mutation.
 */
const SECONDS = Number(process.env.ASYNCLINT_FUZZ_SECONDS ?? 4);
const FIXED_SEED = process.env.ASYNCLINT_FUZZ_SEED === undefined ? undefined : Number(process.env.ASYNCLINT_FUZZ_SEED);
/** Per mutated file; generous, since the machine running tests is shared. */
const FILE_BUDGET_MS = Number(process.env.ASYNCLINT_FUZZ_FILE_MS ?? 8000);

test(`analyzer fuzzing (${FIXED_SEED ?? `${SECONDS} s`})`, { timeout: (SECONDS + 120) * 1000 }, (t) => {
  const corpus = wholeCorpus();
  assert.ok(corpus.length > 100, `only ${corpus.length} corpus files`);
  // The lib files are parsed once, by the first program: not part of any file's time.
  compile({ '/warm.ts': 'export {};' }).getTypeChecker();
  const deadline = Date.now() + SECONDS * 1000;
  // `npm test` replays the same seeds on every run (a failure is never luck); `npm run fuzz` explores new ones.
  const start = FIXED_SEED ?? (process.env.ASYNCLINT_FUZZ_RANDOM ? Math.floor(Math.random() * 2 ** 31) : 1);
  let checked = 0;
  let slowButCompilerBound = 0;
  for (let seed = start; FIXED_SEED !== undefined ? seed === start : Date.now() < deadline; seed++) {
    const next = random(seed);
    const original = corpus[Math.floor(next() * corpus.length)];
    const mutation = MUTATIONS[Math.floor(next() * MUTATIONS.length)];
    const code = mutate(original.code, mutation, next);
    const replay = `replay: ASYNCLINT_FUZZ_SEED=${seed} (${mutation} of ${original.name})`;
    const began = Date.now();
    let problems: string[];
    try {
      const program = compile({ [original.fileName]: code });
      problems = analyzeFile(program, program.getSourceFile(original.fileName)!, { rules: ALL_RULES }).problems;
    } catch (error) {
      assert.fail(`an exception escaped the analysis: ${(error as Error).stack}\n${replay}`);
    }
    // A compiler stack overflow on code nested this deep is reported and survived; anything else is a bug.
    const unexpected = problems.filter((problem) => !/Maximum call stack size exceeded/.test(problem));
    assert.deepEqual(unexpected, [], replay);
    const took = Date.now() - began;
    if (took >= FILE_BUDGET_MS) {
      // Type-checking some garbage is slow in the compiler itself (thousands of unresolved names):
      // the analysis may cost what the compiler's own check of the file costs, not much more.
      const fresh = compile({ [original.fileName]: code });
      const compilerStart = Date.now();
      fresh.getSemanticDiagnostics(fresh.getSourceFile(original.fileName));
      const compilerTook = Date.now() - compilerStart;
      assert.ok(took < FILE_BUDGET_MS + 3 * compilerTook, `the analysis took ${took} ms; the compiler's own check ${compilerTook} ms\n${replay}`);
      slowButCompilerBound++;
      t.diagnostic(`slow, as the compiler's own check is (${took} ms; compiler ${compilerTook} ms): ${replay}`);
    }
    checked++;
  }
  t.diagnostic(
    `analyzer fuzzing: ${checked} mutated files checked from ${corpus.length} corpus files (seeds from ${start}; ${slowButCompilerBound} as slow as the compiler's own check)`,
  );
});
