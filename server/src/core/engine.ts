import * as ts from 'typescript';
import type { Finding, Fix, Severity, SeverityOrOff } from './findings';
import type { NodeVisitor, Report, Rule, RuleContext } from './rule';
import { ALL_RULES, findRule } from './registry';
import { unusedSuppression } from './rules/unused-suppression';
import { applySuppressions, parseDirectives, removeFromDirective, type Directive } from './suppressions';

export interface AnalysisOptions {
  /** Severity per rule id; rules not named run at their default severity. */
  readonly severities?: Readonly<Record<string, SeverityOrOff>>;
  /** When false, rules that need the type checker are skipped (fast, syntax-only). */
  readonly typeAware?: boolean;
  /** Options per rule id, handed to the rule as `context.options`. */
  readonly ruleOptions?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Rules to run instead of the registry (tests run one rule at a time). */
  readonly rules?: readonly Rule[];
  /** Checked between rules' visits of top-level statements: lets an editor drop superseded work. */
  readonly isCancelled?: () => boolean;
}

export interface FileAnalysis {
  readonly findings: Finding[];
  /**
   * Why some rules' findings were dropped for this file, e.g. the type checker
   * overflowed its stack on a deeply recursive type. Front ends log these.
   */
  readonly problems: string[];
  /**
   * True when the type checker threw. Its caches may be inconsistent, so the
   * caller should build a fresh program (reusing the old one) before asking it again.
   */
  readonly checkerFailed: boolean;
  readonly cancelled: boolean;
}

export class AnalysisCancelled extends Error {
  constructor() {
    super('analysis cancelled');
  }
}

/** The rules that run under `options`, each with its effective severity. */
export function activeRules(options: AnalysisOptions): Array<{ rule: Rule; severity: Severity }> {
  const active: Array<{ rule: Rule; severity: Severity }> = [];
  for (const rule of options.rules ?? ALL_RULES) {
    const configured = options.severities?.[rule.meta.id] ?? rule.meta.defaultSeverity;
    if (configured === 'off') continue;
    if (rule.meta.typeAware && options.typeAware === false) continue;
    active.push({ rule, severity: configured });
  }
  return active;
}

/**
 * Runs the active rules over one file of a program, walking its syntax tree
 * once and handing each node to the rules that asked for its kind.
 *
 * A rule that throws loses its findings for this file and nothing else; a
 * type-aware rule that throws takes every type-aware rule down with it, because
 * the exception usually comes from the shared type checker.
 */
export function analyzeFile(program: ts.Program, sourceFile: ts.SourceFile, options: AnalysisOptions = {}): FileAnalysis {
  const findings: Finding[] = [];
  const problems: string[] = [];
  const failedRules = new Set<Rule>();
  let typeAwareFailed = false;
  let checker: ts.TypeChecker | undefined;

  const visitorsByKind = new Map<ts.SyntaxKind, Array<{ rule: Rule; visit: NodeVisitor }>>();
  const active = activeRules(options);
  for (const { rule, severity } of active) {
    const context: RuleContext = {
      sourceFile,
      program,
      options: options.ruleOptions?.[rule.meta.id] ?? {},
      get checker() {
        checker ??= program.getTypeChecker();
        return checker;
      },
      report(report: Report) {
        findings.push({
          rule: rule.meta.id,
          severity: report.certainty === 'likely' ? 'hint' : severity,
          message: report.message,
          file: sourceFile.fileName,
          start: report.start,
          end: report.end,
          fixes: report.fixes ?? [],
          ...(report.related ? { related: report.related } : {}),
        });
      },
    };
    const visitors = rule.create(context);
    for (const [kind, visit] of Object.entries(visitors)) {
      if (!visit) continue;
      const list = visitorsByKind.get(Number(kind)) ?? [];
      list.push({ rule, visit });
      visitorsByKind.set(Number(kind), list);
    }
  }

  const isDisabled = (rule: Rule) => failedRules.has(rule) || (typeAwareFailed && rule.meta.typeAware);

  const fail = (rule: Rule, error: unknown) => {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    if (rule.meta.typeAware) {
      typeAwareFailed = true;
      problems.push(`type-aware rules skipped for ${sourceFile.fileName}: the type checker failed (${reason})`);
    } else {
      failedRules.add(rule);
      problems.push(`rule ${rule.meta.id} skipped for ${sourceFile.fileName}: ${reason}`);
    }
  };

  const dispatch = (node: ts.Node): void => {
    const listeners = visitorsByKind.get(node.kind);
    if (!listeners) return;
    for (const { rule, visit } of listeners) {
      if (isDisabled(rule)) continue;
      try {
        visit(node);
      } catch (error) {
        fail(rule, error);
      }
    }
  };

  let cancelled = false;
  if (visitorsByKind.size > 0) {
    for (const statement of sourceFile.statements) {
      if (options.isCancelled?.()) {
        cancelled = true;
        break;
      }
      walkInDocumentOrder(statement, dispatch);
    }
  }

  const ran = findings.filter((finding) => {
    const rule = (options.rules ?? ALL_RULES).find((candidate) => candidate.meta.id === finding.rule);
    return !rule || !isDisabled(rule);
  });
  const kept = cancelled ? ran : suppress(ran, sourceFile, active, (rule) => isDisabled(rule));
  kept.sort((a, b) => a.start - b.start || a.end - b.end || a.rule.localeCompare(b.rule));
  return { findings: kept, problems, checkerFailed: typeAwareFailed, cancelled };
}

