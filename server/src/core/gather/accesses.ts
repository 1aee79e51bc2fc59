import * as ts from 'typescript';
import { stripWrappers } from '../syntax';

/**
 * What a piece of code reads and writes, by symbol: the data-flow facts the
 * gather rules use to decide whether two awaited operations depend on each other.
 *
 * Reads inside nested functions count (a callback may run during the call);
 * property writes are remembered with the root they hang from (`this`, or the
 * variable at the start of the chain), because a later read of that root may
 * observe them through a method.
 */
export interface Accesses {
  readonly reads: Set<ts.Symbol>;
  readonly writes: Set<ts.Symbol>;
  /** Roots whose properties are written: a symbol, or 'this'. */
  readonly propertyWriteRoots: Set<ts.Symbol | 'this'>;
  readonly readsThis: boolean;
  /** Every call made, including in nested functions. */
  readonly calls: ts.CallExpression[];
}

export function emptyAccesses(): Accesses {
  return { reads: new Set(), writes: new Set(), propertyWriteRoots: new Set(), readsThis: false, calls: [] };
}

/** Collects the accesses of `node` into `into` (created when not given). */
export function collectAccesses(checker: ts.TypeChecker, node: ts.Node, into: Accesses = emptyAccesses()): Accesses {
  const state = into as { -readonly [K in keyof Accesses]: Accesses[K] };
  const symbolOf = (identifier: ts.Node): ts.Symbol | undefined => {
    if (ts.isShorthandPropertyAssignment(identifier.parent) && identifier.parent.name === identifier) {
      return checker.getShorthandAssignmentValueSymbol(identifier.parent);
    }
    return checker.getSymbolAtLocation(identifier);
  };

  const recordWriteTarget = (target: ts.Expression): void => {
    const expression = stripWrappers(target);
    if (ts.isIdentifier(expression)) {
      const symbol = symbolOf(expression);
      if (symbol) state.writes.add(symbol);
      return;
    }
    if (ts.isPropertyAccessExpression(expression) || ts.isElementAccessExpression(expression)) {
      const root = chainRoot(expression);
      if (root === 'this') state.propertyWriteRoots.add('this');
      else if (root) {
        const symbol = symbolOf(root);
        if (symbol) state.propertyWriteRoots.add(symbol);
      }
      visit(expression.expression);
      if (ts.isElementAccessExpression(expression)) visit(expression.argumentExpression);
      return;
    }
    if (ts.isArrayLiteralExpression(expression)) {
      for (const element of expression.elements) recordWriteTarget(ts.isSpreadElement(element) ? element.expression : element);
      return;
    }
    if (ts.isObjectLiteralExpression(expression)) {
      for (const property of expression.properties) {
        if (ts.isShorthandPropertyAssignment(property)) {
          const symbol = checker.getShorthandAssignmentValueSymbol(property);
          if (symbol) state.writes.add(symbol);
          if (property.objectAssignmentInitializer) visit(property.objectAssignmentInitializer);
        } else if (ts.isPropertyAssignment(property)) {
          if (ts.isComputedPropertyName(property.name)) visit(property.name.expression);
          recordWriteTarget(property.initializer);
        } else if (ts.isSpreadAssignment(property)) {
          recordWriteTarget(property.expression);
        }
      }
      return;
    }
    if (ts.isBinaryExpression(expression) && expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      // A default value in a destructuring assignment: `[a = fallback] = ...`.
      recordWriteTarget(expression.left);
      visit(expression.right);
      return;
    }
    visit(expression);
  };

  const recordBindingNames = (name: ts.BindingName): void => {
    if (ts.isIdentifier(name)) {
      const symbol = checker.getSymbolAtLocation(name);
      if (symbol) state.writes.add(symbol);
      return;
    }
    for (const element of name.elements) {
      if (ts.isOmittedExpression(element)) continue;
      if (element.propertyName && ts.isComputedPropertyName(element.propertyName)) visit(element.propertyName.expression);
      if (element.initializer) visit(element.initializer);
      recordBindingNames(element.name);
    }
  };

  const visit = (current: ts.Node): void => {
    if (ts.isIdentifier(current)) {
      if (isReferencePosition(current)) {
        const symbol = symbolOf(current);
        if (symbol) state.reads.add(symbol);
      }
      return;
    }
    if (current.kind === ts.SyntaxKind.ThisKeyword || current.kind === ts.SyntaxKind.SuperKeyword) {
      state.readsThis = true;
      return;
    }
    if (ts.isBinaryExpression(current) && isAssignmentOperator(current.operatorToken.kind)) {
      if (current.operatorToken.kind !== ts.SyntaxKind.EqualsToken) visit(current.left);
      recordWriteTarget(current.left);
      visit(current.right);
      return;
    }
    if (
      (ts.isPrefixUnaryExpression(current) || ts.isPostfixUnaryExpression(current)) &&
      (current.operator === ts.SyntaxKind.PlusPlusToken || current.operator === ts.SyntaxKind.MinusMinusToken)
    ) {
      visit(current.operand);
      recordWriteTarget(current.operand);
      return;
    }
    if (ts.isVariableDeclaration(current)) {
      if (current.initializer) visit(current.initializer);
      recordBindingNames(current.name);
      return;
    }
    if (ts.isForInStatement(current) || ts.isForOfStatement(current)) {
      if (!ts.isVariableDeclarationList(current.initializer)) recordWriteTarget(current.initializer);
    }
    if (ts.isCallExpression(current)) state.calls.push(current);
    ts.forEachChild(current, visit);
  };

  visit(node);
  return into;
}

