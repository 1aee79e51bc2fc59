import * as ts from 'typescript';
import type { TextEdit } from '../findings';

/**
 * For fixes that need a function from another module: finds how the file
 * already refers to it (a named import, a namespace import, a `require`), or
 * plans one new import statement for everything missing, in the file's own
 * style (ES `import` or CommonJS `require`, quotes, semicolons).
 */
export interface NeededBinding {
  /** Module specifiers that provide it, the preferred first: `['node:fs/promises', 'fs/promises']`. */
  readonly specifiers: readonly string[];
  readonly name: string;
}

export interface BindingPlan {
  /** Code referring to each needed binding, in order. */
  readonly expressions: string[];
  /** The edits adding imports (at most one). */
  readonly edits: TextEdit[];
}

interface ExistingImport {
  readonly specifier: string;
  /** Local name of a namespace-like binding (`import * as fs`, `const fs = require('fs')`). */
  readonly namespace?: string;
  /** Named bindings: exported name → local name. */
  readonly named: Map<string, string>;
  readonly statement: ts.Statement;
}

function requireSpecifier(expression: ts.Expression | undefined): string | undefined {
  if (!expression) return undefined;
  if (ts.isCallExpression(expression) && ts.isIdentifier(expression.expression) && expression.expression.text === 'require' && expression.arguments.length === 1) {
    const argument = expression.arguments[0];
    if (ts.isStringLiteralLike(argument)) return argument.text;
  }
  return undefined;
}

function existingImports(sourceFile: ts.SourceFile): ExistingImport[] {
  const found: ExistingImport[] = [];
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier) && statement.importClause && !statement.importClause.isTypeOnly) {
      const clause = statement.importClause;
      const named = new Map<string, string>();
      let namespace: string | undefined;
      if (clause.name) namespace = clause.name.text; // default import of a Node built-in is the module object
      if (clause.namedBindings && ts.isNamespaceImport(clause.namedBindings)) namespace = clause.namedBindings.name.text;
      if (clause.namedBindings && ts.isNamedImports(clause.namedBindings)) {
        for (const element of clause.namedBindings.elements) {
          if (element.isTypeOnly) continue;
          named.set((element.propertyName ?? element.name).text, element.name.text);
        }
      }
      found.push({ specifier: statement.moduleSpecifier.text, namespace, named, statement });
    } else if (ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference) && ts.isStringLiteral(statement.moduleReference.expression)) {
      found.push({ specifier: statement.moduleReference.expression.text, namespace: statement.name.text, named: new Map(), statement });
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        const specifier = requireSpecifier(declaration.initializer);
        if (specifier === undefined) continue;
        const named = new Map<string, string>();
        let namespace: string | undefined;
        if (ts.isIdentifier(declaration.name)) namespace = declaration.name.text;
        else if (ts.isObjectBindingPattern(declaration.name)) {
          for (const element of declaration.name.elements) {
            if (element.dotDotDotToken || !ts.isIdentifier(element.name)) continue;
            const property = element.propertyName ?? element.name;
            if (ts.isIdentifier(property)) named.set(property.text, element.name.text);
          }
        }
        found.push({ specifier, namespace, named, statement });
      }
    }
  }
  return found;
}

const NAMES_IN_FILE = new WeakMap<ts.SourceFile, ReadonlySet<string>>();

/**
 * Every identifier text in the file: a new local name must not collide with
 * any. Kept per SourceFile (fixes are planned for every finding of a file);
 * shared, so never to be changed by callers.
 */
function namesInFile(sourceFile: ts.SourceFile): ReadonlySet<string> {
  const known = NAMES_IN_FILE.get(sourceFile);
  if (known) return known;
  const names = new Set<string>();
  const pending: ts.Node[] = [sourceFile];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (ts.isIdentifier(node)) names.add(node.text);
    ts.forEachChild(node, (child) => {
      pending.push(child);
    });
  }
  NAMES_IN_FILE.set(sourceFile, names);
  return names;
}

/** True when `local`, used at `location`, still means the top-level binding (no inner declaration shadows it). */
function visibleAt(checker: ts.TypeChecker, local: string, location: ts.Node, statement: ts.Statement): boolean {
  const symbol = checker.resolveName(local, location, ts.SymbolFlags.Value | ts.SymbolFlags.Alias, false);
  return !!symbol?.declarations?.some((declaration) => {
    for (let node: ts.Node | undefined = declaration; node; node = node.parent) if (node === statement) return true;
    return false;
  });
}

