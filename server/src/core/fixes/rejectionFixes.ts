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
    multiLine: (content, indent, unit) =>
      `${indent}try {\n${content}${indent}} catch (${errorName}) {\n${indent}${unit}${handlerCall};\n${indent}}\n`,
  });
}
