import * as ts from 'typescript';

/**
 * When does code run? The blocking-the-event-loop rules only care about code
 * that runs while the process serves work: inside async functions, promise
 * callbacks and functions registered to run later (request and route
 * handlers, event listeners, timers, stream and socket callbacks). Code at
 * module top level, code reached only from start-up (a `main()` run once),
 * test code, shutdown handlers and files that run in a worker thread are not
 * on the event loop in that sense: blocking there costs nobody else anything.
 *
 * One `EventLoopAnalysis` exists per program (memoised), so what is learnt
 * about a function (is it a root, is it reached only from start-up) is
 * computed once however many rules and files ask.
 */

export type FunctionLike =
  | ts.FunctionDeclaration
  | ts.FunctionExpression
  | ts.ArrowFunction
  | ts.MethodDeclaration
  | ts.ConstructorDeclaration
  | ts.GetAccessorDeclaration
  | ts.SetAccessorDeclaration;

export type RootKind =
  | 'async-function'
  | 'promise-callback'
  | 'timer'
  | 'listener'
  | 'route-handler'
  | 'server-handler'
  | 'error-first-callback'
  | 'decorated-handler';

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
  | { readonly kind: 'helper'; readonly fn: FunctionLike }
  | { readonly kind: 'start-up' }
  | { readonly kind: 'worker' }
  | { readonly kind: 'other' };

type FunctionClass =
  | { readonly kind: 'root'; readonly root: EventLoopRoot }
  /** Runs where it is written: array callbacks, IIFEs, promise executors, callbacks of unknown functions. */
  | { readonly kind: 'inherit' }
  /** A named synchronous function: it runs when it is called. */
  | { readonly kind: 'helper' }
  | { readonly kind: 'start-up' }
  /** A generator: calling it runs nothing. */
  | { readonly kind: 'opaque' };

export function isFunctionLike(node: ts.Node): node is FunctionLike {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isFunctionExpression(node) ||
    ts.isArrowFunction(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node)
  );
}

/** The nearest function with a body that contains `node` (not `node` itself). */
export function enclosingFunctionLike(node: ts.Node): FunctionLike | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionLike(current)) return current;
    if (ts.isClassStaticBlockDeclaration(current) || ts.isSourceFile(current)) return undefined;
  }
  return undefined;
}

export function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((modifier) => modifier.kind === kind) ?? false);
}

export function isAsync(fn: FunctionLike): boolean {
  return hasModifier(fn, ts.SyntaxKind.AsyncKeyword);
}

/** Skips parentheses, type assertions and `!` above an expression. */
export function skipOuterWrappers(node: ts.Node): ts.Node {
  let current = node;
  while (
    current.parent &&
    (ts.isParenthesizedExpression(current.parent) ||
      ts.isAsExpression(current.parent) ||
      ts.isSatisfiesExpression(current.parent) ||
      ts.isNonNullExpression(current.parent) ||
      ts.isTypeAssertionExpression(current.parent))
  ) {
    current = current.parent;
  }
  return current;
}

function stripExpression(node: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isNonNullExpression(node) || ts.isSatisfiesExpression(node)) node = node.expression;
  return node;
}

/** The name a call's callee ends in: `setTimeout` for `setTimeout(...)`, `on` for `stream.on(...)`. */
export function calleeName(call: ts.CallExpression | ts.NewExpression): string | undefined {
  const callee = stripExpression(call.expression);
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  if (ts.isElementAccessExpression(callee) && ts.isStringLiteralLike(callee.argumentExpression)) return callee.argumentExpression.text;
  return undefined;
}

function calleeReceiver(call: ts.CallExpression): ts.Expression | undefined {
  const callee = stripExpression(call.expression);
  return ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee) ? stripExpression(callee.expression) : undefined;
}

