import * as ts from 'typescript';
import type { Fix } from '../findings';
import type { Rule, RuleContext } from '../rule';
import { describeNode, needsParensAsUnaryOperand, skipParentheses } from '../syntax';
import { isThenable } from '../types';
import { calleeImplementation, functionCannotReject, isFunctionBoundary, isProjectCallbackValue, referencedFunction, returnStatements } from '../rejection/cannotReject';
import { processRejectionHandler } from '../rejection/processHandlers';
import { isAlwaysThenable, isWarmUpCall, isWarmUpName, returnsThenable } from '../rejection/promiseUse';
import { ERROR_HANDLER_OPTION_DOCS, errorHandlerCall, errorVariableName, isAwaitValidAt, lineIndentAt, wrapBlockInTryCatch } from '../fixes/rejectionFixes';
import { ARRAY_PREDICATE_METHODS, GLOBAL_CALLBACK_FUNCTIONS, GLOBAL_OBJECTS } from '../knowledge/javascript';
import { WHAT_CANNOT_REJECT } from '../knowledge';
import { WARM_UP_NAMES } from '../knowledge/names';
import { isAsync } from '../syntax';

/**
 * no-misused-promises: a promise handed to code that does not expect one.
 * A function that returns a promise, passed where a function returning void is
 * expected, has its promise dropped by the caller; a promise tested as a
 * condition is always truthy.
 */
