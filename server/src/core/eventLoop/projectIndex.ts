import * as ts from 'typescript';
import { SERVER_EVENTS } from '../knowledge/node';
import { calleeName, stripWrappers } from '../syntax';
import { calleeReceiver, outermostCallee, type Registration, registrationOf } from './registrations';
import { isExportObject, isServerStart } from './analysis';

/*
 * Indexes of a whole program that the event-loop analysis asks about often:
 * the identifiers of each file by text, the functions registered in each file,
 * whether a file serves (listens to connections or requests) or only runs as a
 * script, and where each declaration is referred to across files.
 */
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

export function fileIndex(file: ts.SourceFile): FileIndex {
  let index = FILE_INDEXES.get(file);
  if (!index) {
    index = {};
    FILE_INDEXES.set(file, index);
  }
  return index;
}

export function forEachNode(root: ts.Node, visit: (node: ts.Node) => boolean | void): void {
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

export function identifiersOf(file: ts.SourceFile): Map<string, ts.Identifier[]> {
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
  return (
    ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'require' && node.arguments.length === 1 && ts.isStringLiteralLike(node.arguments[0])
  );
}

/** Builds the syntactic facts of a file in one walk. */
export function scanFile(file: ts.SourceFile): void {
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
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteralLike(node.moduleSpecifier))
      specifiers.push(node.moduleSpecifier);
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

export function registeredOf(file: ts.SourceFile): Map<string, RegisteredExpression[]> {
  scanFile(file);
  return fileIndex(file).registered!;
}

/** A handler passed by name to a registration call (`app.get('/', handler)`). */
export interface RegisteredExpression {
  readonly expression: ts.Expression;
  readonly registration: Registration;
}

/** An item found in a project file: `file` is the file's position among the project files, `order` the item's position in the scan that found it. */
export interface Occurrence<T> {
  readonly item: T;
  readonly file: number;
  readonly order: number;
}

/** Occurrences by the declarations their reference resolves to. */
export type ByDeclaration<T> = Map<ts.Node, Occurrence<T>[]>;

/**
 * Items of every project file (identifiers, handlers registered by name) by
 * name and, for each name asked about, by the declarations they resolve to:
 * what refers to a function is then a lookup instead of a walk over every
 * project file for every function, which grew with the square of the project.
 * One per program (held by its `EventLoopAnalysis`); it is built from the
 * per-file indexes, which belong to the SourceFile, so the next program, where
 * an edited file is a new SourceFile, sees the edit.
 */
export class ProjectIndex<T> {
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
export function importLocalsOf(files: readonly ts.SourceFile[]): Occurrence<ts.Identifier>[] {
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
export function mayUse(identifier: ts.Identifier): boolean {
  const parent = identifier.parent;
  if (ts.isImportSpecifier(parent) || ts.isExportSpecifier(parent) || ts.isImportClause(parent) || ts.isNamespaceImport(parent) || ts.isImportEqualsDeclaration(parent))
    return false;
  if (ts.isVariableDeclaration(parent) && parent.name === identifier) return false;
  // const { upgradePlugins } = require('./upgrade-plugins'): a local name, like an import.
  if (ts.isBindingElement(parent)) return false;
  // module.exports = { main } / export default { main }: exporting is not using.
  if ((ts.isShorthandPropertyAssignment(parent) || (ts.isPropertyAssignment(parent) && parent.initializer === identifier)) && isExportObject(parent.parent)) return false;
  if (ts.isExportAssignment(parent)) return false;
  // The left side of `exports.info = …` defines, it does not use.
  if (
    ts.isPropertyAccessExpression(parent) &&
    parent.name === identifier &&
    ts.isBinaryExpression(parent.parent) &&
    parent.parent.left === parent &&
    parent.parent.operatorToken.kind === ts.SyntaxKind.EqualsToken
  )
    return false;
  // exports.info = info / module.exports.info = info: exporting is not using either.
  if (
    ts.isBinaryExpression(parent) &&
    parent.right === identifier &&
    parent.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
    /^(module\.)?exports\b/.test(parent.left.getText())
  )
    return false;
  return true;
}
