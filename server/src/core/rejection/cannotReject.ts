import * as ts from 'typescript';
import { skipParentheses } from '../syntax';
import type { ConfiguredKnowledge } from '../knowledge/project';
import { isThenable } from '../types';
import { isNeverRejectingLibraryCall, isSelfReportingLibraryCall } from './promiseUse';
import { isAsync } from '../syntax';

/**
 * Which promises cannot reject, as far as the source shows.
 *
 * The rules about unhandled rejections stay silent when the code that could
 * reject already handles its own errors: an async function whose awaits all sit
 * inside a `try` whose `catch` does not rethrow, a promise that ends in
 * `.catch(handler)`, a call to a project function that is one of those.
 *
 * What counts as "can reject": a `throw`, an `await` of a promise that can
 * reject, a `for await` loop, and a returned promise that can reject, outside
 * a `try` whose `catch` handles it. Synchronous calls are assumed not to throw,
 * as they are for any synchronous function: an async function that awaits
 * nothing that can reject is no riskier to call without a handler than a
 * plain function.
 *
 * Calls are followed into their implementation when it is in the project. A
 * call of a callback typed with a function type written in the project (a
 * parameter, a prop, a property typed `(x: T) => Promise<void>`) has no
 * implementation to read: whoever passes the function decides whether it
 * handles its errors, and the analysis assumes it does. Library functions and
 * interface or abstract methods (services) are assumed to reject.
 */
export interface RejectionContext {
  readonly checker: ts.TypeChecker;
  readonly program: ts.Program;
  /** Functions the configuration declares never-rejecting. */
  readonly knowledge?: ConfiguredKnowledge;
}

/** How deep the analysis follows calls into other functions. */
const MAX_DEPTH = 10;

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
      if (!ts.isBlock(body)) return regionCannotThrow(context, body, depth + 1) && awaitedCannotReject(context, body, depth + 1);
      return regionCannotThrow(context, body, depth + 1);
    }
    if (!ts.isBlock(body)) return promiseCannotReject(context, body, depth + 1);
    const returns = returnStatements(body);
    return returns.length > 0 && returns.every((statement) => statement.expression !== undefined && promiseCannotReject(context, statement.expression, depth + 1));
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
  if (ts.isBinaryExpression(expression)) {
    const operator = expression.operatorToken.kind;
    // `cached ?? this.pending`, `a || b`, `ready && load()`: the value is one of the operands.
    if (operator === ts.SyntaxKind.QuestionQuestionToken || operator === ts.SyntaxKind.BarBarToken || operator === ts.SyntaxKind.AmpersandAmpersandToken) {
      return valueCannotReject(context, expression.left, depth) && valueCannotReject(context, expression.right, depth);
    }
  }
  if (ts.isNewExpression(expression)) return newPromiseCannotReject(context, expression);
  if (ts.isIdentifier(expression) || (ts.isPropertyAccessExpression(expression) && expression.expression.kind === ts.SyntaxKind.ThisKeyword)) {
    return storedPromiseCannotReject(context, expression, depth);
  }
  if (!ts.isCallExpression(expression)) return false;
  // VS Code's message boxes; router navigation, which reports its own failures.
  if (isNeverRejectingLibraryCall(context, expression) || isSelfReportingLibraryCall(context, expression)) return true;

  const callee = skipParentheses(expression.expression);
  if (ts.isPropertyAccessExpression(callee)) {
    const method = callee.name.text;
    const args = expression.arguments;
    const receiver = callee.expression;
    if (method === 'catch' && args.length >= 1 && !isNullish(args[0])) return handlerCannotThrow(context, args[0], depth);
    if (method === 'then' && args.length >= 2 && !isNullish(args[1])) {
      return handlerCannotThrow(context, args[1], depth) && (isNullish(args[0]) || handlerCannotThrow(context, args[0], depth));
    }
    // `.then(onFulfilled)` after a promise that cannot reject: only the callback could.
    if (method === 'then' && args.length >= 1 && isThenable(context.checker, context.checker.getTypeAtLocation(receiver))) {
      return promiseCannotReject(context, receiver, depth) && (isNullish(args[0]) || handlerCannotThrow(context, args[0], depth));
    }
    if (method === 'finally' && args.length >= 1 && isThenable(context.checker, context.checker.getTypeAtLocation(receiver))) {
      return promiseCannotReject(context, receiver, depth) && handlerCannotThrow(context, args[0], depth);
    }
    if (ts.isIdentifier(receiver) && receiver.text === 'Promise' && isGlobal(context, receiver)) {
      if (method === 'allSettled') return true;
      // Promise.resolve(value) settles like its argument: it cannot reject unless that is a promise that can.
      if (method === 'resolve') return args.length === 0 || valueCannotReject(context, args[0], depth);
      // Promise.all/race/any of promises none of which can reject.
      if ((method === 'all' || method === 'race' || method === 'any') && args.length === 1) return promisesInCannotReject(context, args[0], depth);
    }
  }
  const implementation = calleeImplementation(context, expression) ?? wrappedFunction(context, callee);
  if (implementation) return functionCannotReject(context, implementation, depth + 1);
  // An interface or abstract method: judged by the implementations the project has, when it has any.
  const implementations = projectImplementations(context, expression);
  if (implementations && implementations.length > 0) {
    return implementations.every((candidate) => implementationCannotReject(context, candidate, depth + 1));
  }
  // Closing an async iterator (`iterator.return()`) only runs its clean-up.
  if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'return' && isAsyncIterator(context, callee.expression)) return true;
  return isProjectCallbackCall(context, expression);
}