const TEST_FUNCTIONS = new Set([
  'describe', 'it', 'test', 'before', 'after', 'beforeEach', 'afterEach', 'beforeAll', 'afterAll',
  'suite', 'setup', 'teardown', 'suiteSetup', 'suiteTeardown', 'context', 'specify', 'xit', 'xdescribe', 'fit', 'fdescribe', 'bench',
]);
const TIMERS = new Set(['setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask', 'requestAnimationFrame', 'requestIdleCallback']);
const LISTENER_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener', 'addEventListener']);
const PROMISE_METHODS = new Set(['then', 'catch', 'finally']);
const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'head', 'options', 'all', 'use']);
const SERVER_FACTORIES = new Set(['createServer', 'createSecureServer']);
/** Callbacks that run once, at start-up or from a command line: `app.listen(port, cb)`, commander's `.action(cb)`. */
const START_UP_REGISTRATIONS = new Set(['listen', 'action', 'command', 'task']);
const ERROR_PARAMETER = /^(err|error|e|er|ex|exception)$/;
const REQUEST_PARAMETER = /^(req|request|res|response|ctx|context|next)$/i;
const HANDLER_DECORATORS = new Set([
  'Get', 'Post', 'Put', 'Patch', 'Delete', 'All', 'Head', 'Options',
  'MessagePattern', 'EventPattern', 'SubscribeMessage', 'OnEvent', 'Cron', 'Interval', 'Timeout', 'Process', 'OnQueueActive',
]);

export interface Registration {
  readonly kind: RootKind | 'start-up';
  readonly label: string;
  readonly shortName: string;
  readonly certainty: 'proven' | 'likely';
}