export function usesCommonJs(sourceFile: ts.SourceFile): boolean {
  if (!/\.(c?js|jsx)$/.test(sourceFile.fileName)) return false;
  if (sourceFile.statements.some((statement) => ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement) || ts.isExportAssignment(statement))) return false;
  if (sourceFile.fileName.endsWith('.cjs')) return true;
  return /\brequire\s*\(/.test(sourceFile.text) || /\bmodule\.exports\b|\bexports\.\w/.test(sourceFile.text);
}

export function planBindings(sourceFile: ts.SourceFile, checker: ts.TypeChecker, location: ts.Node, needed: readonly NeededBinding[]): BindingPlan {
  const imports = existingImports(sourceFile);
  const inFile = namesInFile(sourceFile);
  const newLocals = new Set<string>();
  const taken = (name: string) => inFile.has(name) || newLocals.has(name);
  const expressions: string[] = [];
  const additions = new Map<string, Array<{ name: string; local: string }>>();

  for (const binding of needed) {
    let expression: string | undefined;
    for (const existing of imports) {
      if (!binding.specifiers.includes(existing.specifier)) continue;
      const local = existing.named.get(binding.name);
      if (local && visibleAt(checker, local, location, existing.statement)) {
        expression = local;
        break;
      }
      if (existing.namespace && visibleAt(checker, existing.namespace, location, existing.statement)) {
        expression = `${existing.namespace}.${binding.name}`;
        break;
      }
    }
    if (expression === undefined) {
      const specifier = binding.specifiers[0];
      const planned = additions.get(specifier)?.find((entry) => entry.name === binding.name);
      if (planned) {
        expression = planned.local;
      } else {
        let local = binding.name;
        for (let counter = 1; taken(local); counter++) local = counter === 1 ? `${binding.name}Async` : `${binding.name}Async${counter}`;
        newLocals.add(local);
        const list = additions.get(specifier) ?? [];
        list.push({ name: binding.name, local });
        additions.set(specifier, list);
        expression = local;
      }
    }
    expressions.push(expression);
  }

  if (additions.size === 0) return { expressions, edits: [] };
  return { expressions, edits: [importEdit(sourceFile, imports, additions)] };
}

function importEdit(sourceFile: ts.SourceFile, imports: ExistingImport[], additions: Map<string, Array<{ name: string; local: string }>>): TextEdit {
  const commonJs = usesCommonJs(sourceFile);
  const sample = imports[imports.length - 1]?.statement;
  const endsWithSemicolon = (statement: ts.Statement) => statement.getText(sourceFile).trimEnd().endsWith(';');
  const simple = sourceFile.statements.filter((statement) => ts.isVariableStatement(statement) || ts.isExpressionStatement(statement));
  const semicolon = sample ? endsWithSemicolon(sample) : simple.filter(endsWithSemicolon).length * 2 >= simple.length;
  const quote = sample && /require\(\s*"|from\s+"/.test(sample.getText(sourceFile)) ? '"' : "'";
  const end = semicolon ? ';' : '';
  const lines = [...additions].map(([specifier, names]) => {
    const list = names.map(({ name, local }) => (commonJs ? (name === local ? name : `${name}: ${local}`) : name === local ? name : `${name} as ${local}`)).join(', ');
    return commonJs ? `const { ${list} } = require(${quote}${specifier}${quote})${end}` : `import { ${list} } from ${quote}${specifier}${quote}${end}`;
  });

  // After the last import or require at the top of the file; else after the directive prologue.
  let anchor: ts.Statement | undefined;
  for (const statement of sourceFile.statements) {
    const isImport = ts.isImportDeclaration(statement) || ts.isImportEqualsDeclaration(statement) || imports.some((existing) => existing.statement === statement);
    if (isImport) anchor = statement;
  }
  if (!anchor) {
    for (const statement of sourceFile.statements) {
      if (ts.isExpressionStatement(statement) && ts.isStringLiteral(statement.expression)) anchor = statement;
      else break;
    }
  }
  if (anchor) return { file: sourceFile.fileName, start: anchor.getEnd(), end: anchor.getEnd(), newText: lines.map((line) => `\n${line}`).join('') };
  const start = sourceFile.statements.length > 0 ? sourceFile.statements[0].getFullStart() + leadingTriviaToKeep(sourceFile) : 0;
  return { file: sourceFile.fileName, start, end: start, newText: lines.map((line) => `${line}\n`).join('') };
}

/** Keeps a shebang and leading comments above new imports. */
function leadingTriviaToKeep(sourceFile: ts.SourceFile): number {
  const first = sourceFile.statements[0];
  const fullStart = first.getFullStart();
  const start = first.getStart(sourceFile);
  const trivia = sourceFile.text.slice(fullStart, start);
  const lastNewline = trivia.lastIndexOf('\n');
  return lastNewline === -1 ? 0 : lastNewline + 1;
}