/**
 * The project function behind a wrapper that a call goes through: calling
 * `this.save()` or `this.save.flush()` where `save = throttle(async () => ...)`
 * runs the wrapped function (the wrapper is assumed to add no rejection).
 */
function wrappedFunction(context: RejectionContext, callee: ts.Expression): ts.FunctionLikeDeclaration | undefined {
  let target = callee;
  if (ts.isPropertyAccessExpression(target) && target.name.text === 'flush') target = target.expression;
  if (!ts.isIdentifier(target) && !ts.isPropertyAccessExpression(target)) return undefined;
  const fn = referencedFunction(context, target);
  return fn && isProjectCode(context, fn) ? fn : undefined;
}

function isAsyncIterator(context: RejectionContext, node: ts.Expression): boolean {
  const type = context.checker.getNonNullableType(context.checker.getTypeAtLocation(node));
  const apparent = context.checker.getApparentType(type);
  return (
    apparent.getProperty('next') !== undefined &&
    apparent.getProperties().some((property) => property.name === '__@asyncIterator@' || property.escapedName.toString().startsWith('__@asyncIterator'))
  );
}

/**
 * `new Promise(executor)` whose executor never rejects it: an executor that
 * does not use its `reject` parameter and, when synchronous, has no `throw`.
 */
function newPromiseCannotReject(context: RejectionContext, node: ts.NewExpression): boolean {
  const callee = skipParentheses(node.expression);
  if (!ts.isIdentifier(callee) || callee.text !== 'Promise' || !isGlobal(context, callee)) return false;
  const executor = node.arguments?.[0] && skipParentheses(node.arguments[0]);
  if (!executor || (!ts.isArrowFunction(executor) && !ts.isFunctionExpression(executor))) return false;
  const reject = executor.parameters[1];
  if (reject) {
    if (!ts.isIdentifier(reject.name)) return false;
    const name = reject.name.text;
    let used = false;
    const visit = (child: ts.Node): void => {
      if (used) return;
      if (ts.isIdentifier(child) && child.text === name && child !== reject.name) used = true;
      ts.forEachChild(child, visit);
    };
    visit(executor.body);
    if (used) return false;
  }
  // An async executor's own errors reject the executor's promise, which the constructor ignores (no-async-promise-executor's
  // concern), never the new promise: without `reject`, it resolves or never settles.
  if (isAsync(executor)) return true;
  let throws = false;
  const visit = (child: ts.Node): void => {
    if (throws || isFunctionBoundary(child)) return;
    if (ts.isThrowStatement(child)) throws = true;
    ts.forEachChild(child, visit);
  };
  ts.forEachChild(executor.body, visit);
  return !throws;
}

/**
 * A promise kept in a `const` or in a private or readonly property of a class:
 * it cannot reject when nothing assigned to it can (`ready = new Promise(...)`
 * whose executor never rejects; `this.pending = undefined` when it is done).
 */
