import * as ts from 'typescript';
import { enclosingFunction, type FunctionLike, isFunctionLike, skipOuterWrappers, stripWrappers } from '../syntax';
import type { EventLoopAnalysis } from './analysis';
import { forEachNode } from './projectIndex';

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
      if (parent.right === skipOuterWrappers(node) && (operator === ts.SyntaxKind.QuestionQuestionEqualsToken || operator === ts.SyntaxKind.BarBarEqualsToken))
        return isOuter(parent.left, fn);
      if (parent.right === skipOuterWrappers(node) && operator === ts.SyntaxKind.EqualsToken) {
        return isOuter(parent.left, fn) && isGuarded(parent, parent.left.getText(), fn);
      }
      if (operator === ts.SyntaxKind.QuestionQuestionToken || operator === ts.SyntaxKind.BarBarToken) {
        // x = x || readFileSync(…)
        if (
          parent.right === skipOuterWrappers(node) &&
          ts.isBinaryExpression(skipOuterWrappers(parent).parent) &&
          (skipOuterWrappers(parent).parent as ts.BinaryExpression).left.getText() === parent.left.getText()
        ) {
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
    else if (
      ts.isBinaryExpression(condition) &&
      [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken].includes(condition.operatorToken.kind) &&
      /^(undefined|null)$/.test(condition.right.getText())
    )
      target = stripWrappers(condition.left);
    if (!target) continue;
    if (ts.isCallExpression(target) && ts.isPropertyAccessExpression(target.expression) && target.expression.name.text === 'has') target = target.expression.expression;
    const text = target.getText();
    let fills = false;
    forEachNode(current, (node) => {
      if (fills) return false;
      if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && node.left.getText() === text) fills = true;
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'set' && node.expression.expression.getText() === text)
        fills = true;
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
    if (
      ts.isBinaryExpression(parent) &&
      parent.right === current &&
      (parent.operatorToken.kind === ts.SyntaxKind.BarBarToken || parent.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken) &&
      mentions(parent.left)
    )
      return true;
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
