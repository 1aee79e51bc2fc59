import * as ts from 'typescript';
import { skipParentheses } from './ast';
import { isThenable } from './types';

/**
 * Which promises cannot reject, as far as the source shows.
 *
 * The rules about unhandled rejections stay silent when the code that could
 * reject already handles its own errors: an async function whose awaits all sit
 * inside a `try` whose `catch` does not rethrow, a promise that ends in
 * `.catch(handler)`, a call to a project function that is one of those.
 *
 * What counts as "can reject": a `throw`, an `await` of a promise that can
 * reject, a `for await` loop, a returned promise that can reject, and any
 * synchronous call outside a `try` that handles it. Inside a `catch` or `finally`
 * block, and in `.catch` handlers, synchronous calls (logging, state updates)
 * are assumed not to throw: only `throw`, awaited and returned promises count.
 */
export interface RejectionContext {
  readonly checker: ts.TypeChecker;
  readonly program: ts.Program;
}

/** How deep the analysis follows calls into other functions. */
const MAX_DEPTH = 4;

const cache = new WeakMap<ts.TypeChecker, Map<ts.Node, boolean>>();

function cached(context: RejectionContext, node: ts.Node, compute: () => boolean): boolean {
  let results = cache.get(context.checker);
  if (!results) {
    results = new Map();
    cache.set(context.checker, results);
  }
  const known = results.get(node);
  if (known !== undefined) return known;
  // While a function is being analysed, a recursive call to it is assumed to reject.
  results.set(node, false);
  const result = compute();
  results.set(node, result);
  return result;
}

/**
 * True when the promise a call of `fn` returns cannot reject: an async function
 * whose body cannot reject, or a plain function whose every `return` hands back
 * a promise that cannot reject.
 */
export function functionCannotReject(context: RejectionContext, fn: ts.SignatureDeclaration, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  if (!ts.isFunctionLike(fn)) return false;
  const body = (fn as ts.FunctionLikeDeclaration).body;
  if (!body) return false;
  if ((fn as ts.FunctionLikeDeclaration).asteriskToken) return false;
  return cached(context, fn, () => {
    if (isAsync(fn)) {
      if (!ts.isBlock(body)) return promiseCannotReject(context, body, depth + 1) || expressionCannotThrow(context, body, depth + 1);
      return blockCannotReject(context, body, depth + 1, 'body');
    }
    if (!ts.isBlock(body)) return promiseCannotReject(context, body, depth + 1);
    const returns = returnStatements(body);
    return (
      returns.length > 0 &&
      returns.every((statement) => statement.expression !== undefined && promiseCannotReject(context, statement.expression, depth + 1))
    );
  });
}

/** True when the promise `expression` evaluates to cannot reject. */
export function promiseCannotReject(context: RejectionContext, node: ts.Expression, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  const expression = skipParentheses(node);
  if (ts.isAwaitExpression(expression)) return promiseCannotReject(context, expression.expression, depth);
  if (ts.isConditionalExpression(expression)) {
    return valueCannotReject(context, expression.whenTrue, depth) && valueCannotReject(context, expression.whenFalse, depth);
  }
  if (!ts.isCallExpression(expression)) return false;

  const callee = skipParentheses(expression.expression);
  if (ts.isPropertyAccessExpression(callee)) {
    const method = callee.name.text;
    const args = expression.arguments;
    const receiver = callee.expression;
    if (method === 'catch' && args.length >= 1 && !isNullish(args[0])) return handlerCannotThrow(context, args[0], depth);
    if (method === 'then' && args.length >= 2 && !isNullish(args[1])) {
      return handlerCannotThrow(context, args[1], depth) && (isNullish(args[0]) || handlerCannotThrow(context, args[0], depth));
    }
    if (method === 'finally' && args.length >= 1 && isThenable(context.checker, context.checker.getTypeAtLocation(receiver))) {
      return promiseCannotReject(context, receiver, depth) && handlerCannotThrow(context, args[0], depth);
    }
    if (method === 'allSettled' && ts.isIdentifier(receiver) && receiver.text === 'Promise' && isGlobal(context, receiver)) return true;
  }
  const implementation = calleeImplementation(context, expression);
  return implementation !== undefined && functionCannotReject(context, implementation, depth + 1);
}