export const noMisusedPromises: Rule = {
  meta: {
    id: 'no-misused-promises',
    description: 'A promise-returning function where the caller ignores the promise, or a promise tested as a condition.',
    defaultSeverity: 'warning',
    typeAware: true,
    knowledge: [...WHAT_CANNOT_REJECT, WARM_UP_NAMES, ARRAY_PREDICATE_METHODS, GLOBAL_CALLBACK_FUNCTIONS, GLOBAL_OBJECTS],
    docs: {
      flags:
        '**Dropped promises.** An async function, or any function returning a promise, handed to code that ignores what it returns: ' +
        '`array.forEach(async (item) => ...)`, `emitter.on("event", async () => ...)`, `element.addEventListener("click", async () => ...)`, ' +
        '`setTimeout(async () => ...)` (also `setInterval`, `setImmediate`, `queueMicrotask`, `requestAnimationFrame`, `process.nextTick`), ' +
        'a JSX event handler, and in general any place whose type is a function returning `void`: an argument, a JSX attribute, a ' +
        'property, a variable or a returned value whose contextual type has only call signatures returning `void`. ' +
        'A named function passed along (`emitter.on("data", this.onData)`) counts as much as one written inline, also when a condition ' +
        'chooses it (`onDrop={enabled ? this.onDrop : undefined}`, `handler ?? this.onData`), and so does the call of a handler factory ' +
        'written in the project (`onChange={handleChange(option)}`, judged by the function literal the factory returns; the result of ' +
        'any other call is left alone).\n\n' +
        '**Async predicates.** An async function passed to `filter`, `some`, `every`, `find`, `findIndex`, `findLast` or `findLastIndex` ' +
        'of an array: its promise is always truthy, so every element passes.\n\n' +
        '**Promises as conditions.** A promise tested by `if`, `while`, `do ... while`, `for`, `?:`, `!`, `&&` or `||`: a promise is ' +
        'always truthy, so the test is constant; an `await` is usually missing (`if (isAdmin(user))` where `isAdmin` is async).',
      why:
        'Code that expects a function returning `void` never looks at the promise: when it rejects, the rejection is unhandled ' +
        '(Node.js terminates the process by default; browsers log it and move on), and nothing waits for the work to finish — ' +
        '`forEach(async ...)` returns before any item is done. A promise in a condition is an object, so the condition is always true ' +
        'and the code behind it runs whatever the promise would have said.',
      doesNotFlag:
        '**Functions that cannot reject.** An async callback that cannot reject cannot produce an unhandled rejection, so passing ' +
        'it to `forEach`, an event emitter or a JSX handler is left alone — typically its body is already wrapped in `try`/`catch`. ' +
        'It cannot reject when every `throw`, every `await` of a promise that can reject and every returned promise that can reject ' +
        'sits inside a `try` whose `catch` does not rethrow; synchronous calls are assumed not to throw, so a callback that awaits ' +
        'nothing that can reject is left alone too. The rule reads a named project function through the type checker, across files, ' +
        'several calls deep, also behind the wrappers that only keep or delay a function: `useCallback(fn, deps)`, ' +
        '`useMemo(() => fn, deps)`, `debounce(fn)` (a wrapper is assumed to add no rejection of its own). A function returning ' +
        '`promise.catch(handler)` cannot reject either. A callback handed in from elsewhere — a prop or parameter typed with a ' +
        'function type written in the project (`onClick={props.onSave}`) — is left alone: whoever passes it decides how it handles ' +
        'its errors. Warm-up functions, whose name starts with `preload` or `prefetch` (`onMouseEnter={Scene.preload}`, ' +
        '`() => prefetchDocument(id)`), are left alone too: loading ahead of need may fail, and the real load reports the error. ' +
        'Async predicates are flagged even when they cannot reject: their result is wrong either way.\n\n' +
        "**Dropped callback promises reported as a hint.** When the program registers a process-wide listener for unhandled rejections on Node's `process` " +
        '(`process.on("unhandledRejection", handler)`, also `once`, `addListener`, `prependListener`, in any file of the program), ' +
        "a dropped callback promise's rejection is handed to that listener instead of ending the process: it is logged, not fatal. " +
        'The finding is then reported as a hint, whatever severity the rule is configured at, and its message names the file ' +
        'of the listener ("… The process-wide unhandledRejection handler in src/main.ts logs it."). The error still never reaches ' +
        'the code that could deal with it, so the finding stays. ' +
        'Async predicates and promises as conditions keep their severity: the listener does not make their result right.\n\n' +
        '**Slots that accept promises.** A parameter whose type allows a promise (`() => void | Promise<void>`, `() => unknown`, `() => any`), ' +
        'or any overload that accepts a promise-returning function at that position, is not a void slot: Mocha, Jest, Vitest and ' +
        "`node:test` declare their test callbacks that way, and so do Express 5, Fastify and Commander's async actions. " +
        '`new Promise(async ...)` is left to `no-async-promise-executor`; a plain executor that returns a promise ' +
        "(`new Promise((resolve) => load().then(resolve))`) is this rule's: if that promise rejects, nothing hears of it and the " +
        'new promise never settles.\n\n' +
        '**Conditions that may not be promises.** A condition is flagged only when every member of its type is a promise: ' +
        '`Promise<T> | undefined` is a legitimate "has it started?" test. Without `strictNullChecks` that type cannot be trusted: the ' +
        'compiler erases `undefined` and `null` from every type, so an optional `Promise<T>` property or a `let` that starts out ' +
        'unassigned reads as a plain `Promise<T>`, and `if (this.pending) return this.pending;` would look like a constant test. ' +
        '(This is where typescript-eslint is noisiest on such projects.) In that mode the rule flags a condition only when the syntax ' +
        'proves a promise: a call of an async function or of a function declared to return a plain `Promise<...>` (not a union), ' +
        '`new ...`, or a `const` initialized with one of those. In either mode a cast proves nothing: ' +
        '`(options.load?.() as Promise<T>) || fallback` is judged by the optional call, which may be `undefined`. With `strictNullChecks`, a property declared with `!`, or ' +
        'left uninitialized without `strictPropertyInitialization`, is treated the same way.',
      flaggedExamples: [
        'declare function save(id: number): Promise<void>;\nfunction saveAll(ids: number[]) {\n  ids.forEach(async (id) => {\n    await save(id);\n  });\n}',
        'declare function save(): Promise<void>;\ndocument.addEventListener("click", async () => {\n  await save();\n});',
        'declare function isAdmin(name: string): Promise<boolean>;\nasync function check(name: string) {\n  if (isAdmin(name)) console.log("admin");\n}',
        'declare function exists(path: string): Promise<boolean>;\nfunction present(paths: string[]) {\n  return paths.filter(async (path) => exists(path));\n}',
      ],
      notFlaggedExamples: [
        'declare function save(id: number): Promise<void>;\nasync function saveAll(ids: number[]) {\n  await Promise.all(ids.map(async (id) => save(id)));\n}',
        'declare function save(): Promise<void>;\ndocument.addEventListener("click", async () => {\n  try {\n    await save();\n  } catch (error) {\n    console.error(error);\n  }\n});',
        'declare function isAdmin(name: string): Promise<boolean>;\nasync function check(name: string) {\n  if (await isAdmin(name)) console.log("admin");\n}',
        'declare const pending: Promise<void> | undefined;\nif (pending) console.log("started");',
        'declare function run(task: () => void | Promise<void>): void;\nrun(async () => {});',
      ],
      fixes:
        '**Wrap the body in `try`/`catch` that logs the error** for an async function literal (the handler is `console.error`, or the ' +
        '`errorHandler` option; offered where it is in scope). **Append `.catch(...)`** for an arrow that returns a promise without ' +
        'being async. For `array.forEach(async ...)` written as a statement where `await` is allowed: **Replace forEach with `await ' +
        'Promise.all(array.map(...))`** (the items still run concurrently, now awaited) and, when the callback converts cleanly (an ' +
        'arrow with one or two plain parameters and no `return`), **Replace forEach with a `for...of` loop that awaits each item** ' +
        '(one at a time). For a promise used as a condition: **Add await** where `await` is allowed. Async predicates and named ' +
        'functions get no fix: the right rewrite depends on the code. None is applied automatically: each changes behaviour.',
      options: ERROR_HANDLER_OPTION_DOCS,
    },
  },
  create(context: RuleContext) {
    const checkedConditions = new Set<ts.Node>();
    const condition = (node: ts.Expression | undefined) => {
      if (node) checkCondition(context, node, checkedConditions);
    };
    return {
      [ts.SyntaxKind.ArrowFunction]: (node) => checkFunctionValue(context, node as ts.ArrowFunction),
      [ts.SyntaxKind.FunctionExpression]: (node) => checkFunctionValue(context, node as ts.FunctionExpression),
      [ts.SyntaxKind.CallExpression]: (node) => checkReferenceArguments(context, (node as ts.CallExpression).arguments),
      [ts.SyntaxKind.NewExpression]: (node) => checkReferenceArguments(context, (node as ts.NewExpression).arguments ?? []),
      [ts.SyntaxKind.JsxAttribute]: (node) => {
        const initializer = (node as ts.JsxAttribute).initializer;
        if (initializer && ts.isJsxExpression(initializer) && initializer.expression) checkReference(context, initializer.expression);
      },
      [ts.SyntaxKind.PropertyAssignment]: (node) => checkReference(context, (node as ts.PropertyAssignment).initializer),
      [ts.SyntaxKind.IfStatement]: (node) => condition((node as ts.IfStatement).expression),
      [ts.SyntaxKind.WhileStatement]: (node) => condition((node as ts.WhileStatement).expression),
      [ts.SyntaxKind.DoStatement]: (node) => condition((node as ts.DoStatement).expression),
      [ts.SyntaxKind.ForStatement]: (node) => condition((node as ts.ForStatement).condition),
      [ts.SyntaxKind.ConditionalExpression]: (node) => condition((node as ts.ConditionalExpression).condition),
      [ts.SyntaxKind.PrefixUnaryExpression]: (node) => {
        const unary = node as ts.PrefixUnaryExpression;
        if (unary.operator === ts.SyntaxKind.ExclamationToken) condition(unary.operand);
      },
      [ts.SyntaxKind.BinaryExpression]: (node) => {
        const binary = node as ts.BinaryExpression;
        const operator = binary.operatorToken.kind;
        if (operator === ts.SyntaxKind.AmpersandAmpersandToken || operator === ts.SyntaxKind.BarBarToken) condition(binary.left);
      },
    };
  },
};

