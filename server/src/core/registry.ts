import type { Rule } from './rule';
import { noFloatingPromises } from './rules/no-floating-promises';
import { preferPromiseAll } from './rules/prefer-promise-all';
import { noAwaitInLoop } from './rules/no-await-in-loop';
import { noAwaitInPromiseAll } from './rules/no-await-in-promise-all';
import { unusedSuppression } from './rules/unused-suppression';
import { noMisusedPromises } from './rules/no-misused-promises';
import { noAsyncPromiseExecutor } from './rules/no-async-promise-executor';
import { returnAwaitInTry } from './rules/return-await-in-try';
import { noBlockingCall } from './rules/no-blocking-call';
import { noBusyWait } from './rules/no-busy-wait';
import { noSlowRegex } from './rules/no-slow-regex';
import { noCpuHeavyLoop } from './rules/no-cpu-heavy-loop';
import { PYTHON_RULES } from './python/rules';

/**
 * Every rule asynclint has, in the order documentation lists them. Adding a rule
 * means adding its file under rules/ and one line here; nothing else changes.
 */
export const ALL_RULES: readonly Rule[] = [
  noFloatingPromises,
  preferPromiseAll,
  noAwaitInLoop,
  noAwaitInPromiseAll,
  unusedSuppression,
  noMisusedPromises,
  noAsyncPromiseExecutor,
  returnAwaitInTry,
  noBlockingCall,
  noBusyWait,
  noSlowRegex,
  noCpuHeavyLoop,
  ...PYTHON_RULES,
];

const RULES_BY_ID = new Map(ALL_RULES.map((rule) => [rule.meta.id, rule]));

export function findRule(id: string): Rule | undefined {
  return RULES_BY_ID.get(id);
}

/** Where a rule's documentation is published; diagnostics link to it. */
export const DOCS_BASE_URL = 'https://github.com/asynclint/asynclint/blob/main/docs/rules/';

export function docsUrl(ruleId: string): string {
  return `${DOCS_BASE_URL}${ruleId}.md`;
}
