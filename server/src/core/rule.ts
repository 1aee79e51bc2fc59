import type * as ts from 'typescript';
import type { Fix, RelatedLocation, Severity } from './findings';
import type { Fact } from './knowledge/facts';
import type { ConfiguredKnowledge } from './knowledge/project';

/** The documentation of a rule lives beside its logic; docs/rules/<id>.md is generated from it. */
export interface RuleDocs {
  /** What the rule flags, in a few sentences. */
  readonly flags: string;
  /** Why it matters. */
  readonly why: string;
  /** What it deliberately leaves alone, and why: the precision promises the rule keeps. */
  readonly doesNotFlag: string;
  /** Code the rule reports. Each example is run as a test and must produce a finding. */
  readonly flaggedExamples: readonly string[];
  /** Code the rule leaves alone. Each example is run as a test and must produce none. */
  readonly notFlaggedExamples: readonly string[];
  /** The quick-fixes it offers. */
  readonly fixes: string;
  /** Options, if any. */
  readonly options?: string;
}

export interface RuleMeta {
  /** The rule id: part of the public contract (settings, suppressions, CLI output). */
  readonly id: string;
  /** One line, shown in lists and in the settings schema. */
  readonly description: string;
  readonly defaultSeverity: Severity;
  /** Type-aware rules ask the type checker; the others only read syntax. */
  readonly typeAware: boolean;
  /** The language the rule analyses: TypeScript and JavaScript unless it says Python. */
  readonly language?: 'python';
  readonly docs: RuleDocs;
  /** The facts of the knowledge base it consults; its documentation lists them. */
  readonly knowledge?: readonly Fact[];
}

/** What a rule hands to `report`: the engine adds the rule id, file and severity. */
export interface Report {
  readonly start: number;
  readonly end: number;
  readonly message: string;
  readonly fixes?: readonly Fix[];
  readonly related?: readonly RelatedLocation[];
  /**
   * `likely` when the rule believes but cannot prove the problem: the finding
   * is then reported as a hint, whatever severity the rule is configured at.
   */
  readonly certainty?: 'proven' | 'likely';
}

export interface RuleContext {
  readonly sourceFile: ts.SourceFile;
  readonly program: ts.Program;
  /**
   * The rule's options from configuration (an object; empty when none were
   * given). Rules read them defensively: a wrong type means the default.
   */
  readonly options: Readonly<Record<string, unknown>>;
  /** What the project's configuration adds to the knowledge base (functions that block, never reject, only read). */
  readonly knowledge: ConfiguredKnowledge;
  /** The type checker. Only type-aware rules may touch it; it is created on first use. */
  readonly checker: ts.TypeChecker;
  report(report: Report): void;
}

/** Called for every node of one syntax kind, in document order. */
export type NodeVisitor = (node: ts.Node) => void;

export type Visitors = Partial<Record<ts.SyntaxKind, NodeVisitor>>;

export interface Rule {
  readonly meta: RuleMeta;
  /** Creates the visitors for one file. The engine walks the file once for all rules. */
  create(context: RuleContext): Visitors;
}