type FunctionLiteral = ts.ArrowFunction | ts.FunctionExpression;

// ---------------------------------------------------------------------------
// Functions whose promise is dropped.

/** Where a function value is handed, when that place ignores what it returns. */
interface Slot {
  readonly kind: 'void' | 'predicate';
  /** For messages: "`items.forEach`", "the `onClick` attribute". */
  readonly where: string;
  /** The method or function name receiving it, e.g. "forEach". */
  readonly receiverName?: string;
  readonly call?: ts.CallExpression | ts.NewExpression;
}

function checkFunctionValue(context: RuleContext, fn: FunctionLiteral): void {
  const { checker, sourceFile } = context;
  if (fn.asteriskToken) return;
  const async = isAsync(fn);
  if (!async && !returnsThenable(checker, checker.getTypeAtLocation(fn))) return;
  const slot = slotOf(context, fn);
  if (!slot) return;
  if (slot.kind === 'void' && (functionCannotReject(context, fn) || onlyWarmsUp(fn))) return;

  const start = fn.getStart(sourceFile);
  let end = fn.body.getStart(sourceFile);
  while (end > start && /\s/.test(sourceFile.text[end - 1])) end--;
  const subject = async ? 'This async function' : 'This function';
  context.report({
    start,
    end,
    message: messageFor(subject, slot) + handledNote(context, slot),
    fixes: slot.kind === 'void' ? literalFixes(context, fn, slot) : [],
    ...certaintyFor(context, slot),
  });
}

/** `() => Scene.preload()`: a function that only starts a warm-up call. */
function onlyWarmsUp(fn: FunctionLiteral): boolean {
  let body: ts.Node = fn.body;
  if (ts.isBlock(body)) {
    if (body.statements.length !== 1) return false;
    const only = body.statements[0];
    if (ts.isExpressionStatement(only)) body = only.expression;
    else if (ts.isReturnStatement(only) && only.expression) body = only.expression;
    else return false;
  }
  let expression = body as ts.Expression;
  while (ts.isParenthesizedExpression(expression) || ts.isAwaitExpression(expression) || ts.isVoidExpression(expression)) expression = expression.expression;
  return ts.isCallExpression(expression) && isWarmUpCall(expression);
}

