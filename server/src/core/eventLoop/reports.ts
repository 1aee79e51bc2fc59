import * as ts from 'typescript';
import type { BlockingDetector, ChainStep } from './callGraph';
import { blockingChainOfCall, chainLocations, describeChain } from './callGraph';
import type { Fix } from '../findings';
import { type EventLoopAnalysis, eventLoopAnalysis } from './analysis';
import type { CodeContext, EventLoopRoot } from './registrations';
import { enclosingFunction, type FunctionLike, isAsync, skipOuterWrappers } from '../syntax';
import type { RuleContext } from '../rule';

/**
 * Shared by the blocking-the-event-loop rules: where a node runs, and the
 * reports (direct, or through a chain of helpers) in one shape.
 */

/** The event-loop context of a node, or undefined when it does not run on the event loop. */
export function eventLoopContextOf(context: RuleContext, node: ts.Node): Extract<CodeContext, { kind: 'event-loop' }> | undefined {
  const where = eventLoopAnalysis(context.program, context.checker).contextOf(node);
  return where.kind === 'event-loop' ? where : undefined;
}

export function analysisOf(context: RuleContext): EventLoopAnalysis {
  return eventLoopAnalysis(context.program, context.checker);
}

/**
 * Reports a call in event-loop code that reaches a blocking site through
 * synchronous helpers; with `reported`, only the first call of each helper.
 */
export function reportChainAt(
  context: RuleContext,
  call: ts.CallExpression | ts.NewExpression,
  root: EventLoopRoot,
  detector: BlockingDetector,
  describe: (chain: readonly ChainStep[]) => string,
  reported?: Set<ts.Node>,
): boolean {
  const chain = blockingChainOfCall(context.program, context.checker, call, detector);
  if (!chain) return false;
  // One finding per helper and file: the first call; fixing the helper fixes them all.
  if (reported) {
    if (reported.has(chain[1].node)) return false;
    reported.add(chain[1].node);
  }
  const { sourceFile } = context;
  const callee = call.expression;
  context.report({
    start: call.getStart(sourceFile),
    end: ts.isCallExpression(call) ? call.getEnd() : callee.getEnd(),
    message: `${describe(chain)} (${describeChain(root, chain)}).`,
    related: chainLocations(chain),
    ...(root.certainty === 'likely' ? { certainty: 'likely' as const } : {}),
  });
  return true;
}

/** The function an `await` at `node` would belong to: the root, when the node is directly in it. */
export function awaitableFunction(context: RuleContext, node: ts.Node, root: EventLoopRoot, direct: boolean): { fn: FunctionLike; makeAsync: boolean } | undefined {
  if (!direct) return undefined;
  const fn = enclosingFunction(node);
  if (fn !== root.fn) return undefined;
  // `await` is not allowed in parameter defaults.
  for (let current: ts.Node | undefined = node; current && current !== fn; current = current.parent) if (ts.isParameter(current)) return undefined;
  if (isAsync(fn)) return { fn, makeAsync: false };
  if (!root.mayBecomeAsync || fn.asteriskToken || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return undefined;
  if (!returnMayBePromise(context.checker, fn)) return undefined;
  return { fn, makeAsync: true };
}

/** True when whoever calls `fn` accepts a promise as its result: no contextual type, or one returning void, any, unknown or a thenable. */
function returnMayBePromise(checker: ts.TypeChecker, fn: ts.ArrowFunction | ts.FunctionExpression): boolean {
  const contextual = checker.getContextualType(fn);
  if (!contextual) return true;
  const signatures = checker.getNonNullableType(contextual).getCallSignatures();
  if (signatures.length === 0) return true;
  return signatures.every((signature) => {
    const result = signature.getReturnType();
    const members = result.isUnion() ? result.types : [result];
    return members.some((member) => member.flags & (ts.TypeFlags.Void | ts.TypeFlags.Any | ts.TypeFlags.Unknown) || checker.getPropertyOfType(member, 'then') !== undefined);
  });
}

/** The edit that turns `fn` into an async function. */
export function makeAsyncEdit(sourceFile: ts.SourceFile, fn: ts.ArrowFunction | ts.FunctionExpression | FunctionLike) {
  return { file: sourceFile.fileName, start: fn.getStart(sourceFile), end: fn.getStart(sourceFile), newText: 'async ' };
}

/** Wraps `await expression` in parentheses where its position needs them (`(await x).y`, `(await x)()`). */
export function awaitText(node: ts.Expression, inner: string): string {
  const position = skipOuterWrappers(node);
  const parent = position.parent;
  const needsParens =
    (ts.isPropertyAccessExpression(parent) && parent.expression === position) ||
    (ts.isElementAccessExpression(parent) && parent.expression === position) ||
    (ts.isCallExpression(parent) && parent.expression === position) ||
    ts.isNewExpression(parent) ||
    ts.isTaggedTemplateExpression(parent) ||
    (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.AsteriskAsteriskToken && parent.left === position);
  return needsParens && position === node ? `(await ${inner})` : `await ${inner}`;
}

export type { Fix };
