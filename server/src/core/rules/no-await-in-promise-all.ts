import * as ts from 'typescript';
import type { Rule, RuleContext } from '../rule';
import { describeNode, skipParentheses } from '../syntax';
import { PROMISE_COMBINATORS } from '../knowledge/javascript';

/**
 * no-await-in-promise-all: `Promise.all([await a(), await b()])` awaits each
 * element while the array is being built, one after another, so the combinator
 * receives values that are already settled and runs nothing together.
 */
export const noAwaitInPromiseAll: Rule = {
  meta: {
    id: 'no-await-in-promise-all',
    description: 'An await on an element of the array handed to Promise.all, allSettled, any or race.',
    defaultSeverity: 'warning',
    typeAware: false,
    knowledge: [PROMISE_COMBINATORS],
    docs: {
      flags: 'An element of the array literal passed to `Promise.all`, `Promise.allSettled`, `Promise.any` or `Promise.race` ' + 'that is itself an `await` expression.',
      why:
        'The array is built before the combinator is called, so every `await` in it finishes before the next element ' +
        'starts: the calls run one after another, `Promise.all` waits for nothing, `Promise.race` and `Promise.any` can ' +
        'no longer pick the first to settle, and `Promise.allSettled` no longer catches a rejection (it is thrown by the ' +
        '`await` instead).',
      doesNotFlag:
        'Awaits nested deeper inside an element (`(await a()).b`), whose removal would change the value; arrays that are ' +
        'not written inline in the call; spread elements; and combinators called on anything but `Promise`.',
      flaggedExamples: [
        [
          'declare function getUser(): Promise<string>;',
          'declare function getTeam(): Promise<string>;',
          'export async function load() {',
          '  return Promise.all([await getUser(), await getTeam()]);',
          '}',
        ].join('\n'),
      ],
      notFlaggedExamples: [
        [
          'declare function getUser(): Promise<string>;',
          'declare function getTeam(): Promise<string>;',
          'export async function load() {',
          '  return Promise.all([getUser(), getTeam()]);',
          '}',
        ].join('\n'),
      ],
      fixes: '**Remove await** hands the promise itself to the combinator, so the calls run together. It changes when the calls start, so it is not applied on save.',
    },
  },
  create(context: RuleContext) {
    return {
      [ts.SyntaxKind.CallExpression]: (node) => check(context, node as ts.CallExpression),
    };
  },
};

function check(context: RuleContext, call: ts.CallExpression): void {
  const callee = skipParentheses(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || !ts.isIdentifier(callee.expression) || callee.expression.text !== 'Promise') return;
  if (!PROMISE_COMBINATORS.names.has(callee.name.text)) return;
  const [array] = call.arguments;
  if (!array || !ts.isArrayLiteralExpression(skipParentheses(array))) return;
  const { sourceFile } = context;
  for (const element of (skipParentheses(array) as ts.ArrayLiteralExpression).elements) {
    const awaited = skipParentheses(element);
    if (!ts.isAwaitExpression(awaited)) continue;
    const start = element.getStart(sourceFile);
    context.report({
      start,
      end: element.getEnd(),
      message:
        `\`${describeNode(awaited, sourceFile)}\` is awaited while the array for Promise.${callee.name.text} is built, so it finishes ` +
        `before the next element starts and the calls run one after another. Pass the promise itself.`,
      fixes: [
        {
          title: 'Remove await',
          edits: [{ file: sourceFile.fileName, start, end: element.getEnd(), newText: awaited.expression.getText(sourceFile) }],
          safe: false,
          preferred: true,
        },
      ],
    });
  }
}