/** A value that is either not a promise or a promise that cannot reject. */
function valueCannotReject(context: RejectionContext, node: ts.Expression, depth: number): boolean {
  const expression = skipParentheses(node);
  if (isNullish(expression) || ts.isLiteralExpression(expression)) return true;
  return promiseCannotReject(context, expression, depth);
}

/**
 * The declaration with a body that a call runs, when it is in the project
 * (not a declaration file, not a library): its source is what we analyse.
 */
export function calleeImplementation(context: RejectionContext, call: ts.CallExpression): ts.FunctionLikeDeclaration | undefined {
  const callee = skipParentheses(call.expression);
  if (ts.isFunctionExpression(callee) || ts.isArrowFunction(callee)) return callee;
  const signature = context.checker.getResolvedSignature(call);
  const declaration = signature?.declaration;
  if (!declaration || ts.isJSDocSignature(declaration)) return undefined;
  let implementation: ts.FunctionLikeDeclaration | undefined =
    (declaration as ts.FunctionLikeDeclaration).body !== undefined ? (declaration as ts.FunctionLikeDeclaration) : undefined;
  if (!implementation && (ts.isFunctionDeclaration(declaration) || ts.isMethodDeclaration(declaration))) {
    // An overload signature: the implementation is the declaration of the same symbol with a body.
    const symbol = declaration.name ? context.checker.getSymbolAtLocation(declaration.name) : undefined;
    implementation = symbol?.declarations?.find(
      (candidate): candidate is ts.FunctionDeclaration | ts.MethodDeclaration =>
        (ts.isFunctionDeclaration(candidate) || ts.isMethodDeclaration(candidate)) && candidate.body !== undefined,
    );
  }
  if (!implementation || !isProjectCode(context, implementation)) return undefined;
  return implementation;
}

/**
 * The function a value refers to, when its source is in the project: `handler`,
 * `this.onSave`, `obj.run`, and through the wrappers that only pass a function
 * on or call it later: `useCallback(async () => ...)`, `useMemo(() => fn)`,
 * `debounce(async () => ...)`.
 */
export function referencedFunction(context: RejectionContext, node: ts.Expression): ts.FunctionLikeDeclaration | undefined {
  const expression = skipParentheses(node);
  if (ts.isFunctionExpression(expression) || ts.isArrowFunction(expression)) return expression;
  let symbol = context.checker.getSymbolAtLocation(ts.isPropertyAccessExpression(expression) ? expression.name : expression);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = context.checker.getAliasedSymbol(symbol);
  for (const declaration of symbol?.declarations ?? []) {
    let candidate: ts.Node | undefined = declaration;
    if ((ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration) || ts.isPropertyAssignment(declaration)) && declaration.initializer) {
      candidate = functionBehind(context, declaration.initializer, 0);
    }
    if (
      candidate &&
      (ts.isFunctionDeclaration(candidate) || ts.isMethodDeclaration(candidate) || ts.isFunctionExpression(candidate) || ts.isArrowFunction(candidate)) &&
      candidate.body !== undefined &&
      isProjectCode(context, candidate)
    ) {
      return candidate;
    }
  }
  // A value whose type is the type of one function written in the project.
  const signatures = context.checker.getTypeAtLocation(expression).getCallSignatures();
  if (signatures.length === 1) {
    const declaration = signatures[0].declaration;
    if (
      declaration &&
      (ts.isFunctionDeclaration(declaration) || ts.isMethodDeclaration(declaration) || ts.isFunctionExpression(declaration) || ts.isArrowFunction(declaration)) &&
      declaration.body !== undefined &&
      isProjectCode(context, declaration)
    ) {
      return declaration;
    }
  }
  return undefined;
}

/**
 * The function literal an initializer evaluates to or wraps: itself, the
 * function handed to `useCallback(fn, deps)` or `debounce(fn)`, the function a
 * `useMemo(() => fn, deps)` factory returns.
 */
