import * as ts from 'typescript';
import { skipParentheses } from '../ast';
import { collectAccesses, includeCalleeAccesses, type Accesses } from './accesses';
import { describeAwaitedCall, type AwaitedCall } from './operations';

/**
 * A statement whose only asynchronous work is one awaited call, in one of the
 * shapes the gather rules can regroup:
 *
 *     const user: User = await getUser(id);   // declaration
 *     this.user = await getUser(id);          // assignment
 *     await audit(id);                        // discarded
 */
export type AwaitStatement = {
  readonly statement: ts.Statement;
  readonly call: AwaitedCall;
  /** What the statement writes (its declared names or assignment target), and what its call writes. */
  readonly produced: Accesses;
  /**
   * What the statement needs before it can run: what its call reads (including
   * inside the functions it calls) and the keys of its assignment target. The
   * object an assignment writes into is not a need: `this.b = …` does not wait for `this.a = …`.
   */
  readonly consumed: Accesses;
} & (
  | { readonly shape: 'declaration'; readonly keyword: 'const' | 'let'; readonly declaration: ts.VariableDeclaration }
  | { readonly shape: 'assignment'; readonly target: ts.Expression }
  | { readonly shape: 'discarded' }
);

export function parseAwaitStatement(checker: ts.TypeChecker, statement: ts.Statement, calleeCache: Map<ts.Node, Accesses>): AwaitStatement | undefined {
  const describe = (expression: ts.Expression | undefined) => {
    if (!expression) return undefined;
    const inner = skipParentheses(expression);
    return ts.isAwaitExpression(inner) ? describeAwaitedCall(checker, inner) : undefined;
  };
  const facts = (call: AwaitedCall, target?: ts.Expression) => {
    const consumed = includeCalleeAccesses(checker, collectAccesses(checker, call.call), calleeCache);
    for (let current = target && skipParentheses(target); current && (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current)); current = skipParentheses(current.expression)) {
      if (ts.isElementAccessExpression(current)) collectAccesses(checker, current.argumentExpression, consumed);
    }
    const produced = includeCalleeAccesses(checker, collectAccesses(checker, statement), calleeCache);
    return { produced, consumed };
  };

  if (ts.isVariableStatement(statement)) {
    const list = statement.declarationList;
    const keyword = list.flags & ts.NodeFlags.Const ? 'const' : list.flags & ts.NodeFlags.Let ? 'let' : undefined;
    // `var` hoists and `using` disposes: regrouping those changes meaning, so they are left alone.
    if (!keyword || list.declarations.length !== 1 || statement.modifiers?.length) return undefined;
    const declaration = list.declarations[0];
    const call = describe(declaration.initializer);
    return call ? { statement, call, ...facts(call), shape: 'declaration', keyword, declaration } : undefined;
  }
  if (ts.isExpressionStatement(statement)) {
    const expression = skipParentheses(statement.expression);
    if (ts.isAwaitExpression(expression)) {
      const call = describeAwaitedCall(checker, expression);
      return call ? { statement, call, ...facts(call), shape: 'discarded' } : undefined;
    }
    if (ts.isBinaryExpression(expression) && expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const call = describe(expression.right);
      return call ? { statement, call, ...facts(call, expression.left), shape: 'assignment', target: expression.left } : undefined;
    }
  }
  return undefined;
}