function checkReferenceArguments(context: RuleContext, args: readonly ts.Expression[]): void {
  for (const argument of args) checkReference(context, argument);
}

/**
 * A named function (not a literal) handed to a slot that drops its promise: `emitter.on('data', this.onData)`,
 * also as a branch of a choice: `onDrop={enabled ? this.onDrop : undefined}`.
 */
function checkReference(context: RuleContext, node: ts.Expression): void {
  const references = referencesIn(node);
  if (references.length === 0) return;
  // The slot is where the whole expression goes; each named function in it may end up there.
  let slot: Slot | undefined | null = null;
  for (const reference of references) {
    if (!returnsThenable(context.checker, context.checker.getTypeAtLocation(reference))) continue;
    if (slot === null) slot = slotOf(context, node);
    if (!slot) return;
    checkNamedFunction(context, reference, slot);
  }
}

type FunctionReference = ts.Identifier | ts.PropertyAccessExpression | ts.CallExpression;

/**
 * The named functions a value may be: a name, a call of a handler factory
 * (`onChange={handleChange(option)}`), or those in the branches of `?:`, `&&`,
 * `||` and `??` (function literals are checked on their own).
 */
function referencesIn(node: ts.Expression): FunctionReference[] {
  const expression = skipParentheses(node);
  if (ts.isIdentifier(expression) || ts.isPropertyAccessExpression(expression) || ts.isCallExpression(expression)) return [expression];
  if (ts.isConditionalExpression(expression)) return [...referencesIn(expression.whenTrue), ...referencesIn(expression.whenFalse)];
  if (ts.isBinaryExpression(expression)) {
    const operator = expression.operatorToken.kind;
    // `enabled && onSave`: only the right operand can be the function.
    if (operator === ts.SyntaxKind.AmpersandAmpersandToken) return referencesIn(expression.right);
    if (operator === ts.SyntaxKind.BarBarToken || operator === ts.SyntaxKind.QuestionQuestionToken) {
      return [...referencesIn(expression.left), ...referencesIn(expression.right)];
    }
  }
  return [];
}

function checkNamedFunction(context: RuleContext, expression: FunctionReference, slot: Slot): void {
  const { sourceFile } = context;
  if (ts.isCallExpression(expression)) {
    // A factory's result is judged by the function literal it returns; any other call made it elsewhere: cannot tell.
    const made = functionMadeBy(context, expression);
    if (!made || (slot.kind === 'void' && functionCannotReject(context, made))) return;
  } else if (slot.kind === 'void') {
    if (isWarmUpName(expression)) return;
    const target = referencedFunction(context, expression);
    if (target && functionCannotReject(context, target)) return;
    // A callback handed in (a prop, a parameter): whoever supplies it decides how it handles errors.
    if (!target && isProjectCallbackValue(context, expression)) return;
  }
  context.report({
    start: expression.getStart(sourceFile),
    end: expression.getEnd(),
    message: messageFor(`\`${describeNode(expression, sourceFile)}\``, slot) + handledNote(context, slot),
    ...certaintyFor(context, slot),
  });
}

/** The function literal a project handler factory returns: `(event) => async (checked) => ...`, or a body whose only `return` is one. */
function functionMadeBy(context: RuleContext, call: ts.CallExpression): FunctionLiteral | undefined {
  const factory = calleeImplementation(context, call);
  const body = factory?.body;
  if (!body) return undefined;
  let made: ts.Expression | undefined;
  if (ts.isBlock(body)) {
    const returns = returnStatements(body);
    made = returns.length === 1 ? returns[0].expression : undefined;
  } else {
    made = body;
  }
  const literal = made && skipParentheses(made);
  return literal && (ts.isArrowFunction(literal) || ts.isFunctionExpression(literal)) && !literal.asteriskToken ? literal : undefined;
}

function messageFor(subject: string, slot: Slot): string {
  if (slot.kind === 'predicate') {
    return `${subject} is a predicate for ${slot.where}, but it returns a promise, which is always truthy: every element passes. Await the results first, then filter on them.`;
  }
  const dropped = slot.call
    ? `returns a promise that ${slot.where} ignores (it expects a function returning void)`
    : `returns a promise where a function returning void is expected (${slot.where}), so the promise is ignored`;
  return `${subject} ${dropped}; if the promise rejects, the rejection goes unhandled, and nothing waits for it.`;
}

/** A dropped promise's rejection reaches the program's process-wide `unhandledRejection` listener, which logs it. */
function handledNote(context: RuleContext, slot: Slot): string {
  const handler = slot.kind === 'void' ? processRejectionHandler(context.program, context.checker) : undefined;
  return handler ? ` The process-wide unhandledRejection handler in ${handler.displayPath} logs it.` : '';
}

