import * as ts from 'typescript';

/** Strips any number of parentheses around an expression. */
export function skipParentheses(node: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(node)) node = node.expression;
  return node;
}

/** A function with a body: what `enclosingFunction` finds and what runs when called. */
export type FunctionLike =
  ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction | ts.MethodDeclaration | ts.ConstructorDeclaration | ts.GetAccessorDeclaration | ts.SetAccessorDeclaration;

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

/** The nearest function with a body that contains `node` (not `node` itself); undefined at top level and in class static blocks, which are scopes of their own. */
export function enclosingFunction(node: ts.Node): FunctionLike | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionLike(current)) return current;
    if (ts.isClassStaticBlockDeclaration(current) || ts.isSourceFile(current)) return undefined;
  }
  return undefined;
}

export function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((modifier) => modifier.kind === kind) ?? false);
}

/** True when `node` is a function declared `async`. */
export function isAsync(node: ts.Node | undefined): boolean {
  return node !== undefined && hasModifier(node, ts.SyntaxKind.AsyncKeyword);
}

/** Strips parentheses, `as` and `satisfies` casts, type assertions and `!` around an expression. */
export function stripWrappers(node: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node) || ts.isNonNullExpression(node) || ts.isTypeAssertionExpression(node)) {
    node = node.expression;
  }
  return node;
}

/** Climbs from an expression over the parentheses, casts and `!` around it: the node whose parent uses its value. */
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

/** The name a call's callee ends in: `setTimeout` for `setTimeout(...)`, `on` for `stream.on(...)`. */
export function calleeName(call: ts.CallExpression | ts.NewExpression): string | undefined {
  const callee = stripWrappers(call.expression);
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  if (ts.isElementAccessExpression(callee) && ts.isStringLiteralLike(callee.argumentExpression)) return callee.argumentExpression.text;
  return undefined;
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
    ts.isBlock(parent) || ts.isSourceFile(parent) || ts.isModuleBlock(parent) || ts.isCaseClause(parent) || ts.isDefaultClause(parent) ? parent.statements : undefined;
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
