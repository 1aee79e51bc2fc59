import * as ts from 'typescript';
import type { Fix } from '../findings';
import type { Rule, RuleContext } from '../rule';
import { describeNode, enclosingFunction, needsParensAsUnaryOperand, needsParensForMemberAccess, skipParentheses, startsAfterUnterminatedStatement } from '../syntax';
import { hasCatchMethod, isNullable, isThenable } from '../types';
import { functionCannotReject, isVoidOrPromiseAdapterCall, promiseCannotReject, referencedFunction } from '../rejection/cannotReject';
import { isFluentSelfCall, isSelfReportingLibraryCall, isTestRunnerCall, isWarmUpCall, promiseArrayElementType } from '../rejection/promiseUse';
import { loggedByHandler, processRejectionHandler } from '../rejection/processHandlers';
import { awaitWouldWaitOnLoop, ERROR_HANDLER_OPTION_DOCS, errorHandlerCall, errorVariableName, fileErrorHandlerAt, isAwaitValidAt } from '../fixes/rejectionFixes';
import { WHAT_CANNOT_REJECT } from '../knowledge';
import { WARM_UP_NAMES } from '../knowledge/names';

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
    knowledge: [...WHAT_CANNOT_REJECT, WARM_UP_NAMES],
    docs: {
      flags:
        'An expression statement whose value is a promise (any thenable, not only `Promise`) that is not awaited, not returned, not stored ' +
        'for later and has no rejection handler: no `.catch(handler)` and no `.then(onFulfilled, onRejected)`. ' +
        '`.finally(...)` alone does not handle a rejection: the promise it returns rejects too. Optional calls (`client?.save()`), ' +
        'conditional (`ready ? save() : undefined`), logical (`dirty && save()`) and comma expressions count when one of their ' +
        'branches is such a promise; each operand of a comma expression is reported on its own. An array of promises dropped whole, ' +
        'typically `items.map(async (item) => ...)` written as a statement, is flagged too: none of its promises is observed.',
      why:
        'A rejected promise that nobody handles is an unhandled rejection. Since Node.js 15 it terminates the process by default; ' +
        'in browsers it is logged and lost. Either way the error never reaches the code that could deal with it, and the work ' +
        'the promise stands for may still be running when the caller believes it is done.',
      doesNotFlag:
        "**The last step of top-level code.** A statement of a module's own top-level code, outside every function, after which " +
        'nothing runs (`bootstrap();` at the end of an entry module, `if (require.main === module) main();`): nothing exists there to ' +
        'hand the error to, nothing waits for it, and an unhandled rejection ends the process (Node.js 15 and later) or is logged by ' +
        'the browser with its stack, just as an exception thrown by the same code would be. A top-level promise followed by more ' +
        'code (`migrate(); startServer();`) is flagged: the code after it does not wait.\n\n' +
        '`void promise` (an intended fire-and-forget); promises assigned to a variable or property (stored for later); ' +
        'returned promises; promises with a rejection handler attached; and any expression whose type is `any`, `unknown` or ' +
        'unresolved: when the types do not say it is a promise, the rule stays silent rather than guess.\n\n' +
        '**Promises that cannot reject.** Most floating promises in real code call a function that already handles its own errors. ' +
        'The rule follows the call to the function it runs (through the type checker, across the files of the project, several calls ' +
        'deep) and stays silent when that promise cannot reject. A promise can reject through a `throw`, an `await` of a promise that ' +
        'can reject, a `for await` loop, or a returned promise that can reject — unless a `try` whose `catch` does not rethrow ' +
        '(nor await or return anything that can reject) surrounds it. Synchronous calls are assumed not to throw, as they are for any ' +
        'plain function: an async function that awaits nothing that can reject is no riskier to call without a handler than a plain ' +
        'one. So these are left alone: a function whose awaits all sit in such a `try`, a function that returns ' +
        '`promise.catch(handler)` or a choice of promises none of which can reject (`cached ?? this.pending`, `a || b`), an async IIFE ' +
        'written that way, `Promise.allSettled(...)`, `Promise.resolve(value)`, `Promise.all(...)` over promises that ' +
        'cannot reject (built in place with `map`, `reduce` or an array literal), `.then(callback)` after a promise that cannot reject, ' +
        '`items.map(fn)` where `fn` cannot reject, a call through a wrapper that only delays a project function ' +
        '(`save = throttle(async () => ...)`, then `this.save()` or `this.save.flush()`; the wrapper is assumed to add no rejection), ' +
        'closing an async iterator (`iterator.return()`), and awaiting a promise kept in a `const` or a private or readonly ' +
        'property whose every value cannot reject, such as `ready = new Promise((resolve) => ...)` whose executor never rejects (an ' +
        "executor that does not use `reject` and, unless it is async, does not throw: an async executor's own errors never reach the " +
        'new promise, which `no-async-promise-executor` reports).\n\n' +
        '**What is assumed to reject.** Library functions (declaration files, `node_modules`): their implementation is not read, and ' +
        'they stand for I/O. A method a subclass overrides is judged by the declaration the call resolves to.\n\n' +
        '**Interface and abstract methods** are judged by their implementations in the program: the members of the same name in the ' +
        "project's classes that implement the interface (or object type) or extend the abstract class, and in their subclasses. When " +
        'there is at least one and none can reject — each is synchronous and returns no promise (`log(): void {}`), or its promise ' +
        'cannot reject by the rules above — the call is left alone; when one can reject, it is flagged. A method with no implementation ' +
        "in the program is assumed to reject, except an adapter method declared `void | Promise<void>` (also a library class's method " +
        'declared so, which hands the work to a pluggable part): its implementations may stay synchronous, so it is reported as a ' +
        'hint, and the message says so.\n\n' +
        "**Fluent thenables.** A method of a thenable object declared to return `this`, or a value of exactly its receiver's type " +
        '(an HTTP reply whose `send(body)` returns the reply, and which has a `then` for convenience), hands back the object it was ' +
        'called on: it starts no new work that could fail unhandled, so `reply.code(404).send(body);` is left alone. The promise ' +
        "protocol's own `then`, `catch` and `finally` derive a new promise and are judged as such.\n\n" +
        "**Reported as a hint.** When the program registers a process-wide listener for unhandled rejections on Node's `process` " +
        '(`process.on("unhandledRejection", handler)`, also `once`, `addListener`, `prependListener`, in any file of the program), ' +
        "a dropped promise's rejection is handed to that listener instead of ending the process: it is logged, not fatal. " +
        'The finding is then reported as a hint, whatever severity the rule is configured at, and its message names the file ' +
        'of the listener ("…; the process-wide unhandledRejection handler in src/main.ts logs it"). The error still never reaches ' +
        'the code that could deal with it, so the finding stays.\n\n' +
        '**Callbacks handed in.** A call of a value typed with a function type written in the project — a prop ' +
        '(`props.onSave()`), a parameter (`done()`), a property typed `(id: string) => Promise<void>` — has no implementation to read: ' +
        'whoever passes the function decides whether it handles its errors (in practice, handlers passed around usually do), so the ' +
        'rule does not guess.\n\n' +
        '**Router navigation.** `Router.navigate`/`navigateByUrl` from `@angular/router`, `push`/`replace` from `vue-router` and ' +
        "Next.js, and React Router's `navigate` report failed navigations themselves (events, error hooks, or a resolved `false`); " +
        'their promises are dropped by design in nearly every application, so calls resolved to those packages are not flagged. ' +
        'A project function of the same name is.\n\n' +
        '**Warm-up calls.** A call of a function whose name starts with `preload` or `prefetch` (`Scene.preload()`, ' +
        '`prefetchDocument(id)`) loads something ahead of need; if it fails, the real load runs later and reports the error, ' +
        'so the dropped promise loses nothing but a head start.\n\n' +
        "**Promises that never reject.** Parts of VS Code's API resolve whatever happens, or reject only when VS Code itself is " +
        'failing, which no extension can prevent or handle: the message boxes (`window.showInformationMessage`, `showWarningMessage`, ' +
        '`showErrorMessage`) resolve with the chosen item, or `undefined` when dismissed; `Memento.update` (`context.globalState`, ' +
        "`workspaceState`) keeps the value at once and its promise only reports a failure of VS Code's own storage; " +
        '`Webview.postMessage`, `window.tabGroups.close` and `env.openExternal` resolve `false` when the webview or tab is gone or the ' +
        'URI cannot be opened; and ' +
        "`commands.executeCommand` of VS Code's own user-interface commands — `setContext`, the `workbench.action.*`, `workbench.view.*` and " +
        '`workbench.panel.*` commands and the ' +
        'editor-opening commands (`vscode.open`, `vscode.openWith`, `vscode.diff`, `vscode.changes`, `revealFileInOS`, `revealInExplorer`) — ' +
        "shows any failure in the window itself (also through a project function that passes its command on to VS Code's, and with " +
        'the command id in a constant, or a function returning one of several such constants). Extensions drop these by design, and a handler could never run. Other commands, whose ' +
        'handlers belong to extensions, can reject and are flagged, and so is `WorkspaceConfiguration.update` (it fails when ' +
        '`settings.json` cannot be written).\n\n' +
        "**Test runners.** Node's test runner (`node:test`) returns promises from `test()`, `it()`, `describe()`, `suite()` and " +
        '`t.test()` that the runner awaits itself and that never reject (a failing test is reported, not thrown): calls into `node:test` ' +
        'are not flagged. Mocha, Jest and Vitest register tests with functions that return nothing, so nothing is flagged there either; ' +
        'a promise dropped inside a test body still is.',
      flaggedExamples: [
        'declare function save(): Promise<void>;\nasync function handler() {\n  save();\n}',
        'declare function save(): Promise<void>;\nfunction onClick() {\n  save().then(() => console.log("saved"));\n}',
        'declare function save(): Promise<void>;\nfunction onClose() {\n  save().finally(() => console.log("done"));\n}',
        'declare function save(id: number): Promise<void>;\nasync function saveAll(ids: number[]) {\n  ids.map(async (id) => save(id));\n}',
      ],
      notFlaggedExamples: [
        'declare function save(): Promise<void>;\nasync function handler() {\n  await save();\n}',
        'declare function save(): Promise<void>;\nvoid save();',
        'declare function save(): Promise<void>;\nsave().catch((error) => console.error(error));',
        'declare function save(): Promise<void>;\nsave().then(() => {}, (error) => console.error(error));',
        'declare function save(): Promise<void>;\nconst pending = save();',
        'declare const untyped: any;\nuntyped.save();',
        'interface AuditLog {\n  log(event: string): void | Promise<void>;\n}\nclass QuietAuditLog implements AuditLog {\n  log(_event: string): void {}\n}\nfunction record(audit: AuditLog) {\n  audit.log("saved");\n}\nexport { QuietAuditLog, record };',
        'declare class Reply {\n  send(body: string): this;\n  then(onFulfilled: () => void): void;\n}\nfunction respond(reply: Reply) {\n  reply.send("done");\n}',
        'declare function save(): Promise<void>;\nasync function saveQuietly() {\n  try {\n    await save();\n  } catch (error) {\n    console.error(error);\n  }\n}\nfunction onClick() {\n  saveQuietly();\n}',
      ],
      fixes:
        '**Add `await`** (inside an async function, or at the top level of an ES module), **Append `.catch(...)`** with a handler that ' +
        'logs the error (only when the value has a `catch` method and the handler, `console` by default, is in scope), and **Add `void`** ' +
        'to mark an intended fire-and-forget. The `.catch` handler is the one the file already uses for caught errors when there is ' +
        "one (`this.emit('error', error)` in the same class, a logger such as `logger.error(error)`), before the `errorHandler` " +
        'option. **Add `await`** is preferred inside an async function, except when the called function settles only when a loop that ' +
        'keeps running ends (`while (this.running) { await … }`, `for await` over a stream): awaiting it would hold the caller until the ' +
        'service stops, so its title says so and `.catch` is preferred. For an array of promises: **Await them all with `Promise.all(...)`**, **Wrap in ' +
        '`Promise.all(...)` and append `.catch(...)`**, and **Add `void`**. None is applied automatically: each changes when errors ' +
        'surface, so a person chooses.',
      options: ERROR_HANDLER_OPTION_DOCS,
    },
  },
  create(context: RuleContext) {
    return {
      [ts.SyntaxKind.ExpressionStatement]: (node) => checkStatement(context, node as ts.ExpressionStatement),
    };
  },
};