function functionBehind(context: RejectionContext, node: ts.Expression, depth: number): ts.Node | undefined {
  const expression = skipParentheses(node);
  if (ts.isFunctionExpression(expression) || ts.isArrowFunction(expression)) return expression;
  if (depth > 3 || !ts.isCallExpression(expression)) return expression;
  const first = expression.arguments[0] && skipParentheses(expression.arguments[0]);
  if (!first || (!ts.isFunctionExpression(first) && !ts.isArrowFunction(first))) return expression;
  const { checker } = context;
  const result = checker.getTypeAtLocation(expression);
  // useCallback(fn): the call returns the function itself.
  if (result === checker.getTypeAtLocation(first)) return first;
  // useMemo(() => fn): the call returns what the factory returns.
  if (!isAsync(first) && !ts.isBlock(first.body) && result === checker.getTypeAtLocation(first.body)) return functionBehind(context, first.body, depth + 1);
  // debounce(fn), throttle(fn): a wrapper that calls the function later.
  return first;
}

function isProjectCode(context: RejectionContext, node: ts.Node): boolean {
  const sourceFile = node.getSourceFile();
  return !sourceFile.isDeclarationFile && !context.program.isSourceFileFromExternalLibrary(sourceFile) && !/[\\/]node_modules[\\/]/.test(sourceFile.fileName);
}

/**
 * True when a rejection handler (`.catch(handler)`) cannot throw. A function
 * written inline is read; a reference to a project function is read; anything
 * else (`console.error`, a library's logger) is assumed not to throw.
 */
function handlerCannotThrow(context: RejectionContext, node: ts.Expression, depth: number): boolean {
  const handler = skipParentheses(node);
  const fn = ts.isFunctionExpression(handler) || ts.isArrowFunction(handler) ? handler : referencedFunction(context, handler);
  if (!fn) return !ts.isFunctionExpression(handler) && !ts.isArrowFunction(handler);
  if (isAsync(fn)) return functionCannotReject(context, fn, depth + 1);
  const body = fn.body!;
  // A handler's returned promise is adopted by the chain: `.catch(() => Promise.reject(...))` rejects.
  if (!ts.isBlock(body)) return awaitedCannotReject(context, body, depth + 1);
  return blockCannotReject(context, body, depth + 1, 'handler');
}

/**
 * A block cannot reject (or throw) when every `throw`, `await`, `for await` and
 * returned promise in it is either harmless or inside the `try` of a
 * `try`/`catch` whose `catch` (and `finally`) cannot throw.
 *
 * `mode` says how to treat synchronous calls outside any `try`: in an async
 * function's `body` they could throw, unless the function handles its errors
 * with a top-level `try`/`catch` (then the calls around it are taken to be the
 * bookkeeping they usually are: setting a flag, logging); in a `handler`
 * (catch and finally blocks, rejection handlers) they are assumed not to throw.
 */
function blockCannotReject(context: RejectionContext, block: ts.Block, depth: number, mode: 'body' | 'handler'): boolean {
  if (mode === 'body') {
    const hasTopLevelTry = block.statements.some((statement) => ts.isTryStatement(statement) && statement.catchClause !== undefined);
    if (!hasTopLevelTry && containsUnguardedCall(context, block, depth)) return false;
  }
  return regionCannotThrow(context, block, depth);
}