function isAssignmentOperator(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

/** The identifier or `this` a property chain starts from: `a` in `a.b[c].d`. */
export function chainRoot(expression: ts.Expression): ts.Identifier | 'this' | undefined {
  let current = stripWrappers(expression);
  while (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current) || ts.isCallExpression(current)) {
    current = stripWrappers(current.expression);
  }
  if (ts.isIdentifier(current)) return current;
  if (current.kind === ts.SyntaxKind.ThisKeyword) return 'this';
  return undefined;
}

/** True for identifiers that refer to a binding, not names of properties, labels or declarations. */
function isReferencePosition(identifier: ts.Identifier): boolean {
  const parent = identifier.parent;
  if (!parent) return false;
  if (ts.isPropertyAccessExpression(parent) && parent.name === identifier) return false;
  if (
    (ts.isPropertyAssignment(parent) ||
      ts.isPropertyDeclaration(parent) ||
      ts.isMethodDeclaration(parent) ||
      ts.isPropertySignature(parent) ||
      ts.isGetAccessor(parent) ||
      ts.isSetAccessor(parent)) &&
    parent.name === identifier
  )
    return false;
  if (ts.isBindingElement(parent) && parent.propertyName === identifier) return false;
  if (
    (ts.isFunctionDeclaration(parent) ||
      ts.isFunctionExpression(parent) ||
      ts.isClassDeclaration(parent) ||
      ts.isParameter(parent) ||
      ts.isVariableDeclaration(parent) ||
      ts.isBindingElement(parent)) &&
    parent.name === identifier
  )
    return false;
  if (ts.isLabeledStatement(parent) || ts.isBreakOrContinueStatement(parent)) return false;
  if (ts.isTypeReferenceNode(parent) || ts.isQualifiedName(parent) || ts.isTypeQueryNode(parent)) return false;
  if (ts.isImportSpecifier(parent) || ts.isExportSpecifier(parent) || ts.isImportClause(parent) || ts.isNamespaceImport(parent)) return false;
  return true;
}

/** True when `later` may observe what `earlier` wrote. */
export function dependsOn(later: Accesses, earlier: Accesses): { depends: boolean; through?: string } {
  for (const symbol of earlier.writes) {
    if (later.reads.has(symbol)) return { depends: true, through: symbol.name };
    if (later.writes.has(symbol)) return { depends: true, through: symbol.name };
  }
  for (const root of earlier.propertyWriteRoots) {
    if (root === 'this' ? later.readsThis : later.reads.has(root)) return { depends: true, through: root === 'this' ? 'this' : root.name };
  }
  return { depends: false };
}

/**
 * Adds what the functions called in `accesses` read and write outside their
 * own bodies, one level deep: `load()` reading a variable that an earlier
 * statement assigned makes the call depend on that statement.
 */
export function includeCalleeAccesses(checker: ts.TypeChecker, accesses: Accesses, cache: Map<ts.Node, Accesses>): Accesses {
  for (const call of [...accesses.calls]) {
    const body = calleeBody(checker, call);
    if (!body) continue;
    let callee = cache.get(body);
    if (!callee) {
      callee = collectAccesses(checker, body);
      for (const symbol of [...callee.reads, ...callee.writes]) {
        if (declaredInside(symbol, body)) {
          callee.reads.delete(symbol);
          callee.writes.delete(symbol);
        }
      }
      cache.set(body, callee);
    }
    for (const symbol of callee.reads) accesses.reads.add(symbol);
    for (const symbol of callee.writes) accesses.writes.add(symbol);
    for (const root of callee.propertyWriteRoots) accesses.propertyWriteRoots.add(root);
    // A method called on `this` reads our `this`; a plain function's `this` is its own.
    if (callee.readsThis && isCallOnThis(call)) (accesses as { readsThis: boolean }).readsThis = true;
  }
  return accesses;
}

function isCallOnThis(call: ts.CallExpression): boolean {
  const callee = call.expression;
  return (ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee)) && callee.expression.kind === ts.SyntaxKind.ThisKeyword;
}

function declaredInside(symbol: ts.Symbol, container: ts.Node): boolean {
  return (symbol.declarations ?? []).some(
    (declaration) => declaration.pos >= container.pos && declaration.end <= container.end && declaration.getSourceFile() === container.getSourceFile(),
  );
}

/** The body of the function a call invokes, when it is written in the project (not a declaration file). */
export function calleeBody(checker: ts.TypeChecker, call: ts.CallExpression): ts.Node | undefined {
  let symbol = checker.getSymbolAtLocation(ts.isPropertyAccessExpression(call.expression) ? call.expression.name : call.expression);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const declaration = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
  if (!declaration || declaration.getSourceFile().isDeclarationFile) return undefined;
  let fn: ts.Node | undefined = declaration;
  if (ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration) || ts.isPropertyAssignment(declaration)) fn = declaration.initializer;
  if (fn && (ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn) || ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return fn.body;
  return undefined;
}
