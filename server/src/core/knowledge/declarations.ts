import * as ts from 'typescript';
import type { DeclarationKey, DeclarationsFact } from './facts';

/**
 * What a call calls, by declaration: the module that declares it and its
 * qualified name there. `fs.readFileSync(…)`, `readFileSync(…)` imported under
 * any alias, `require('node:fs').readFileSync(…)`, a destructured or
 * reassigned reference: all resolve (through the checker's resolved
 * signature) to the same declaration in `declare module 'fs'`.
 *
 * Where the callee does not resolve (no types for the module, `any`), there is
 * no answer, and rules stay silent.
 */
export interface CalledExport {
  /** The module name without a `node:` prefix (`fs`, `better-sqlite3`), or `<global>` for the standard library. */
  readonly module: string;
  /** The qualified name in the module: `['readFileSync']`, `['Statement', 'run']`, `['Atomics', 'wait']`. */
  readonly path: readonly string[];
  readonly declaration: ts.SignatureDeclaration;
}

export const GLOBAL_MODULE = '<global>';

export function calledExport(program: ts.Program, checker: ts.TypeChecker, call: ts.CallExpression | ts.NewExpression): CalledExport | undefined {
  let declaration: ts.SignatureDeclaration | undefined;
  try {
    const signature = checker.getResolvedSignature(call);
    declaration = signature?.declaration && !ts.isJSDocSignature(signature.declaration) ? signature.declaration : undefined;
  } catch {
    return undefined;
  }
  if (!declaration) return undefined;
  const path: string[] = [];
  const name = declarationName(declaration);
  if (name === undefined) return undefined;
  path.push(name);
  let node: ts.Node = declaration.parent;
  while (node) {
    if (ts.isModuleDeclaration(node)) {
      if (ts.isStringLiteral(node.name)) return { module: normalizeModuleName(node.name.text), path: path.reverse(), declaration };
      path.push(node.name.text);
    } else if ((ts.isInterfaceDeclaration(node) || ts.isClassDeclaration(node)) && node.name) {
      path.push(node.name.text);
    } else if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name)) {
      // declare const Atomics: { wait(…) }; or a namespace object typed inline.
      path.push(node.name.text);
    } else if (ts.isSourceFile(node)) {
      const module = program.isSourceFileDefaultLibrary(node) ? GLOBAL_MODULE : moduleOfFile(node);
      if (module === undefined) return undefined;
      return { module, path: path.reverse(), declaration };
    }
    node = node.parent;
  }
  return undefined;
}

function declarationName(declaration: ts.SignatureDeclaration): string | undefined {
  if (declaration.name && (ts.isIdentifier(declaration.name) || ts.isStringLiteral(declaration.name))) return declaration.name.text;
  // A function type: `readFileSync: (…) => string` in an object type.
  const parent = declaration.parent;
  if (parent && (ts.isPropertySignature(parent) || ts.isPropertyDeclaration(parent) || ts.isVariableDeclaration(parent)) && ts.isIdentifier(parent.name)) {
    return parent.name.text;
  }
  return undefined;
}

export function normalizeModuleName(name: string): string {
  return name.startsWith('node:') ? name.slice('node:'.length) : name;
}

/** The package a declaration file belongs to: `node_modules/@types/scope__name/…` → `@scope/name`. */
function moduleOfFile(file: ts.SourceFile): string | undefined {
  if (!file.isDeclarationFile && !/[\\/]node_modules[\\/]/.test(file.fileName)) return undefined;
  const match = /[\\/]node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)[\\/](?!.*[\\/]node_modules[\\/])/.exec(file.fileName);
  if (!match) return undefined;
  let name = match[1].replace(/\\/g, '/');
  if (name.startsWith('@types/')) {
    name = name.slice('@types/'.length);
    if (name.includes('__')) name = `@${name.replace('__', '/')}`;
  }
  return name;
}

/** True when a called declaration is the one `key` names (see `DeclarationKey`). */
export function matchesDeclarationKey(key: DeclarationKey, api: CalledExport): boolean {
  const module = normalizeModuleName(key.module);
  // A package's subpath modules (`next/router`) belong to the package.
  if (api.module !== module && !api.module.startsWith(`${module}/`)) return false;
  const wanted = key.export.split('.');
  const matchesAt = (end: number) => {
    if (wanted.length > end) return false;
    const segments = api.path.slice(end - wanted.length, end);
    return wanted.every((segment, index) => segmentMatches(segment, segments[index]));
  };
  // The function itself (matched against the end of its qualified name), or the class or interface that declares it.
  return matchesAt(api.path.length) || (api.path.length > 1 && matchesAt(api.path.length - 1));
}

/** A name segment with `*` wildcards, matched without regular expressions (no backtracking on user patterns). */
function segmentMatches(pattern: string, text: string): boolean {
  const parts = pattern.split('*');
  if (parts.length === 1) return pattern === text;
  const first = parts[0];
  const last = parts[parts.length - 1];
  if (!text.startsWith(first) || text.length < first.length + last.length || !text.endsWith(last)) return false;
  let position = first.length;
  const limit = text.length - last.length;
  for (const middle of parts.slice(1, -1)) {
    const found = text.indexOf(middle, position);
    if (found < 0 || found + middle.length > limit) return false;
    position = found + middle.length;
  }
  return true;
}

/** True when `api` is one of the declarations of `fact` or `extra` (configured by the user). */
export function isDeclaredIn(api: CalledExport | undefined, fact: DeclarationsFact | undefined, extra: readonly DeclarationKey[] = []): boolean {
  if (!api) return false;
  return (fact?.entries ?? []).some((key) => matchesDeclarationKey(key, api)) || extra.some((key) => matchesDeclarationKey(key, api));
}
