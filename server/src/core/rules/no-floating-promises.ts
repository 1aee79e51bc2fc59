import * as ts from 'typescript';
import type { Fix } from '../findings';
import type { Rule, RuleContext } from '../rule';
import {
  describeNode,
  enclosingFunction,
  isAsyncFunction,
  needsParensAsUnaryOperand,
  needsParensForMemberAccess,
  skipParentheses,
  startsAfterUnterminatedStatement,
} from '../ast';
import { hasCatchMethod, isNullable, isThenable } from '../types';

/**
 * no-floating-promises: a promise created by an expression statement and then
 * dropped. If it rejects, nobody hears about it: Node prints a warning or, by
 * default since Node 15, terminates the process.
 */
export const noFloatingPromises: Rule = {
  meta: {
    id: 'no-floating-promises',
    description: 'A promise that is neither awaited, returned, stored nor given a rejection handler.',
    defaultSeverity: 'warning',
    typeAware: true,
    docs: {
      flags:
        'An expression statement whose value is a promise (any thenable) that is not awaited, not returned, not stored for later ' +
        'and has no rejection handler: no `.catch(handler)` and no `.then(onFulfilled, onRejected)`. ' +
        '`.finally(...)` alone does not handle a rejection: the promise it returns rejects too.',
      why:
        'A rejected promise that nobody handles is an unhandled rejection. Since Node.js 15 it terminates the process by default; ' +
        'in browsers it is logged and lost. Either way the error never reaches the code that could deal with it, and the work ' +
        'the promise stands for may still be running when the caller believes it is done.',
      doesNotFlag:
        '`void promise` (an intended fire-and-forget); promises assigned to a variable or property (stored for later); ' +
        'returned promises; promises with a rejection handler attached; and any expression whose type is `any`, `unknown` or ' +
        'unresolved: when the types do not say it is a promise, the rule stays silent rather than guess.',
      flaggedExamples: [
        'declare function save(): Promise<void>;\nasync function handler() {\n  save();\n}',
        'declare function save(): Promise<void>;\nsave().then(() => console.log("saved"));',
        'declare function save(): Promise<void>;\nsave().finally(() => console.log("done"));',
      ],
      notFlaggedExamples: [
        'declare function save(): Promise<void>;\nasync function handler() {\n  await save();\n}',
        'declare function save(): Promise<void>;\nvoid save();',
        'declare function save(): Promise<void>;\nsave().catch((error) => console.error(error));',
        'declare function save(): Promise<void>;\nsave().then(() => {}, (error) => console.error(error));',
        'declare function save(): Promise<void>;\nconst pending = save();',
        'declare const untyped: any;\nuntyped.save();',
      ],
      fixes:
        '**Add `await`** (only inside an async function), **Append `.catch(...)`** with a handler that logs the error ' +
        '(only when the value has a `catch` method and `console` is declared), and **Add `void`** to mark an intended fire-and-forget. ' +
        'None is applied automatically: each changes when errors surface, so a person chooses.',
    },
  },
  create(context: RuleContext) {
    return {
      [ts.SyntaxKind.ExpressionStatement]: (node) => checkStatement(context, node as ts.ExpressionStatement),
    };
  },
};

function checkStatement(context: RuleContext, statement: ts.ExpressionStatement): void {
  const { checker, sourceFile } = context;
  const expression = skipParentheses(statement.expression);
  if (!isUnhandledPromise(checker, expression)) return;

  const description = ts.isCallExpression(expression) ? `returned by \`${describeNode(expression, sourceFile)}\`` : `\`${describeNode(expression, sourceFile)}\``;
  context.report({
    start: statement.expression.getStart(sourceFile),
    end: statement.expression.getEnd(),
    message: `The promise ${description} is neither awaited, returned nor given a rejection handler; if it rejects, the rejection goes unhandled.`,
    fixes: fixesFor(context, statement),
  });
}