function checkStatement(context: RuleContext, statement: ts.ExpressionStatement): void {
  const { sourceFile } = context;
  // The last thing top-level code does (`bootstrap();` at the end of an entry module) has no caller to hand the error to,
  // and nothing after it waits for it: a rejection ends the process (Node.js 15+) or is logged (browsers) with its stack,
  // exactly as an exception thrown there would be.
  if (isLastTopLevelStep(statement)) return;
  // Each operand of a comma expression is evaluated for its effect on its own.
  for (const part of commaOperands(statement.expression)) {
    const expression = skipParentheses(part);
    if (isUnhandledPromise(context, expression)) {
      const description = ts.isCallExpression(expression) ? `returned by \`${describeNode(expression, sourceFile)}\`` : `\`${describeNode(expression, sourceFile)}\``;
      // An adapter method declared `void | Promise<void>` with no implementation in sight may well stay synchronous.
      const adapter = ts.isCallExpression(expression) && isVoidOrPromiseAdapterCall(context, expression);
      const handler = processRejectionHandler(context.program, context.checker);
      const because = adapter ? ' (its method is declared `void | Promise<void>`, and no implementation in the project is seen to reject)' : '';
      context.report({
        start: part.getStart(sourceFile),
        end: part.getEnd(),
        message: `The promise ${description} is neither awaited, returned nor given a rejection handler; if it rejects, the rejection goes unhandled${because}${handler ? loggedByHandler(handler) : ''}.`,
        fixes: fixesFor(context, statement, part),
        ...(adapter || handler ? { certainty: 'likely' as const } : {}),
      });
    } else if (isUnhandledPromiseArray(context, expression)) {
      const description = ts.isCallExpression(expression) ? `returned by \`${describeNode(expression, sourceFile)}\`` : `\`${describeNode(expression, sourceFile)}\``;
      const handler = processRejectionHandler(context.program, context.checker);
      context.report({
        start: part.getStart(sourceFile),
        end: part.getEnd(),
        message: `The array of promises ${description} is dropped: none of them is awaited or given a rejection handler; if one rejects, the rejection goes unhandled${handler ? loggedByHandler(handler) : ''}.`,
        fixes: arrayFixesFor(context, statement, part),
        ...(handler ? { certainty: 'likely' as const } : {}),
      });
    }
  }
}

