import * as ts from 'typescript';
import { SETUP_WIZARD_FILES, TOOLING_DIRECTORIES } from '../knowledge/files';
import { COMMAND_REGISTRATIONS, HANDLER_DECORATORS, ROUTE_METHODS, TEST_FUNCTIONS } from '../knowledge/frameworks';
import { IN_PLACE_CALLBACK_CALLS, ONCE_TIMERS, PROMISE_CALLBACK_METHODS, REPEATING_TIMERS } from '../knowledge/javascript';
import { DEV_OR_TEST_CONDITIONS, ERROR_PARAMETER_NAMES, HANDLER_PARAMETER_NAMES, REQUEST_PARAMETER_NAMES, RESTART_NAMES } from '../knowledge/names';
import { ONCE_EVENTS, ONCE_LISTENER_METHODS, REPEATING_LISTENER_METHODS, SERVER_EVENTS, SERVER_FACTORIES, SERVER_START_TEXT } from '../knowledge/node';
import { calleeName, enclosingFunction, type FunctionLike, hasModifier, isAsync, isFunctionLike, skipOuterWrappers, stripWrappers } from '../syntax';

/**
 * When does code run? The blocking-the-event-loop rules only care about code
 * that runs while the process serves work: inside async functions, promise
 * callbacks and functions registered to run later (request and route
 * handlers, event listeners, timers, stream and socket callbacks). Code at
 * module top level, code reached only from start-up (a `main()` run once),
 * test code, shutdown handlers and files that run in a worker thread are not
 * on the event loop in that sense: blocking there costs nobody else anything.
 *
 * Callbacks that run once per registration (promise callbacks, `setTimeout`,
 * `once` listeners, Node-style `(err, …)` callbacks, async callbacks handed
 * to other functions) run in the context of the code that registered them: at
 * start-up when registered at start-up, on the event loop when registered by a
 * handler. Callbacks that run again and again (routes, `on` listeners,
 * `setInterval`) are on the event loop wherever they were registered, except
 * inside test code and command-line actions. Files that only run as a script
 * (a shebang or top-level code that runs something, and everything only such
 * scripts import) belong to processes that serve nothing: start-up too.
 *
 * One `EventLoopAnalysis` exists per program (memoised), so what is learnt
 * about a function (is it a root, is it reached only from start-up) is
 * computed once however many rules and files ask.
 */

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
  | { readonly kind: 'helper'; readonly fn: FunctionLike; /** The once-callback inside it the node is in, if any. */ readonly via?: EventLoopRoot }
  | { readonly kind: 'start-up' }
  | { readonly kind: 'worker' }
  | { readonly kind: 'other' };

type Uses = 'start-up' | 'dev-only' | 'elsewhere' | 'unknown';

type FunctionClass =
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

function calleeReceiver(call: ts.CallExpression): ts.Expression | undefined {
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

function outermostCallee(call: ts.CallExpression): string | undefined {
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
  const root = (kind: RootKind, label: string, shortName: string, repeats: boolean, certainty: 'proven' | 'likely' = 'proven'): Registration => ({ kind, label, shortName, certainty, repeats });
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
    if (name === 'use' && fn && fn.parameters.length >= 2 && fn.parameters.every((parameter) => named(parameter, REQUEST_PARAMETER_NAMES.pattern) || named(parameter, ERROR_PARAMETER_NAMES.pattern))) {
      return root('route-handler', 'the middleware', 'middleware', true, 'likely');
    }
  }
  // Node-style callbacks (`fs.readFile(path, (err, data) => …)`) run once, later.
  if (fn && isLast && fn.parameters.length >= 1 && ts.isIdentifier(fn.parameters[0].name) && ERROR_PARAMETER_NAMES.pattern.test(fn.parameters[0].name.text)) {
    return root('error-first-callback', `the callback of ${name}`, `${name} callback`, false, 'likely');
  }
  return undefined;
}

