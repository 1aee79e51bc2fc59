import * as ts from 'typescript';
import type { Fix } from '../findings';
import type { Rule, RuleContext } from '../rule';
import { skipParentheses } from '../syntax';
import { functionCannotReject } from '../rejection/cannotReject';
import { wrapBlockContents } from '../fixes/rejectionFixes';
import { WHAT_CANNOT_REJECT } from '../knowledge';

/**
 * no-async-promise-executor: `new Promise(async (resolve, reject) => ...)`.
 * The constructor ignores the executor's promise, so an error thrown (or an
 * await rejected) inside it neither rejects the new promise nor is handled.
 */
export const noAsyncPromiseExecutor: Rule = {
  meta: {
    id: 'no-async-promise-executor',
    description: 'An async function as the executor of new Promise(...): its errors never reject the promise.',
    defaultSeverity: 'warning',
    typeAware: true,
    knowledge: WHAT_CANNOT_REJECT,
    docs: {
      flags: 'An async function (arrow or function expression) passed as the executor of `new Promise(...)`.',
      why:
        'The `Promise` constructor calls the executor and ignores what it returns. When an async executor throws, or an `await` in it ' +
        "rejects, the error rejects the executor's own promise, which nobody handles: an unhandled rejection (fatal in Node.js by " +
        'default), while the promise being constructed never settles and whoever awaits it waits forever. A synchronous executor ' +
        'that throws rejects the promise instead. Often the `new Promise` wrapper is not needed at all: an async function already ' +
        'returns a promise.',
      doesNotFlag:
        'Synchronous executors. Async executors that cannot reject: every `await` sits inside a `try` whose `catch` does not rethrow ' +
        '(typically it calls `reject(error)`), so every error reaches the promise — the wrapper may be redundant, but nothing is lost. ' +
        'Only a constructor named `Promise` is checked.',
      flaggedExamples: [
        'declare function read(path: string): Promise<string>;\nconst config = new Promise<string>(async (resolve) => {\n  resolve(await read("config.json"));\n});',
      ],
      notFlaggedExamples: [
        'declare function read(path: string): Promise<string>;\nconst config = new Promise<string>((resolve, reject) => {\n  read("config.json").then(resolve, reject);\n});',
        'declare function read(path: string): Promise<string>;\nconst config = new Promise<string>(async (resolve, reject) => {\n  try {\n    resolve(await read("config.json"));\n  } catch (error) {\n    reject(error);\n  }\n});',
      ],
      fixes:
        '**Run the async code inside a synchronous executor**: the executor loses `async`, and its body moves into an async arrow ' +
        'called at once whose rejection goes to `reject` — `new Promise((resolve, reject) => { (async () => { ... })().catch(reject); })` ' +
        '(a `reject` parameter is added when the executor has none). Errors then reject the promise, as the code meant. Not applied ' +
        'automatically: it changes behaviour (the promise now rejects where it used to hang).',
    },
  },
  create(context: RuleContext) {
    return {
      [ts.SyntaxKind.NewExpression]: (node) => check(context, node as ts.NewExpression),
    };
  },
};

type Executor = ts.ArrowFunction | ts.FunctionExpression;

function check(context: RuleContext, node: ts.NewExpression): void {
  const { sourceFile } = context;
  const callee = skipParentheses(node.expression);
  if (!ts.isIdentifier(callee) || callee.text !== 'Promise') return;
  const argument = node.arguments?.[0];
  if (!argument) return;
  const executor = skipParentheses(argument);
  if (!ts.isArrowFunction(executor) && !ts.isFunctionExpression(executor)) return;
  const asyncModifier = ts.getModifiers(executor)?.find((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword);
  if (!asyncModifier || executor.asteriskToken) return;
  if (functionCannotReject(context, executor)) return;

  const start = executor.getStart(sourceFile);
  let end = executor.body.getStart(sourceFile);
  while (end > start && /\s/.test(sourceFile.text[end - 1])) end--;
  const fix = rewriteFix(context, executor, asyncModifier);
  context.report({
    start,
    end,
    message:
      'This Promise executor is async: if it throws or an await in it rejects, the error does not reject this promise; it becomes an ' +
      'unhandled rejection, and this promise never settles.',
    fixes: fix ? [fix] : [],
  });
}

function rewriteFix(context: RuleContext, executor: Executor, asyncModifier: ts.Modifier): Fix | undefined {
  const { sourceFile } = context;
  const file = sourceFile.fileName;
  const parameters = executor.parameters;
  if (parameters.some((parameter) => parameter.dotDotDotToken || !ts.isIdentifier(parameter.name))) return undefined;
  let rejectName = parameters.length >= 2 ? (parameters[1].name as ts.Identifier).text : undefined;
  const edits: Array<{ file: string; start: number; end: number; newText: string }> = [];
  // `async ` goes.
  edits.push({ file, start: asyncModifier.getStart(sourceFile), end: skipWhitespace(sourceFile.text, asyncModifier.getEnd()), newText: '' });

  if (!rejectName) {
    const used = identifiersIn(executor.body);
    // Not knowledge: names for the new parameter, tried in order until one is free.
    rejectName = ['reject', 'rejectPromise', 'rejectExecutor'].find((name) => !used.has(name));
    if (!rejectName) return undefined;
    const openParen = executor.getChildren(sourceFile).find((child) => child.kind === ts.SyntaxKind.OpenParenToken);
    if (parameters.length === 0) {
      if (!openParen || used.has('_resolve')) return undefined;
      edits.push({ file, start: openParen.getEnd(), end: openParen.getEnd(), newText: `_resolve, ${rejectName}` });
    } else if (openParen) {
      edits.push({ file, start: parameters[0].getEnd(), end: parameters[0].getEnd(), newText: `, ${rejectName}` });
    } else {
      // `async resolve => ...`: a lone parameter gets parentheses.
      edits.push({ file, start: parameters[0].getStart(sourceFile), end: parameters[0].getEnd(), newText: `(${parameters[0].getText(sourceFile)}, ${rejectName})` });
    }
  }

  const tail = `)().catch(${rejectName});`;
  const body = executor.body;
  if (ts.isBlock(body)) {
    const change = wrapBlockContents(sourceFile, body, {
      singleLine: (statements) => ` (async () => { ${statements} }${tail} `,
      multiLine: (content, indent) => `${indent}(async () => {\n${content}${indent}}${tail}\n`,
    });
    if (!change) return undefined;
    edits.push({ file, start: change.span.start, end: change.span.start + change.span.length, newText: change.newText });
  } else {
    const inner = body.getText(sourceFile);
    const wrapped = ts.isObjectLiteralExpression(skipParentheses(body)) && !ts.isParenthesizedExpression(body) ? `(${inner})` : inner;
    edits.push({ file, start: body.getStart(sourceFile), end: body.getEnd(), newText: `{ (async () => ${wrapped}${tail} }` });
  }
  return { title: 'Run the async code inside a synchronous executor', edits, safe: false };
}

function skipWhitespace(text: string, offset: number): number {
  while (offset < text.length && /\s/.test(text[offset])) offset++;
  return offset;
}

function identifiersIn(node: ts.Node): Set<string> {
  const names = new Set<string>();
  const visit = (child: ts.Node): void => {
    if (ts.isIdentifier(child)) names.add(child.text);
    ts.forEachChild(child, visit);
  };
  visit(node);
  return names;
}
