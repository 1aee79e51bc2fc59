import * as path from 'node:path';
import * as ts from 'typescript';
import { SEVERITIES, type SeverityOrOff } from '../core/findings';
import { type ConfiguredKnowledge, isDeclarationKeyList, KNOWLEDGE_KEYS } from '../core/knowledge/project';
import { findRule } from '../core/registry';
import { excessiveNesting, MAX_JSON_DEPTH } from './jsonDepth';
import { compileGlob, compileGlobs, GlobError } from './glob';

/**
 * asynclint.config.json: a project's own configuration, read by the language
 * server and the command line alike.
 *
 *     {
 *       "rules": { "no-floating-promises": "error", "no-await-in-loop": { "severity": "hint" } },
 *       "ignore": ["dist/", "**\/*.generated.ts"],
 *       "blockingFunctions": [{ "module": "better-sqlite3", "export": "Database" }],
 *       "neverRejectingFunctions": [{ "module": "@acme/telemetry", "export": "Tracker.flush" }],
 *       "readOnlyFunctions": [{ "module": "@acme/catalog", "export": "CatalogClient.get*" }]
 *     }
 */
export const CONFIG_FILE_NAME = 'asynclint.config.json';

export interface ProjectConfiguration {
  readonly file: string;
  readonly severities: Readonly<Record<string, SeverityOrOff>>;
  readonly ruleOptions: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly ignore: readonly string[];
  /** Functions the project declares blocking, never-rejecting or read-only (see `knowledge/project.ts`). */
  readonly knowledge: ConfiguredKnowledge;
  /** True when `fileName` matches an `ignore` pattern. */
  isIgnored(fileName: string): boolean;
}

export interface ConfigurationError {
  readonly message: string;
  readonly start: number;
  readonly end: number;
  readonly line: number;
  readonly column: number;
}

export type ConfigurationResult = { readonly ok: true; readonly configuration: ProjectConfiguration } | { readonly ok: false; readonly errors: ConfigurationError[] };

/** Parses and validates the text of a configuration file. Never throws. */
export function parseConfiguration(file: string, text: string): ConfigurationResult {
  const tooDeep = excessiveNesting(text);
  if (tooDeep !== undefined) {
    const { line, character } = lineAndColumn(text, tooDeep);
    return { ok: false, errors: [{ message: `The configuration is nested more than ${MAX_JSON_DEPTH} levels deep.`, start: tooDeep, end: tooDeep + 1, line, column: character }] };
  }
  const json = ts.parseJsonText(file, text);
  const errors: ConfigurationError[] = [];
  const error = (node: ts.Node | undefined, message: string) => {
    const start = node ? node.getStart(json) : 0;
    const { line, character } = json.getLineAndCharacterOfPosition(start);
    errors.push({ message, start, end: node ? node.getEnd() : 0, line: line + 1, column: character + 1 });
  };
  /** An error at a character of a string literal (its offset in the string's value; exact unless escapes precede it). */
  const errorAt = (literal: ts.StringLiteral, offset: number, message: string) => {
    const start = Math.min(literal.getStart(json) + 1 + offset, literal.getEnd() - 1);
    const { line, character } = json.getLineAndCharacterOfPosition(start);
    errors.push({ message, start, end: start + 1, line: line + 1, column: character + 1 });
  };
  for (const diagnostic of (json as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics ?? []) {
    const start = diagnostic.start ?? 0;
    const { line, character } = json.getLineAndCharacterOfPosition(start);
    errors.push({ message: ts.flattenDiagnosticMessageText(diagnostic.messageText, ' '), start, end: start + (diagnostic.length ?? 0), line: line + 1, column: character + 1 });
  }
  if (errors.length > 0) return { ok: false, errors };

  const root = json.statements[0]?.expression;
  const severities: Record<string, SeverityOrOff> = {};
  const ruleOptions: Record<string, Record<string, unknown>> = {};
  const ignore: string[] = [];
  const knowledge: { -readonly [K in keyof ConfiguredKnowledge]: ConfiguredKnowledge[K] } = {};
  if (!root || !ts.isObjectLiteralExpression(root)) {
    error(root, 'The configuration must be a JSON object.');
    return { ok: false, errors };
  }

  for (const property of root.properties) {
    if (!ts.isPropertyAssignment(property)) continue;
    const key = propertyName(property);
    const value = property.initializer;
    switch (key) {
      case '$schema':
        if (!ts.isStringLiteral(value)) error(value, '"$schema" must be a string.');
        break;
      case 'rules':
        if (!ts.isObjectLiteralExpression(value)) {
          error(value, '"rules" must be an object mapping rule ids to a severity or to { "severity", "options" }.');
          break;
        }
        for (const rule of value.properties) {
          if (!ts.isPropertyAssignment(rule)) continue;
          const id = propertyName(rule);
          if (!findRule(id)) {
            error(rule.name, `"${id}" is not an asynclint rule.`);
            continue;
          }
          readRule(id, rule.initializer, severities, ruleOptions, error);
        }
        break;
      case 'ignore':
        if (!ts.isArrayLiteralExpression(value) || !value.elements.every(ts.isStringLiteral)) {
          error(value, '"ignore" must be an array of glob patterns (strings).');
          break;
        }
        // One by one: a list of a hundred thousand entries is too long to spread into arguments.
        for (const element of value.elements) {
          const pattern = (element as ts.StringLiteral).text;
          if (!/[*?[\]{}]/.test(pattern)) {
            ignore.push(pattern);
            continue;
          }
          try {
            compileGlob(pattern);
            ignore.push(pattern);
          } catch (problem) {
            if (!(problem instanceof GlobError)) throw problem;
            errorAt(element, problem.offset, `Invalid glob pattern: ${problem.message}`);
          }
        }
        break;
      case 'blockingFunctions':
      case 'neverRejectingFunctions':
      case 'readOnlyFunctions': {
        const entries = toJson(value);
        if (!isDeclarationKeyList(entries)) {
          error(value, `"${key}" must be an array of { "module": string, "export": string }.`);
          break;
        }
        knowledge[key] = [...(knowledge[key] ?? []), ...entries];
        break;
      }
      default:
        error(property.name, `Unknown property "${key}": expected "rules", "ignore", ${KNOWLEDGE_KEYS.map((name) => `"${name}"`).join(', ')}.`);
    }
  }
  if (errors.length > 0) return { ok: false, errors };

  const directory = path.dirname(file).replace(/\\/g, '/');
  const isIgnored = compileGlobs(ignore);
  return {
    ok: true,
    configuration: {
      file,
      severities,
      ruleOptions,
      ignore,
      knowledge,
      isIgnored: (fileName) => {
        const relative = path.relative(directory, fileName).replace(/\\/g, '/');
        return !relative.startsWith('../') && isIgnored(relative);
      },
    },
  };
}

/** 1-based line and column of an offset. */
function lineAndColumn(text: string, offset: number): { line: number; character: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) {
    line++;
    lineStart = index + 1;
  }
  return { line, character: offset - lineStart + 1 };
}