function commaOperands(node: ts.Expression): ts.Expression[] {
  const expression = skipParentheses(node);
  if (ts.isBinaryExpression(expression) && expression.operatorToken.kind === ts.SyntaxKind.CommaToken) {
    return [...commaOperands(expression.left), ...commaOperands(expression.right)];
  }
  return [node];
}

/** True when evaluating `expression` for its effect leaves a promise that can reject unobserved. */
function isUnhandledPromise(context: RuleContext, node: ts.Expression): boolean {
  const { checker } = context;
  const expression = skipParentheses(node);
  if (ts.isVoidExpression(expression) || ts.isAwaitExpression(expression)) return false;

  if (ts.isBinaryExpression(expression)) {
    const operator = expression.operatorToken.kind;
    // Assignments store the promise for later; whoever reads it is responsible for it.
    if (operator >= ts.SyntaxKind.FirstAssignment && operator <= ts.SyntaxKind.LastAssignment) return false;
    if (
      operator === ts.SyntaxKind.CommaToken ||
      operator === ts.SyntaxKind.AmpersandAmpersandToken ||
      operator === ts.SyntaxKind.BarBarToken ||
      operator === ts.SyntaxKind.QuestionQuestionToken
    ) {
      return isUnhandledPromise(context, expression.left) || isUnhandledPromise(context, expression.right);
    }
  }
  if (ts.isConditionalExpression(expression)) {
    return isUnhandledPromise(context, expression.whenTrue) || isUnhandledPromise(context, expression.whenFalse);
  }

  if (ts.isCallExpression(expression)) {
    // Router navigation reports its own failures; a warm-up (preload, prefetch) may fail.
    if (isSelfReportingLibraryCall(context, expression) || isWarmUpCall(expression)) return false;
    if (ts.isPropertyAccessExpression(expression.expression)) {
      const method = expression.expression.name.text;
      const args = expression.arguments;
      if (method === 'catch' && args.length >= 1 && !isNullishLiteral(args[0])) return false;
      if (method === 'then' && args.length >= 2 && !isNullishLiteral(args[1])) return false;
      // `.finally` passes the receiver's rejection through: it is handled only if the receiver is.
      if (method === 'finally' && isThenable(checker, checker.getTypeAtLocation(expression.expression.expression))) {
        return isUnhandledPromise(context, expression.expression.expression);
      }
    }
  }

  if (!isThenable(checker, checker.getTypeAtLocation(expression))) return false;
  // A fluent method handing back its own thenable receiver (`reply.send(body)`) starts no new work.
  if (ts.isCallExpression(expression) && isFluentSelfCall(context.program, checker, expression)) return false;
  // Node's test runner tracks the promises of test(), describe() and t.test() itself; they never reject.
  // Asked after the type test: resolving the call costs more than its type, and most calls return no promise.
  if (ts.isCallExpression(expression) && isTestRunnerCall(checker, expression)) return false;
  // A call of a project function that catches its own errors, an async IIFE whose body cannot reject.
  return !promiseCannotReject(context, expression);
}