/** Lowered to a hint when that listener exists: the rejection is logged, not fatal. */
function certaintyFor(context: RuleContext, slot: Slot): { certainty?: 'likely' } {
  return slot.kind === 'void' && processRejectionHandler(context.program, context.checker) ? { certainty: 'likely' } : {};
}

/** The slot a function value is handed to, when it drops the function's promise; undefined when the promise is used. */
function slotOf(context: RuleContext, node: ts.Expression): Slot | undefined {
  const { checker, sourceFile } = context;
  let position: ts.Node = node;
  while (ts.isParenthesizedExpression(position.parent)) position = position.parent;
  const parent = position.parent;

  if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.arguments?.includes(position as ts.Expression)) {
    const index = parent.arguments.indexOf(position as ts.Expression);
    const callee = skipParentheses(parent.expression);
    const calleeName = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
    const where = `\`${describeNode(callee, sourceFile)}\``;
    // `new Promise(async ...)` is no-async-promise-executor's; an executor that returns a promise is this rule's.
    if (ts.isNewExpression(parent) && calleeName === 'Promise' && index === 0 && isAsync(skipParentheses(node))) return undefined;
    if (ts.isCallExpression(parent) && index === 0 && calleeName && ARRAY_PREDICATE_METHODS.names.has(calleeName) && ts.isPropertyAccessExpression(callee)) {
      if (checker.isArrayLikeType(checker.getNonNullableType(checker.getTypeAtLocation(callee.expression)))) {
        return { kind: 'predicate', where: where, receiverName: calleeName, call: parent };
      }
    }
    // DOM listeners are typed to return `any`, but the DOM ignores what they return.
    const isListener = calleeName === 'addEventListener' && index === 1;
    if (ts.isCallExpression(parent) && ((index === 0 && isGlobalCallbackFunction(context, callee)) || isListener)) {
      return { kind: 'void', where, receiverName: calleeName, call: parent };
    }
    if (!expectsVoidFunction(checker, node)) return undefined;
    if (someOverloadAcceptsPromise(checker, parent, index)) return undefined;
    return { kind: 'void', where, receiverName: calleeName, call: parent };
  }

  if (!expectsVoidFunction(checker, node)) return undefined;
  if (ts.isJsxExpression(parent) && ts.isJsxAttribute(parent.parent)) {
    return { kind: 'void', where: `the \`${parent.parent.name.getText(sourceFile)}\` attribute` };
  }
  if (ts.isPropertyAssignment(parent)) return { kind: 'void', where: `the \`${parent.name.getText(sourceFile)}\` property` };
  if (ts.isVariableDeclaration(parent)) return { kind: 'void', where: `the type of \`${parent.name.getText(sourceFile)}\`` };
  if (ts.isReturnStatement(parent) || ts.isArrowFunction(parent)) return { kind: 'void', where: 'the return type of the enclosing function' };
  return { kind: 'void', where: 'its contextual type' };
}

/** `setTimeout(fn)`, `window.setTimeout(fn)`, `process.nextTick(fn)`: the host's own functions, which ignore the result. */
function isGlobalCallbackFunction(context: RuleContext, callee: ts.Expression): boolean {
  let name: ts.MemberName | undefined;
  if (ts.isIdentifier(callee)) name = callee;
  else if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) {
    const object = callee.expression.text;
    if (object === 'process' && callee.name.text === 'nextTick') return isDeclaredOnlyInDeclarationFiles(context, callee.name);
    if (GLOBAL_OBJECTS.names.has(object)) name = callee.name;
  }
  return name !== undefined && GLOBAL_CALLBACK_FUNCTIONS.names.has(name.text) && isDeclaredOnlyInDeclarationFiles(context, name);
}

function isDeclaredOnlyInDeclarationFiles(context: RuleContext, name: ts.MemberName): boolean {
  const declarations = context.checker.getSymbolAtLocation(name)?.declarations;
  return declarations !== undefined && declarations.length > 0 && declarations.every((declaration) => declaration.getSourceFile().isDeclarationFile);
}

/** True when the contextual type of `node` is a function type whose every call signature returns void. */
function expectsVoidFunction(checker: ts.TypeChecker, node: ts.Expression): boolean {
  const contextual = checker.getContextualType(node);
  if (!contextual) return false;
  const signatures = callSignatures(contextual);
  return signatures.length > 0 && signatures.every((signature) => isVoidType(signature.getReturnType()));
}

function callSignatures(type: ts.Type): ts.Signature[] {
  const members = type.isUnion() ? type.types : [type];
  return members.flatMap((member) => member.getCallSignatures());
}