function storedPromiseCannotReject(context: RejectionContext, node: ts.Identifier | ts.PropertyAccessExpression, depth: number): boolean {
  const symbol = context.checker.getSymbolAtLocation(ts.isPropertyAccessExpression(node) ? node.name : node);
  const declaration = symbol?.valueDeclaration;
  if (!declaration || !isProjectCode(context, declaration)) return false;
  if (ts.isVariableDeclaration(declaration)) {
    const isConst = ts.isVariableDeclarationList(declaration.parent) && (declaration.parent.flags & ts.NodeFlags.Const) !== 0;
    return isConst && declaration.initializer !== undefined && promiseCannotReject(context, declaration.initializer, depth + 1);
  }
  if (!ts.isPropertyDeclaration(declaration) || !ts.isClassLike(declaration.parent)) return false;
  const modifiers = ts.getModifiers(declaration) ?? [];
  const closed =
    ts.isPrivateIdentifier(declaration.name) || modifiers.some((modifier) => modifier.kind === ts.SyntaxKind.PrivateKeyword || modifier.kind === ts.SyntaxKind.ReadonlyKeyword);
  if (!closed || (!ts.isIdentifier(declaration.name) && !ts.isPrivateIdentifier(declaration.name))) return false;
  const name = declaration.name.text;
  return cached(context, declaration, () => {
    const values: ts.Expression[] = declaration.initializer ? [declaration.initializer] : [];
    const visit = (child: ts.Node): void => {
      if (
        ts.isBinaryExpression(child) &&
        child.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
        ts.isPropertyAccessExpression(child.left) &&
        child.left.expression.kind === ts.SyntaxKind.ThisKeyword &&
        child.left.name.text === name
      ) {
        values.push(child.right);
      }
      ts.forEachChild(child, visit);
    };
    ts.forEachChild(declaration.parent, visit);
    return values.length > 0 && values.every((value) => valueCannotReject(context, value, depth + 1));
  });
}

/**
 * True when `call` calls a value whose type is a function type written in the
 * project (`onSave: () => Promise<void>`, `type Loader = (id: string) => ...`):
 * a callback whose implementation is whatever the caller was handed.
 */
function isProjectCallbackCall(context: RejectionContext, call: ts.CallExpression): boolean {
  const declaration = context.checker.getResolvedSignature(call)?.declaration;
  return declaration !== undefined && !ts.isJSDocSignature(declaration) && ts.isFunctionTypeNode(declaration) && isProjectCode(context, declaration);
}

/**
 * True when `node` is a callback value typed with a function type written in
 * the project (a parameter, a prop): its implementation is whatever the caller
 * was handed, and is assumed to handle its own errors.
 */
export function isProjectCallbackValue(context: RejectionContext, node: ts.Expression): boolean {
  const signatures = context.checker.getNonNullableType(context.checker.getTypeAtLocation(node)).getCallSignatures();
  return (
    signatures.length > 0 &&
    signatures.every((signature) => {
      const declaration = signature.declaration;
      return declaration !== undefined && !ts.isJSDocSignature(declaration) && ts.isFunctionTypeNode(declaration) && isProjectCode(context, declaration);
    })
  );
}

/**
 * The array handed to `Promise.all` cannot yield a rejecting promise: every
 * promise made in it (`xs.map(async (x) => ...)`, an async IIFE, a call that
 * returns a promise), including in the synchronous callbacks that build it
 * (`map`, `reduce`), cannot reject, and there is at least one.
 */
function promisesInCannotReject(context: RejectionContext, node: ts.Expression, depth: number): boolean {
  const { checker } = context;
  let sources = 0;
  let safe = true;
  const visit = (child: ts.Node): void => {
    if (!safe) return;
    if (ts.isFunctionExpression(child) || ts.isArrowFunction(child)) {
      if (isAsync(child)) {
        sources++;
        if (!functionCannotReject(context, child, depth + 1)) safe = false;
        return;
      }
      // A synchronous callback (of map, reduce, ...) runs now: look inside it.
      ts.forEachChild(child, visit);
      return;
    }
    if (isFunctionBoundary(child) || ts.isTypeNode(child)) return;
    if (ts.isCallExpression(child) || ts.isNewExpression(child)) {
      const type = checker.getTypeAtLocation(child);
      if (isThenable(checker, type)) {
        sources++;
        if (!ts.isCallExpression(child) || !promiseCannotReject(context, child, depth + 1)) safe = false;
        return;
      }
    }
    if (ts.isIdentifier(child) && ts.isExpression(child) && isThenable(checker, checker.getTypeAtLocation(child))) {
      // A promise made elsewhere: cannot tell.
      safe = false;
      return;
    }
    ts.forEachChild(child, visit);
  };
  const root = skipParentheses(node);
  if (ts.isIdentifier(root)) return false;
  visit(root);
  return safe && sources > 0;
}

