import * as ts from 'typescript';
import { skipParentheses } from '../syntax';
import { COLLECTION_MUTATORS, HTTP_READ_METHODS, HTTP_WRITE_METHODS } from '../knowledge/javascript';
import {
  CHANGE_WORDS,
  GUARD_VERBS,
  LOCKING_OPTIONS,
  PACING_NAMES,
  READ_VERBS,
  STATEFUL_RECEIVER_NAMES,
  STATEFUL_RECEIVER_SUFFIXES,
  STATEFUL_TYPE_NAMES,
  TRANSACTION_ARGUMENT_NAMES,
  WRITE_VERBS,
} from '../knowledge/names';
import { calledExport, isDeclaredIn } from '../knowledge/declarations';
import type { ConfiguredKnowledge } from '../knowledge/project';
import { isThenable } from '../types';
import { calleeBody, chainRoot, collectAccesses } from './accesses';

/**
 * What an awaited call does, as far as its name and receiver tell: the effect
 * heuristics of the gather rules. They are deliberately conservative: a call
 * that looks like it changes state orders the calls around it.
 */
export type Effect = 'read' | 'write' | 'pacing' | 'unknown';

export interface AwaitedCall {
  readonly awaitExpression: ts.AwaitExpression;
  readonly call: ts.CallExpression;
  /** The called function's or method's name, e.g. `findUser` in `db.users.findUser()`. */
  readonly name: string | undefined;
  readonly effect: Effect;
  /** The receiver's text, e.g. `db.users`, when the call is a method call. */
  readonly receiver: string | undefined;
  /** True when the receiver is a handle whose operations run in order: a transaction, connection, page, socket… */
  readonly statefulReceiver: boolean;
}

/** Splits `findUserById`, `find_user`, `FindUser` into lower-case words. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_\-$]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
}

export function effectOfName(name: string | undefined): Effect {
  if (!name) return 'unknown';
  if (PACING_NAMES.pattern.test(name)) return 'pacing';
  const words = nameWords(name);
  const [first] = words;
  if (first === undefined) return 'unknown';
  // A name that starts with a reading verb but also names a change (`getOrCreate`) is a write.
  if (words.some((word, index) => index > 0 && CHANGE_WORDS.names.has(word))) return 'write';
  if (READ_VERBS.names.has(first)) return 'read';
  if (WRITE_VERBS.names.has(first) || GUARD_VERBS.names.has(first)) return 'write';
  return 'unknown';
}

/** `fetch(url, { method: 'POST' })` writes; a plain `fetch(url)` reads. */
function fetchEffect(call: ts.CallExpression): Effect {
  const init = call.arguments[1];
  if (!init) return 'read';
  if (!ts.isObjectLiteralExpression(init)) return 'unknown';
  for (const property of init.properties) {
    if (ts.isPropertyAssignment(property) && ts.isIdentifier(property.name) && property.name.text === 'method') {
      const value = skipParentheses(property.initializer);
      return ts.isStringLiteralLike(value) && HTTP_READ_METHODS.pattern.test(value.text) ? 'read' : 'write';
    }
  }
  return 'read';
}

function locksOrJoinsTransaction(argument: ts.Expression): boolean {
  const value = skipParentheses(argument);
  if (ts.isIdentifier(value)) return TRANSACTION_ARGUMENT_NAMES.pattern.test(value.text);
  if (!ts.isObjectLiteralExpression(value)) return false;
  return value.properties.some((property) => {
    const name = property.name && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) ? property.name.text : undefined;
    if (name !== undefined && LOCKING_OPTIONS.names.has(name)) return true;
    return name !== undefined && TRANSACTION_ARGUMENT_NAMES.pattern.test(name) && (ts.isShorthandPropertyAssignment(property) || ts.isPropertyAssignment(property));
  });
}

/**
 * True when an argument is a callback that does work of its own: an async
 * function, or one that calls something whose name says it writes (also as a
 * property of an object argument).
 */
