import * as ts from 'typescript';
import { enclosingFunction, isAsync } from '../syntax';
import type { RuleContext } from '../rule';

/**
 * Pieces the unhandled-rejection rules share to build their fixes: the error
 * handler a project configures, where `await` is allowed, and re-indenting code
 * that a fix moves one block deeper.
 */

/** A name, or a dotted path of names: `reportError`, `logger.error`. */
const HANDLER_NAME = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;

/** Documentation of the `errorHandler` option, shared by the rules that take it. */
export const ERROR_HANDLER_OPTION_DOCS =
  '`errorHandler` (string, default none): the function the fixes hand a caught error to, instead of `console.error`, e.g. ' +
  '`{ "errorHandler": "reportError" }` or `{ "errorHandler": "logger.error" }` — a name or a dotted path of names. ' +
  'The fix is offered only where that name is in scope (imported or global), so the fixed code compiles. ' +
  'Any other value means the default.';

/**
 * The call that reports a caught error, e.g. `console.error(error)`, for code
 * at `location`; undefined when the handler is not in scope there (then a fix
 * would not compile, and it is not offered).
 */
export function errorHandlerCall(context: RuleContext, location: ts.Node, errorName: string): string | undefined {
  const configured = context.options.errorHandler;
  const handler = typeof configured === 'string' && HANDLER_NAME.test(configured) ? configured : 'console.error';
  const root = handler.split('.')[0];
  if (context.checker.resolveName(root, location, ts.SymbolFlags.Value, false) === undefined) return undefined;
  return `${handler}(${errorName})`;
}

/** A name for the caught error that does not hide the handler: `error`, unless the handler is called that. */
export function errorVariableName(context: RuleContext): string {
  const configured = context.options.errorHandler;
  return typeof configured === 'string' && configured.split('.')[0] === 'error' ? 'caught' : 'error';
}

/** True when an `await` written at `node` is valid: in an async function, or at the top level of an ES module. */
export function isAwaitValidAt(node: ts.Node, program: ts.Program): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isFunctionLike(current)) return isAsync(current);
    if (ts.isClassStaticBlockDeclaration(current) || ts.isPropertyDeclaration(current) || ts.isClassLike(current)) return false;
  }
  const sourceFile = node.getSourceFile();
  if (enclosingFunction(node) !== undefined || !ts.isExternalModule(sourceFile)) return false;
  const options = program.getCompilerOptions();
  const target = options.target ?? ts.ScriptTarget.ES5;
  if (target < ts.ScriptTarget.ES2017) return false;
  switch (options.module) {
    case ts.ModuleKind.ES2022:
    case ts.ModuleKind.ESNext:
    case ts.ModuleKind.System:
    case ts.ModuleKind.Preserve:
      return true;
    case ts.ModuleKind.Node16:
    case ts.ModuleKind.Node18:
    case ts.ModuleKind.Node20:
    case ts.ModuleKind.NodeNext:
      return sourceFile.impliedNodeFormat === ts.ModuleKind.ESNext;
    default:
      return false;
  }
}

/** The whitespace a line starts with. */
export function lineIndentAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

/**
 * Offsets at which a line starts inside a template literal (or another
 * multi-line token) of `node`: indenting such a line would change a string.
 */
function lineStartsInsideTokens(node: ts.Node, sourceFile: ts.SourceFile): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  const visit = (child: ts.Node): void => {
    if (ts.isNoSubstitutionTemplateLiteral(child) || ts.isTemplateExpression(child) || ts.isStringLiteral(child) || ts.isJsxText(child)) {
      ranges.push([child.getStart(sourceFile), child.getEnd()]);
      return;
    }
    ts.forEachChild(child, visit);
  };
  visit(node);
  return ranges;
}

/**
 * The text of [start, end), which starts at the beginning of a line, with
 * `extra` added at the start of every non-blank line that does not begin
 * inside a string or template literal.
 */
export function indentText(sourceFile: ts.SourceFile, within: ts.Node, start: number, end: number, extra: string): string {
  const text = sourceFile.text;
  const protectedRanges = lineStartsInsideTokens(within, sourceFile);
  let result = '';
  let lineStart = start;
  while (lineStart < end) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 || newline >= end ? end : newline + 1;
    const line = text.slice(lineStart, lineEnd);
    const insideToken = protectedRanges.some(([from, to]) => lineStart > from && lineStart < to);
    result += insideToken || line.trim().length === 0 ? line : extra + line;
    lineStart = lineEnd;
  }
  return result;
}

