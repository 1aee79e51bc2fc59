import * as ts from 'typescript';
import { COMMAND_REGISTRATIONS, ROUTE_METHODS, TEST_FUNCTIONS } from '../knowledge/frameworks';
import { ONCE_TIMERS, PROMISE_CALLBACK_METHODS, REPEATING_TIMERS } from '../knowledge/javascript';
import { ERROR_PARAMETER_NAMES, REQUEST_PARAMETER_NAMES } from '../knowledge/names';
import { ONCE_EVENTS, ONCE_LISTENER_METHODS, REPEATING_LISTENER_METHODS, SERVER_FACTORIES } from '../knowledge/node';
import { calleeName, type FunctionLike, hasModifier, skipOuterWrappers, stripWrappers } from '../syntax';

/*
 * Where a function is registered, and what that means for when it runs: a
 * route handler, a listener, a timer, a promise callback, test code or a
 * command-line action. The roots of the event-loop analysis, and the shapes
 * it answers with.
 */
export type RootKind = 'async-function' | 'promise-callback' | 'timer' | 'listener' | 'route-handler' | 'server-handler' | 'error-first-callback' | 'decorated-handler';

export interface EventLoopRoot {
  readonly fn: FunctionLike;
  readonly kind: RootKind;
  /** How messages name it: "async function `handler`", "the GET /users handler". */
  readonly label: string;
  /** A short name for call chains: `handler`, `GET /users handler`. */
  readonly shortName: string;
  /** `likely` when the root was recognised by convention only (an `err` first parameter, a `use` callback). */
  readonly certainty: 'proven' | 'likely';
  /**
   * True when the function's return value is ignored or flattened by whoever
   * calls it (listeners, timers, route handlers, promise callbacks), so it can
   * become async without changing its callers' contract.
   */
  readonly mayBecomeAsync: boolean;
}

export type CodeContext =
  | { readonly kind: 'event-loop'; readonly root: EventLoopRoot; /** True when the innermost function is the root itself. */ readonly direct: boolean }
  | { readonly kind: 'helper'; readonly fn: FunctionLike; /** The once-callback inside it the node is in, if any. */ readonly via?: EventLoopRoot }
  | { readonly kind: 'start-up' }
  | { readonly kind: 'worker' }
  | { readonly kind: 'other' };

export type Uses = 'start-up' | 'dev-only' | 'elsewhere' | 'unknown';

export type FunctionClass =
  | { readonly kind: 'root'; readonly root: EventLoopRoot }
  /**
   * Runs once, later, in the context of the code that registered it (a promise
   * callback, a timer): on the event loop when that code is, and then the
   * event-loop root named in messages.
   */
  | { readonly kind: 'once'; readonly root: EventLoopRoot }
  /** Runs where it is written: array callbacks, IIFEs, promise executors, callbacks of unknown functions. */
  | { readonly kind: 'inherit' }
  /** A named synchronous function: it runs when it is called. */
  | { readonly kind: 'helper' }
  | { readonly kind: 'start-up' }
  /** A generator: calling it runs nothing. */
  | { readonly kind: 'opaque' };

export function calleeReceiver(call: ts.CallExpression): ts.Expression | undefined {
  const callee = stripWrappers(call.expression);
  return ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee) ? stripWrappers(callee.expression) : undefined;
}

export interface Registration {
  readonly kind: RootKind | 'start-up';
  readonly label: string;
  readonly shortName: string;
  readonly certainty: 'proven' | 'likely';
  /** True when the callback runs again and again (a route, an `on` listener, `setInterval`); false when once. */
  readonly repeats: boolean;
  /** For start-up: true when everything inside runs in that scope too (test code, command-line actions). */
  readonly whole?: boolean;
}