/** `void`, or `void | undefined`: a return type that says the result is ignored. */
function isVoidType(type: ts.Type): boolean {
  const members = type.isUnion() ? type.types : [type];
  return members.some((member) => member.flags & ts.TypeFlags.Void) && members.every((member) => member.flags & (ts.TypeFlags.Void | ts.TypeFlags.Undefined));
}

/** True when some signature of the callee accepts, at `index`, a function that may return a promise (or anything). */
function someOverloadAcceptsPromise(checker: ts.TypeChecker, call: ts.CallExpression | ts.NewExpression, index: number): boolean {
  const calleeType = checker.getTypeAtLocation(call.expression);
  const signatures = ts.isNewExpression(call) ? calleeType.getConstructSignatures() : calleeType.getCallSignatures();
  return signatures.some((signature) => {
    const parameterType = parameterTypeAt(checker, signature, index, call);
    if (!parameterType) return false;
    return callSignatures(checker.getNonNullableType(parameterType)).some((candidate) => {
      const returned = candidate.getReturnType();
      return (
        (returned.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0 ||
        isThenable(checker, returned) ||
        (returned.isUnion() && returned.types.some((member) => isThenable(checker, member)))
      );
    });
  });
}

function parameterTypeAt(checker: ts.TypeChecker, signature: ts.Signature, index: number, location: ts.Node): ts.Type | undefined {
  const parameters = signature.getParameters();
  if (parameters.length === 0) return undefined;
  const last = parameters[parameters.length - 1];
  const lastDeclaration = last.valueDeclaration;
  const isRest = lastDeclaration !== undefined && ts.isParameter(lastDeclaration) && lastDeclaration.dotDotDotToken !== undefined;
  if (index < parameters.length - (isRest ? 1 : 0)) return checker.getTypeOfSymbolAtLocation(parameters[index], location);
  if (!isRest) return undefined;
  const restType = checker.getTypeOfSymbolAtLocation(last, location);
  return checker.getIndexTypeOfType(restType, ts.IndexKind.Number);
}

// ---------------------------------------------------------------------------
// Fixes for function literals.

function literalFixes(context: RuleContext, fn: FunctionLiteral, slot: Slot): Fix[] {
  const fixes: Fix[] = [];
  if (slot.receiverName === 'forEach' && slot.call) fixes.push(...forEachFixes(context, fn, slot.call));
  const wrap = isAsync(fn) ? wrapBodyFix(context, fn) : appendCatchFix(context, fn);
  if (wrap) fixes.push(wrap);
  if (fixes.length > 0) fixes[0] = { ...fixes[0], preferred: true };
  return fixes;
}

function wrapBodyFix(context: RuleContext, fn: FunctionLiteral): Fix | undefined {
  const { checker, sourceFile } = context;
  const errorName = errorVariableName(context);
  const handlerCall = errorHandlerCall(context, fn, errorName);
  if (!handlerCall) return undefined;
  const file = sourceFile.fileName;
  const title = 'Wrap the body in try/catch that logs the error';
  if (ts.isBlock(fn.body)) {
    const change = wrapBlockInTryCatch(sourceFile, fn.body, errorName, handlerCall);
    if (!change) return undefined;
    return { title, edits: [{ file, start: change.span.start, end: change.span.start + change.span.length, newText: change.newText }], safe: false };
  }
  const body = fn.body;
  const inner = skipParentheses(body);
  const awaited = !ts.isAwaitExpression(inner) && isThenable(checker, checker.getTypeAtLocation(inner));
  const text = inner.getText(sourceFile);
  const statement = awaited ? `await ${needsParensAsUnaryOperand(inner) ? `(${text})` : text};` : `${text};`;
  return {
    title,
    edits: [{ file, start: body.getStart(sourceFile), end: body.getEnd(), newText: `{ try { ${statement} } catch (${errorName}) { ${handlerCall}; } }` }],
    safe: false,
  };
}

/** `(x) => save(x)` (not async) becomes `(x) => save(x).catch(...)`. */
function appendCatchFix(context: RuleContext, fn: FunctionLiteral): Fix | undefined {
  const { checker, sourceFile } = context;
  if (ts.isBlock(fn.body)) return undefined;
  const body = skipParentheses(fn.body);
  if (!ts.isCallExpression(body)) return undefined;
  const type = checker.getTypeAtLocation(body);
  const catchMember = checker.getPropertyOfType(checker.getApparentType(type), 'catch');
  if (!catchMember || type.isUnion()) return undefined;
  const errorName = errorVariableName(context);
  const handlerCall = errorHandlerCall(context, fn, errorName);
  if (!handlerCall) return undefined;
  return {
    title: 'Append .catch(...) that logs the error',
    edits: [{ file: sourceFile.fileName, start: body.getEnd(), end: body.getEnd(), newText: `.catch((${errorName}) => ${handlerCall})` }],
    safe: false,
  };
}

/** `xs.forEach(async (x) => ...)` as a statement: await them all, or loop and await each. */
function forEachFixes(context: RuleContext, fn: FunctionLiteral, call: ts.CallExpression | ts.NewExpression): Fix[] {
  const { checker, sourceFile, program } = context;
  const statement = call.parent;
  if (!ts.isCallExpression(call) || !ts.isExpressionStatement(statement) || statement.expression !== call) return [];
  if (call.arguments.length !== 1 || call.questionDotToken || !isAsync(fn)) return [];
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || callee.questionDotToken || ts.isOptionalChain(callee)) return [];
  const receiverType = checker.getTypeAtLocation(callee.expression);
  if (!checker.isArrayType(receiverType) && !checker.isTupleType(receiverType)) return [];
  if (!isAwaitValidAt(statement, program)) return [];
  if (checker.resolveName('Promise', statement, ts.SymbolFlags.Value, false) === undefined) return [];

  const file = sourceFile.fileName;
  const fixes: Fix[] = [
    {
      title: 'Replace forEach with await Promise.all(...map(...))',
      edits: [
        { file, start: call.getStart(sourceFile), end: call.getStart(sourceFile), newText: 'await Promise.all(' },
        { file, start: callee.name.getStart(sourceFile), end: callee.name.getEnd(), newText: 'map' },
        { file, start: call.getEnd(), end: call.getEnd(), newText: ')' },
      ],
      safe: false,
    },
  ];
  const loop = forOfLoop(context, fn, callee.expression, statement);
  if (loop !== undefined) {
    fixes.push({
      title: 'Replace forEach with a for...of loop that awaits each item',
      edits: [{ file, start: statement.getStart(sourceFile), end: statement.getEnd(), newText: loop }],
      safe: false,
    });
  }
  return fixes;
}

