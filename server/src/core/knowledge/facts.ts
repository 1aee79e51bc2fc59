/**
 * The shape of what asynclint knows about the world.
 *
 * Every list of names the rules consult lives under `knowledge/`, once, as a
 * fact with the reason it is believed and the evidence it is recognised by.
 * Rules ask these facts; they never carry name lists of their own (a test
 * enforces it), so one fact has one home and the documentation of each rule
 * is generated from the facts it uses.
 */

/**
 * How code is matched against a fact, strongest first:
 * - `declaration`: the type checker resolves the call to a declaration in a
 *   named module (`readFileSync` of `fs`, `window.showInformationMessage` of
 *   `vscode`), whatever the variable is called;
 * - `global`: a global of the standard library, checked to be the global;
 * - `syntax`: a method or property name on a value whose type the checker
 *   knows (an array, a promise), or a syntactic construct;
 * - `name`: a name or path convention alone. The last resort: weak evidence
 *   that may lower or raise a finding's likelihood, never the only reason for
 *   a warning-level finding in new rules.
 */
export type Evidence = 'declaration' | 'global' | 'syntax' | 'name';

interface FactBase {
  /** A stable id, used in the generated documentation. */
  readonly id: string;
  /** What the fact says, in a few words: "Timers that run their callback once". */
  readonly summary: string;
  readonly evidence: Evidence;
  /** Why asynclint treats these entries the way it does. */
  readonly reason: string;
}

/** A set of names: functions, methods, events, decorators. */
export interface NamesFact extends FactBase {
  readonly kind: 'names';
  readonly names: ReadonlySet<string>;
}

/** A pattern of names or paths, where a list cannot say it (`waitFor…`, `/migrations/`). */
export interface PatternFact extends FactBase {
  readonly kind: 'pattern';
  readonly pattern: RegExp;
  /** The pattern in words for the documentation. */
  readonly described: string;
}

/** Exported functions or members of named modules, matched through the type checker. */
export interface DeclarationsFact extends FactBase {
  readonly kind: 'declarations';
  readonly entries: readonly DeclarationKey[];
}

export type Fact = NamesFact | PatternFact | DeclarationsFact;

/**
 * A declaration by where it is declared: the module (`fs`, `vscode`,
 * `better-sqlite3`; `node:` prefixes are ignored; `<global>` for the standard
 * library) and the qualified name there (`readFileSync`, `Statement.run`,
 * `window.showInformationMessage`). A segment may use `*` as a wildcard; naming
 * a class or interface (`Database`) covers all its methods.
 */
export interface DeclarationKey {
  readonly module: string;
  readonly export: string;
}

export function namesFact(fact: Omit<NamesFact, 'kind' | 'names'> & { readonly names: readonly string[] }): NamesFact {
  return { ...fact, kind: 'names', names: new Set(fact.names) };
}

export function patternFact(fact: Omit<PatternFact, 'kind'>): PatternFact {
  return { ...fact, kind: 'pattern' };
}

export function declarationsFact(fact: Omit<DeclarationsFact, 'kind' | 'evidence'>): DeclarationsFact {
  return { ...fact, kind: 'declarations', evidence: 'declaration' };
}

/** True when the fact holds for `name`. */
export function holds(fact: NamesFact | PatternFact, name: string | undefined): boolean {
  if (name === undefined) return false;
  return fact.kind === 'names' ? fact.names.has(name) : fact.pattern.test(name);
}
