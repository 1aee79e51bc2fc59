import * as path from 'path';
import * as ts from 'typescript';
import { holds } from '../knowledge/facts';
import { ONCE_LISTENER_METHODS, REPEATING_LISTENER_METHODS } from '../knowledge/node';

/**
 * Where the program registers a process-wide `unhandledRejection` listener on
 * Node's `process` (`process.on('unhandledRejection', handler)`, also `once`,
 * `addListener`, `prependListener`). With one, Node.js hands a dropped
 * promise's rejection to that listener instead of ending the process, so a
 * dropped promise is logged rather than fatal: the rejection family still
 * reports it, as a hint, and says where the listener is.
 */
export interface ProcessRejectionHandler {
  readonly file: string;
  /** The file, relative to the program's directory, as messages show it. */
  readonly displayPath: string;
}

/** The process event whose listener receives every rejection nobody handled (Node.js `process` events). */
const UNHANDLED_REJECTION_EVENT = 'unhandledRejection';

const found = new WeakMap<ts.TypeChecker, ProcessRejectionHandler | null>();

export function processRejectionHandler(program: ts.Program, checker: ts.TypeChecker): ProcessRejectionHandler | undefined {
  let result = found.get(checker);
  if (result === undefined) {
    result = null;
    for (const sourceFile of program.getSourceFiles()) {
      // Only files written in the project register the application's listener; the text test skips the rest cheaply.
      if (sourceFile.isDeclarationFile || program.isSourceFileFromExternalLibrary(sourceFile) || /[\\/]node_modules[\\/]/.test(sourceFile.fileName)) continue;
      if (!sourceFile.text.includes(UNHANDLED_REJECTION_EVENT)) continue;
      if (registersHandler(checker, sourceFile)) {
        const relative = path.relative(program.getCurrentDirectory(), sourceFile.fileName);
        result = { file: sourceFile.fileName, displayPath: relative && !relative.startsWith('..') ? relative.split(path.sep).join('/') : sourceFile.fileName };
        break;
      }
    }
    found.set(checker, result);
  }
  return result ?? undefined;
}

function registersHandler(checker: ts.TypeChecker, sourceFile: ts.SourceFile): boolean {
  let registered = false;
  const visit = (node: ts.Node): void => {
    if (registered) return;
    if (ts.isCallExpression(node) && isRegistration(checker, node)) {
      registered = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return registered;
}

function isRegistration(checker: ts.TypeChecker, call: ts.CallExpression): boolean {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || !(holds(REPEATING_LISTENER_METHODS, callee.name.text) || holds(ONCE_LISTENER_METHODS, callee.name.text))) return false;
  const [event, listener] = call.arguments;
  if (!event || !listener || !ts.isStringLiteralLike(event) || event.text !== UNHANDLED_REJECTION_EVENT) return false;
  // Node's `process` (the global, or the `process` module's export): its declarations are all in declaration files
  // and its type declares the `unhandledRejection` event. A project variable named `process` is something else.
  const receiver = callee.expression;
  if (!ts.isIdentifier(receiver) || receiver.text !== 'process') return false;
  let symbol = checker.getSymbolAtLocation(receiver);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const declarations = symbol?.declarations;
  if (!declarations || declarations.length === 0 || !declarations.every((declaration) => declaration.getSourceFile().isDeclarationFile)) return false;
  const signature = checker.getResolvedSignature(call)?.declaration;
  return signature !== undefined && !ts.isJSDocSignature(signature) && signature.getSourceFile().isDeclarationFile;
}

/** What a message adds when the program has such a listener. */
export function loggedByHandler(handler: ProcessRejectionHandler): string {
  return `; the process-wide unhandledRejection handler in ${handler.displayPath} logs it`;
}
