import * as ts from 'typescript';

/** Strips any number of parentheses around an expression. */
export function skipParentheses(node: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(node)) node = node.expression;
  return node;
}

/** The nearest function-like node containing `node`, or undefined at top level. */
export function enclosingFunction(node: ts.Node): ts.SignatureDeclaration | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isFunctionLike(current)) return current;
    // A class static block is its own synchronous scope.
    if (ts.isClassStaticBlockDeclaration(current)) return undefined;
  }
  return undefined;
}

export function isAsyncFunction(node: ts.SignatureDeclaration | undefined): boolean {
  if (!node || !ts.canHaveModifiers(node)) return false;
  return ts.getModifiers(node)?.some((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword) ?? false;
}

/** True when `await`/`void` (unary operators) need parentheses around `node`. */
export function needsParensAsUnaryOperand(node: ts.Expression): boolean {
  switch (node.kind) {
    case ts.SyntaxKind.BinaryExpression:
    case ts.SyntaxKind.ConditionalExpression:
    case ts.SyntaxKind.ArrowFunction:
    case ts.SyntaxKind.YieldExpression:
    case ts.SyntaxKind.AsExpression:
    case ts.SyntaxKind.SatisfiesExpression:
    case ts.SyntaxKind.CommaListExpression:
      return true;
    default:
      return false;
  }
}

/** True when `.member` cannot be appended to `node` without parentheses. */
export function needsParensForMemberAccess(node: ts.Expression): boolean {
  if (ts.isNewExpression(node)) return node.arguments === undefined;
  if (ts.isNumericLiteral(node)) return true;
  return !ts.isLeftHandSideExpression(node);
}

/**
 * True when a statement that is about to start with `(` would be glued to the
 * statement before it by the absence of automatic semicolon insertion, e.g.
 * `foo()\n(bar).catch(...)` parses as `foo()(bar)`.
 */
export function startsAfterUnterminatedStatement(statement: ts.Statement, sourceFile: ts.SourceFile): boolean {
  const parent = statement.parent;
  const siblings: readonly ts.Statement[] | undefined =
    ts.isBlock(parent) || ts.isSourceFile(parent) || ts.isModuleBlock(parent) || ts.isCaseClause(parent) || ts.isDefaultClause(parent)
      ? parent.statements
      : undefined;
  if (!siblings) return false;
  const index = siblings.indexOf(statement);
  if (index <= 0) return false;
  return !siblings[index - 1].getText(sourceFile).endsWith(';');
}

/** Source text of a node squeezed onto one line and shortened, for messages. */
export function describeNode(node: ts.Node, sourceFile: ts.SourceFile, maxLength = 40): string {
  const text = node.getText(sourceFile).replace(/\s+/g, ' ');
  return text.length <= maxLength ? text : `${text.slice(0, maxLength - 1)}…`;
}

/** The whitespace a line starts with, for the line holding `position`. */
export function indentationAt(sourceFile: ts.SourceFile, position: number): string {
  const lineStart = sourceFile.text.lastIndexOf('\n', position - 1) + 1;
  return /^[ \t]*/.exec(sourceFile.text.slice(lineStart))![0];
}

/**
 * Makes names for code a fix adds that clash with nothing in scope at
 * `location` nor with each other: `base`, else `base2`, `base3`…
 */
export function freshNames(checker: ts.TypeChecker, location: ts.Node): (base: string) => string {
  const taken = new Set<string>();
  return (base) => {
    for (let suffix = 1; ; suffix++) {
      const name = suffix === 1 ? base : `${base}${suffix}`;
      if (!taken.has(name) && !checker.resolveName(name, location, ts.SymbolFlags.Value, false)) {
        taken.add(name);
        return name;
      }
    }
  };
}