/** The indentation step a block uses: its first statement's indent minus the block's own line indent; two spaces if unclear. */
export function indentUnit(sourceFile: ts.SourceFile, block: ts.Block): string {
  const text = sourceFile.text;
  const outer = lineIndentAt(text, block.getStart(sourceFile));
  const first = block.statements[0];
  if (first) {
    const inner = lineIndentAt(text, first.getStart(sourceFile));
    if (inner.startsWith(outer) && inner.length > outer.length) return inner.slice(outer.length);
  }
  return outer.includes('\t') ? '\t' : '  ';
}

/** How to wrap the statements of a block: on one line, or as whole lines. */
export interface BlockWrapper {
  /** The new text between the braces of a one-line block, given its statements' text. */
  singleLine(statements: string): string;
  /**
   * The new lines of a multi-line block, given its statement lines already
   * indented one step deeper, the statements' indentation and one step.
   */
  multiLine(content: string, indent: string, unit: string): string;
}

/**
 * Replaces the inside of `block` (between its braces) with its statements
 * wrapped by `wrapper`, keeping the file's indentation. Undefined when the
 * block's layout is unusual (then the fix is not offered rather than produce
 * odd code).
 */
export function wrapBlockContents(sourceFile: ts.SourceFile, block: ts.Block, wrapper: BlockWrapper): ts.TextChange | undefined {
  const text = sourceFile.text;
  const open = block.getStart(sourceFile);
  const close = block.getEnd() - 1;
  if (block.statements.length === 0) return undefined;
  const firstStart = block.statements[0].getStart(sourceFile);
  const lastEnd = block.statements[block.statements.length - 1].getEnd();
  if (!text.slice(open, close).includes('\n')) {
    return { span: { start: open + 1, length: close - (open + 1) }, newText: wrapper.singleLine(text.slice(firstStart, lastEnd)) };
  }
  // Statements on their own lines, between a `{` that ends its line and a `}` that starts its own.
  const afterOpen = text.slice(open + 1, text.indexOf('\n', open) + 1);
  const beforeClose = text.slice(text.lastIndexOf('\n', close - 1) + 1, close);
  if (afterOpen.trim() !== '' || beforeClose.trim() !== '') return undefined;
  const contentStart = text.indexOf('\n', open) + 1;
  const contentEnd = text.lastIndexOf('\n', close - 1) + 1;
  const unit = indentUnit(sourceFile, block);
  const content = indentText(sourceFile, block, contentStart, contentEnd, unit);
  return { span: { start: contentStart, length: contentEnd - contentStart }, newText: wrapper.multiLine(content, beforeClose + unit, unit) };
}

/** Wraps the statements of `block` in `try { ... } catch (<error>) { <handlerCall>; }`. */
export function wrapBlockInTryCatch(sourceFile: ts.SourceFile, block: ts.Block, errorName: string, handlerCall: string): ts.TextChange | undefined {
  return wrapBlockContents(sourceFile, block, {
    singleLine: (statements) => ` try { ${statements} } catch (${errorName}) { ${handlerCall}; } `,
    multiLine: (content, indent, unit) => `${indent}try {\n${content}${indent}} catch (${errorName}) {\n${indent}${unit}${handlerCall};\n${indent}}\n`,
  });
}

/**
 * How the file already hands a caught error on, e.g. `this.emit('error', error)`
 * or `logger.error(error)`: a `.catch` fix should do what the code around it does.
 */
export interface FileErrorHandler {
  /** The call with `errorName` as the error, e.g. `this.emit('error', error)`. */
  call(errorName: string): string;
  /** How it reads in a fix title, e.g. `this.emit('error', …)`. */
  readonly label: string;
}

/**
 * The handler the file already uses for caught errors (in `.catch(...)`
 * callbacks and `catch` blocks), when it can be called at `location` too;
 * undefined when the file has none. The most frequent one wins.
 *
 * Accepted: a call whose arguments are the caught error and string literals
 * (`this.emit('error', error)`); another call's message is not copied
 * (`logger.error('sync failed', error)` becomes `logger.error(error)`, when
 * the handler takes that), since it would describe the wrong failure. A `this.` handler is used only inside the
 * same class; a named one only where its name means the same declaration.
 */
