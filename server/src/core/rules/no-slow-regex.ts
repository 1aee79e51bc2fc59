import * as ts from 'typescript';
import { eventLoopContextOf, reportChainAt } from '../eventLoop/reports';
import type { BlockingDetector } from '../eventLoop/callGraph';
import { analyzeRegex, describeAttack, type SlowRegex } from '../eventLoop/regex/analysis';
import type { Rule, RuleContext } from '../rule';
import { BOUNDED_GLOBALS, NUMBER_FORMAT_METHODS, REGEX_METHODS, STRING_REGEX_METHODS, STRING_SAME_LENGTH_METHODS, STRING_SLICE_METHODS } from '../knowledge/javascript';
import { WHERE_CODE_RUNS } from '../knowledge';
import { stripWrappers } from '../syntax';

/**
 * no-slow-regex: a regular expression whose backtracking takes exponential
 * or polynomial time on some inputs it does not match (ReDoS), applied on the
 * event loop to input that is not a constant.
 */

interface RegexSource {
  readonly pattern: string;
  readonly flags: string;
  /** Where the pattern is written. */
  readonly node: ts.Node;
}

interface SlowApplication {
  readonly call: ts.CallExpression;
  readonly regex: RegexSource;
  readonly input: ts.Expression;
  readonly slow: SlowRegex;
}

/** The value of a constant string expression: a literal, a constant, a concatenation of them. */
function constantString(checker: ts.TypeChecker, node: ts.Expression | undefined, depth = 0): string | undefined {
  if (!node || depth > 6) return undefined;
  const expression = stripWrappers(node);
  if (ts.isStringLiteral(expression) || ts.isNoSubstitutionTemplateLiteral(expression)) return expression.text;
  if (ts.isBinaryExpression(expression) && expression.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = constantString(checker, expression.left, depth + 1);
    const right = left === undefined ? undefined : constantString(checker, expression.right, depth + 1);
    return left === undefined || right === undefined ? undefined : left + right;
  }
  if (ts.isIdentifier(expression)) {
    const initializer = constInitializer(checker, expression);
    return initializer ? constantString(checker, initializer, depth + 1) : undefined;
  }
  return undefined;
}

/** The initializer of a `const` variable (or `readonly` property) the expression names. */
function constInitializer(checker: ts.TypeChecker, expression: ts.Expression): ts.Expression | undefined {
  const target = ts.isPropertyAccessExpression(expression) ? expression.name : expression;
  const declaration = checker.getSymbolAtLocation(target)?.valueDeclaration;
  if (!declaration) return undefined;
  if (ts.isVariableDeclaration(declaration) && declaration.initializer && ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const) return declaration.initializer;
  if (ts.isPropertyDeclaration(declaration) && declaration.initializer && ts.getCombinedModifierFlags(declaration) & ts.ModifierFlags.Readonly) return declaration.initializer;
  // A property of a constant object: const PATTERNS = { email: /…/ }.
  if (ts.isPropertyAssignment(declaration) && ts.isObjectLiteralExpression(declaration.parent)) {
    const holder = declaration.parent.parent;
    if (ts.isVariableDeclaration(holder) && ts.getCombinedNodeFlags(holder) & ts.NodeFlags.Const) return declaration.initializer;
  }
  return undefined;
}

function regexSource(checker: ts.TypeChecker, node: ts.Expression | undefined, depth = 0): RegexSource | undefined {
  if (!node || depth > 4) return undefined;
  const expression = stripWrappers(node);
  if (ts.isRegularExpressionLiteral(expression)) {
    const text = expression.text;
    const slash = text.lastIndexOf('/');
    return { pattern: text.slice(1, slash), flags: text.slice(slash + 1), node: expression };
  }
  if ((ts.isNewExpression(expression) || ts.isCallExpression(expression)) && ts.isIdentifier(expression.expression) && expression.expression.text === 'RegExp') {
    const declaration = checker.getSymbolAtLocation(expression.expression)?.valueDeclaration;
    if (declaration && !declaration.getSourceFile().isDeclarationFile) return undefined;
    const args = expression.arguments ?? [];
    const pattern = constantString(checker, args[0]);
    const flags = args.length > 1 ? constantString(checker, args[1]) : '';
    if (pattern === undefined || flags === undefined) return undefined;
    return { pattern, flags, node: expression };
  }
  if (ts.isIdentifier(expression) || ts.isPropertyAccessExpression(expression)) {
    const initializer = constInitializer(checker, expression);
    return initializer ? regexSource(checker, initializer, depth + 1) : undefined;
  }
  return undefined;
}

