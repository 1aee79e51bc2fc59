import * as ts from 'typescript';
import { HANDLER_DECORATORS } from '../knowledge/frameworks';
import { IN_PLACE_CALLBACK_CALLS } from '../knowledge/javascript';
import { DEV_OR_TEST_CONDITIONS, HANDLER_PARAMETER_NAMES } from '../knowledge/names';
import { calleeName, enclosingFunction, type FunctionLike, hasModifier, isAsync, isFunctionLike, skipOuterWrappers } from '../syntax';
import { inToolingDirectory, isSetupWizardFile, isWorkerFile, restartsServer } from './fileRoles';
import {
  type ByDeclaration,
  fileIndex,
  forEachNode,
  identifiersOf,
  importLocalsOf,
  mayUse,
  type Occurrence,
  ProjectIndex,
  type RegisteredExpression,
  registeredOf,
  scanFile,
} from './projectIndex';
import {
  calleeReceiver,
  type CodeContext,
  declarationNameNode,
  describeFunction,
  type EventLoopRoot,
  type FunctionClass,
  functionName,
  type Registration,
  registrationOf,
  type RootKind,
  type Uses,
} from './registrations';
import { storedInLongLivedState } from './longLivedState';

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
      for (let head = 0; head < queue.length; head++)
        for (const next of edges.get(queue[head]) ?? [])
          if (!seen.has(next)) {
            seen.add(next);
            queue.push(next);
          }
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
      ts.isShorthandPropertyAssignment(node.parent) && node.parent.name === node
        ? this.checker.getShorthandAssignmentValueSymbol(node.parent)
        : this.checker.getSymbolAtLocation(node);
    for (let hops = 0; symbol && symbol.flags & ts.SymbolFlags.Alias && hops < 8; hops++) {
      const target = this.checker.getAliasedSymbol(symbol);
      if (target === symbol) break;
      symbol = target;
    }
    const declarations: ts.Node[] = [...(symbol?.declarations ?? [])];
    // export default { handler } / module.exports = { handler: handler }: one more hop to the function.
    for (const declaration of symbol?.declarations ?? []) {
      if (ts.isShorthandPropertyAssignment(declaration)) declarations.push(...(this.checker.getShorthandAssignmentValueSymbol(declaration)?.declarations ?? []));
      if (ts.isPropertyAssignment(declaration) && ts.isIdentifier(declaration.initializer))
        declarations.push(...(this.checker.getSymbolAtLocation(declaration.initializer)?.declarations ?? []));
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
    for (const {
      item: { expression, registration },
    } of this.referencesByName(fn, this.registrationIndex)) {
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
    const exported = hasModifier(fn, ts.SyntaxKind.ExportKeyword) || isDefault || (nameNode !== undefined && /\bexport\b|\bexports\b/.test(fn.getSourceFile().text));
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
export function isServerStart(call: ts.CallExpression, name: string | undefined): boolean {
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
    if (declaration && isFunctionLike(declaration) && declaration.body && declaration.getSourceFile() === fn.getSourceFile() && startsServer(declaration, checker, depth + 1))
      return true;
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

export function isExportObject(node: ts.Node): boolean {
  if (!ts.isObjectLiteralExpression(node)) return false;
  const parent = skipOuterWrappers(node).parent;
  if (ts.isExportAssignment(parent)) return true;
  return ts.isBinaryExpression(parent) && parent.right === skipOuterWrappers(node) && /^(module\.)?exports\b/.test(parent.left.getText());
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
