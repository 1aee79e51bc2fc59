import type { Report, Rule, RuleMeta } from '../rule';
import type { PyModule } from './module';
import type { PyProject } from './project';

export interface PyRuleContext {
  readonly module: PyModule;
  readonly project: PyProject;
  /** The oldest Python 3 minor version the project supports (`requires-python`), when it says. */
  readonly pythonMinor: number | undefined;
  readonly options: Readonly<Record<string, unknown>>;
  report(report: Report): void;
}

/**
 * A rule for Python files. It is a `Rule` like the others (one registry, one
 * settings schema, one docs generator), whose TypeScript side visits nothing:
 * the Python engine calls `check` once per file instead.
 */
export interface PythonRule extends Rule {
  readonly meta: RuleMeta & { readonly language: 'python' };
  check(context: PyRuleContext): void;
}

export function pythonRule(meta: Omit<RuleMeta, 'language' | 'typeAware'>, check: (context: PyRuleContext) => void): PythonRule {
  return { meta: { ...meta, typeAware: false, language: 'python' }, create: () => ({}), check };
}

export function isPythonRule(rule: Rule): rule is PythonRule {
  return rule.meta.language === 'python';
}