/**
 * Values the program makes itself, whose length no request controls: dates
 * (`new Date().toISOString()`), numbers turned into text, the process's own
 * paths and environment.
 */
function isInternalValue(checker: ts.TypeChecker, node: ts.Expression): boolean {
  let expression = stripWrappers(node);
  for (let hops = 0; hops < 8; hops++) {
    if (ts.isCallExpression(expression)) {
      const callee = stripWrappers(expression.expression);
      if (ts.isIdentifier(callee) && callee.text === 'String' && expression.arguments.length === 1) {
        const argument = stripWrappers(expression.arguments[0]);
        const type = checker.getTypeAtLocation(argument);
        // The text of a number or a boolean is a few characters long.
        return !!(type.flags & (ts.TypeFlags.NumberLike | ts.TypeFlags.BigIntLike | ts.TypeFlags.BooleanLike)) || isInternalValue(checker, argument);
      }
      if (!ts.isPropertyAccessExpression(callee)) return false;
      if (NUMBER_FORMAT_METHODS.names.has(callee.name.text)) return true;
      expression = stripWrappers(callee.expression);
      continue;
    }
    if (ts.isPropertyAccessExpression(expression) || ts.isElementAccessExpression(expression)) {
      expression = stripWrappers(expression.expression);
      continue;
    }
    break;
  }
  if (ts.isNewExpression(expression) && ts.isIdentifier(expression.expression) && expression.expression.text === 'Date') return true;
  return ts.isIdentifier(expression) && BOUNDED_GLOBALS.names.has(expression.text);
}

/** String methods whose result is no longer than their receiver. */

/** `text.slice(0, n)`, `text.substring(0, n).trim()`: the prefix of a given length, which bounds the work a regex can do on it. */
function isTruncation(node: ts.Expression): boolean {
  let expression = stripWrappers(node);
  while (ts.isCallExpression(expression) && ts.isPropertyAccessExpression(stripWrappers(expression.expression))) {
    const callee = stripWrappers(expression.expression) as ts.PropertyAccessExpression;
    const method = callee.name.text;
    if (STRING_SLICE_METHODS.names.has(method)) {
      const [from] = expression.arguments;
      return expression.arguments.length === 2 && !!from && ts.isNumericLiteral(stripWrappers(from)) && Number((stripWrappers(from) as ts.NumericLiteral).text) === 0;
    }
    if (!STRING_SAME_LENGTH_METHODS.names.has(method)) return false;
    expression = stripWrappers(callee.expression);
  }
  return false;
}

/**
 * True when the input was cut to a given length before the match, inline or
 * by the last assignment before it in the same function
 * (`tag = tag.slice(0, maxLength).trim(); tag.match(…)`): whoever wrote the
 * truncation bounded the input on purpose.
 */