/** A value that is either not a promise or a promise that cannot reject (an `await` in it is checked where it stands). */
function valueCannotReject(context: RejectionContext, node: ts.Expression, depth: number): boolean {
  const expression = skipParentheses(node);
  if (isNullish(expression) || ts.isLiteralExpression(expression)) return true;
  const type = context.checker.getTypeAtLocation(expression);
  if (!(type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) && !isThenable(context.checker, type)) return true;
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
    if (candidate && isProjectFunctionWithBody(context, candidate)) return candidate;
  }
  // A value whose type is the type of one function written in the project.
  const signatures = context.checker.getTypeAtLocation(expression).getCallSignatures();
  if (signatures.length === 1) {
    const declaration = signatures[0].declaration;
    if (declaration && isProjectFunctionWithBody(context, declaration)) return declaration;
  }
  return undefined;
}

/** A function, method or arrow written in the project, with a body to read. */
function isProjectFunctionWithBody(context: RejectionContext, node: ts.Node): node is ts.FunctionDeclaration | ts.MethodDeclaration | ts.FunctionExpression | ts.ArrowFunction {
  return (
    (ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node)) &&
    node.body !== undefined &&
    isProjectCode(context, node)
  );
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
  if (!ts.isBlock(body)) return regionCannotThrow(context, body, depth + 1) && awaitedCannotReject(context, body, depth + 1);
  return regionCannotThrow(context, body, depth + 1);
}

/** Walks a region (a function body, a catch or finally block, a handler): fails on anything that can throw or reject past it. */
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

function isNullish(node: ts.Expression): boolean {
  const expression = skipParentheses(node);
  return expression.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(expression) && expression.text === 'undefined');
}

function isGlobal(context: RejectionContext, identifier: ts.Identifier): boolean {
  const symbol = context.checker.getSymbolAtLocation(identifier);
  return symbol?.declarations?.every((declaration) => declaration.getSourceFile().isDeclarationFile) ?? false;
}

/**
 * The interface or abstract method a call resolves to: a method signature of an
 * interface or object type, or a class method without a body.
 */
export function abstractMethodOf(checker: ts.TypeChecker, call: ts.CallExpression): ts.MethodSignature | ts.MethodDeclaration | undefined {
  const declaration = checker.getResolvedSignature(call)?.declaration;
  if (!declaration || ts.isJSDocSignature(declaration)) return undefined;
  if (ts.isMethodSignature(declaration)) return declaration;
  // A library class's methods have no body in its declaration file either, but the object may be an instance of that very
  // class: only a method marked abstract is implemented by subclasses alone.
  if (ts.isMethodDeclaration(declaration) && declaration.body === undefined && isAbstractMember(declaration)) return declaration;
  return undefined;
}

const classesCache = new WeakMap<ts.TypeChecker, ts.ClassLikeDeclaration[]>();

