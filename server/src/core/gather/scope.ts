/**
 * Files where running awaits together is not worth a finding. Measured on five
 * real repositories, none of 23 findings in test files was worth changing (tests
 * act then assert, and depend on call order and mocks), and one-shot code
 * (migrations, seeds, scripts, and the commands that run migrations such as
 * `migrateDown.ts`) orders its steps on purpose and gains nothing.
 */
const TEST_FILE = /\.(test|spec)\.[cm]?[jt]sx?$|(^|\/)(__tests__|__mocks__|tests?|e2e|fixtures)\//;
const ONE_SHOT_FILE = /(^|\/)(migrations?|seeds?|seeders|scripts)\/|(^|\/)(migrat\w*|seeds?|seeders?)\.[cm]?[jt]sx?$/i;

export function isOutOfGatherScope(fileName: string): boolean {
  const normalized = fileName.replace(/\\/g, '/');
  return TEST_FILE.test(normalized) || ONE_SHOT_FILE.test(normalized);
}