/** True when evaluating `expression` for its effect leaves a promise that can reject unobserved. */
function isUnhandledPromise(checker: ts.TypeChecker, node: ts.Expression): boolean {
  const expression = skipParentheses(node);
  if (ts.isVoidExpression(expression) || ts.isAwaitExpression(expression)) return false;

  if (ts.isBinaryExpression(expression)) {
    const operator = expression.operatorToken.kind;
    // Assignments store the promise for later; whoever reads it is responsible for it.
    if (operator >= ts.SyntaxKind.FirstAssignment && operator <= ts.SyntaxKind.LastAssignment) return false;
    if (operator === ts.SyntaxKind.CommaToken) {
      return isUnhandledPromise(checker, expression.left) || isUnhandledPromise(checker, expression.right);
    }
    if (
      operator === ts.SyntaxKind.AmpersandAmpersandToken ||
      operator === ts.SyntaxKind.BarBarToken ||
      operator === ts.SyntaxKind.QuestionQuestionToken
    ) {
      return isUnhandledPromise(checker, expression.left) || isUnhandledPromise(checker, expression.right);
    }
  }
  if (ts.isConditionalExpression(expression)) {
    return isUnhandledPromise(checker, expression.whenTrue) || isUnhandledPromise(checker, expression.whenFalse);
  }

  if (ts.isCallExpression(expression) && ts.isPropertyAccessExpression(expression.expression)) {
    const method = expression.expression.name.text;
    const args = expression.arguments;
    if (method === 'catch' && args.length >= 1 && !isNullishLiteral(args[0])) return false;
    if (method === 'then' && args.length >= 2 && !isNullishLiteral(args[1])) return false;
    // `.finally` passes the receiver's rejection through: it is handled only if the receiver is.
    if (method === 'finally' && isThenable(checker, checker.getTypeAtLocation(expression.expression.expression))) {
      return isUnhandledPromise(checker, expression.expression.expression);
    }
  }

  return isThenable(checker, checker.getTypeAtLocation(expression));
}

function isNullishLiteral(node: ts.Expression): boolean {
  const expression = skipParentheses(node);
  return expression.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(expression) && expression.text === 'undefined');
}

function fixesFor(context: RuleContext, statement: ts.ExpressionStatement): Fix[] {
  const { checker, sourceFile } = context;
  const expression = statement.expression;
  const file = sourceFile.fileName;
  const start = expression.getStart(sourceFile);
  const end = expression.getEnd();
  const text = expression.getText(sourceFile);
  const fixes: Fix[] = [];

  const asUnaryOperand = needsParensAsUnaryOperand(skipParentheses(expression)) && !ts.isParenthesizedExpression(expression) ? `(${text})` : text;

  if (isAsyncFunction(enclosingFunction(statement))) {
    fixes.push({ title: 'Add await', edits: [{ file, start, end, newText: `await ${asUnaryOperand}` }], safe: false, preferred: true });
  }

  const type = checker.getTypeAtLocation(expression);
  // The handler logs with console.error, which projects without the DOM or Node types do not have.
  const canLog = checker.resolveName('console', statement, ts.SymbolFlags.Value, false) !== undefined;
  if (canLog && hasCatchMethod(checker, type)) {
    const wrapped = needsParensForMemberAccess(expression);
    const receiver = wrapped ? `(${text})` : text;
    const guard = wrapped && startsAfterUnterminatedStatement(statement, sourceFile) ? ';' : '';
    // An optional chain already short-circuits the appended call; any other nullable value needs `?.`.
    const access = isNullable(type) && !ts.isOptionalChain(skipParentheses(expression)) ? '?.' : '.';
    fixes.push({
      title: 'Append .catch(...) that logs the error',
      edits: [{ file, start, end, newText: `${guard}${receiver}${access}catch((error) => console.error(error))` }],
      safe: false,
      preferred: fixes.length === 0,
    });
  }

  fixes.push({ title: 'Add void to mark it fire-and-forget', edits: [{ file, start, end, newText: `void ${asUnaryOperand}` }], safe: false });
  return fixes;
}
