import * as ts from 'typescript';
import { skipParentheses } from '../syntax';
import { collectAccesses, includeCalleeAccesses, type Accesses } from './accesses';
import { describeAwaitedCall, type AwaitedCall, type GatherContext } from './operations';

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

/** An await statement as the syntax shows it, before the checker is asked about its call. */
export type AwaitStatementShape = { readonly awaited: ts.AwaitExpression } & (
  | { readonly shape: 'declaration'; readonly keyword: 'const' | 'let'; readonly declaration: ts.VariableDeclaration }
  | { readonly shape: 'assignment'; readonly target: ts.Expression }
  | { readonly shape: 'discarded' }
);

/** The shape of `statement` if it is one of an `AwaitStatement`'s, from the syntax alone (no checker): cheap enough to ask of every statement. */
export function awaitStatementShape(statement: ts.Statement): AwaitStatementShape | undefined {
  const awaitedIn = (expression: ts.Expression | undefined) => {
    const inner = expression && skipParentheses(expression);
    return inner && ts.isAwaitExpression(inner) ? inner : undefined;
  };
  if (ts.isVariableStatement(statement)) {
    const list = statement.declarationList;
    const keyword = list.flags & ts.NodeFlags.Const ? 'const' : list.flags & ts.NodeFlags.Let ? 'let' : undefined;
    // `var` hoists and `using` disposes: regrouping those changes meaning, so they are left alone.
    if (!keyword || list.declarations.length !== 1 || statement.modifiers?.length) return undefined;
    const declaration = list.declarations[0];
    const awaited = awaitedIn(declaration.initializer);
    return awaited && { awaited, shape: 'declaration', keyword, declaration };
  }
  if (ts.isExpressionStatement(statement)) {
    const expression = skipParentheses(statement.expression);
    if (ts.isAwaitExpression(expression)) return { awaited: expression, shape: 'discarded' };
    if (ts.isBinaryExpression(expression) && expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const awaited = awaitedIn(expression.right);
      return awaited && { awaited, shape: 'assignment', target: expression.left };
    }
  }
  return undefined;
}

export function parseAwaitStatement(context: GatherContext, statement: ts.Statement, calleeCache: Map<ts.Node, Accesses>): AwaitStatement | undefined {
  const { checker } = context;
  const found = awaitStatementShape(statement);
  const call = found && describeAwaitedCall(context, found.awaited);
  if (!found || !call) return undefined;
  const target = found.shape === 'assignment' ? found.target : undefined;
  const consumed = includeCalleeAccesses(checker, collectAccesses(checker, call.call), calleeCache);
  for (
    let current = target && skipParentheses(target);
    current && (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current));
    current = skipParentheses(current.expression)
  ) {
    if (ts.isElementAccessExpression(current)) collectAccesses(checker, current.argumentExpression, consumed);
  }
  const produced = includeCalleeAccesses(checker, collectAccesses(checker, statement), calleeCache);
  const facts = { statement, call, produced, consumed };
  if (found.shape === 'declaration') return { ...facts, shape: 'declaration', keyword: found.keyword, declaration: found.declaration };
  if (found.shape === 'assignment') return { ...facts, shape: 'assignment', target: found.target };
  return { ...facts, shape: 'discarded' };
}