/** The project's classes that implement or extend something: the only ones that can implement an interface method. */
function classesWithHeritage(context: RejectionContext): ts.ClassLikeDeclaration[] {
  let classes = classesCache.get(context.checker);
  if (classes) return classes;
  const found: ts.ClassLikeDeclaration[] = [];
  for (const sourceFile of context.program.getSourceFiles()) {
    if (!isProjectCode(context, sourceFile)) continue;
    const visit = (node: ts.Node): void => {
      if (ts.isClassLike(node) && node.heritageClauses && node.heritageClauses.length > 0) found.push(node);
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
  }
  classes = found;
  classesCache.set(context.checker, classes);
  return classes;
}

/**
 * The implementations in the project of the interface or abstract method a call
 * resolves to: members of the same name in classes whose `implements` or
 * `extends` types declare it, and in their subclasses. `undefined` when the call
 * is of no such method, or when an implementing class inherits the member from
 * elsewhere (its implementation is then not known).
 */
function projectImplementations(context: RejectionContext, call: ts.CallExpression): ts.FunctionLikeDeclaration[] | undefined {
  const { checker } = context;
  const method = abstractMethodOf(checker, call);
  if (!method || !ts.isIdentifier(method.name)) return undefined;
  const name = method.name.text;
  const declared = new Set<ts.Node>([method]);
  const implementations: ts.FunctionLikeDeclaration[] = [];
  const seen = new Set<ts.ClassLikeDeclaration>();
  // Implementations of implementations (subclasses overriding) are implementations too: repeat until nothing new.
  for (let changed = true; changed;) {
    changed = false;
    for (const candidate of classesWithHeritage(context)) {
      if (seen.has(candidate)) continue;
      const inherits = candidate.heritageClauses!.some((clause) =>
        clause.types.some((type) =>
          checker
            .getTypeAtLocation(type)
            .getProperty(name)
            ?.declarations?.some((declaration) => declared.has(declaration)),
        ),
      );
      if (!inherits) continue;
      seen.add(candidate);
      changed = true;
      const member = candidate.members.find((element) => element.name !== undefined && ts.isIdentifier(element.name) && element.name.text === name);
      if (!member) {
        // An abstract class passing the method on declares nothing; a concrete one inherits a body from elsewhere.
        if (isAbstractClass(candidate)) continue;
        return undefined;
      }
      declared.add(member);
      const body = ts.isMethodDeclaration(member)
        ? member.body
          ? member
          : undefined
        : ts.isPropertyDeclaration(member) && member.initializer
          ? skipParentheses(member.initializer)
          : undefined;
      if (body === undefined) {
        if (ts.isMethodDeclaration(member) && isAbstractMember(member)) continue;
        return undefined;
      }
      if (!ts.isMethodDeclaration(body) && !ts.isArrowFunction(body) && !ts.isFunctionExpression(body)) return undefined;
      implementations.push(body);
    }
  }
  return implementations;
}

function isAbstractClass(node: ts.ClassLikeDeclaration): boolean {
  return ts.getModifiers(node)?.some((modifier) => modifier.kind === ts.SyntaxKind.AbstractKeyword) ?? false;
}

function isAbstractMember(node: ts.MethodDeclaration): boolean {
  return ts.getModifiers(node)?.some((modifier) => modifier.kind === ts.SyntaxKind.AbstractKeyword) ?? false;
}

/** An implementation cannot reject when its promise cannot, or when it is synchronous and returns no promise at all. */
function implementationCannotReject(context: RejectionContext, implementation: ts.FunctionLikeDeclaration, depth: number): boolean {
  if (functionCannotReject(context, implementation, depth)) return true;
  if (isAsync(implementation)) return false;
  const signature = context.checker.getSignatureFromDeclaration(implementation);
  return signature !== undefined && !isThenable(context.checker, context.checker.getReturnTypeOfSignature(signature));
}

/** A method of a library class, declared without a body: its implementation is not read. */
function libraryMethodOf(context: RejectionContext, call: ts.CallExpression): ts.MethodDeclaration | undefined {
  const declaration = context.checker.getResolvedSignature(call)?.declaration;
  if (!declaration || ts.isJSDocSignature(declaration) || !ts.isMethodDeclaration(declaration) || declaration.body !== undefined) return undefined;
  return isProjectCode(context, declaration) ? undefined : declaration;
}

/**
 * True when a call resolves to an interface, abstract or library method
 * declared to return `void` or a promise (`void | Promise<void>`): an adapter
 * whose implementations may stay synchronous, none of which the project shows
 * rejecting.
 */
export function isVoidOrPromiseAdapterCall(context: RejectionContext, call: ts.CallExpression): boolean {
  const { checker } = context;
  const method = abstractMethodOf(checker, call) ?? libraryMethodOf(context, call);
  if (!method?.type || !ts.isUnionTypeNode(method.type)) return false;
  const members = method.type.types.map((type) => checker.getTypeFromTypeNode(type));
  if (!members.some((type) => (type.flags & ts.TypeFlags.Void) !== 0) || !members.some((type) => isThenable(checker, type))) return false;
  // An implementation the project shows rejecting makes the promise a real one.
  const implementations = projectImplementations(context, call);
  return !implementations?.some((implementation) => !implementationCannotReject(context, implementation, 1));
}