/** An array of promises dropped whole, e.g. `items.map(async (item) => ...)` as a statement. */
function isUnhandledPromiseArray(context: RuleContext, expression: ts.Expression): boolean {
  const { checker } = context;
  // Only an array made or returned right here: `xs.map(...)`, `[a(), b()]`; an assignment stores it.
  let inner = expression;
  while (ts.isAsExpression(inner) || ts.isSatisfiesExpression(inner) || ts.isNonNullExpression(inner) || ts.isParenthesizedExpression(inner)) inner = inner.expression;
  if (!ts.isCallExpression(inner) && !ts.isArrayLiteralExpression(inner)) return false;
  if (!promiseArrayElementType(checker, checker.getTypeAtLocation(expression))) return false;
  if (ts.isCallExpression(expression) && ts.isPropertyAccessExpression(expression.expression) && expression.arguments.length >= 1) {
    // `xs.map(fn)` where fn's promise cannot reject.
    const mapper = referencedFunction(context, expression.arguments[0]);
    if (expression.expression.name.text === 'map' && mapper && functionCannotReject(context, mapper)) return false;
  }
  return true;
}

function isNullishLiteral(node: ts.Expression): boolean {
  const expression = skipParentheses(node);
  return expression.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(expression) && expression.text === 'undefined');
}

