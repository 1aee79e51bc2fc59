import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeFile } from '../../server/src/core/engine';
import { applyEdits } from '../../server/src/core/findings';
import { ALL_RULES } from '../../server/src/core/registry';
import { compile, compilerErrors } from '../harness/compile';
import { emittedCode } from '../harness/ruleTester';
import { NODE } from '../rules/eventLoop/nodeDeclarations';
import { documentationExamples, realFiles, ruleTestCases, type CorpusFile } from './corpus';
import { mutate, random } from './mutate';

/**
 * Fix fuzzing: every rule runs on every rule test case, documentation example
 * and end-to-end fixture (and then on mutations of them, while time is left),
 * and every fix and suggestion offered is applied on its own. The result must
 * parse and type-check with no error the code did not have, and a safe fix
 * (the only kind applied without a person choosing it) must leave the emitted
 * JavaScript, comments aside, exactly as it was.
 */
const SECONDS = Number(process.env.ASYNCLINT_FUZZ_SECONDS ?? 4);

interface Tally {
  files: number;
  fixes: number;
  safe: number;
}

function checkFixes(file: CorpusFile, tally: Tally, context: string, onlyIfParsed = false): void {
  // Node's modules as the rule tests declare them: the fixes import from them.
  const program = compile({ ...NODE, [file.fileName]: file.code });
  // What a fix does to code the parser gave up on is not judged: its meaning is not known.
  if (onlyIfParsed && program.getSyntacticDiagnostics(program.getSourceFile(file.fileName)).length > 0) return;
  const findings = analyzeFile(program, program.getSourceFile(file.fileName)!, { rules: ALL_RULES }).findings;
  tally.files++;
  if (!findings.some((finding) => finding.fixes.length > 0)) return;
  const before = compilerErrors(program, file.fileName);
  const emittedBefore = emittedCode(file.code, file.fileName);
  for (const finding of findings) {
    for (const fix of finding.fixes) {
      const fixed = applyEdits(file.code, fix.edits);
      const where = `fix "${fix.title}" of ${finding.rule} in ${context}`;
      const after = compilerErrors(compile({ ...NODE, [file.fileName]: fixed }), file.fileName);
      const added = after.filter((error) => !before.includes(error));
      assert.deepEqual(added, [], `${where} introduced compiler errors:\n${fixed}`);
      if (fix.safe) {
        assert.equal(emittedCode(fixed, file.fileName), emittedBefore, `${where} is safe but changed the emitted JavaScript:\n${fixed}`);
        tally.safe++;
      }
      tally.fixes++;
    }
  }
}

test('fix fuzzing: every fix of every finding on the corpus, then on mutations of it', { timeout: (SECONDS + 900) * 1000 }, (t) => {
  compile({ '/warm.ts': 'export {};' }).getTypeChecker();
  const corpus = [...ruleTestCases(), ...documentationExamples(), ...realFiles().filter((file) => file.name.startsWith('test/'))];
  const tally: Tally = { files: 0, fixes: 0, safe: 0 };
  // `npm run fuzz` checks the whole corpus; within `npm test` it is a time-bounded share of it, the same on every run.
  const full = Boolean(process.env.ASYNCLINT_FUZZ_RANDOM);
  const corpusDeadline = Date.now() + SECONDS * 1000;
  for (const file of corpus) {
    if (!full && Date.now() > corpusDeadline) break;
    checkFixes(file, tally, file.name);
  }
  const corpusTally = { ...tally };
  const deadline = Date.now() + (full ? SECONDS : SECONDS / 2) * 1000;
  const fixedSeed = process.env.ASYNCLINT_FUZZ_SEED === undefined ? undefined : Number(process.env.ASYNCLINT_FUZZ_SEED);
  const start = fixedSeed ?? (process.env.ASYNCLINT_FUZZ_RANDOM ? Math.floor(Math.random() * 2 ** 31) : 1);
  for (let seed = start; fixedSeed !== undefined ? seed === start : Date.now() < deadline; seed++) {
    const next = random(seed);
    const original = corpus[Math.floor(next() * corpus.length)];
    // Mutations that can leave the code parseable; those that do not are skipped (see checkFixes).
    const mutation = (['delete tokens', 'duplicate tokens', 'swap tokens', 'truncate'] as const)[Math.floor(next() * 4)];
    checkFixes({ ...original, code: mutate(original.code, mutation, next) }, tally, `ASYNCLINT_FUZZ_SEED=${seed} (${mutation} of ${original.name})`, true);
  }
  assert.ok(corpusTally.fixes > (full ? 100 : 0), `only ${corpusTally.fixes} fixes on the corpus`);
  t.diagnostic(
    `fix fuzzing: ${tally.fixes} fixes verified (${tally.safe} safe) on ${tally.files} files; ${corpusTally.fixes} of them on ${corpusTally.files} of the ${corpus.length} corpus files`,
  );
});