function passesWorkingCallback(argument: ts.Expression): boolean {
  const value = skipParentheses(argument);
  if (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) return doesWork(value);
  if (!ts.isObjectLiteralExpression(value)) return false;
  return value.properties.some((property) =>
    ts.isMethodDeclaration(property) ? doesWork(property) : ts.isPropertyAssignment(property) && passesWorkingCallback(property.initializer),
  );
}

function doesWork(fn: ts.FunctionLikeDeclaration): boolean {
  if (fn.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword)) return true;
  let writes = false;
  const visit = (node: ts.Node): void => {
    if (writes) return;
    if (ts.isCallExpression(node)) {
      const callee = skipParentheses(node.expression);
      const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
      if (effectOfName(name) === 'write') writes = true;
    }
    ts.forEachChild(node, visit);
  };
  if (fn.body) visit(fn.body);
  return writes;
}

/** What the gather rules ask of a rule's context: the checker, and the functions the configuration says only read. */
export interface GatherContext {
  readonly checker: ts.TypeChecker;
  readonly program: ts.Program;
  readonly knowledge: ConfiguredKnowledge;
}

/** Describes `await <call>`; undefined when the operand is not a call that returns a thenable. */
export function describeAwaitedCall(context: GatherContext, awaitExpression: ts.AwaitExpression): AwaitedCall | undefined {
  const { checker } = context;
  const operand = skipParentheses(awaitExpression.expression);
  if (!ts.isCallExpression(operand)) return undefined;
  if (!isThenable(checker, checker.getTypeAtLocation(operand))) return undefined;
  const callee = skipParentheses(operand.expression);
  // `await import(...)` loads a module once and caches it: nothing to gain.
  if (callee.kind === ts.SyntaxKind.ImportKeyword) return undefined;
  let name: string | undefined;
  let receiverNode: ts.Expression | undefined;
  if (ts.isIdentifier(callee)) name = callee.text;
  else if (ts.isPropertyAccessExpression(callee)) {
    name = callee.name.text;
    receiverNode = callee.expression;
  } else if (ts.isElementAccessExpression(callee)) receiverNode = callee.expression;

  // A project function that only awaits `import()` (a translation table, a lazily loaded module) or a promise
  // stored elsewhere (`await this.snapshotPromise`) starts nothing: nothing worth running together.
  if (onlyLoadsModules(checker, operand)) return undefined;
  let effect = name && /^fetch/i.test(name) && operand.arguments.length >= 2 ? fetchEffect(operand) : effectOfName(name);
  // A function the configuration declares read-only reads, whatever its name.
  const configuredRead =
    (context.knowledge.readOnlyFunctions?.length ?? 0) > 0 && isDeclaredIn(calledExport(context.program, checker, operand), undefined, context.knowledge.readOnlyFunctions);
  if (configuredRead) effect = 'read';
  // A lock, or a transaction handed over as an argument, orders the call like a write.
  if (effect === 'read' && operand.arguments.some(locksOrJoinsTransaction)) effect = 'write';
  // `findAllInBatches(query, async (rows) => …)`: what the call does is what its callback does, which the name does not tell.
  if (effect === 'read' && operand.arguments.some(passesWorkingCallback)) effect = 'unknown';
  // A project function that fills a cache or changes state outside itself (`getPayload()` filling a module-level
  // map, a getter memoizing into `this`) is not a plain read, whatever its name: a second call may reuse the first.
  if (effect === 'read' && changesOuterState(checker, operand, 2)) effect = 'unknown';
  // `axios.get(url)`, `http.post(url)`: the method names the HTTP verb.
  if (receiverNode && name && HTTP_READ_METHODS.pattern.test(name)) effect = 'read';
  if (receiverNode && name && HTTP_WRITE_METHODS.pattern.test(name)) effect = 'write';

  const receiver = receiverNode ? receiverNode.getText().replace(/\s+/g, '') : undefined;
  return {
    awaitExpression,
    call: operand,
    name,
    effect,
    receiver,
    statefulReceiver: receiverNode !== undefined && isStatefulReceiver(checker, receiverNode),
  };
}

/**
 * True when the called function is written in the project and starts no
 * asynchronous work of its own: every await in its own body loads a module
 * (`import()`) or waits for a promise stored elsewhere (`await this.ready`),
 * and it returns no other call's promise.
 */