/**
 * True for a statement of a module's or script's own top-level code, outside
 * every function and class, after which nothing runs: every statement after it,
 * in its block and in each enclosing one, only declares.
 */
function isLastTopLevelStep(statement: ts.Statement): boolean {
  for (let node: ts.Node = statement; !ts.isSourceFile(node); node = node.parent) {
    if (ts.isFunctionLike(node) || ts.isClassLike(node) || ts.isClassStaticBlockDeclaration(node)) return false;
    const parent = node.parent;
    if (ts.isBlock(parent) || ts.isSourceFile(parent)) {
      const later = parent.statements.slice(parent.statements.indexOf(node as ts.Statement) + 1);
      if (!later.every(onlyDeclares)) return false;
    } else if (ts.isIterationStatement(parent, false) || ts.isTryStatement(parent) || ts.isCaseClause(parent) || ts.isLabeledStatement(parent)) {
      return false;
    }
  }
  return true;
}

/** Statements that run nothing: types, imports, hoisted functions, ambient declarations. */
function onlyDeclares(statement: ts.Statement): boolean {
  return (
    ts.isFunctionDeclaration(statement) ||
    ts.isInterfaceDeclaration(statement) ||
    ts.isTypeAliasDeclaration(statement) ||
    ts.isImportDeclaration(statement) ||
    ts.isEmptyStatement(statement) ||
    (ts.isExportDeclaration(statement) && statement.moduleSpecifier === undefined) ||
    (ts.canHaveModifiers(statement) && (ts.getModifiers(statement) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.DeclareKeyword))
  );
}

