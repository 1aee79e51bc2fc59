import * as ts from 'typescript';
import type { Finding, Fix, Severity, SeverityOrOff } from './findings';
import { type ConfiguredKnowledge, NO_CONFIGURED_KNOWLEDGE } from './knowledge/project';
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
  /** What the project's configuration adds to the knowledge base. */
  readonly knowledge?: ConfiguredKnowledge;
  /** Rules to run instead of the registry (tests run one rule at a time). */
  readonly rules?: readonly Rule[];
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
}

/**
 * An analysis of one file that runs in slices. An editor runs a slice, answers
 * the messages that arrived meanwhile, and drops the job when an edit has made
 * it stale: a keystroke never waits for the analysis of the text before it.
 */
export interface FileAnalysisJob {
  /** Runs until the walk is done (true) or `deadline`, a `Date.now()` value, has passed (false). */
  runUntil(deadline: number): boolean;
  /** The findings of the finished walk. Throws when the walk is not done. */
  result(): FileAnalysis;
}

/**
 * Nodes visited between two looks at the clock: one, because a single node can
 * cost tens of milliseconds (the first analysis of a regular expression), and
 * a look costs less than visiting the node.
 */
const NODES_PER_CLOCK_CHECK = 1;

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
  const job = startFileAnalysis(program, sourceFile, options);
  job.runUntil(Infinity);
  return job.result();
}

/** Prepares the analysis of `analyzeFile` without running it: the caller runs it in slices. */
export function startFileAnalysis(program: ts.Program, sourceFile: ts.SourceFile, options: AnalysisOptions = {}): FileAnalysisJob {
  const findings: Finding[] = [];
  const problems: string[] = [];
  const failedRules = new Set<Rule>();
  let typeAwareFailed = false;
  let checker: ts.TypeChecker | undefined;

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

  const visitorsByKind = new Map<ts.SyntaxKind, Array<{ rule: Rule; visit: NodeVisitor }>>();
  const active = activeRules(options);
  for (const { rule, severity } of active) {
    const context: RuleContext = {
      sourceFile,
      program,
      options: options.ruleOptions?.[rule.meta.id] ?? {},
      knowledge: options.knowledge ?? NO_CONFIGURED_KNOWLEDGE,
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
          ...(report.certainty === 'likely' ? { certainty: 'likely' as const } : {}),
        });
      },
    };
    let visitors: ReturnType<Rule['create']>;
    try {
      visitors = rule.create(context);
    } catch (error) {
      // Some rules ask for the type checker up front; creating it binds every file and can overflow the stack.
      fail(rule, error);
      continue;
    }
    for (const [kind, visit] of Object.entries(visitors)) {
      if (!visit) continue;
      const list = visitorsByKind.get(Number(kind)) ?? [];
      list.push({ rule, visit });
      visitorsByKind.set(Number(kind), list);
    }
  }

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

  const walk = new DocumentOrderWalk(visitorsByKind.size > 0 ? sourceFile.statements : []);
  let outcome: FileAnalysis | undefined;
  return {
    runUntil(deadline: number): boolean {
      while (!walk.done) {
        walk.visitSome(NODES_PER_CLOCK_CHECK, dispatch);
        if (Date.now() >= deadline) break;
      }
      return walk.done;
    },
    result(): FileAnalysis {
      if (!walk.done) throw new Error(`the analysis of ${sourceFile.fileName} has not finished`);
      if (!outcome) {
        const ran = findings.filter((finding) => {
          const rule = (options.rules ?? ALL_RULES).find((candidate) => candidate.meta.id === finding.rule);
          return !rule || !isDisabled(rule);
        });
        const kept = suppress(ran, sourceFile, active, (rule) => isDisabled(rule));
        kept.sort((a, b) => a.start - b.start || a.end - b.end || a.rule.localeCompare(b.rule));
        outcome = { findings: kept, problems, checkerFailed: typeAwareFailed };
      }
      return outcome;
    },
  };
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
    if (unknown.length > 0)
      report(
        directive,
        `${unknown.map((rule) => `\`${rule}\``).join(', ')} ${unknown.length === 1 ? 'is not an asynclint rule' : 'are not asynclint rules'}: this suppression does nothing for ${unknown.length === 1 ? 'it' : 'them'}.`,
        undefined,
      );
  }
  return kept;
}

/**
 * Visits a subtree in document order without recursion: generated and
 * minified code nests deeper than the call stack allows.
 */
export function walkInDocumentOrder(root: ts.Node, visit: (node: ts.Node) => void): void {
  new DocumentOrderWalk([root]).visitSome(Infinity, visit);
}

/** A walk in document order, without recursion, that can stop after any node and resume. */
class DocumentOrderWalk {
  /** Nodes still to visit, the next one last. */
  private readonly pending: ts.Node[];
  private readonly children: ts.Node[] = [];

  constructor(roots: readonly ts.Node[]) {
    this.pending = [...roots].reverse();
  }

  get done(): boolean {
    return this.pending.length === 0;
  }

  /** Visits up to `count` more nodes. */
  visitSome(count: number, visit: (node: ts.Node) => void): void {
    for (let visited = 0; visited < count && this.pending.length > 0; visited++) {
      const node = this.pending.pop()!;
      visit(node);
      ts.forEachChild(node, (child) => {
        this.children.push(child);
      });
      while (this.children.length > 0) this.pending.push(this.children.pop()!);
    }
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
