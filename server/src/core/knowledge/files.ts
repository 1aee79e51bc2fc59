import { patternFact } from './facts';

/** What a file's path says about when its code runs: a convention, so `name` evidence. */

export const TEST_FILES = patternFact({
  id: 'test-files',
  summary: 'Test files and fixtures',
  evidence: 'name',
  reason: 'Tests act then assert, and depend on call order and mocks: running their awaits together is not worth a finding.',
  pattern: /\.(test|spec)\.[cm]?[jt]sx?$|(^|\/)(__tests__|__mocks__|tests?|e2e|fixtures)\//,
  described: '`*.test.*`, `*.spec.*`, and files under `__tests__/`, `__mocks__/`, `test/`, `tests/`, `e2e/` or `fixtures/`',
});

export const ONE_SHOT_FILES = patternFact({
  id: 'one-shot-files',
  summary: 'Migrations, seeds and scripts',
  evidence: 'name',
  reason: 'One-shot code orders its steps on purpose and runs once: it gains nothing from running awaits together.',
  pattern: /(^|\/)(migrations?|seeds?|seeders|scripts)\/|(^|\/)(migrat\w*|seeds?|seeders?)\.[cm]?[jt]sx?$/i,
  described: 'files under `migrations/`, `seeds/`, `seeders/` or `scripts/`, and files named `migrat*`, `seed*` or `seeder*`',
});

export const SETUP_WIZARD_FILES = patternFact({
  id: 'setup-wizard-files',
  summary: 'Setup and onboarding wizards',
  evidence: 'name',
  reason: 'A file named `setup…`, `onboard…` or `install…` that starts a server of its own and closes it runs once, before the real server starts.',
  pattern: /^(setup|onboard|install|wizard|first-?run)[^/\\]*$/i,
  described: 'file names starting with `setup`, `onboard`, `install`, `wizard` or `first-run` (only when the file also starts and closes a server)',
});

export const TOOLING_DIRECTORIES = patternFact({
  id: 'tooling-directories',
  summary: 'Directories of development tooling',
  evidence: 'name',
  reason: 'Servers under `scripts/`, `tools/`, `examples/` or `benchmarks/` (a docs preview, an example) serve nobody in production.',
  pattern: /(^|[\\/])(scripts|tools|examples?|benchmarks?)[\\/]/,
  described: 'files under `scripts/`, `tools/`, `example(s)/` or `benchmark(s)/` of the project',
});