function isTruncatedInput(checker: ts.TypeChecker, input: ts.Expression, use: ts.Node): boolean {
  if (isTruncation(input)) return true;
  const expression = stripWrappers(input);
  if (!ts.isIdentifier(expression)) return false;
  const symbol = checker.getSymbolAtLocation(expression);
  const declaration = symbol?.valueDeclaration;
  if (!symbol || !declaration || (!ts.isVariableDeclaration(declaration) && !ts.isParameter(declaration))) return false;
  let scope: ts.Node | undefined = declaration.parent;
  while (scope && !ts.isFunctionLike(scope) && !ts.isSourceFile(scope)) scope = scope.parent;
  if (!scope) return false;
  let last: ts.Expression | undefined = ts.isVariableDeclaration(declaration) ? declaration.initializer : undefined;
  const visit = (node: ts.Node): void => {
    if (node.getStart() >= use.getStart()) return;
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isIdentifier(stripWrappers(node.left)) &&
      checker.getSymbolAtLocation(stripWrappers(node.left)) === symbol
    ) {
      last = node.right;
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(scope, visit);
  return last !== undefined && isTruncation(last);
}

export function slowApplicationAt(checker: ts.TypeChecker, node: ts.Node): SlowApplication | undefined {
  if (!ts.isCallExpression(node) || node.arguments.length === 0) return undefined;
  const callee = stripWrappers(node.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const method = callee.name.text;
  let regexNode: ts.Expression;
  let input: ts.Expression;
  if (REGEX_METHODS.names.has(method)) {
    regexNode = callee.expression;
    input = node.arguments[0];
  } else if (STRING_REGEX_METHODS.names.has(method)) {
    regexNode = node.arguments[0];
    input = callee.expression;
  } else {
    return undefined;
  }
  if (ts.isSpreadElement(input)) return undefined;
  const regex = regexSource(checker, regexNode);
  if (!regex) return undefined;
  if (constantString(checker, input) !== undefined || isInternalValue(checker, input) || isTruncatedInput(checker, input, node)) return undefined;
  const verdict = analyzeRegex(regex.pattern, regex.flags);
  if (verdict.kind !== 'slow') return undefined;
  return { call: node, regex, input, slow: verdict.slow };
}

function complexityWords(slow: SlowRegex): string {
  if (slow.complexity === 'exponential') return 'exponential';
  switch (slow.degree) {
    case 2:
      return 'quadratic';
    case 3:
      return 'cubic';
    default:
      return `polynomial (degree ${slow.degree ?? '≥ 2'})`;
  }
}

function shortPattern(regex: RegexSource): string {
  const text = `/${regex.pattern}/${regex.flags}`;
  return text.length <= 60 ? text : `${text.slice(0, 59)}…`;
}

const DETECTOR: BlockingDetector = {
  key: 'no-slow-regex',
  siteAt(node, analysis) {
    const application = slowApplicationAt(analysis.checker, node);
    return application
      ? { node: application.call, name: `${shortPattern(application.regex)} (${complexityWords(application.slow)} on ${describeAttack(application.slow)})` }
      : undefined;
  },
};

export const noSlowRegex: Rule = {
  meta: {
    id: 'no-slow-regex',
    description: 'A regular expression with super-linear backtracking (ReDoS) applied on the event loop to input that is not a constant.',
    defaultSeverity: 'warning',
    typeAware: true,
    knowledge: [...WHERE_CODE_RUNS, REGEX_METHODS, STRING_REGEX_METHODS, STRING_SAME_LENGTH_METHODS, STRING_SLICE_METHODS, NUMBER_FORMAT_METHODS, BOUNDED_GLOBALS],
    docs: {
      flags:
        'A regular expression (a literal, or `new RegExp` / `RegExp` with a constant pattern, also through a `const` or a `readonly` ' +
        'property) that can backtrack exponentially (nested or overlapping quantifiers: `(a+)+$`, `(a|a)*$`, `(\\w+\\s?)*$`) or ' +
        'polynomially (adjacent overlapping quantifiers: `\\d+\\d+$`, `a.*b.*c`), applied with `test`, `exec`, `match`, `matchAll`, ' +
        '`search`, `replace`, `replaceAll` or `split` to a value that is not a constant, in code on the event loop (or in a synchronous ' +
        'helper it calls, reported at the call). The message gives an input that triggers the blow-up. ' +
        'The pattern is parsed, turned into an automaton, and searched for ambiguity (two ways to match the same text around a loop); ' +
        "each suspicion is then confirmed by running a step-counting backtracking matcher with JavaScript's semantics on the generated " +
        'input at growing sizes: only a confirmed blow-up is reported.',
      why:
        "JavaScript's regular expressions backtrack. On such a pattern, an input of a few dozen characters (exponential) or a few " +
        'thousand (polynomial) keeps the engine busy for seconds to hours, and nothing else on the event loop runs meanwhile: one ' +
        'request can stall a server for every user (a ReDoS).',
      doesNotFlag:
        'Patterns applied to constants or to values the program makes itself (`new Date().toISOString()`, numbers turned into text, ' +
        '`process` and `os` values); input cut to a given length first (`text.slice(0, n)`, `substring(0, n)`, inline or as the last ' +
        'assignment before the match: its length is bounded on purpose); patterns built from non-constant strings (their shape is unknown); patterns with back references or ' +
        'lookbehind, or with Unicode properties and flags it does not model exactly (it gives up rather than guess); suspicions the ' +
        'matcher does not confirm; and the common single-loop case `\\s+$`, which is quadratic only through the engine retrying at every ' +
        'start position (flagging every trailing-whitespace pattern would bury the findings that matter). Regular expressions applied at ' +
        'start-up (including setup wizards, restarts and development tooling, as `no-blocking-call` describes), in tests, in worker ' +
        'threads, or in synchronous helpers with no caller on the event loop are left alone, as are ' +
        'patterns handed to libraries (route paths, validators), whose use this rule cannot see.',
      flaggedExamples: [
        'async function handler(req: { query: { name: string } }) {\n  return /(a+)+$/.test(req.query.name);\n}',
        "declare const socket: { on(event: 'message', listener: (data: string) => void): void };\nconst VERSION = /^(\\d+)*$/;\nsocket.on('message', (data) => console.log(VERSION.test(data)));",
        'function isWords(text: string) {\n  return /^(\\w+\\s?)*$/.test(text);\n}\nasync function validate(req: { body: string }) {\n  return isWords(req.body); // validate → isWords → /^(\\w+\\s?)*$/\n}',
      ],
      notFlaggedExamples: [
        'async function handler(req: { query: { name: string } }) {\n  return /^[a-z]+(-[a-z]+)*$/.test(req.query.name);\n}',
        'async function handler(req: unknown) {\n  return /(a+)+$/.test("constant");\n}',
        '// Start-up: runs once, on a value the program controls.\nconst ok = /(a+)+$/.test(String(Date.now()));',
      ],
      fixes:
        'None: rewriting a pattern needs its intent. Make the alternatives or repetitions unambiguous (e.g. `^\\w+(\\s\\w+)*$` for `^(\\w+\\s?)*$`), bound the input length first, or use a linear-time engine.',
    },
  },
  create(context: RuleContext) {
    const reported = new Set<ts.Node>();
    return {
      [ts.SyntaxKind.CallExpression]: (node) => {
        const call = node as ts.CallExpression;
        const where = eventLoopContextOf(context, call);
        if (!where) return;
        const application = slowApplicationAt(context.checker, call);
        if (application) {
          const { sourceFile } = context;
          const { regex, slow } = application;
          const inline = regex.node.getSourceFile() === sourceFile && regex.node.pos >= call.pos && regex.node.end <= call.end;
          const regexFile = regex.node.getSourceFile();
          context.report({
            start: call.getStart(sourceFile),
            end: call.getEnd(),
            message:
              `${shortPattern(regex)} backtracks ${slow.complexity === 'exponential' ? 'exponentially' : 'polynomially'}: ` +
              `${describeAttack(slow)} takes ${complexityWords(slow)} time. It is applied to \`${application.input.getText(sourceFile).slice(0, 40)}\` ` +
              `in ${where.root.label}, so one such input stalls the event loop. Make the repetitions unambiguous or bound the input length.`,
            ...(inline ? {} : { related: [{ file: regexFile.fileName, start: regex.node.getStart(regexFile), end: regex.node.getEnd(), message: 'the pattern' }] }),
            ...(where.root.certainty === 'likely' ? { certainty: 'likely' as const } : {}),
          });
          return;
        }
        reportChainAt(
          context,
          call,
          where.root,
          DETECTOR,
          (chain) => `\`${chain[0].name}\` can stall the event loop in ${where.root.label}: it applies ${chain[chain.length - 1].name}`,
          reported,
        );
      },
      [ts.SyntaxKind.NewExpression]: (node) => {
        const call = node as ts.NewExpression;
        const where = eventLoopContextOf(context, call);
        if (!where) return;
        reportChainAt(
          context,
          call,
          where.root,
          DETECTOR,
          (chain) => `\`${chain[0].name}\` can stall the event loop in ${where.root.label}: it applies ${chain[chain.length - 1].name}`,
          reported,
        );
      },
    };
  },
};