function onlyLoadsModules(checker: ts.TypeChecker, call: ts.CallExpression): boolean {
  const body = calleeBody(checker, call);
  if (!body || !ts.isBlock(body)) return false;
  let imports = 0;
  let other = false;
  const isImport = (expression: ts.Expression) => {
    const inner = skipParentheses(expression);
    return ts.isCallExpression(inner) && inner.expression.kind === ts.SyntaxKind.ImportKeyword;
  };
  const visit = (node: ts.Node): void => {
    if (other || ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isAwaitExpression(node)) {
      const operand = skipParentheses(node.expression);
      // `await this.snapshotPromise`: a promise started elsewhere, which every caller shares.
      if (isImport(operand) || ts.isIdentifier(operand) || ts.isPropertyAccessExpression(operand)) imports++;
      else other = true;
    } else if (ts.isReturnStatement(node) && node.expression) {
      const returned = skipParentheses(node.expression);
      if (ts.isCallExpression(returned) && !isImport(returned)) other = true;
    }
    ts.forEachChild(node, visit);
  };
  visit(body);
  return imports > 0 && !other;
}

/** Methods that change the collection they are called on. */

/**
 * True when the called function is written in the project and changes state
 * that outlives the call: it assigns a variable, or a property of an object,
 * declared outside its own body (module state, `this`, its parameters), or
 * calls `set`/`push`/`delete`… on one. The functions it calls are followed
 * `depth` levels deep.
 */
function changesOuterState(checker: ts.TypeChecker, call: ts.CallExpression, depth: number): boolean {
  const body = calleeBody(checker, call);
  if (!body) return false;
  const declaredWithin = (symbol: ts.Symbol, container: ts.Node) =>
    (symbol.declarations ?? []).some(
      (declaration) => declaration.getSourceFile() === container.getSourceFile() && declaration.pos >= container.pos && declaration.end <= container.end,
    );
  // Reassigning a parameter changes nothing outside; changing a parameter's properties changes the caller's object.
  const outside = (symbol: ts.Symbol | 'this') => symbol === 'this' || !declaredWithin(symbol, body);
  const accesses = collectAccesses(checker, body);
  if ([...accesses.writes].some((symbol) => !declaredWithin(symbol, body.parent)) || [...accesses.propertyWriteRoots].some(outside)) return true;
  for (const inner of accesses.calls) {
    const callee = inner.expression;
    if (ts.isPropertyAccessExpression(callee) && COLLECTION_MUTATORS.names.has(callee.name.text)) {
      const root = chainRoot(callee.expression);
      const symbol = root === 'this' ? 'this' : root ? checker.getSymbolAtLocation(root) : undefined;
      if (symbol && outside(symbol)) return true;
    }
    if (depth > 1 && changesOuterState(checker, inner, depth - 1)) return true;
  }
  return false;
}

function isStatefulReceiver(checker: ts.TypeChecker, receiver: ts.Expression): boolean {
  for (let current: ts.Expression = skipParentheses(receiver); ;) {
    const name = ts.isIdentifier(current) ? current.text : ts.isPropertyAccessExpression(current) ? current.name.text : undefined;
    if (name && (STATEFUL_RECEIVER_NAMES.pattern.test(name) || STATEFUL_RECEIVER_SUFFIXES.pattern.test(name))) return true;
    if (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current)) current = skipParentheses(current.expression);
    else break;
  }
  const type = checker.getTypeAtLocation(receiver);
  const typeName = (type.aliasSymbol ?? type.getSymbol())?.getName();
  return typeName !== undefined && STATEFUL_TYPE_NAMES.pattern.test(typeName);
}

/** True when two calls act on the same stateful handle, so they must not overlap. */
export function shareStatefulReceiver(a: AwaitedCall, b: AwaitedCall): boolean {
  if (!a.statefulReceiver || !b.statefulReceiver || !a.receiver || !b.receiver) return false;
  const root = (receiver: string) => receiver.split(/[.[(]/)[0];
  return root(a.receiver) === root(b.receiver);
}