/**
 * Applies the file's suppression comments, and reports those that suppressed
 * nothing when `unused-suppression` is active. A rule that failed on this file
 * did not really run, so its suppressions are not called unused.
 */
function suppress(findings: Finding[], sourceFile: ts.SourceFile, active: ReadonlyArray<{ rule: Rule; severity: Severity }>, failed: (rule: Rule) => boolean): Finding[] {
  const directives = parseDirectives(sourceFile);
  if (directives.length === 0) return findings;
  const ran = new Set(active.filter(({ rule }) => !failed(rule)).map(({ rule }) => rule.meta.id));
  const { kept, unused } = applySuppressions(findings, directives, sourceFile, (id) => ran.has(id));
  const reporter = active.find(({ rule }) => rule === unusedSuppression);
  if (!reporter) return kept;
  const report = (directive: Directive, message: string, fix: Fix | undefined) =>
    kept.push({
      rule: unusedSuppression.meta.id,
      severity: reporter.severity,
      message,
      file: sourceFile.fileName,
      start: directive.commentStart,
      end: directive.commentEnd,
      fixes: fix ? [fix] : [],
    });
  for (const { directive, rules } of unused) {
    const what = rules.length === 0 ? 'any rule' : rules.map((rule) => `\`${rule}\``).join(', ');
    report(directive, `This suppression is unused: no finding of ${what} was suppressed by it.`, removeFromDirective(directive, rules, sourceFile));
  }
  for (const directive of directives) {
    const unknown = directive.rules.filter((rule) => !findRule(rule));
    if (unknown.length > 0) report(directive, `${unknown.map((rule) => `\`${rule}\``).join(', ')} ${unknown.length === 1 ? 'is not an asynclint rule' : 'are not asynclint rules'}: this suppression does nothing for ${unknown.length === 1 ? 'it' : 'them'}.`, undefined);
  }
  return kept;
}

/**
 * Visits a subtree in document order without recursion: generated and
 * minified code nests deeper than the call stack allows.
 */
export function walkInDocumentOrder(root: ts.Node, visit: (node: ts.Node) => void): void {
  const pending: ts.Node[] = [root];
  const children: ts.Node[] = [];
  while (pending.length > 0) {
    const node = pending.pop()!;
    visit(node);
    ts.forEachChild(node, (child) => {
      children.push(child);
    });
    while (children.length > 0) pending.push(children.pop()!);
  }
}

/** The deepest nesting of a syntax tree, measured without recursion. */
export function syntaxDepth(sourceFile: ts.SourceFile): number {
  let deepest = 0;
  const pending: Array<[ts.Node, number]> = [[sourceFile, 0]];
  while (pending.length > 0) {
    const [node, depth] = pending.pop()!;
    if (depth > deepest) deepest = depth;
    ts.forEachChild(node, (child) => {
      pending.push([child, depth + 1]);
    });
  }
  return deepest;
}