function readRule(
  id: string,
  value: ts.Expression,
  severities: Record<string, SeverityOrOff>,
  ruleOptions: Record<string, Record<string, unknown>>,
  error: (node: ts.Node, message: string) => void,
): void {
  const validSeverity = (node: ts.Expression): SeverityOrOff | undefined => {
    if (ts.isStringLiteral(node) && (SEVERITIES as readonly string[]).includes(node.text)) return node.text as SeverityOrOff;
    error(node, `The severity of "${id}" must be one of ${SEVERITIES.map((severity) => `"${severity}"`).join(', ')}.`);
    return undefined;
  };
  if (ts.isStringLiteral(value)) {
    const severity = validSeverity(value);
    if (severity) severities[id] = severity;
    return;
  }
  if (!ts.isObjectLiteralExpression(value)) {
    error(value, `"${id}" must be a severity or an object { "severity", "options" }.`);
    return;
  }
  for (const property of value.properties) {
    if (!ts.isPropertyAssignment(property)) continue;
    const key = propertyName(property);
    if (key === 'severity') {
      const severity = validSeverity(property.initializer);
      if (severity) severities[id] = severity;
    } else if (key === 'options') {
      const options = toJson(property.initializer);
      if (!isObject(options)) error(property.initializer, `The options of "${id}" must be an object.`);
      else ruleOptions[id] = { ...(ruleOptions[id] ?? {}), ...options };
    } else {
      error(property.name, `Unknown property "${key}" for "${id}": expected "severity" or "options".`);
    }
  }
}

function propertyName(property: ts.PropertyAssignment): string {
  return ts.isStringLiteral(property.name) || ts.isIdentifier(property.name) || ts.isNumericLiteral(property.name) ? property.name.text : property.name.getText();
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The JSON value of a parsed JSON node. */
function toJson(node: ts.Expression): unknown {
  if (ts.isStringLiteral(node)) return node.text;
  if (ts.isNumericLiteral(node)) return Number(node.text);
  if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(node.operand)) return -Number(node.operand.text);
  if (node.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (node.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (node.kind === ts.SyntaxKind.NullKeyword) return null;
  if (ts.isArrayLiteralExpression(node)) return node.elements.map(toJson);
  if (ts.isObjectLiteralExpression(node)) {
    const result: Record<string, unknown> = {};
    for (const property of node.properties) if (ts.isPropertyAssignment(property)) result[propertyName(property)] = toJson(property.initializer);
    return result;
  }
  return undefined;
}

/** The nearest configuration file at or above the folder of `fileName`. */
export function findConfigurationFile(fileName: string, fileExists: (file: string) => boolean): string | undefined {
  for (let current = path.dirname(fileName); ;) {
    const candidate = path.join(current, CONFIG_FILE_NAME).replace(/\\/g, '/');
    if (fileExists(candidate)) return candidate;
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}
