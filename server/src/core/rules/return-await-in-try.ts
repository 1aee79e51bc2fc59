import * as ts from 'typescript';
import type { Rule, RuleContext } from '../rule';
import { describeNode, needsParensAsUnaryOperand, skipParentheses } from '../syntax';
import { isThenable } from '../types';
import { promiseCannotReject } from '../rejection/cannotReject';
import { isFluentSelfCall } from '../rejection/promiseUse';
import { WHAT_CANNOT_REJECT } from '../knowledge';

/**
 * return-await-in-try: `return promise` inside `try` in an async function. The
 * function returns before the promise settles, so a rejection skips the
 * `catch` block and the `finally` block runs too early.
 */
export const returnAwaitInTry: Rule = {
  meta: {
    id: 'return-await-in-try',
    description: 'A promise returned without await inside try, so its rejection skips the catch block.',
    defaultSeverity: 'warning',
    typeAware: true,
    knowledge: WHAT_CANNOT_REJECT,
    docs: {
      flags:
        'In an async function, `return promise` (a thenable, not awaited) inside a `try` block that has a `catch` or a `finally`, ' +
        'or inside a `catch` block whose `try` has a `finally`.',
      why:
        'An async function that returns a promise hands it to its caller and leaves the `try` at once. If the promise then rejects, ' +
        'the rejection goes straight to the caller: the `catch` block written to handle it never runs. A `finally` block runs before ' +
        'the promise settles, so the clean-up it does (releasing a lock, closing a connection, clearing a loading flag) happens while ' +
        'the work is still going on. `return await promise` keeps the function inside the `try` until the promise settles.',
      doesNotFlag:
        '`return await ...`; returns outside `try`; returns in functions that are not async (they cannot await) and in async ' +
        'generators (which await returned values themselves); returned values that are not promises, or whose type is `any` or ' +
        'unknown; and, in a `try` with a `catch` but no `finally`, a promise that cannot reject (`return load().catch(() => fallback)`, ' +
        'or a call of a project function that handles its own errors): there is nothing for the `catch` to miss. Nor a fluent method ' +
        "of a thenable declared to return `this` or exactly its receiver's type (`return reply.send(body)`, where the reply has a " +
        '`then` for convenience): it hands back the object it was called on, and starts nothing that could settle later.',
      flaggedExamples: [
        'declare function load(): Promise<string>;\nasync function read() {\n  try {\n    return load();\n  } catch {\n    return "default";\n  }\n}',
        'declare function query(): Promise<number>;\ndeclare function release(): void;\nasync function count() {\n  try {\n    return query();\n  } finally {\n    release();\n  }\n}',
      ],
      notFlaggedExamples: [
        'declare function load(): Promise<string>;\nasync function read() {\n  try {\n    return await load();\n  } catch {\n    return "default";\n  }\n}',
        'declare function load(): Promise<string>;\nasync function read() {\n  return load();\n}',
        'declare function load(): Promise<string>;\nfunction read() {\n  try {\n    return load();\n  } catch {\n    return Promise.resolve("default");\n  }\n}',
      ],
      fixes:
        '**Add await**: `return await promise`. Not applied automatically: the `catch` block then handles rejections it used to miss, ' +
        'and the `finally` block waits for the promise.',
    },
  },
  create(context: RuleContext) {
    return {
      [ts.SyntaxKind.ReturnStatement]: (node) => check(context, node as ts.ReturnStatement),
    };
  },
};

function check(context: RuleContext, statement: ts.ReturnStatement): void {
  const { checker, sourceFile } = context;
  if (!statement.expression) return;
  const expression = skipParentheses(statement.expression);
  if (ts.isAwaitExpression(expression)) return;

  const guard = guardingTry(statement);
  if (!guard) return;
  if (!isThenable(checker, checker.getTypeAtLocation(expression))) return;
  // A fluent method handing back its own thenable receiver (`return reply.send(body)`) has nothing to settle.
  if (ts.isCallExpression(expression) && isFluentSelfCall(context.program, checker, expression)) return;
  if (!guard.hasFinally && promiseCannotReject(context, expression)) return;

  const promise = `\`${describeNode(expression, sourceFile)}\``;
  const consequence = guard.inCatch
    ? `the \`finally\` block runs before it settles`
    : guard.hasCatch && guard.hasFinally
      ? `a rejection skips the \`catch\` block, and the \`finally\` block runs before it settles`
      : guard.hasCatch
        ? `a rejection skips the \`catch\` block`
        : `the \`finally\` block runs before it settles`;
  const text = statement.expression.getText(sourceFile);
  const operand = needsParensAsUnaryOperand(statement.expression) ? `(${text})` : text;
  context.report({
    start: statement.expression.getStart(sourceFile),
    end: statement.expression.getEnd(),
    message: `The promise ${promise} is returned without await inside ${guard.inCatch ? 'a `catch` block' : '`try`'}: ${consequence}.`,
    fixes: [
      {
        title: 'Add await',
        edits: [{ file: sourceFile.fileName, start: statement.expression.getStart(sourceFile), end: statement.expression.getEnd(), newText: `await ${operand}` }],
        safe: false,
        preferred: true,
      },
    ],
  });
}

interface Guard {
  readonly inCatch: boolean;
  readonly hasCatch: boolean;
  readonly hasFinally: boolean;
}

/**
 * The nearest `try` that a returned promise escapes, when the return is in an
 * async function (not a generator): in its try block (with a catch or a
 * finally), or in its catch block when it has a finally.
 */
function guardingTry(statement: ts.ReturnStatement): Guard | undefined {
  let child: ts.Node = statement;
  let found: Guard | undefined;
  for (let node = statement.parent; node; child = node, node = node.parent) {
    if (ts.isFunctionLike(node)) {
      const isAsync = ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword) ?? false);
      const isGenerator = (node as ts.FunctionLikeDeclaration).asteriskToken !== undefined;
      return isAsync && !isGenerator ? found : undefined;
    }
    if (ts.isClassStaticBlockDeclaration(node) || ts.isSourceFile(node)) return undefined;
    if (found || !ts.isTryStatement(node)) continue;
    if (child === node.tryBlock) found = { inCatch: false, hasCatch: node.catchClause !== undefined, hasFinally: node.finallyBlock !== undefined };
    else if (child === node.catchClause && node.finallyBlock) found = { inCatch: true, hasCatch: true, hasFinally: true };
  }
  return undefined;
}