function routePath(argument: ts.Expression | undefined): string | undefined {
  if (!argument) return undefined;
  const arg = stripExpression(argument);
  if (ts.isStringLiteralLike(arg) && /^[/*]/.test(arg.text)) return arg.text;
  if (ts.isRegularExpressionLiteral(arg)) return arg.text;
  if (ts.isArrayLiteralExpression(arg) && arg.elements.length > 0 && arg.elements.every((element) => routePath(element) !== undefined)) {
    return routePath(arg.elements[0]);
  }
  return undefined;
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
  const firstArgument = call.arguments[0] ? stripExpression(call.arguments[0]) : undefined;
  const isLast = index === call.arguments.length - 1;

  const rootName = (() => {
    let callee: ts.Expression = stripExpression(call.expression);
    while (ts.isPropertyAccessExpression(callee) || ts.isCallExpression(callee) || ts.isElementAccessExpression(callee)) {
      callee = stripExpression(callee.expression);
    }
    return ts.isIdentifier(callee) ? callee.text : undefined;
  })();
  if (rootName !== undefined && TEST_FUNCTIONS.has(rootName)) return { kind: 'start-up', label: 'test code', shortName: rootName, certainty: 'proven' };
  if (START_UP_REGISTRATIONS.has(name) && receiver) return { kind: 'start-up', label: `the .${name} callback`, shortName: name, certainty: 'proven' };

  if (PROMISE_METHODS.has(name) && receiver) return { kind: 'promise-callback', label: `the .${name} callback`, shortName: `.${name} callback`, certainty: 'proven' };
  if ((TIMERS.has(name) && (!receiver || receiverName === 'globalThis' || receiverName === 'window')) || (name === 'nextTick' && receiverName === 'process')) {
    return { kind: 'timer', label: `the ${name} callback`, shortName: `${name} callback`, certainty: 'proven' };
  }
  if (LISTENER_METHODS.has(name) && receiver && index > 0) {
    const event = firstArgument && ts.isStringLiteralLike(firstArgument) ? firstArgument.text : undefined;
    // process.on('exit' | 'SIGINT' | 'uncaughtException' …) runs at shutdown, where synchronous work is required.
    if (receiverName === 'process' && event !== 'message') return { kind: 'start-up', label: 'a process event handler', shortName: `process ${event ?? ''}`, certainty: 'proven' };
    const label = event === undefined ? 'the event listener' : `the '${event}' listener`;
    return { kind: 'listener', label, shortName: event === undefined ? 'listener' : `'${event}' listener`, certainty: 'proven' };
  }
  if (SERVER_FACTORIES.has(name)) return { kind: 'server-handler', label: 'the request handler', shortName: 'request handler', certainty: 'proven' };
  if (ROUTE_METHODS.has(name) && receiver) {
    const method = name === 'del' ? 'DELETE' : name.toUpperCase();
    const path = routePath(firstArgument);
    if (index > 0 && path !== undefined) {
      const label = name === 'use' ? `the middleware for ${path}` : `the ${method} ${path} handler`;
      return { kind: 'route-handler', label, shortName: name === 'use' ? `${path} middleware` : `${method} ${path} handler`, certainty: 'proven' };
    }
    // router.route('/users').get(handler)
    if (ts.isCallExpression(receiver) && calleeName(receiver) === 'route' && routePath(receiver.arguments[0]) !== undefined) {
      const routed = routePath(receiver.arguments[0])!;
      return { kind: 'route-handler', label: `the ${method} ${routed} handler`, shortName: `${method} ${routed} handler`, certainty: 'proven' };
    }
    // app.use((req, res, next) => …): recognised by the parameters' names only.
    if (name === 'use' && fn && fn.parameters.length >= 2 && fn.parameters.every((parameter) => ts.isIdentifier(parameter.name) && REQUEST_PARAMETER.test(parameter.name.text) || ts.isIdentifier(parameter.name) && ERROR_PARAMETER.test(parameter.name.text))) {
      return { kind: 'route-handler', label: 'the middleware', shortName: 'middleware', certainty: 'likely' };
    }
  }
  // Node-style callbacks (`fs.readFile(path, (err, data) => …)`) run later, on the event loop.
  if (fn && isLast && fn.parameters.length >= 1 && ts.isIdentifier(fn.parameters[0].name) && ERROR_PARAMETER.test(fn.parameters[0].name.text) && !TEST_FUNCTIONS.has(name)) {
    return { kind: 'error-first-callback', label: `the callback of ${name}`, shortName: `${name} callback`, certainty: 'likely' };
  }
  return undefined;
}

function functionName(fn: FunctionLike): string | undefined {
  if (fn.name && (ts.isIdentifier(fn.name) || ts.isPrivateIdentifier(fn.name) || ts.isStringLiteral(fn.name))) return fn.name.text;
  if (ts.isConstructorDeclaration(fn)) return fn.parent.name ? `new ${fn.parent.name.text}` : 'constructor';
  const holder = skipOuterWrappers(fn).parent;
  if (holder && ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name)) return holder.name.text;
  if (holder && ts.isPropertyAssignment(holder) && (ts.isIdentifier(holder.name) || ts.isStringLiteral(holder.name))) return holder.name.text;
  if (holder && ts.isPropertyDeclaration(holder) && ts.isIdentifier(holder.name)) return holder.name.text;
  if (holder && ts.isBinaryExpression(holder) && holder.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(holder.left)) return holder.left.name.text;
  return undefined;
}

/** A short name for a function in messages and call chains. */
export function describeFunction(fn: FunctionLike): string {
  return functionName(fn) ?? (ts.isArrowFunction(fn) ? 'arrow function' : 'function');
}

/** The node whose symbol stands for the function: its name, or the variable or property it is assigned to. */
function declarationNameNode(fn: FunctionLike): ts.Node | undefined {
  if (fn.name) return fn.name;
  const holder = skipOuterWrappers(fn).parent;
  if (holder && (ts.isVariableDeclaration(holder) || ts.isPropertyAssignment(holder) || ts.isPropertyDeclaration(holder))) return holder.name;
  if (holder && ts.isBinaryExpression(holder) && holder.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(holder.left)) return holder.left.name;
  return undefined;
}

interface FileIndex {
  /** Every identifier, by text. */
  identifiers?: Map<string, ts.Identifier[]>;
  /** Expressions passed to registration calls (handlers by name), by the name they end in. */
  registered?: Map<string, Array<{ expression: ts.Expression; registration: Registration }>>;
  worker?: boolean;
}

/** Per-file syntactic indexes, shared by every program that contains the same (unchanged) file. */
const FILE_INDEXES = new WeakMap<ts.SourceFile, FileIndex>();

function fileIndex(file: ts.SourceFile): FileIndex {
  let index = FILE_INDEXES.get(file);
  if (!index) {
    index = {};
    FILE_INDEXES.set(file, index);
  }
  return index;
}

function forEachNode(root: ts.Node, visit: (node: ts.Node) => boolean | void): void {
  const pending: ts.Node[] = [root];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (visit(node) === false) continue;
    const children: ts.Node[] = [];
    ts.forEachChild(node, (child) => {
      children.push(child);
    });
    for (let i = children.length - 1; i >= 0; i--) pending.push(children[i]);
  }
}

function identifiersOf(file: ts.SourceFile): Map<string, ts.Identifier[]> {
  const index = fileIndex(file);
  if (!index.identifiers) {
    const map = new Map<string, ts.Identifier[]>();
    forEachNode(file, (node) => {
      if (ts.isIdentifier(node)) {
        const list = map.get(node.text);
        if (list) list.push(node);
        else map.set(node.text, [node]);
      }
    });
    index.identifiers = map;
  }
  return index.identifiers;
}

function registeredOf(file: ts.SourceFile): Map<string, Array<{ expression: ts.Expression; registration: Registration }>> {
  const index = fileIndex(file);
  if (!index.registered) {
    const map = new Map<string, Array<{ expression: ts.Expression; registration: Registration }>>();
    const add = (expression: ts.Expression, registration: Registration) => {
      const stripped = stripExpression(expression);
      const name = ts.isIdentifier(stripped) ? stripped.text : ts.isPropertyAccessExpression(stripped) ? stripped.name.text : undefined;
      if (name === undefined) return;
      const list = map.get(name) ?? [];
      list.push({ expression: stripped, registration });
      map.set(name, list);
    };
    forEachNode(file, (node) => {
      if (!ts.isCallExpression(node)) return;
      node.arguments.forEach((argument, index) => {
        const registration = registrationOf(node, index);
        if (!registration) return;
        const arg = stripExpression(argument);
        // asyncHandler(handler), [auth, handler]: one level of wrapping.
        const candidates = ts.isCallExpression(arg) ? [...arg.arguments] : ts.isArrayLiteralExpression(arg) ? [...arg.elements] : [arg];
        for (const candidate of candidates) if (ts.isExpression(candidate)) add(candidate, registration);
      });
    });
    index.registered = map;
  }
  return index.registered;
}

/** True when the file runs in a worker thread: it takes `parentPort` or `workerData` from `worker_threads`. */
export function isWorkerFile(file: ts.SourceFile): boolean {
  const index = fileIndex(file);
  if (index.worker === undefined) {
    const text = file.text;
    index.worker = /\bworker_threads\b/.test(text) && /\b(parentPort|workerData)\b/.test(text);
  }
  return index.worker;
}

export class EventLoopAnalysis {
  private readonly classes = new Map<FunctionLike, FunctionClass>();
  private readonly startUpOnly = new Map<FunctionLike, boolean>();
  private projectFilesCache: ts.SourceFile[] | undefined;

  constructor(
    readonly program: ts.Program,
    readonly checker: ts.TypeChecker,
  ) {}

  /** Files of the project itself: not declaration files, not packages. */
  projectFiles(): ts.SourceFile[] {
    this.projectFilesCache ??= this.program.getSourceFiles().filter((file) => this.isProjectFile(file));
    return this.projectFilesCache;
  }

  isProjectFile(file: ts.SourceFile): boolean {
    return !file.isDeclarationFile && !this.program.isSourceFileFromExternalLibrary(file) && !/[\\/]node_modules[\\/]/.test(file.fileName);
  }

  /** Where `node` runs. */
  contextOf(node: ts.Node): CodeContext {
    const file = node.getSourceFile();
    if (isWorkerFile(file)) return { kind: 'worker' };
    let fn = isFunctionLike(node) ? node : enclosingFunctionLike(node);
    const innermost = fn;
    while (fn) {
      const cls = this.classify(fn);
      switch (cls.kind) {
        case 'root':
          return { kind: 'event-loop', root: cls.root, direct: fn === innermost };
        case 'helper':
          return { kind: 'helper', fn };
        case 'start-up':
          return { kind: 'start-up' };
        case 'opaque':
          return { kind: 'other' };
        case 'inherit':
          fn = enclosingFunctionLike(fn);
      }
    }
    return { kind: 'start-up' };
  }

  classify(fn: FunctionLike): FunctionClass {
    let cls = this.classes.get(fn);
    if (!cls) {
      // Guard against cycles through start-up analysis: assume a helper meanwhile.
      this.classes.set(fn, { kind: 'helper' });
      cls = this.computeClass(fn);
      this.classes.set(fn, cls);
    }
    return cls;
  }

  private root(fn: FunctionLike, registration: Omit<Registration, 'kind'> & { kind: RootKind }, mayBecomeAsync: boolean): FunctionClass {
    return { kind: 'root', root: { fn, kind: registration.kind, label: registration.label, shortName: registration.shortName, certainty: registration.certainty, mayBecomeAsync } };
  }

  private computeClass(fn: FunctionLike): FunctionClass {
    const async = isAsync(fn);
    if (fn.asteriskToken && !async) return { kind: 'opaque' };
    const name = describeFunction(fn);
    const asyncRoot = (label: string): FunctionClass =>
      this.root(fn, { kind: 'async-function', label, shortName: name, certainty: 'proven' }, true);

    const position = skipOuterWrappers(fn);
    const parent = position.parent;
    // A function passed as an argument.
    if (parent && (ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.expression !== position) {
      if (ts.isNewExpression(parent)) return async ? asyncRoot(`the async ${name}`) : { kind: 'inherit' };
      const index = parent.arguments.indexOf(position as ts.Expression);
      const registration = registrationOf(parent, index, fn);
      if (registration?.kind === 'start-up') return { kind: 'start-up' };
      if (registration) {
        const ignoresReturn = registration.kind !== 'error-first-callback';
        return this.root(fn, { ...registration, kind: registration.kind }, ignoresReturn);
      }
      if (async) return asyncRoot(`the async ${name}`);
      return { kind: 'inherit' };
    }
    // An immediately invoked function runs where it is written.
    if (parent && ts.isCallExpression(parent) && parent.expression === position) return async ? asyncRoot(`the async ${name}`) : { kind: 'inherit' };
    // { handler(req) { … } } passed to fastify.route / server.route.
    if (parent && (ts.isPropertyAssignment(parent) || ts.isMethodDeclaration(fn)) && this.isRouteObjectHandler(fn)) {
      return this.root(fn, { kind: 'route-handler', label: 'the route handler', shortName: `${name} route handler`, certainty: 'proven' }, true);
    }
    if (ts.isMethodDeclaration(fn)) {
      const decorator = ts.getDecorators(fn)?.find((candidate) => {
        const expression = ts.isCallExpression(candidate.expression) ? candidate.expression.expression : candidate.expression;
        return ts.isIdentifier(expression) && HANDLER_DECORATORS.has(expression.text);
      });
      if (decorator) {
        return this.root(fn, { kind: 'decorated-handler', label: `the handler \`${name}\``, shortName: name, certainty: 'proven' }, true);
      }
    }
    if (async) {
      if (this.isStartUpOnly(fn)) return { kind: 'start-up' };
      return asyncRoot(`the async function \`${name}\``);
    }
    const registration = this.registrationByName(fn);
    if (registration) {
      if (registration.kind === 'start-up') return { kind: 'start-up' };
      return this.root(fn, { ...registration, kind: registration.kind, label: `\`${name}\` (${registration.label})`, shortName: name }, false);
    }
    return { kind: 'helper' };
  }

  private isRouteObjectHandler(fn: FunctionLike): boolean {
    const holder = ts.isMethodDeclaration(fn) ? fn : skipOuterWrappers(fn).parent;
    if (!holder || !(ts.isPropertyAssignment(holder) || ts.isMethodDeclaration(holder))) return false;
    if (!holder.name || !ts.isIdentifier(holder.name) || holder.name.text !== 'handler') return false;
    const object = holder.parent;
    if (!ts.isObjectLiteralExpression(object)) return false;
    const call = skipOuterWrappers(object).parent;
    return !!call && ts.isCallExpression(call) && calleeName(call) === 'route' &&
      object.properties.some((property) => property.name && ts.isIdentifier(property.name) && (property.name.text === 'url' || property.name.text === 'path'));
  }

  /** The declarations a reference resolves to, following import aliases. */
  private declarationsAt(node: ts.Node): readonly ts.Declaration[] {
    let symbol = ts.isShorthandPropertyAssignment(node.parent) && node.parent.name === node
      ? this.checker.getShorthandAssignmentValueSymbol(node.parent)
      : this.checker.getSymbolAtLocation(node);
    for (let hops = 0; symbol && symbol.flags & ts.SymbolFlags.Alias && hops < 8; hops++) {
      const target = this.checker.getAliasedSymbol(symbol);
      if (target === symbol) break;
      symbol = target;
    }
    return symbol?.declarations ?? [];
  }

  private refersTo(reference: ts.Node, fn: FunctionLike): boolean {
    const nameNode = declarationNameNode(fn);
    const holder = nameNode?.parent;
    return this.declarationsAt(reference).some((declaration: ts.Node) => declaration === fn || declaration === holder || (!!holder && ts.isBinaryExpression(holder) && declaration === holder.left));
  }

  /** A function registered by name (`app.get('/', handler)`, `emitter.on('x', onX)`) anywhere in the project. */
  private registrationByName(fn: FunctionLike): Registration | undefined {
    const nameNode = declarationNameNode(fn);
    if (!nameNode || !(ts.isIdentifier(nameNode) || ts.isStringLiteral(nameNode))) return undefined;
    const name = nameNode.text;
    for (const file of this.projectFiles()) {
      const entries = registeredOf(file).get(name);
      if (!entries) continue;
      for (const { expression, registration } of entries) {
        const reference = ts.isPropertyAccessExpression(expression) ? expression.name : expression;
        if (this.refersTo(reference, fn)) return registration;
      }
    }
    return undefined;
  }

  /**
   * True when every use of `fn` in the project is a call made from start-up
   * code: module top level, or a function itself reached only from start-up.
   * False when it has no known use (an exported API) or any other use.
   */
  isStartUpOnly(fn: FunctionLike): boolean {
    const known = this.startUpOnly.get(fn);
    if (known !== undefined) return known;
    this.startUpOnly.set(fn, true); // recursion: a function calling itself does not make it a root
    const result = this.computeStartUpOnly(fn);
    this.startUpOnly.set(fn, result);
    return result;
  }

  private computeStartUpOnly(fn: FunctionLike): boolean {
    const nameNode = declarationNameNode(fn);
    if (!nameNode || !(ts.isIdentifier(nameNode) || ts.isStringLiteral(nameNode) || ts.isPrivateIdentifier(nameNode))) return false;
    if (ts.isPrivateIdentifier(nameNode)) return false;
    const name = nameNode.text;
    let uses = 0;
    for (const file of this.projectFiles()) {
      const identifiers = identifiersOf(file).get(name);
      if (!identifiers) continue;
      for (const identifier of identifiers) {
        if (identifier === nameNode) continue;
        const parent = identifier.parent;
        if (ts.isImportSpecifier(parent) || ts.isExportSpecifier(parent) || ts.isImportClause(parent) || ts.isNamespaceImport(parent) || ts.isImportEqualsDeclaration(parent)) continue;
        if (!this.refersTo(identifier, fn)) continue;
        uses++;
        const reference = ts.isPropertyAccessExpression(parent) && parent.name === identifier ? parent : identifier;
        const call = skipOuterWrappers(reference).parent;
        if (!call || !ts.isCallExpression(call) || skipOuterWrappers(call.expression) !== skipOuterWrappers(reference)) return false;
        const context = this.contextOf(call);
        if (context.kind === 'start-up') continue;
        if (context.kind === 'helper' && this.isStartUpOnly(context.fn)) continue;
        return false;
      }
    }
    return uses > 0;
  }
}

const ANALYSES = new WeakMap<ts.Program, EventLoopAnalysis>();

export function eventLoopAnalysis(program: ts.Program, checker: ts.TypeChecker): EventLoopAnalysis {
  let analysis = ANALYSES.get(program);
  if (!analysis) {
    analysis = new EventLoopAnalysis(program, checker);
    ANALYSES.set(program, analysis);
  }
  return analysis;
}
