import * as ts from 'typescript';
import { isThenable } from './types';

/**
 * Facts about how promises are used that several rules need.
 */

/** Modules whose declarations come from Node's test runner. */
const NODE_TEST_MODULES = new Set(['node:test', 'test']);

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
    if (ts.isModuleDeclaration(node) && ts.isStringLiteral(node.name) && NODE_TEST_MODULES.has(node.name.text)) return true;
  }
  return false;
}

const DECLARES_NODE_TEST = new WeakMap<ts.TypeChecker, boolean>();

/** True when the program declares `node:test` or `test` as an ambient module, as @types/node does. */
function declaresNodeTestModule(checker: ts.TypeChecker): boolean {
  let declared = DECLARES_NODE_TEST.get(checker);
  if (declared === undefined) {
    declared = checker.getAmbientModules().some((module) => NODE_TEST_MODULES.has(module.name.replace(/^"|"$/g, '')));
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

/**
 * Library calls whose promise reports its own failures, so a dropped promise
 * loses nothing: router navigation. Angular's `Router.navigate` emits a
 * `NavigationError` event and hands the error to the router's error handler;
 * Vue Router and Next.js resolve failed navigations and report errors through
 * their own hooks; React Router's `navigate` does the same. Projects drop
 * these promises by design, and flagging them buries the findings that matter.
 */
const SELF_REPORTING_CALLS: ReadonlyArray<{ readonly packages: readonly string[]; readonly names: ReadonlySet<string> }> = [
  { packages: ['@angular/router'], names: new Set(['navigate', 'navigateByUrl']) },
  { packages: ['vue-router'], names: new Set(['push', 'replace']) },
  { packages: ['next'], names: new Set(['push', 'replace', 'prefetch']) },
  { packages: ['react-router', 'react-router-dom', '@remix-run/router'], names: new Set(['navigate']) },
];

/** True when `call` is one of the self-reporting library calls above (router navigation). */
export function isSelfReportingLibraryCall(checker: ts.TypeChecker, call: ts.CallExpression): boolean {
  const callee = call.expression;
  const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
  if (!name) return false;
  const entries = SELF_REPORTING_CALLS.filter((entry) => entry.names.has(name));
  if (entries.length === 0) return false;
  const declaration = checker.getResolvedSignature(call)?.declaration;
  if (!declaration) return false;
  const fileName = declaration.getSourceFile().fileName.replace(/\\/g, '/');
  return entries.some((entry) => entry.packages.some((pkg) => fileName.includes(`/node_modules/${pkg}/`)));
}

/** `preload`, `preloadImages`, `prefetch`, `prefetchDocument`: names of warm-up work. */
const WARM_UP_NAME = /^(preload|prefetch)([A-Z_$\d]|$)/;

/**
 * True when `node` names a warm-up function: one whose name starts with
 * `preload` or `prefetch`. Warming up is allowed to fail: the real load runs
 * later and reports its own errors, and a failed prefetch only means a slower
 * first use. Projects drop these promises on purpose (`void X.preload()`).
 */
export function isWarmUpName(node: ts.Expression): boolean {
  const name = ts.isPropertyAccessExpression(node) ? node.name.text : ts.isIdentifier(node) ? node.text : undefined;
  return name !== undefined && WARM_UP_NAME.test(name);
}

/** True when a call is a warm-up call, `Scene.preload()`, `prefetchDocument(id)`. */
export function isWarmUpCall(call: ts.CallExpression): boolean {
  let callee: ts.Expression = call.expression;
  while (ts.isParenthesizedExpression(callee) || ts.isNonNullExpression(callee)) callee = callee.expression;
  return isWarmUpName(callee);
}

/**
 * Library calls whose promise never rejects, or rejects only when VS Code
 * itself is failing, which no extension can prevent or handle:
 * - the message boxes (`window.showInformationMessage`, `showWarningMessage`,
 *   `showErrorMessage`) resolve with the chosen item, or `undefined` when dismissed;
 * - `Memento.update` (`context.globalState`, `workspaceState`) keeps the value
 *   at once and persists it later; its promise only reports a failure of VS
 *   Code's own storage;
 * - `Webview.postMessage` resolves `false` when the webview is gone,
 *   `window.tabGroups.close` when a tab is already closed, and
 *   `env.openExternal` when the URI cannot be opened;
 * - `commands.executeCommand` of VS Code's own user-interface commands:
 *   `setContext` only sets a context key, the `workbench.action.*`,
 *   `workbench.view.*` and `workbench.panel.*` commands and the
 *   editor-opening commands (`vscode.open`, `vscode.diff`, ...) report their
 *   failures in the window themselves.
 * Code drops these by design; a handler would never run.
 */
/** Functions of VS Code's namespaces (`window`, `env`). */
const VSCODE_NEVER_REJECTING_FUNCTIONS = new Set(['showInformationMessage', 'showWarningMessage', 'showErrorMessage', 'openExternal']);
/** Methods of VS Code API interfaces, by interface name. */
const VSCODE_NEVER_REJECTING_METHODS = new Map<string, string>([
  ['Memento', 'update'],
  ['Webview', 'postMessage'],
  ['TabGroups', 'close'],
]);
const VSCODE_UI_COMMANDS = new Set(['setContext', 'vscode.open', 'vscode.openWith', 'vscode.diff', 'vscode.changes', 'revealFileInOS', 'revealInExplorer']);

/** True for the id of one of VS Code's own user-interface commands (see above). */
function isVscodeUiCommand(id: string): boolean {
  return VSCODE_UI_COMMANDS.has(id) || id.startsWith('workbench.action.') || id.startsWith('workbench.view.') || id.startsWith('workbench.panel.');
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

export function isNeverRejectingLibraryCall(checker: ts.TypeChecker, call: ts.CallExpression): boolean {
  const callee = call.expression;
  const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
  if (!name) return false;
  const commands = name === 'executeCommand' ? commandIdsOf(checker, call) : undefined;
  const uiCommand = commands !== undefined && commands.every(isVscodeUiCommand);
  const method = [...VSCODE_NEVER_REJECTING_METHODS.values()].includes(name);
  if (!VSCODE_NEVER_REJECTING_FUNCTIONS.has(name) && !uiCommand && !method) return false;
  const declaration = checker.getResolvedSignature(call)?.declaration;
  if (isInVscodeModule(declaration)) {
    if (VSCODE_NEVER_REJECTING_FUNCTIONS.has(name) || uiCommand) return true;
    const owner = declaration?.parent;
    return owner !== undefined && ts.isInterfaceDeclaration(owner) && VSCODE_NEVER_REJECTING_METHODS.get(owner.name.text) === name;
  }
  // A project's own `executeCommand(command, ...args)` that passes everything on to VS Code's.
  return uiCommand && declaration !== undefined && forwardsToVscodeExecuteCommand(checker, declaration);
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