/** The for...of loop equivalent to `receiver.forEach(fn)`, when the conversion keeps the code valid. */
function forOfLoop(context: RuleContext, fn: FunctionLiteral, receiver: ts.Expression, statement: ts.ExpressionStatement): string | undefined {
  const { checker, sourceFile, program } = context;
  if (!ts.isArrowFunction(fn)) return undefined; // a function expression has its own `this` and `arguments`
  const parameters = fn.parameters;
  if (parameters.length < 1 || parameters.length > 2) return undefined;
  if (parameters.some((parameter) => parameter.initializer || parameter.dotDotDotToken)) return undefined;
  if (parameters.length === 2) {
    if (!ts.isIdentifier(parameters[1].name)) return undefined;
    if ((program.getCompilerOptions().target ?? ts.ScriptTarget.ES5) < ts.ScriptTarget.ES2015) return undefined;
  }
  if (ts.isBlock(fn.body) && returnStatements(fn.body).length > 0) return undefined;
  if (ts.isBlock(fn.body) && containsLabeledJump(fn.body)) return undefined;

  const item = parameters[0].name.getText(sourceFile);
  const receiverText = receiver.getText(sourceFile);
  const head = parameters.length === 2 ? `for (const [${parameters[1].name.getText(sourceFile)}, ${item}] of ${receiverText}.entries())` : `for (const ${item} of ${receiverText})`;
  if (ts.isBlock(fn.body)) return `${head} ${fn.body.getText(sourceFile)}`;
  const indent = lineIndentAt(sourceFile.text, statement.getStart(sourceFile));
  const inner = skipParentheses(fn.body);
  const text = inner.getText(sourceFile);
  const awaited = !ts.isAwaitExpression(inner) && isThenable(checker, checker.getTypeAtLocation(inner));
  const body = awaited ? `await ${needsParensAsUnaryOperand(inner) ? `(${text})` : text};` : `${text};`;
  return `${head} {\n${indent}  ${body}\n${indent}}`;
}

/** A `break` or `continue` with a label in a callback would jump out of the loop the fix creates around it; be safe. */
function containsLabeledJump(body: ts.Block): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || isFunctionBoundary(node)) return;
    if ((ts.isBreakStatement(node) || ts.isContinueStatement(node)) && node.label) found = true;
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(body, visit);
  return found;
}

// ---------------------------------------------------------------------------
// Promises used as conditions.