function functionName(fn: FunctionLike): string | undefined {
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
  registered?: Map<string, RegisteredExpression[]>;
  worker?: boolean;
  /** Module specifiers the file imports or requires (string literal nodes). */
  specifiers?: ts.StringLiteralLike[];
  /** Route handlers, request handlers, `listen`, `setInterval`, connection listeners: the file makes its process a server. */
  serves?: boolean;
  /** A shebang, or top-level code that runs something: the file is run as a script. */
  runs?: boolean;
  /** The file calls `x.listen(…)`, `createServer(…)` or `createSecureServer(…)` somewhere. */
  startsServers?: boolean;
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

function isRequireCall(node: ts.Node): node is ts.CallExpression {
  return ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'require' && node.arguments.length === 1 && ts.isStringLiteralLike(node.arguments[0]);
}

/** Builds the syntactic facts of a file in one walk. */
function scanFile(file: ts.SourceFile): void {
  const index = fileIndex(file);
  if (index.registered) return;
  const registered = new Map<string, RegisteredExpression[]>();
  const specifiers: ts.StringLiteralLike[] = [];
  let serves = false;
  let startsServers = false;
  const add = (expression: ts.Expression, registration: Registration) => {
    const stripped = stripWrappers(expression);
    const name = ts.isIdentifier(stripped) ? stripped.text : ts.isPropertyAccessExpression(stripped) ? stripped.name.text : undefined;
    if (name === undefined) return;
    const list = registered.get(name) ?? [];
    list.push({ expression: stripped, registration });
    registered.set(name, list);
  };
  forEachNode(file, (node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteralLike(node.moduleSpecifier)) specifiers.push(node.moduleSpecifier);
    if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteralLike(node.moduleReference.expression)) {
      specifiers.push(node.moduleReference.expression);
    }
    if (!ts.isCallExpression(node)) return;
    if (isRequireCall(node)) specifiers.push(node.arguments[0] as ts.StringLiteralLike);
    if (node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteralLike(node.arguments[0])) specifiers.push(node.arguments[0]);
    const name = calleeName(node);
    if (isServerStart(node, name)) startsServers = true;
    if ((name === 'listen' || name === 'route') && calleeReceiver(node)) serves = true;
    const event = node.arguments[0] && ts.isStringLiteralLike(node.arguments[0]) ? node.arguments[0].text : undefined;
    if (name === 'on' && event !== undefined && SERVER_EVENTS.names.has(event)) serves = true;
    node.arguments.forEach((argument, position) => {
      const registration = registrationOf(node, position);
      if (!registration) return;
      if (registration.kind === 'route-handler' || registration.kind === 'server-handler' || (registration.kind === 'timer' && registration.repeats)) serves = true;
      const arg = stripWrappers(argument);
      // asyncHandler(handler), [auth, handler]: one level of wrapping.
      const candidates = ts.isCallExpression(arg) ? [...arg.arguments] : ts.isArrayLiteralExpression(arg) ? [...arg.elements] : [arg];
      for (const candidate of candidates) if (ts.isExpression(candidate)) add(candidate, registration);
    });
  });
  index.registered = registered;
  index.specifiers = specifiers;
  index.startsServers = startsServers;
  index.serves = serves || /@(Controller|WebSocketGateway|Get|Post|Put|Patch|Delete|MessagePattern|EventPattern|SubscribeMessage|Cron|Interval)\(/.test(file.text);
  index.runs = file.text.startsWith('#!') || file.statements.some((statement) => runsSomething(statement));
}

/** A top-level statement that does work when the module loads (not a require, an export, a declaration). */
function runsSomething(statement: ts.Statement): boolean {
  if (ts.isIfStatement(statement)) return runsSomething(statement.thenStatement) || (!!statement.elseStatement && runsSomething(statement.elseStatement));
  if (ts.isBlock(statement)) return statement.statements.some(runsSomething);
  if (!ts.isExpressionStatement(statement)) return false;
  let expression = stripWrappers(statement.expression);
  if (ts.isAwaitExpression(expression) || ts.isVoidExpression(expression)) expression = stripWrappers(expression.expression);
  if (!ts.isCallExpression(expression)) return false;
  if (isRequireCall(expression)) return false;
  // main(), main().catch(…), (async () => { … })(), program.parse(…)
  const callee = outermostCallee(expression);
  return callee !== 'require' && callee !== 'Object' && callee !== 'exports' && callee !== 'module';
}

function registeredOf(file: ts.SourceFile): Map<string, RegisteredExpression[]> {
  scanFile(file);
  return fileIndex(file).registered!;
}

/** A handler passed by name to a registration call (`app.get('/', handler)`). */
interface RegisteredExpression {
  readonly expression: ts.Expression;
  readonly registration: Registration;
}

/** An item found in a project file: `file` is the file's position among the project files, `order` the item's position in the scan that found it. */
interface Occurrence<T> {
  readonly item: T;
  readonly file: number;
  readonly order: number;
}

/** Occurrences by the declarations their reference resolves to. */
type ByDeclaration<T> = Map<ts.Node, Occurrence<T>[]>;

/**
 * Items of every project file (identifiers, handlers registered by name) by
 * name and, for each name asked about, by the declarations they resolve to:
 * what refers to a function is then a lookup instead of a walk over every
 * project file for every function, which grew with the square of the project.
 * One per program (held by its `EventLoopAnalysis`); it is built from the
 * per-file indexes, which belong to the SourceFile, so the next program, where
 * an edited file is a new SourceFile, sees the edit.
 */
class ProjectIndex<T> {
  /** Name → positions of the files that have items of that name, in project order. */
  private readonly filesByName = new Map<string, number[]>();
  private readonly resolved = new Map<string, ByDeclaration<T>>();

  constructor(
    private readonly files: readonly ts.SourceFile[],
    private readonly itemsOf: (file: ts.SourceFile) => ReadonlyMap<string, readonly T[]>,
    /** Which items count; decided without the checker, before it is asked. */
    private readonly keep: (item: T) => boolean,
    private readonly reference: (item: T) => ts.Node,
    private readonly resolve: (occurrences: Occurrence<T>[], reference: (item: T) => ts.Node) => ByDeclaration<T>,
  ) {
    files.forEach((file, position) => {
      for (const name of itemsOf(file).keys()) {
        const positions = this.filesByName.get(name);
        if (positions) positions.push(position);
        else this.filesByName.set(name, [position]);
      }
    });
  }

  /** The items named `name` by the declarations they resolve to (each resolved once, when the name is first asked about). */
  forName(name: string): ByDeclaration<T> {
    let index = this.resolved.get(name);
    if (!index) {
      const occurrences: Occurrence<T>[] = [];
      for (const file of this.filesByName.get(name) ?? []) {
        for (const item of this.itemsOf(this.files[file]).get(name) ?? []) if (this.keep(item)) occurrences.push({ item, file, order: occurrences.length });
      }
      index = this.resolve(occurrences, this.reference);
      this.resolved.set(name, index);
    }
    return index;
  }
}