function fixesFor(context: RuleContext, statement: ts.ExpressionStatement, part: ts.Expression): Fix[] {
  const { checker, sourceFile, program } = context;
  const file = sourceFile.fileName;
  const start = part.getStart(sourceFile);
  const end = part.getEnd();
  const text = part.getText(sourceFile);
  const fixes: Fix[] = [];
  const startsStatement = start === statement.getStart(sourceFile);

  const asUnaryOperand = needsParensAsUnaryOperand(skipParentheses(part)) && !ts.isParenthesizedExpression(part) ? `(${text})` : text;

  if (isAwaitValidAt(statement, program)) {
    // Not preferred where awaiting holds the caller until a service stops, nor at a module's top level.
    const waitsOn = awaitWouldWaitOnLoop(checker, skipParentheses(part));
    const preferred = waitsOn === undefined && enclosingFunction(statement) !== undefined;
    const title = waitsOn ? `Add await (waits until it stops: ${waitsOn})` : 'Add await';
    fixes.push({ title, edits: [{ file, start, end, newText: `await ${asUnaryOperand}` }], safe: false, preferred });
  }

  const type = checker.getTypeAtLocation(part);
  // The handler the file already uses, else console.error (or the configured errorHandler), which must be in scope.
  const errorName = errorVariableName(context);
  const defaultCall = errorHandlerCall(context, statement, errorName);
  const found = fileErrorHandlerAt(context, statement);
  const fileHandler = found && found.call(errorName) !== defaultCall ? found : undefined;
  const handlerCall = fileHandler?.call(errorName) ?? defaultCall;
  if (handlerCall && hasCatchMethod(checker, type)) {
    const wrapped = needsParensForMemberAccess(part);
    const receiver = wrapped ? `(${text})` : text;
    const guard = wrapped && startsStatement && startsAfterUnterminatedStatement(statement, sourceFile) ? ';' : '';
    // An optional chain already short-circuits the appended call; any other nullable value needs `?.`.
    const access = isNullable(type) && !ts.isOptionalChain(skipParentheses(part)) ? '?.' : '.';
    fixes.push({
      title: fileHandler ? `Append .catch(...) that calls ${fileHandler.label} as this file does` : 'Append .catch(...) that logs the error',
      edits: [{ file, start, end, newText: `${guard}${receiver}${access}catch((${errorName}) => ${handlerCall})` }],
      safe: false,
      preferred: !fixes.some((fix) => fix.preferred),
    });
  }

  fixes.push({ title: 'Add void to mark it fire-and-forget', edits: [{ file, start, end, newText: `void ${asUnaryOperand}` }], safe: false });
  // The preferred fix first: it is the one the quick-fix menu offers at the top.
  return [...fixes].sort((a, b) => Number(b.preferred === true) - Number(a.preferred === true));
}

function arrayFixesFor(context: RuleContext, statement: ts.ExpressionStatement, part: ts.Expression): Fix[] {
  const { checker, sourceFile, program } = context;
  const file = sourceFile.fileName;
  const start = part.getStart(sourceFile);
  const end = part.getEnd();
  const text = skipParentheses(part).getText(sourceFile);
  const fixes: Fix[] = [];
  const promiseInScope = checker.resolveName('Promise', statement, ts.SymbolFlags.Value, false) !== undefined;
  if (promiseInScope && isAwaitValidAt(statement, program)) {
    fixes.push({ title: 'Await them all with Promise.all(...)', edits: [{ file, start, end, newText: `await Promise.all(${text})` }], safe: false, preferred: true });
  }
  const errorName = errorVariableName(context);
  const handlerCall = errorHandlerCall(context, statement, errorName);
  if (promiseInScope && handlerCall) {
    fixes.push({
      title: 'Wrap in Promise.all(...) and append .catch(...) that logs the error',
      edits: [{ file, start, end, newText: `Promise.all(${text}).catch((${errorName}) => ${handlerCall})` }],
      safe: false,
      preferred: fixes.length === 0,
    });
  }
  const asUnaryOperand = needsParensAsUnaryOperand(skipParentheses(part)) && !ts.isParenthesizedExpression(part) ? `(${text})` : part.getText(sourceFile);
  fixes.push({ title: 'Add void to mark it fire-and-forget', edits: [{ file, start, end, newText: `void ${asUnaryOperand}` }], safe: false });
  return fixes;
}
