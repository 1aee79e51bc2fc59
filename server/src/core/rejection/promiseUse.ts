import * as ts from 'typescript';
import { calledExport, isDeclaredIn } from '../knowledge/declarations';
import type { DeclarationsFact } from '../knowledge/facts';
import { SELF_REPORTING_NAVIGATION } from '../knowledge/frameworks';
import { WARM_UP_NAMES } from '../knowledge/names';
import { NODE_TEST_MODULES } from '../knowledge/node';
import type { ConfiguredKnowledge } from '../knowledge/project';
import { VSCODE_NEVER_REJECTING, VSCODE_UI_COMMAND_PREFIXES, VSCODE_UI_COMMANDS } from '../knowledge/vscode';
import { isThenable } from '../types';

/**
 * Facts about how promises are used that several rules need.
 */

/**
 * True when `call` calls into Node's test runner (`test`, `it`, `describe`,
 * `suite`, `t.test`, ...). Those return promises the runner itself tracks and
 * that never reject (a failing test is reported by the runner, not thrown), so
 * dropping them is how the API is meant to be used. Mocha, Jest and Vitest
 * register tests with functions that return nothing, so they need no exception.
 */
export function isTestRunnerCall(checker: ts.TypeChecker, call: ts.CallExpression): boolean {
  // Resolving the call is the costly part: skip it in programs that do not declare the test runner at all.
  if (!declaresNodeTestModule(checker)) return false;
  const declaration = checker.getResolvedSignature(call)?.declaration;
  for (let node: ts.Node | undefined = declaration; node; node = node.parent) {
    if (ts.isModuleDeclaration(node) && ts.isStringLiteral(node.name) && NODE_TEST_MODULES.names.has(node.name.text)) return true;
  }
  return false;
}

const DECLARES_NODE_TEST = new WeakMap<ts.TypeChecker, boolean>();

/** True when the program declares `node:test` or `test` as an ambient module, as @types/node does. */
function declaresNodeTestModule(checker: ts.TypeChecker): boolean {
  let declared = DECLARES_NODE_TEST.get(checker);
  if (declared === undefined) {
    declared = checker.getAmbientModules().some((module) => NODE_TEST_MODULES.names.has(module.name.replace(/^"|"$/g, '')));
    DECLARES_NODE_TEST.set(checker, declared);
  }
  return declared;
}

/** The element type of an array or tuple type whose elements are promises; undefined otherwise. */
export function promiseArrayElementType(checker: ts.TypeChecker, type: ts.Type): ts.Type | undefined {
  if (!checker.isArrayType(type) && !checker.isTupleType(type)) return undefined;
  const element = checker.getIndexTypeOfType(type, ts.IndexKind.Number);
  return element && isThenable(checker, element) ? element : undefined;
}

/** True when every member of `type` is a thenable (no `undefined`, `null` or plain value among them). */
export function isAlwaysThenable(checker: ts.TypeChecker, type: ts.Type): boolean {
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.Never)) return false;
  const members = type.isUnion() ? type.types : [type];
  return members.every((member) => isThenable(checker, member));
}

/** True when `type` has call signatures and one of them returns a thenable. */
export function returnsThenable(checker: ts.TypeChecker, type: ts.Type): boolean {
  const members = type.isUnion() ? type.types : [type];
  return members.some((member) => member.getCallSignatures().some((signature) => isThenable(checker, signature.getReturnType())));
}

/** What the rejection analysis asks of a rule's context. */
export interface LibraryContext {
  readonly checker: ts.TypeChecker;
  readonly program: ts.Program;
}

/** The name a call's callee ends in, for a cheap look before the checker resolves the call. */
function calleeEndName(call: ts.CallExpression): string | undefined {
  const callee = call.expression;
  return ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
}

/** True when some entry of `fact` ends in `name`: only then is resolving the call worth its cost. */
function mayBeDeclaredIn(fact: DeclarationsFact, name: string): boolean {
  return fact.entries.some((entry) => entry.export === name || entry.export.endsWith(`.${name}`));
}

/** True when `call` is router navigation, which reports its own failures (see the knowledge base). */
export function isSelfReportingLibraryCall(context: LibraryContext, call: ts.CallExpression): boolean {
  const name = calleeEndName(call);
  if (!name || !mayBeDeclaredIn(SELF_REPORTING_NAVIGATION, name)) return false;
  return isDeclaredIn(calledExport(context.program, context.checker, call), SELF_REPORTING_NAVIGATION);
}

/**
 * True when `node` names a warm-up function: one whose name starts with
 * `preload` or `prefetch`. Warming up is allowed to fail: the real load runs
 * later and reports its own errors, and a failed prefetch only means a slower
 * first use. Projects drop these promises on purpose (`void X.preload()`).
 */
export function isWarmUpName(node: ts.Expression): boolean {
  const name = ts.isPropertyAccessExpression(node) ? node.name.text : ts.isIdentifier(node) ? node.text : undefined;
  return name !== undefined && WARM_UP_NAMES.pattern.test(name);
}

/** True when a call is a warm-up call, `Scene.preload()`, `prefetchDocument(id)`. */
export function isWarmUpCall(call: ts.CallExpression): boolean {
  let callee: ts.Expression = call.expression;
  while (ts.isParenthesizedExpression(callee) || ts.isNonNullExpression(callee)) callee = callee.expression;
  return isWarmUpName(callee);
}