export function fileErrorHandlerAt(context: RuleContext, location: ts.Node): FileErrorHandler | undefined {
  const { sourceFile, checker } = context;
  const seen = new Map<string, { count: number; callee: ts.Expression; args: Array<string | undefined> }>();
  const consider = (errorName: string, body: ts.Node) => {
    const call = handlerCallIn(body);
    if (!call || !call.arguments.some((argument) => ts.isIdentifier(argument) && argument.text === errorName)) return;
    const callee = call.expression;
    if (!ts.isPropertyAccessExpression(callee) && !ts.isIdentifier(callee)) return;
    const calleeText = callee.getText(sourceFile);
    // A literal that reads like a name (an event, a channel: 'error') belongs to the call; one that reads like a
    // sentence ('sync failed') describes that other failure and is left out, when the handler can do without it.
    const args: Array<string | undefined> = [];
    let dropped = 0;
    for (const argument of call.arguments) {
      if (ts.isIdentifier(argument) && argument.text === errorName) args.push(undefined);
      else if (ts.isStringLiteral(argument) && /^[\w.:-]+$/.test(argument.text)) args.push(argument.getText(sourceFile));
      else if (ts.isStringLiteralLike(argument)) dropped++;
      else return;
    }
    if (dropped > 0 && args.length < requiredParameters(checker, call)) return;
    const key = `${calleeText}(${args.map((arg) => arg ?? '\0').join(', ')})`;
    const entry = seen.get(key);
    if (entry) entry.count++;
    else seen.set(key, { count: 1, callee, args });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isCatchClause(node) && node.variableDeclaration && ts.isIdentifier(node.variableDeclaration.name)) {
      consider(node.variableDeclaration.name.text, node.block);
    } else if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'catch' && node.arguments.length === 1) {
      const callback = node.arguments[0];
      if ((ts.isArrowFunction(callback) || ts.isFunctionExpression(callback)) && callback.parameters.length === 1 && ts.isIdentifier(callback.parameters[0].name)) {
        consider(callback.parameters[0].name.text, callback.body);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);

  const candidates = [...seen.values()].sort((a, b) => b.count - a.count);
  for (const { callee, args } of candidates) {
    if (!callableAt(checker, callee, location)) continue;
    const calleeText = callee.getText(sourceFile);
    return {
      call: (errorName) => `${calleeText}(${args.map((arg) => arg ?? errorName).join(', ')})`,
      label: `${calleeText}(${args.map((arg) => arg ?? '…').join(', ')})`,
    };
  }
  return undefined;
}

/** How many arguments the function `call` calls cannot do without. */
function requiredParameters(checker: ts.TypeChecker, call: ts.CallExpression): number {
  const declaration = checker.getResolvedSignature(call)?.getDeclaration();
  if (!declaration || !('parameters' in declaration)) return Infinity;
  return declaration.parameters.filter((parameter) => !parameter.questionToken && !parameter.initializer && !parameter.dotDotDotToken).length;
}

/** The single call a handler body makes: `(e) => f(e)`, `{ f(e); }`, or the first statement of a catch block. */
function handlerCallIn(body: ts.Node): ts.CallExpression | undefined {
  let expression: ts.Node | undefined = body;
  if (ts.isBlock(body)) {
    const first = body.statements[0];
    expression = first && ts.isExpressionStatement(first) ? first.expression : undefined;
  }
  while (expression && (ts.isParenthesizedExpression(expression) || ts.isVoidExpression(expression))) expression = expression.expression;
  return expression && ts.isCallExpression(expression) ? expression : undefined;
}

/** True when the callee used elsewhere means the same thing at `location`. */
function callableAt(checker: ts.TypeChecker, callee: ts.Expression, location: ts.Node): boolean {
  let root: ts.Expression = callee;
  while (ts.isPropertyAccessExpression(root)) root = root.expression;
  if (root.kind === ts.SyntaxKind.ThisKeyword) {
    const there = thisClass(callee);
    return there !== undefined && there === thisClass(location);
  }
  if (!ts.isIdentifier(root)) return false;
  const used = checker.getSymbolAtLocation(root);
  const here = checker.resolveName(root.text, location, ts.SymbolFlags.Value, false);
  return used !== undefined && used === here;
}