/** Walks a region: fails on anything that can throw past it (see blockCannotReject). */
function regionCannotThrow(context: RejectionContext, region: ts.Node, depth: number): boolean {
  let safe = true;
  const visit = (node: ts.Node): void => {
    if (!safe) return;
    if (isFunctionBoundary(node)) return;
    if (ts.isThrowStatement(node)) {
      safe = false;
      return;
    }
    if (ts.isTryStatement(node) && node.catchClause) {
      // Whatever the try block throws lands in the catch block; only returned promises escape.
      if (!returnsInTryCannotReject(context, node.tryBlock, depth)) {
        safe = false;
        return;
      }
      if (node.catchClause.variableDeclaration && !ts.isIdentifier(node.catchClause.variableDeclaration.name)) {
        // `catch ({ message })` throws when the thrown value is null or undefined.
        safe = false;
        return;
      }
      visit(node.catchClause.block);
      if (node.finallyBlock) visit(node.finallyBlock);
      return;
    }
    if (ts.isForOfStatement(node) && node.awaitModifier) {
      safe = false;
      return;
    }
    if (ts.isAwaitExpression(node)) {
      if (!awaitedCannotReject(context, node.expression, depth)) {
        safe = false;
        return;
      }
    }
    if (ts.isReturnStatement(node) && node.expression && !awaitedCannotReject(context, node.expression, depth)) {
      safe = false;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(region);
  return safe;
}

/** `return promise` inside a try block: the try does not catch its rejection. */
function returnsInTryCannotReject(context: RejectionContext, tryBlock: ts.Block, depth: number): boolean {
  return returnStatements(tryBlock).every((statement) => !statement.expression || awaitedCannotReject(context, statement.expression, depth));
}

/** An awaited (or returned-from-async) value: harmless unless it is a promise that can reject. */
function awaitedCannotReject(context: RejectionContext, node: ts.Expression, depth: number): boolean {
  const expression = skipParentheses(node);
  if (ts.isAwaitExpression(expression)) return true; // the inner await is checked on its own
  const type = context.checker.getTypeAtLocation(expression);
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return promiseCannotReject(context, expression, depth);
  if (!isThenable(context.checker, type)) return true;
  return promiseCannotReject(context, expression, depth);
}

/** True when a statement outside every try could throw: a call or `new` we cannot prove safe. */
function containsUnguardedCall(context: RejectionContext, block: ts.Block, depth: number): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || isFunctionBoundary(node)) return;
    if (ts.isTryStatement(node) && node.catchClause) return;
    if (ts.isAwaitExpression(node) && promiseCannotReject(context, node.expression, depth)) return;
    if (ts.isCallExpression(node) && promiseCannotReject(context, node, depth)) return;
    if (ts.isCallExpression(node) || ts.isNewExpression(node) || ts.isTaggedTemplateExpression(node)) {
      found = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  block.statements.forEach(visit);
  return found;
}

/** An expression with nothing in it that can throw or reject: literals, names, functions. */
function expressionCannotThrow(context: RejectionContext, node: ts.Expression, depth: number): boolean {
  let safe = true;
  const visit = (child: ts.Node): void => {
    if (!safe || isFunctionBoundary(child)) return;
    if (ts.isAwaitExpression(child)) {
      if (!promiseCannotReject(context, child.expression, depth)) safe = false;
      return;
    }
    if (ts.isCallExpression(child) && promiseCannotReject(context, child, depth)) return;
    if (ts.isCallExpression(child) || ts.isNewExpression(child) || ts.isTaggedTemplateExpression(child)) {
      safe = false;
      return;
    }
    ts.forEachChild(child, visit);
  };
  visit(node);
  return safe;
}

/** Return statements of a function body or block, not counting nested functions. */
export function returnStatements(body: ts.Node): ts.ReturnStatement[] {
  const found: ts.ReturnStatement[] = [];
  const visit = (node: ts.Node): void => {
    if (isFunctionBoundary(node)) return;
    if (ts.isReturnStatement(node)) found.push(node);
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(body, visit);
  return found;
}

/** Nodes whose insides run at another time: functions and classes. */
export function isFunctionBoundary(node: ts.Node): boolean {
  return ts.isFunctionLike(node) || ts.isClassLike(node);
}

function isAsync(fn: ts.Node): boolean {
  return ts.canHaveModifiers(fn) && (ts.getModifiers(fn)?.some((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword) ?? false);
}

function isNullish(node: ts.Expression): boolean {
  const expression = skipParentheses(node);
  return expression.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(expression) && expression.text === 'undefined');
}

function isGlobal(context: RejectionContext, identifier: ts.Identifier): boolean {
  const symbol = context.checker.getSymbolAtLocation(identifier);
  return symbol?.declarations?.every((declaration) => declaration.getSourceFile().isDeclarationFile) ?? false;
}