/** True for the id of one of VS Code's own user-interface commands, which report their own failures. */
function isVscodeUiCommand(id: string): boolean {
  return VSCODE_UI_COMMANDS.names.has(id) || VSCODE_UI_COMMAND_PREFIXES.some((prefix) => id.startsWith(prefix));
}

/**
 * The command ids an `executeCommand` call may run, when they are known: a
 * string literal, or a value of a string literal type or a union of them
 * (`const SHOW_CHAT = '...'`, a function returning one of two such constants).
 */
function commandIdsOf(checker: ts.TypeChecker, call: ts.CallExpression): string[] | undefined {
  const argument = call.arguments[0];
  if (!argument) return undefined;
  if (ts.isStringLiteralLike(argument)) return [argument.text];
  const type = checker.getTypeAtLocation(argument);
  const members = type.isUnion() ? type.types : [type];
  const ids = members.map((member) => (member.isStringLiteral() ? member.value : undefined));
  return ids.every((id) => id !== undefined) ? (ids as string[]) : undefined;
}

/**
 * True when `call`'s promise never rejects, or rejects only when VS Code
 * itself is failing, which no extension can prevent or handle: the VS Code
 * API calls of the knowledge base, VS Code's own user-interface commands run
 * through `executeCommand` (also through a project function that forwards to
 * it), and the functions the configuration declares never-rejecting.
 */
export function isNeverRejectingLibraryCall(context: LibraryContext & { readonly knowledge?: ConfiguredKnowledge }, call: ts.CallExpression): boolean {
  const name = calleeEndName(call);
  if (!name) return false;
  const configured = context.knowledge?.neverRejectingFunctions ?? [];
  if (name === 'executeCommand') {
    const commands = commandIdsOf(context.checker, call);
    if (commands !== undefined && commands.every(isVscodeUiCommand)) {
      const declaration = context.checker.getResolvedSignature(call)?.declaration;
      // A project's own `executeCommand(command, ...args)` that passes everything on to VS Code's.
      if (isInVscodeModule(declaration) || (declaration !== undefined && forwardsToVscodeExecuteCommand(context.checker, declaration))) return true;
    }
  }
  if (configured.length === 0 && !mayBeDeclaredIn(VSCODE_NEVER_REJECTING, name)) return false;
  return isDeclaredIn(calledExport(context.program, context.checker, call), VSCODE_NEVER_REJECTING, configured);
}

function isInVscodeModule(declaration: ts.Node | undefined): boolean {
  for (let node: ts.Node | undefined = declaration; node; node = node.parent) {
    if (ts.isModuleDeclaration(node) && ts.isStringLiteral(node.name) && node.name.text === 'vscode') return true;
  }
  return false;
}

/** `function executeCommand(command, ...rest) { return vscode.commands.executeCommand(command, ...rest); }` */
function forwardsToVscodeExecuteCommand(checker: ts.TypeChecker, declaration: ts.Node): boolean {
  if (!ts.isFunctionDeclaration(declaration) && !ts.isMethodDeclaration(declaration) && !ts.isArrowFunction(declaration) && !ts.isFunctionExpression(declaration)) return false;
  const body = declaration.body;
  const first = declaration.parameters[0];
  if (!body || !first || !ts.isIdentifier(first.name)) return false;
  let returned: ts.Expression | undefined;
  if (ts.isBlock(body)) {
    const only = body.statements.length === 1 ? body.statements[0] : undefined;
    returned = only && ts.isReturnStatement(only) ? only.expression : undefined;
  } else {
    returned = body;
  }
  if (!returned || !ts.isCallExpression(returned)) return false;
  const argument = returned.arguments[0];
  if (!argument || !ts.isIdentifier(argument) || argument.text !== first.name.text) return false;
  const callee = returned.expression;
  const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
  return name === 'executeCommand' && isInVscodeModule(checker.getResolvedSignature(returned)?.declaration);
}

/**
 * True when `call` is a fluent method of a thenable: one declared to return
 * `this`, or a value of exactly its receiver's type (`reply.code(404)`,
 * `reply.send(body)` returning the reply). Such a call hands back the object it
 * was called on, which is thenable for convenience; it starts no new work whose
 * failure could go unhandled. The promise protocol's own methods (`then`,
 * `catch`, `finally`, declared in the standard library) derive a new promise
 * even when its type is the receiver's, so they never count.
 */
export function isFluentSelfCall(program: ts.Program, checker: ts.TypeChecker, call: ts.CallExpression): boolean {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) && !ts.isElementAccessExpression(callee)) return false;
  const declaration = checker.getResolvedSignature(call)?.declaration;
  if (!declaration || ts.isJSDocSignature(declaration)) return false;
  if (program.isSourceFileDefaultLibrary(declaration.getSourceFile())) return false;
  if (declaration.type?.kind === ts.SyntaxKind.ThisType) return true;
  const receiverType = checker.getTypeAtLocation(callee.expression);
  return checker.getTypeAtLocation(call) === receiverType && isThenable(checker, receiverType);
}