function checkCondition(context: RuleContext, node: ts.Expression, checked: Set<ts.Node>): void {
  const expression = skipParentheses(node);
  if (checked.has(expression)) return;
  checked.add(expression);
  if (ts.isBinaryExpression(expression)) {
    const operator = expression.operatorToken.kind;
    if (operator === ts.SyntaxKind.AmpersandAmpersandToken || operator === ts.SyntaxKind.BarBarToken) {
      checkCondition(context, expression.left, checked);
      checkCondition(context, expression.right, checked);
      return;
    }
  }
  if (ts.isPrefixUnaryExpression(expression) && expression.operator === ts.SyntaxKind.ExclamationToken) {
    checkCondition(context, expression.operand, checked);
    return;
  }
  const { checker, sourceFile, program } = context;
  if (!isAlwaysThenable(checker, checker.getTypeAtLocation(expression))) return;
  if (!isProvenPromise(context, expression, 0)) return;

  const fixes: Fix[] = [];
  if (isAwaitValidAt(expression, program)) {
    const text = expression.getText(sourceFile);
    fixes.push({
      title: 'Add await',
      edits: [
        {
          file: sourceFile.fileName,
          start: expression.getStart(sourceFile),
          end: expression.getEnd(),
          newText: `await ${needsParensAsUnaryOperand(expression) ? `(${text})` : text}`,
        },
      ],
      safe: false,
      preferred: true,
    });
  }
  context.report({
    start: expression.getStart(sourceFile),
    end: expression.getEnd(),
    message: `This condition tests the promise \`${describeNode(expression, sourceFile)}\`, which is always truthy; an \`await\` is probably missing.`,
    fixes,
  });
}

function strictNullChecks(program: ts.Program): boolean {
  const options = program.getCompilerOptions();
  return options.strictNullChecks ?? options.strict !== false;
}

/**
 * True when the value of `expression` is a promise, never undefined or null.
 * With strictNullChecks the type says so, except for properties that may be
 * read before they are assigned. Without it the type cannot tell (it has lost
 * `undefined`), so only the syntax can prove it.
 */
function isProvenPromise(context: RuleContext, node: ts.Expression, depth: number): boolean {
  const { checker, program } = context;
  const expression = skipParentheses(node);
  const strict = strictNullChecks(program);
  if (ts.isNewExpression(expression)) return true;
  // `(load?.() as Promise<T>) || fallback`: a cast proves nothing; the value is what is cast.
  if (ts.isAsExpression(expression) || ts.isTypeAssertionExpression(expression) || ts.isSatisfiesExpression(expression)) {
    const inner = expression.expression;
    return depth < 3 && isAlwaysThenable(checker, checker.getTypeAtLocation(inner)) && isProvenPromise(context, inner, depth + 1);
  }
  if (ts.isCallExpression(expression)) {
    if (strict) return true;
    const declaration = checker.getResolvedSignature(expression)?.declaration;
    if (!declaration || ts.isJSDocSignature(declaration)) return false;
    if (isAsync(declaration)) return true;
    return declaration.type !== undefined && isPlainTypeReference(declaration.type);
  }
  if (ts.isIdentifier(expression) || ts.isPropertyAccessExpression(expression)) {
    const symbol = checker.getSymbolAtLocation(expression);
    const declarations = symbol?.declarations ?? [];
    if (declarations.length === 0) return false;
    return declarations.every((declaration) => declarationIsAlwaysAssigned(context, declaration, strict, depth));
  }
  return strict;
}

function declarationIsAlwaysAssigned(context: RuleContext, declaration: ts.Declaration, strict: boolean, depth: number): boolean {
  const options = context.program.getCompilerOptions();
  if (ts.isVariableDeclaration(declaration)) {
    if (declaration.exclamationToken) return false;
    const isConst = ts.isVariableDeclarationList(declaration.parent) && (declaration.parent.flags & ts.NodeFlags.Const) !== 0;
    if (strict) return true;
    return isConst && declaration.initializer !== undefined && depth < 3 && isProvenPromise(context, declaration.initializer, depth + 1);
  }
  if (ts.isPropertyDeclaration(declaration)) {
    if (declaration.exclamationToken || declaration.questionToken) return false;
    if (strict) {
      const strictInitialization = options.strictPropertyInitialization ?? options.strict !== false;
      return declaration.initializer !== undefined || strictInitialization;
    }
    const isReadonly = ts.getModifiers(declaration)?.some((modifier) => modifier.kind === ts.SyntaxKind.ReadonlyKeyword) ?? false;
    return isReadonly && declaration.initializer !== undefined && depth < 3 && isProvenPromise(context, declaration.initializer, depth + 1);
  }
  if (ts.isParameter(declaration) || ts.isPropertySignature(declaration)) {
    return strict && !declaration.questionToken;
  }
  return false;
}

/** `Promise<T>`, `PromiseLike<T>`, `Bluebird<T>`: a type written as a plain reference, not a union that may hide `undefined`. */
function isPlainTypeReference(type: ts.TypeNode): boolean {
  let node = type;
  while (ts.isParenthesizedTypeNode(node)) node = node.type;
  return ts.isTypeReferenceNode(node);
}