/** The local names imports and `require`s give things, in every project file, in order. */
function importLocalsOf(files: readonly ts.SourceFile[]): Occurrence<ts.Identifier>[] {
  const occurrences: Occurrence<ts.Identifier>[] = [];
  files.forEach((file, position) => {
    scanFile(file);
    for (const specifier of fileIndex(file).specifiers!) {
      const statement = specifier.parent;
      const locals: ts.Identifier[] = [];
      if (ts.isImportDeclaration(statement) && statement.importClause) {
        const clause = statement.importClause;
        if (clause.name) locals.push(clause.name);
        if (clause.namedBindings && ts.isNamedImports(clause.namedBindings)) for (const element of clause.namedBindings.elements) locals.push(element.name);
      } else if (ts.isCallExpression(statement) && ts.isVariableDeclaration(statement.parent) && ts.isIdentifier(statement.parent.name)) {
        locals.push(statement.parent.name);
      }
      for (const local of locals) occurrences.push({ item: local, file: position, order: occurrences.length });
    }
  });
  return occurrences;
}

/**
 * False for an identifier that only names, imports or exports something
 * (a declaration, an import, `module.exports = { main }`, `exports.x = x`):
 * it is no use of what it refers to.
 */
function mayUse(identifier: ts.Identifier): boolean {
  const parent = identifier.parent;
  if (ts.isImportSpecifier(parent) || ts.isExportSpecifier(parent) || ts.isImportClause(parent) || ts.isNamespaceImport(parent) || ts.isImportEqualsDeclaration(parent)) return false;
  if (ts.isVariableDeclaration(parent) && parent.name === identifier) return false;
  // const { upgradePlugins } = require('./upgrade-plugins'): a local name, like an import.
  if (ts.isBindingElement(parent)) return false;
  // module.exports = { main } / export default { main }: exporting is not using.
  if ((ts.isShorthandPropertyAssignment(parent) || (ts.isPropertyAssignment(parent) && parent.initializer === identifier)) && isExportObject(parent.parent)) return false;
  if (ts.isExportAssignment(parent)) return false;
  // The left side of `exports.info = …` defines, it does not use.
  if (ts.isPropertyAccessExpression(parent) && parent.name === identifier && ts.isBinaryExpression(parent.parent) && parent.parent.left === parent && parent.parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) return false;
  // exports.info = info / module.exports.info = info: exporting is not using either.
  if (ts.isBinaryExpression(parent) && parent.right === identifier && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && /^(module\.)?exports\b/.test(parent.left.getText())) return false;
  return true;
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

const SETUP_FILES = new WeakMap<ts.SourceFile, boolean>();

/**
 * True when the file is a setup or onboarding wizard: named `setup…`,
 * `onboard…`, `install…`, it starts a server of its own and closes it when
 * the administrator is done. It runs once, before the real server starts.
 */
function isSetupWizardFile(file: ts.SourceFile): boolean {
  let known = SETUP_FILES.get(file);
  if (known === undefined) {
    const text = file.text;
    const base = file.fileName.slice(Math.max(file.fileName.lastIndexOf('/'), file.fileName.lastIndexOf('\\')) + 1);
    known = SETUP_WIZARD_FILES.pattern.test(base) && SERVER_START_TEXT.test(text) && /\.close\s*\(/.test(text);
    SETUP_FILES.set(file, known);
  }
  return known;
}

/** True when the file is under a `scripts/`, `tools/`, `examples/` or `benchmarks/` directory of the project (`root`). */
function inToolingDirectory(file: ts.SourceFile, root: string): boolean {
  const prefix = root.endsWith('/') ? root : `${root}/`;
  return file.fileName.startsWith(prefix) && TOOLING_DIRECTORIES.pattern.test(file.fileName.slice(prefix.length));
}

const RESTARTS = new WeakMap<FunctionLike, boolean>();

/** True when the function restarts the server: it calls `restartServer…` or emits a `restartServer` event. */
function restartsServer(fn: FunctionLike): boolean {
  let known = RESTARTS.get(fn);
  if (known === undefined) {
    known = false;
    if (fn.body) {
      forEachNode(fn.body, (node) => {
        if (known) return false;
        if (!ts.isCallExpression(node)) return undefined;
        if (RESTART_NAMES.pattern.test(calleeName(node) ?? '') || node.arguments.some((argument) => ts.isStringLiteralLike(argument) && RESTART_NAMES.pattern.test(argument.text))) known = true;
        return undefined;
      });
    }
    RESTARTS.set(fn, known);
  }
  return known;
}

export class EventLoopAnalysis {
  private readonly classes = new Map<FunctionLike, FunctionClass>();
  private readonly startUpOnly = new Map<FunctionLike, Uses>();
  private projectFilesCache: ts.SourceFile[] | undefined;
  private scriptOnlyFiles: Set<ts.SourceFile> | undefined;
  private readonly names = new Map<FunctionLike, string[]>();
  /** Project-wide indexes, built on first need (see `ProjectIndex`). */
  private identifierIndex: ProjectIndex<ts.Identifier> | undefined;
  private registrationIndex: ProjectIndex<RegisteredExpression> | undefined;
  private importLocals: ByDeclaration<ts.Identifier> | undefined;

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

  /**
   * True when the file only ever runs in a process that serves nothing: every
   * file that is not imported by another (an entry) and reaches it through
   * imports is run as a script, and nothing those scripts reach handles
   * requests. Libraries (entries that run nothing) and servers are not.
   */
  isScriptOnly(file: ts.SourceFile): boolean {
    this.scriptOnlyFiles ??= this.computeScriptOnly();
    return this.scriptOnlyFiles.has(file);
  }

  private computeScriptOnly(): Set<ts.SourceFile> {
    const files = this.projectFiles();
    const inProject = new Set(files);
    const edges = new Map<ts.SourceFile, ts.SourceFile[]>();
    const imported = new Set<ts.SourceFile>();
    for (const file of files) {
      scanFile(file);
      const targets: ts.SourceFile[] = [];
      for (const specifier of fileIndex(file).specifiers!) {
        if (!specifier.text.startsWith('.') && !specifier.text.startsWith('/')) continue;
        let target: ts.SourceFile | undefined;
        try {
          const declaration = this.checker.getSymbolAtLocation(specifier)?.valueDeclaration;
          target = declaration && ts.isSourceFile(declaration) ? declaration : undefined;
        } catch {
          target = undefined;
        }
        if (target && inProject.has(target) && target !== file) {
          targets.push(target);
          imported.add(target);
        }
      }
      edges.set(file, targets);
    }
    const reach = (entry: ts.SourceFile) => {
      const seen = new Set([entry]);
      const queue = [entry];
      for (let head = 0; head < queue.length; head++) for (const next of edges.get(queue[head]) ?? []) if (!seen.has(next)) (seen.add(next), queue.push(next));
      return seen;
    };
    const scriptReached = new Set<ts.SourceFile>();
    const otherReached = new Set<ts.SourceFile>();
    for (const entry of files) {
      if (imported.has(entry)) continue;
      const reached = reach(entry);
      const script = fileIndex(entry).runs === true && ![...reached].some((file) => fileIndex(file).serves);
      for (const file of reached) (script ? scriptReached : otherReached).add(file);
    }
    return new Set([...scriptReached].filter((file) => !otherReached.has(file)));
  }

  /** Where `node` runs. */
  contextOf(node: ts.Node): CodeContext {
    const file = node.getSourceFile();
    if (isWorkerFile(file)) return { kind: 'worker' };
    let fn = isFunctionLike(node) ? node : enclosingFunction(node);
    const innermost = fn;
    // The innermost once-callback: named as the root when its registrar is on the event loop.
    let deferred: { fn: FunctionLike; root: EventLoopRoot } | undefined;
    let likely = false;
    while (fn) {
      const cls = this.classify(fn);
      switch (cls.kind) {
        case 'root': {
          if (this.isScriptOnly(file) || isSetupWizardFile(file) || inToolingDirectory(file, this.program.getCurrentDirectory()) || restartsServer(fn)) return { kind: 'start-up' };
          const root = deferred?.root ?? cls.root;
          const certainty = likely || cls.root.certainty === 'likely' ? 'likely' : root.certainty;
          return { kind: 'event-loop', root: certainty === root.certainty ? root : { ...root, certainty }, direct: (deferred?.fn ?? fn) === innermost };
        }
        case 'once':
          if (!deferred) deferred = { fn, root: cls.root };
          if (cls.root.certainty === 'likely') likely = true;
          fn = enclosingFunction(fn);
          break;
        case 'helper':
          return deferred ? { kind: 'helper', fn, via: deferred.root } : { kind: 'helper', fn };
        case 'start-up':
          return { kind: 'start-up' };
        case 'opaque':
          return { kind: 'other' };
        case 'inherit':
          fn = enclosingFunction(fn);
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

  private makeRoot(fn: FunctionLike, registration: { kind: RootKind; label: string; shortName: string; certainty: 'proven' | 'likely' }, mayBecomeAsync: boolean): EventLoopRoot {
    return { fn, kind: registration.kind, label: registration.label, shortName: registration.shortName, certainty: registration.certainty, mayBecomeAsync };
  }

  /** True when `fn` is inside test code or a command-line action, where nothing serves requests. */
  private insideWholeStartUp(fn: FunctionLike): boolean {
    for (let outer = enclosingFunction(fn); outer; outer = enclosingFunction(outer)) {
      const position = skipOuterWrappers(outer);
      const call = position.parent;
      if (call && ts.isCallExpression(call) && call.expression !== position) {
        const registration = registrationOf(call, call.arguments.indexOf(position as ts.Expression), outer);
        if (registration?.kind === 'start-up' && registration.whole) return true;
        if (registration && inDevOrTestBranch(call)) return true;
      } else if (this.uses(outer) === 'dev-only') {
        // Registered by a function only development or test mode runs (a dev server plugin).
        return true;
      }
    }
    return false;
  }

  private computeClass(fn: FunctionLike): FunctionClass {
    const async = isAsync(fn);
    if (fn.asteriskToken && !async) return { kind: 'opaque' };
    const name = describeFunction(fn);

    const position = skipOuterWrappers(fn);
    const parent = position.parent;
    // An immediately invoked function runs where it is written; so does a promise executor.
    if (parent && ts.isCallExpression(parent) && parent.expression === position) return { kind: 'inherit' };
    if (parent && ts.isNewExpression(parent)) return { kind: 'inherit' };
    // A function passed as an argument.
    if (parent && ts.isCallExpression(parent)) {
      const index = parent.arguments.indexOf(position as ts.Expression);
      const registration = registrationOf(parent, index, fn);
      if (registration?.kind === 'start-up') return { kind: 'start-up' };
      if (registration && inDevOrTestBranch(parent)) return { kind: 'start-up' };
      if (registration) {
        const root = this.makeRoot(fn, { ...registration, kind: registration.kind }, registration.kind !== 'error-first-callback');
        if (!registration.repeats) return { kind: 'once', root };
        return this.insideWholeStartUp(fn) ? { kind: 'start-up' } : { kind: 'root', root };
      }
      const callee = calleeName(parent);
      if (!async || (callee !== undefined && IN_PLACE_CALLBACK_CALLS.names.has(callee))) return { kind: 'inherit' };
      const label = `the async callback of \`${callee ?? 'a call'}\``;
      const root = this.makeRoot(fn, { kind: 'async-function', label, shortName: `${callee ?? 'async'} callback`, certainty: 'likely' }, true);
      // Handed to an unknown function from inside a function: part of that function's work. From top level: a registration.
      if (enclosingFunction(fn)) return { kind: 'once', root };
      return this.insideWholeStartUp(fn) ? { kind: 'start-up' } : { kind: 'root', root };
    }
    // { handler(req) { … } } passed to fastify.route / server.route.
    if (this.isRouteObjectHandler(fn)) {
      return { kind: 'root', root: this.makeRoot(fn, { kind: 'route-handler', label: 'the route handler', shortName: `${name} route handler`, certainty: 'proven' }, true) };
    }
    if (ts.isMethodDeclaration(fn)) {
      const decorator = ts.getDecorators(fn)?.find((candidate) => {
        const expression = ts.isCallExpression(candidate.expression) ? candidate.expression.expression : candidate.expression;
        return ts.isIdentifier(expression) && HANDLER_DECORATORS.names.has(expression.text);
      });
      if (decorator) return { kind: 'root', root: this.makeRoot(fn, { kind: 'decorated-handler', label: `the handler \`${name}\``, shortName: name, certainty: 'proven' }, true) };
    }
    const registration = this.registrationByName(fn);
    if (registration?.kind === 'start-up') return { kind: 'start-up' };
    if (registration) {
      return { kind: 'root', root: this.makeRoot(fn, { ...registration, kind: registration.kind, label: `\`${name}\` (${registration.label})`, shortName: name }, false) };
    }
    if (async) {
      if (startsServer(fn, this.checker)) return { kind: 'start-up' };
      const uses = this.uses(fn);
      if (uses === 'start-up' || uses === 'dev-only') return { kind: 'start-up' };
      // Nobody in the project calls it (framework hooks, an exported API): a root only when it looks like a handler.
      if (uses === 'unknown' && !looksLikeHandler(fn)) return { kind: 'start-up' };
      const certainty = uses === 'unknown' ? 'likely' : 'proven';
      const label = functionName(fn) === undefined ? `the anonymous async ${ts.isArrowFunction(fn) ? 'arrow function' : 'function'}` : `the async function \`${name}\``;
      return { kind: 'root', root: this.makeRoot(fn, { kind: 'async-function', label, shortName: name, certainty }, true) };
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
    return (
      !!call &&
      ts.isCallExpression(call) &&
      calleeName(call) === 'route' &&
      object.properties.some((property) => property.name && ts.isIdentifier(property.name) && (property.name.text === 'url' || property.name.text === 'path'))
    );
  }

  /** The declarations a reference resolves to, following import aliases and shorthand properties. */
  private declarationsAt(node: ts.Node): readonly ts.Node[] {
    let symbol =
      ts.isShorthandPropertyAssignment(node.parent) && node.parent.name === node ? this.checker.getShorthandAssignmentValueSymbol(node.parent) : this.checker.getSymbolAtLocation(node);
    for (let hops = 0; symbol && symbol.flags & ts.SymbolFlags.Alias && hops < 8; hops++) {
      const target = this.checker.getAliasedSymbol(symbol);
      if (target === symbol) break;
      symbol = target;
    }
    const declarations: ts.Node[] = [...(symbol?.declarations ?? [])];
    // export default { handler } / module.exports = { handler: handler }: one more hop to the function.
    for (const declaration of symbol?.declarations ?? []) {
      if (ts.isShorthandPropertyAssignment(declaration)) declarations.push(...(this.checker.getShorthandAssignmentValueSymbol(declaration)?.declarations ?? []));
      if (ts.isPropertyAssignment(declaration) && ts.isIdentifier(declaration.initializer)) declarations.push(...(this.checker.getSymbolAtLocation(declaration.initializer)?.declarations ?? []));
    }
    return declarations;
  }

  /** The nodes a reference to `fn` resolves to: the function, the declaration holding it, the `exports.x` it is assigned to. */
  private declarationsOf(fn: FunctionLike): ts.Node[] {
    const holder = declarationNameNode(fn)?.parent ?? skipOuterWrappers(fn).parent;
    const declarations: ts.Node[] = [fn];
    if (holder) declarations.push(holder);
    if (holder && ts.isBinaryExpression(holder)) declarations.push(holder.left);
    return declarations;
  }

  /** Indexes occurrences by the declarations their reference resolves to, asking the checker once per occurrence. */
  private byDeclaration<T>(occurrences: Iterable<Occurrence<T>>, reference: (item: T) => ts.Node): ByDeclaration<T> {
    const index: ByDeclaration<T> = new Map();
    for (const occurrence of occurrences) {
      for (const declaration of new Set(this.declarationsAt(reference(occurrence.item)))) {
        const list = index.get(declaration);
        if (list) list.push(occurrence);
        else index.set(declaration, [occurrence]);
      }
    }
    return index;
  }

  /** The occurrences in `index` that refer to `fn`, each once, in scan order. */
  private referencesTo<T>(fn: FunctionLike, index: ByDeclaration<T>): Occurrence<T>[] {
    const found = new Set<Occurrence<T>>();
    for (const declaration of this.declarationsOf(fn)) for (const occurrence of index.get(declaration) ?? []) found.add(occurrence);
    return [...found].sort((a, b) => a.order - b.order);
  }

  /**
   * The occurrences of `fn`'s names that refer to it, file by file in project
   * order and, within a file, name by name: the order a scan of every file
   * would meet them in, so that the first use decides as it always has.
   */
  private referencesByName<T>(fn: FunctionLike, index: ProjectIndex<T>): Occurrence<T>[] {
    const found = this.namesOf(fn).flatMap((name, rank) => this.referencesTo(fn, index.forName(name)).map((occurrence) => ({ occurrence, rank })));
    found.sort((a, b) => a.occurrence.file - b.occurrence.file || a.rank - b.rank || a.occurrence.order - b.occurrence.order);
    return found.map(({ occurrence }) => occurrence);
  }

  /**
   * A function registered by name (`app.get('/', handler)`, `emitter.on('x', onX)`,
   * `process.on('SIGINT', shutdown)`) anywhere in the project: a repeating
   * registration makes it a root, a start-up one (only) makes it start-up.
   */
  private registrationByName(fn: FunctionLike): Registration | undefined {
    this.registrationIndex ??= new ProjectIndex(
      this.projectFiles(),
      registeredOf,
      ({ registration }) => registration.kind === 'start-up' || registration.repeats,
      ({ expression }) => (ts.isPropertyAccessExpression(expression) ? expression.name : expression),
      (occurrences, reference) => this.byDeclaration(occurrences, reference),
    );
    let startUp: Registration | undefined;
    for (const { item: { expression, registration } } of this.referencesByName(fn, this.registrationIndex)) {
      if (registration.kind !== 'start-up' && !inDevOrTestBranch(expression)) return registration;
      startUp ??= registration;
    }
    return startUp;
  }

  /** The names the function is known by: its own, and the local names imports give it elsewhere. */
  private namesOf(fn: FunctionLike): string[] {
    let known = this.names.get(fn);
    if (!known) {
      known = this.computeNames(fn);
      this.names.set(fn, known);
    }
    return known;
  }

  private computeNames(fn: FunctionLike): string[] {
    const names = new Set<string>();
    const nameNode = declarationNameNode(fn);
    if (nameNode && (ts.isIdentifier(nameNode) || ts.isStringLiteral(nameNode))) names.add(nameNode.text);
    const isDefault = hasModifier(fn, ts.SyntaxKind.DefaultKeyword) || ts.isExportAssignment(skipOuterWrappers(fn).parent);
    if (isDefault) names.add('default'); // (await import('../plugin')).default(app)
    const exported = hasModifier(fn, ts.SyntaxKind.ExportKeyword) || isDefault ||
      (nameNode !== undefined && /\bexport\b|\bexports\b/.test(fn.getSourceFile().text));
    if (!exported) return [...names];
    const home = fn.getSourceFile();
    const files = this.projectFiles();
    this.importLocals ??= this.byDeclaration(importLocalsOf(files), (local) => local);
    for (const { item: local, file } of this.referencesTo(fn, this.importLocals)) if (files[file] !== home) names.add(local.text);
    return [...names];
  }

  /**
   * True when every use of `fn` in the project is a call made from start-up
   * code: module top level, or a function itself reached only from start-up.
   * False when it has no known use (an exported API) or any other use.
   */
  isStartUpOnly(fn: FunctionLike): boolean {
    const uses = this.uses(fn);
    return uses === 'start-up' || uses === 'dev-only';
  }

  /**
   * How `fn` is used in the project: only from start-up (`dev-only`: only in
   * development or test mode), also elsewhere, or not at all that the analysis can see.
   */
  uses(fn: FunctionLike): Uses {
    const known = this.startUpOnly.get(fn);
    if (known !== undefined) return known;
    this.startUpOnly.set(fn, 'start-up'); // recursion: a function calling itself does not make it a root
    const result = this.computeUses(fn);
    this.startUpOnly.set(fn, result);
    return result;
  }

  private computeUses(fn: FunctionLike): Uses {
    this.identifierIndex ??= new ProjectIndex(
      this.projectFiles(),
      identifiersOf,
      mayUse,
      (identifier) => identifier,
      (occurrences, reference) => this.byDeclaration(occurrences, reference),
    );
    const nameNode = declarationNameNode(fn);
    let uses = 0;
    let devUses = 0;
    for (const { item: identifier } of this.referencesByName(fn, this.identifierIndex)) {
      if (identifier === nameNode) continue;
      const parent = identifier.parent;
      uses++;
      const reference = ts.isPropertyAccessExpression(parent) && parent.name === identifier ? parent : identifier;
      const outer = skipOuterWrappers(reference);
      const call = outer.parent;
      if (!call || !ts.isCallExpression(call)) return 'elsewhere';
      // Called, or handed to something that calls it once (a promise callback, a timer, map).
      if (call.expression !== outer) {
        const registration = registrationOf(call, call.arguments.indexOf(outer as ts.Expression));
        const inPlace = IN_PLACE_CALLBACK_CALLS.names.has(calleeName(call) ?? '');
        if (!(registration && (registration.kind === 'start-up' || !registration.repeats)) && !inPlace) return 'elsewhere';
      }
      if (inDevOrTestBranch(call)) {
        devUses++;
        continue;
      }
      // setupPromise ??= setup(): called once, whatever calls it.
      if (storedInLongLivedState(this, call)) continue;
      const context = this.contextOf(call);
      if (context.kind === 'start-up') continue;
      if (context.kind === 'helper') {
        const helperUses = this.uses(context.fn);
        if (helperUses === 'dev-only') devUses++;
        if (helperUses === 'start-up' || helperUses === 'dev-only') continue;
      }
      return 'elsewhere';
    }
    if (uses === 0) return 'unknown';
    return devUses === uses ? 'dev-only' : 'start-up';
  }
}

/** `server.listen(…)`, `createServer(…)`, `createSecureServer(…)`; `name` is the call's `calleeName`. */
function isServerStart(call: ts.CallExpression, name: string | undefined): boolean {
  return (name === 'listen' && calleeReceiver(call) !== undefined) || name === 'createServer' || name === 'createSecureServer';
}

/** True when the function creates or starts a server (`createServer`, `.listen`), itself or through a function it calls: start-up code. */
function startsServer(fn: FunctionLike, checker: ts.TypeChecker, depth = 0): boolean {
  if (!fn.body) return false;
  // Only this file's functions are looked into: a file with no such call needs no callee resolved.
  const file = fn.getSourceFile();
  scanFile(file);
  if (!fileIndex(file).startsServers) return false;
  let found = false;
  const callees: ts.CallExpression[] = [];
  forEachNode(fn.body, (node) => {
    if (found) return false;
    // Nested functions other than promise executors and arrow callbacks run elsewhere.
    if (node !== fn.body && isFunctionLike(node) && !(ts.isNewExpression(skipOuterWrappers(node).parent) || ts.isArrowFunction(node))) return false;
    if (ts.isCallExpression(node)) {
      if (isServerStart(node, calleeName(node))) found = true;
      else callees.push(node);
    }
    return undefined;
  });
  if (found || depth >= 1) return found;
  for (const call of callees) {
    let declaration: ts.Declaration | undefined;
    try {
      declaration = checker.getResolvedSignature(call)?.declaration;
    } catch {
      declaration = undefined;
    }
    if (declaration && isFunctionLike(declaration) && declaration.body && declaration.getSourceFile() === fn.getSourceFile() && startsServer(declaration, checker, depth + 1)) return true;
  }
  return false;
}

/**
 * True when `node` is in a branch taken only in development or test mode
 * (`if (isDev)`, `if (process.env.NODE_ENV === 'test')`, `if (e2eMode)`):
 * handlers registered there never serve users.
 */
export function inDevOrTestBranch(node: ts.Node): boolean {
  for (let current = node; current.parent; current = current.parent) {
    const parent = current.parent;
    if (ts.isIfStatement(parent) && parent.thenStatement === current && DEV_OR_TEST_CONDITIONS.pattern.test(parent.expression.getText())) return true;
  }
  return false;
}

/** `req`, `request`, `ctx`, `event`, `socket`…: a parameter named like what a handler receives. */
export function isHandlerParameterName(name: string): boolean {
  return HANDLER_PARAMETER_NAMES.pattern.test(name);
}

/** Parameters named like a request, a context or an event: `(req, res)`, `(ctx)`, `(event, context)`, `(socket)`. */
function looksLikeHandler(fn: FunctionLike): boolean {
  return fn.parameters.some((parameter) => ts.isIdentifier(parameter.name) && HANDLER_PARAMETER_NAMES.pattern.test(parameter.name.text));
}

function isExportObject(node: ts.Node): boolean {
  if (!ts.isObjectLiteralExpression(node)) return false;
  const parent = skipOuterWrappers(node).parent;
  if (ts.isExportAssignment(parent)) return true;
  return ts.isBinaryExpression(parent) && parent.right === skipOuterWrappers(node) && /^(module\.)?exports\b/.test(parent.left.getText());
}

/**
 * A result computed once and kept: stored in long-lived state (a module-level
 * variable, a property of `this`, of a class or of an outer object, a cache
 * `Map`) under a guard that skips the work when it is already there
 * (`x ??= …`, `if (!x) x = …`, `if (cache.has(k)) return …; cache.set(k, …)`,
 * `x || (x = …)`). That is lazy initialisation, which blocks once.
 */
export function storedInLongLivedState(analysis: EventLoopAnalysis, call: ts.CallExpression | ts.NewExpression): boolean {
  const fn = enclosingFunction(call);
  if (inLazyInitialisationBlock(analysis, call, fn)) return true;
  const isOuter = (target: ts.Expression, within: FunctionLike | undefined) => isLongLived(analysis, target, within);
  let node: ts.Node = call;
  // The value may pass through JSON.parse(…), .toString(), .trim(), `?? default` on its way.
  for (let hops = 0; hops < 6; hops++) {
    const parent = skipOuterWrappers(node).parent;
    if (!parent) return false;
    if (ts.isCallExpression(parent) && parent.arguments.includes(skipOuterWrappers(node) as ts.Expression)) {
      if (ts.isPropertyAccessExpression(parent.expression) && parent.expression.name.text === 'set' && parent.arguments[1] === skipOuterWrappers(node)) {
        const cache = parent.expression.expression;
        return isOuter(cache, fn) && isGuarded(parent, cache.getText(), fn);
      }
      node = parent;
      continue;
    }
    if (ts.isPropertyAccessExpression(parent) && parent.expression === skipOuterWrappers(node) && ts.isCallExpression(parent.parent) && parent.parent.expression === parent) {
      node = parent.parent;
      continue;
    }
    if (ts.isBinaryExpression(parent)) {
      const operator = parent.operatorToken.kind;
      if (parent.right === skipOuterWrappers(node) && (operator === ts.SyntaxKind.QuestionQuestionEqualsToken || operator === ts.SyntaxKind.BarBarEqualsToken)) return isOuter(parent.left, fn);
      if (parent.right === skipOuterWrappers(node) && operator === ts.SyntaxKind.EqualsToken) {
        return isOuter(parent.left, fn) && isGuarded(parent, parent.left.getText(), fn);
      }
      if (operator === ts.SyntaxKind.QuestionQuestionToken || operator === ts.SyntaxKind.BarBarToken) {
        // x = x || readFileSync(…)
        if (parent.right === skipOuterWrappers(node) && ts.isBinaryExpression(skipOuterWrappers(parent).parent) && (skipOuterWrappers(parent).parent as ts.BinaryExpression).left.getText() === parent.left.getText()) {
          const assignment = skipOuterWrappers(parent).parent as ts.BinaryExpression;
          return assignment.operatorToken.kind === ts.SyntaxKind.EqualsToken && isOuter(assignment.left, fn);
        }
        node = parent;
        continue;
      }
    }
    return false;
  }
  return false;
}

/**
 * `if (!this.cache[key]) { const fd = openSync(…); …; this.cache[key] = … }`: work
 * inside a block that runs only while long-lived state is missing, and fills it.
 */
function inLazyInitialisationBlock(analysis: EventLoopAnalysis, call: ts.Node, fn: FunctionLike | undefined): boolean {
  for (let current: ts.Node = call; current.parent && current !== fn; current = current.parent) {
    const parent = current.parent;
    if (!ts.isIfStatement(parent) || parent.thenStatement !== current) continue;
    const condition = stripWrappers(parent.expression);
    // !x, !x[k], x === undefined, x == null, !cache.has(k)
    let target: ts.Expression | undefined;
    if (ts.isPrefixUnaryExpression(condition) && condition.operator === ts.SyntaxKind.ExclamationToken) target = stripWrappers(condition.operand);
    else if (ts.isBinaryExpression(condition) && [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken].includes(condition.operatorToken.kind) &&
      /^(undefined|null)$/.test(condition.right.getText())) target = stripWrappers(condition.left);
    if (!target) continue;
    if (ts.isCallExpression(target) && ts.isPropertyAccessExpression(target.expression) && target.expression.name.text === 'has') target = target.expression.expression;
    const text = target.getText();
    let fills = false;
    forEachNode(current, (node) => {
      if (fills) return false;
      if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && node.left.getText() === text) fills = true;
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'set' && node.expression.expression.getText() === text) fills = true;
      return undefined;
    });
    if (fills && isLongLived(analysis, target, fn)) return true;
  }
  return false;
}

/** True when the store at `node` only happens when `target` is not already there. */
function isGuarded(node: ts.Node, target: string, fn: FunctionLike | undefined): boolean {
  const mentions = (expression: ts.Node) => expression.getText().includes(target);
  for (let current: ts.Node = node; current.parent && current !== fn; current = current.parent) {
    const parent = current.parent;
    // if (!x) x = …;   if (!cache.has(k)) cache.set(k, …)
    if (ts.isIfStatement(parent) && parent.thenStatement === current && mentions(parent.expression)) return true;
    // x || (x = …);   x ? x : (x = …)
    if (ts.isBinaryExpression(parent) && parent.right === current && (parent.operatorToken.kind === ts.SyntaxKind.BarBarToken || parent.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken) && mentions(parent.left)) return true;
    if (ts.isConditionalExpression(parent) && parent.whenFalse === current && mentions(parent.condition)) return true;
    // if (cache.has(k)) return cache.get(k);  …  cache.set(k, …)
    if (ts.isBlock(parent) || ts.isSourceFile(parent)) {
      const statements = parent.statements as readonly ts.Statement[];
      for (const statement of statements.slice(0, statements.indexOf(current as ts.Statement))) {
        if (ts.isIfStatement(statement) && mentions(statement.expression) && exits(statement.thenStatement)) return true;
      }
    }
  }
  return false;
}

function exits(statement: ts.Statement): boolean {
  if (ts.isReturnStatement(statement) || ts.isThrowStatement(statement)) return true;
  return ts.isBlock(statement) && statement.statements.length > 0 && exits(statement.statements[statement.statements.length - 1]);
}


/**
 * True when `target` (x, x.y, x[k], this.y, Class.instance) is state that
 * outlives the call of `fn`: module-level, an object's or class's property, or
 * a variable of an enclosing factory (not of an enclosing handler, whose
 * variables live for one request).
 */
function isLongLived(analysis: EventLoopAnalysis, target: ts.Expression, fn: FunctionLike | undefined): boolean {
  let base: ts.Expression = target;
  while (ts.isPropertyAccessExpression(base) || ts.isElementAccessExpression(base) || ts.isParenthesizedExpression(base) || ts.isNonNullExpression(base)) base = base.expression;
  if (base.kind === ts.SyntaxKind.ThisKeyword) return base !== target;
  if (!ts.isIdentifier(base)) return false;
  const declaration = analysis.checker.getSymbolAtLocation(base)?.declarations?.[0];
  if (!declaration) return false;
  if (!fn) return true;
  for (let node: ts.Node | undefined = declaration; node; node = node.parent) if (node === fn) return false;
  // Declared in an enclosing function: long-lived only if that function is a factory run at start-up or as a helper.
  let holder: ts.Node | undefined = declaration.parent;
  while (holder && !isFunctionLike(holder)) holder = holder.parent;
  if (!holder || !isFunctionLike(holder)) return true;
  const kind = analysis.classify(holder).kind;
  return kind === 'helper' || kind === 'start-up';
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