function routePath(argument: ts.Expression | undefined): string | undefined {
  if (!argument) return undefined;
  const arg = stripWrappers(argument);
  if (ts.isStringLiteralLike(arg) && /^[/*]/.test(arg.text)) return arg.text;
  if (ts.isRegularExpressionLiteral(arg)) return arg.text;
  if (ts.isArrayLiteralExpression(arg) && arg.elements.length > 0 && arg.elements.every((element) => routePath(element) !== undefined)) {
    return routePath(arg.elements[0]);
  }
  return undefined;
}

/** The value of a constant arithmetic expression of literals: `1000 * 60 * 60`. */
function constantNumber(node: ts.Expression | undefined): number | undefined {
  if (!node) return undefined;
  const expression = stripWrappers(node);
  if (ts.isNumericLiteral(expression)) return Number(expression.text.replace(/_/g, ''));
  if (ts.isBinaryExpression(expression)) {
    const left = constantNumber(expression.left);
    const right = constantNumber(expression.right);
    if (left === undefined || right === undefined) return undefined;
    if (expression.operatorToken.kind === ts.SyntaxKind.AsteriskToken) return left * right;
    if (expression.operatorToken.kind === ts.SyntaxKind.PlusToken) return left + right;
  }
  return undefined;
}

export function outermostCallee(call: ts.CallExpression): string | undefined {
  let callee: ts.Expression = stripWrappers(call.expression);
  while (ts.isPropertyAccessExpression(callee) || ts.isCallExpression(callee) || ts.isElementAccessExpression(callee)) callee = stripWrappers(callee.expression);
  return ts.isIdentifier(callee) ? callee.text : undefined;
}

/**
 * What registering a function as argument `index` of `call` means: a route
 * handler, a listener, a timer, a promise callback… or start-up. Undefined
 * when the call is none of those (the callback then runs where it is written).
 */
export function registrationOf(call: ts.CallExpression, index: number, fn?: FunctionLike): Registration | undefined {
  const name = calleeName(call);
  if (name === undefined) return undefined;
  const receiver = calleeReceiver(call);
  const receiverName = receiver && ts.isIdentifier(receiver) ? receiver.text : undefined;
  const firstArgument = call.arguments[0] ? stripWrappers(call.arguments[0]) : undefined;
  const isLast = index === call.arguments.length - 1;
  const root = (kind: RootKind, label: string, shortName: string, repeats: boolean, certainty: 'proven' | 'likely' = 'proven'): Registration => ({
    kind,
    label,
    shortName,
    certainty,
    repeats,
  });
  const startUp = (label: string, whole: boolean): Registration => ({ kind: 'start-up', label, shortName: label, certainty: 'proven', repeats: false, whole });

  const outermost = outermostCallee(call);
  if (outermost !== undefined && TEST_FUNCTIONS.names.has(outermost)) return startUp('test code', true);
  if (COMMAND_REGISTRATIONS.names.has(name) && receiver) return startUp(`the .${name} callback`, true);
  if (name === 'listen' && receiver) return startUp('the .listen callback', false);

  if (PROMISE_CALLBACK_METHODS.names.has(name) && receiver) return root('promise-callback', `the .${name} callback`, `.${name} callback`, false);
  const global = !receiver || receiverName === 'globalThis' || receiverName === 'window';
  if (global && (REPEATING_TIMERS.names.has(name) || ONCE_TIMERS.names.has(name))) {
    // An interval of an hour or more pauses the event loop at most once an hour: treated as a callback that runs once.
    const rare = REPEATING_TIMERS.names.has(name) && (constantNumber(call.arguments[1]) ?? 0) >= 3_600_000;
    return root('timer', `the ${name} callback`, `${name} callback`, REPEATING_TIMERS.names.has(name) && !rare);
  }
  if (name === 'nextTick' && receiverName === 'process') return root('timer', 'the process.nextTick callback', 'nextTick callback', false);
  if ((REPEATING_LISTENER_METHODS.names.has(name) || ONCE_LISTENER_METHODS.names.has(name)) && receiver && index > 0) {
    const event = firstArgument && ts.isStringLiteralLike(firstArgument) ? firstArgument.text : undefined;
    // process.on('exit' | 'SIGINT' | 'uncaughtException' …) runs at shutdown, where synchronous work is required.
    if (receiverName === 'process' && event !== 'message') return startUp('a process event handler', false);
    // A command line reading its input: servers do not read their stdin.
    if (receiver && /^process\.stdin\b/.test(receiver.getText())) return startUp('command-line input', false);
    const label = event === undefined ? 'the event listener' : `the '${event}' listener`;
    const repeats = REPEATING_LISTENER_METHODS.names.has(name) && !(event !== undefined && ONCE_EVENTS.names.has(event));
    return root('listener', label, event === undefined ? 'listener' : `'${event}' listener`, repeats);
  }
  if (SERVER_FACTORIES.names.has(name)) return root('server-handler', 'the request handler', 'request handler', true);
  if (ROUTE_METHODS.names.has(name) && receiver) {
    const method = name === 'del' ? 'DELETE' : name.toUpperCase();
    const path = routePath(firstArgument);
    if (index > 0 && path !== undefined) {
      return name === 'use'
        ? root('route-handler', `the middleware for ${path}`, `${path} middleware`, true)
        : root('route-handler', `the ${method} ${path} handler`, `${method} ${path} handler`, true);
    }
    // router.route('/users').get(handler)
    if (ts.isCallExpression(receiver) && calleeName(receiver) === 'route' && routePath(receiver.arguments[0]) !== undefined) {
      const routed = routePath(receiver.arguments[0])!;
      return root('route-handler', `the ${method} ${routed} handler`, `${method} ${routed} handler`, true);
    }
    // app.use((req, res, next) => …): recognised by the parameters' names only.
    const named = (parameter: ts.ParameterDeclaration, pattern: RegExp) => ts.isIdentifier(parameter.name) && pattern.test(parameter.name.text);
    if (
      name === 'use' &&
      fn &&
      fn.parameters.length >= 2 &&
      fn.parameters.every((parameter) => named(parameter, REQUEST_PARAMETER_NAMES.pattern) || named(parameter, ERROR_PARAMETER_NAMES.pattern))
    ) {
      return root('route-handler', 'the middleware', 'middleware', true, 'likely');
    }
  }
  // Node-style callbacks (`fs.readFile(path, (err, data) => …)`) run once, later.
  if (fn && isLast && fn.parameters.length >= 1 && ts.isIdentifier(fn.parameters[0].name) && ERROR_PARAMETER_NAMES.pattern.test(fn.parameters[0].name.text)) {
    return root('error-first-callback', `the callback of ${name}`, `${name} callback`, false, 'likely');
  }
  return undefined;
}

export function functionName(fn: FunctionLike): string | undefined {
  if (fn.name && (ts.isIdentifier(fn.name) || ts.isPrivateIdentifier(fn.name) || ts.isStringLiteral(fn.name))) return fn.name.text;
  if (ts.isConstructorDeclaration(fn)) return fn.parent.name ? `new ${fn.parent.name.text}` : 'constructor';
  if (hasModifier(fn, ts.SyntaxKind.DefaultKeyword)) return 'default export';
  const holder = skipOuterWrappers(fn).parent;
  if (holder && ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name)) return holder.name.text;
  if (holder && ts.isPropertyAssignment(holder) && (ts.isIdentifier(holder.name) || ts.isStringLiteral(holder.name))) return holder.name.text;
  if (holder && ts.isPropertyDeclaration(holder) && ts.isIdentifier(holder.name)) return holder.name.text;
  if (holder && ts.isExportAssignment(holder)) return 'default export';
  if (holder && ts.isBinaryExpression(holder) && holder.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    if (ts.isPropertyAccessExpression(holder.left)) return holder.left.name.text === 'exports' ? 'module.exports' : holder.left.name.text;
  }
  return undefined;
}

/** A short name for a function in messages and call chains. */
export function describeFunction(fn: FunctionLike): string {
  return functionName(fn) ?? (ts.isArrowFunction(fn) ? 'arrow function' : 'function');
}

/** The node whose symbol stands for the function: its name, or the variable or property it is assigned to. */
export function declarationNameNode(fn: FunctionLike): ts.Node | undefined {
  if (fn.name) return fn.name;
  const holder = skipOuterWrappers(fn).parent;
  if (holder && (ts.isVariableDeclaration(holder) || ts.isPropertyAssignment(holder) || ts.isPropertyDeclaration(holder))) return holder.name;
  if (holder && ts.isBinaryExpression(holder) && holder.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(holder.left)) return holder.left.name;
  return undefined;
}
