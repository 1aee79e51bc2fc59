import { ONE_SHOT_FILES, TEST_FILES } from '../knowledge/files';
/**
 * Files where running awaits together is not worth a finding: tests and
 * one-shot code (see the knowledge base for why).
 */
export function isOutOfGatherScope(fileName: string): boolean {
  const normalized = fileName.replace(/\\/g, '/');
  return TEST_FILES.pattern.test(normalized) || ONE_SHOT_FILES.pattern.test(normalized);
}
