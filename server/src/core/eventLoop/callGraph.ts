import * as ts from 'typescript';
import type { RelatedLocation } from '../findings';
import { type EventLoopAnalysis, eventLoopAnalysis } from './analysis';
import { isWorkerFile } from './fileRoles';
import { storedInLongLivedState } from './longLivedState';
import { describeFunction, type EventLoopRoot } from './registrations';
import { type FunctionLike, isAsync, isFunctionLike } from '../syntax';

export { storedInLongLivedState };

/**
 * Following synchronous helpers: a handler that calls `loadTemplate()`, which
 * calls `readFileSync`, blocks the event loop as surely as if it called
 * `readFileSync` itself. The finding goes on the call in the handler, with the
 * chain (`handler → loadTemplate → readFileSync`) as related information.
 *
 * Callees are resolved with the type checker (across files), followed to a
 * bounded depth, and the answer for each (detector, function, depth) is
 * memoised per program.
 */

/** Something that blocks, found at one node. */
export interface BlockingSite {
  readonly node: ts.Node;
  /** How the chain names it: `readFileSync`, `busy-wait loop`. */
  readonly name: string;
}

export interface BlockingDetector {
  /** Identifies the detector and its options, for memoisation. */
  readonly key: string;
  /** The blocking site at `node`, if it is one. `analysis` gives the context. */
  siteAt(node: ts.Node, analysis: EventLoopAnalysis): BlockingSite | undefined;
  /** Calls not to follow into, whatever their callee does (e.g. reads of `/proc`). */
  skipCall?(call: ts.CallExpression | ts.NewExpression): boolean;
}

export interface ChainStep {
  readonly node: ts.Node;
  readonly name: string;
}

/** How deep helpers are followed: handler → a → b → c → readFileSync. */
export const MAX_HELPER_DEPTH = 3;

type Memo = Map<string, Map<FunctionLike, Map<number, ChainStep[] | null>>>;
const MEMOS = new WeakMap<ts.Program, Memo>();

/**
 * The project function a call runs, when it is a synchronous helper worth
 * following: it has a body in a project file, is not async or a generator, and
 * is not itself a root (those are checked where they are).
 */
export function resolveHelper(analysis: EventLoopAnalysis, call: ts.CallExpression | ts.NewExpression): FunctionLike | undefined {
  let declaration: ts.Declaration | undefined;
  try {
    declaration = analysis.checker.getResolvedSignature(call)?.declaration;
  } catch {
    return undefined;
  }
  if (!declaration || !isFunctionLike(declaration) || !declaration.body) return undefined;
  const file = declaration.getSourceFile();
  if (!analysis.isProjectFile(file) || isWorkerFile(file)) return undefined;
  if (isAsync(declaration) || declaration.asteriskToken) return undefined;
  const cls = analysis.classify(declaration);
  if (cls.kind !== 'helper') return undefined;
  return declaration;
}

/**
 * The chain from a call to a blocking site inside the helper it calls (and the
 * helpers that one calls), or undefined. The first step is the helper's name at
 * the call; the last is the blocking site.
 */
export function blockingChainOfCall(program: ts.Program, checker: ts.TypeChecker, call: ts.CallExpression | ts.NewExpression, detector: BlockingDetector): ChainStep[] | undefined {
  const analysis = eventLoopAnalysis(program, checker);
  if (detector.skipCall?.(call)) return undefined;
  const helper = resolveHelper(analysis, call);
  if (!helper) return undefined;
  const inner = chainInHelper(analysis, helper, detector, MAX_HELPER_DEPTH);
  if (!inner) return undefined;
  return [{ node: call, name: describeFunction(helper) }, ...inner];
}

function chainInHelper(analysis: EventLoopAnalysis, helper: FunctionLike, detector: BlockingDetector, depth: number): ChainStep[] | undefined {
  let memo = MEMOS.get(analysis.program);
  if (!memo) {
    memo = new Map();
    MEMOS.set(analysis.program, memo);
  }
  let byFunction = memo.get(detector.key);
  if (!byFunction) {
    byFunction = new Map();
    memo.set(detector.key, byFunction);
  }
  let byDepth = byFunction.get(helper);
  if (!byDepth) {
    byDepth = new Map();
    byFunction.set(helper, byDepth);
  }
  const known = byDepth.get(depth);
  if (known !== undefined) return known ?? undefined;
  byDepth.set(depth, null); // recursion finds nothing new
  const result = computeChain(analysis, helper, detector, depth);
  byDepth.set(depth, result ?? null);
  return result;
}

function computeChain(analysis: EventLoopAnalysis, helper: FunctionLike, detector: BlockingDetector, depth: number): ChainStep[] | undefined {
  const calls: Array<ts.CallExpression | ts.NewExpression> = [];
  let found: BlockingSite | undefined;
  forEachNodeRunBy(analysis, helper, (node) => {
    if (found) return;
    found = detector.siteAt(node, analysis);
    // A helper whose result is kept (a lazy singleton, a cache) runs once: not followed.
    if (!found && (ts.isCallExpression(node) || ts.isNewExpression(node)) && !storedInLongLivedState(analysis, node)) calls.push(node);
  });
  if (found) return [{ node: found.node, name: found.name }];
  if (depth <= 1) return undefined;
  for (const call of calls) {
    if (detector.skipCall?.(call)) continue;
    const next = resolveHelper(analysis, call);
    if (!next || next === helper) continue;
    const inner = chainInHelper(analysis, next, detector, depth - 1);
    if (inner) return [{ node: call, name: describeFunction(next) }, ...inner];
  }
  return undefined;
}

/**
 * Visits, in document order, the nodes of a function's body that run when it
 * runs: nested callbacks that run in place (array methods, IIFEs) are
 * included; nested functions that run later or elsewhere are not.
 */
export function forEachNodeRunBy(analysis: EventLoopAnalysis, fn: FunctionLike, visit: (node: ts.Node) => void): void {
  if (!fn.body) return;
  const pending: ts.Node[] = [fn.body];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (node !== fn.body && isFunctionLike(node)) {
      const kind = analysis.classify(node).kind;
      if (kind !== 'inherit' && kind !== 'once') continue;
    }
    if (ts.isClassDeclaration(node) || ts.isClassExpression(node)) continue;
    visit(node);
    const children: ts.Node[] = [];
    ts.forEachChild(node, (child) => {
      children.push(child);
    });
    for (let i = children.length - 1; i >= 0; i--) pending.push(children[i]);
  }
}

/** `handler → loadTemplate → readFileSync` */
export function describeChain(root: EventLoopRoot, chain: readonly ChainStep[]): string {
  return [root.shortName, ...chain.map((step) => step.name)].join(' → ');
}

/** Related locations for a chain: where each helper makes the next call, and the blocking site. */
export function chainLocations(chain: readonly ChainStep[]): RelatedLocation[] {
  const locations: RelatedLocation[] = [];
  for (let i = 1; i < chain.length; i++) {
    const step = chain[i];
    const file = step.node.getSourceFile();
    const caller = chain[i - 1].name;
    const message = i === chain.length - 1 ? `\`${caller}\` blocks here: ${step.name}` : `\`${caller}\` calls \`${step.name}\` here`;
    locations.push({ file: file.fileName, start: step.node.getStart(file), end: step.node.getEnd(), message });
  }
  return locations;
}