/** The class whose instance `this` is at `node`: arrow functions see through, other functions stop. */
function thisClass(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isArrowFunction(current)) continue;
    if (ts.isClassLike(current)) return current;
    if (ts.isFunctionLike(current)) {
      const member = current.parent;
      return member && ts.isClassLike(member) && !ts.isClassStaticBlockDeclaration(current) && !hasStaticModifier(current) ? member : undefined;
    }
    if (ts.isPropertyDeclaration(current) && ts.isClassLike(current.parent)) return hasStaticModifier(current) ? undefined : current.parent;
  }
  return undefined;
}

function hasStaticModifier(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.StaticKeyword);
}

/**
 * A reason not to prefer "Add await" for `call`: when the called function's
 * promise settles only when a loop that keeps running ends (a service's main
 * loop, `while (this.running) { await … }`, `for await` over a stream), awaiting
 * it holds the caller until the service stops. Undefined when there is none.
 */
export function awaitWouldWaitOnLoop(checker: ts.TypeChecker, call: ts.Expression): string | undefined {
  const target = ts.isCallExpression(call) ? checker.getResolvedSignature(call)?.getDeclaration() : undefined;
  if (!target || !('body' in target) || !target.body || !ts.isBlock(target.body) || target.getSourceFile().isDeclarationFile) return undefined;
  const name = target.name && ts.isIdentifier(target.name) ? target.name.text : undefined;
  for (const statement of target.body.statements) {
    if (isLongRunningLoop(statement)) return name ? `\`${name}\` settles only when its loop ends` : 'the function settles only when its loop ends';
  }
  return undefined;
}

/** A loop that runs until something outside it stops it, and awaits as it goes. */
function isLongRunningLoop(statement: ts.Statement): boolean {
  if (ts.isForOfStatement(statement) && statement.awaitModifier) return true;
  let condition: ts.Expression | undefined;
  if (ts.isWhileStatement(statement) || ts.isDoStatement(statement)) condition = statement.expression;
  else if (ts.isForStatement(statement)) condition = statement.condition;
  else return false;
  const body = statement.statement;
  const forever = condition === undefined || condition.kind === ts.SyntaxKind.TrueKeyword;
  const flag = condition !== undefined && isStateFlag(condition) && !assignsIn(body, flagName(condition));
  return (forever || flag) && containsAwait(body) && !exitsLoop(body);
}

/** `this.running`, `!this.stopped`, `running`: a flag something else clears. */
function isStateFlag(condition: ts.Expression): boolean {
  const inner = ts.isPrefixUnaryExpression(condition) && condition.operator === ts.SyntaxKind.ExclamationToken ? condition.operand : condition;
  return ts.isIdentifier(inner) || (ts.isPropertyAccessExpression(inner) && inner.expression.kind === ts.SyntaxKind.ThisKeyword);
}

function flagName(condition: ts.Expression): string {
  const inner = ts.isPrefixUnaryExpression(condition) ? condition.operand : condition;
  return ts.isPropertyAccessExpression(inner) ? inner.name.text : (inner as ts.Identifier).text;
}

function assignsIn(body: ts.Node, name: string): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && node.operatorToken.kind <= ts.SyntaxKind.LastAssignment) {
      const left = node.left;
      if ((ts.isIdentifier(left) && left.text === name) || (ts.isPropertyAccessExpression(left) && left.name.text === name)) found = true;
    }
    if (!ts.isFunctionLike(node)) ts.forEachChild(node, visit);
  };
  visit(body);
  return found;
}

function containsAwait(body: ts.Node): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isAwaitExpression(node) || (ts.isForOfStatement(node) && node.awaitModifier)) found = true;
    else if (!ts.isFunctionLike(node)) ts.forEachChild(node, visit);
  };
  visit(body);
  return found;
}

/** A `break` or `return` that leaves the loop (not one inside a nested loop, switch or function). */
function exitsLoop(body: ts.Node): boolean {
  let found = false;
  const visit = (node: ts.Node, nested: boolean): void => {
    if (found || ts.isFunctionLike(node)) return;
    if (ts.isReturnStatement(node) || (ts.isBreakStatement(node) && (!nested || node.label))) found = true;
    const inner = nested || ts.isIterationStatement(node, false) || ts.isSwitchStatement(node);
    ts.forEachChild(node, (child) => visit(child, inner));
  };
  ts.forEachChild(body, (child) => visit(child, false));
  if (ts.isBreakStatement(body) || ts.isReturnStatement(body)) return true;
  return found;
}
