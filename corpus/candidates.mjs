#!/usr/bin/env node
// Candidates for recall: the places a rule could have reported, found by a plain
// scan over the TypeScript compiler API, minus the ones it did report, and a
// seeded sample of them to judge by reading the code (a real problem in the
// sample becomes a `missed` verdict line). Run `node corpus/run.mjs` first: it
// exports and installs the repositories and, with --save-findings, writes the
// findings this script leaves out.
//
//   node corpus/candidates.mjs --findings DIR [--repo NAME]... [--cache DIR]
//                              [--family gather|rejection|blocking] [--sample N] [--seed N]
//
// Kinds of candidates (deliberately broader than any rule):
//   rejection  an expression statement whose type has a callable `then`
//              (no-floating-promises); a function returning a promise passed
//              where the parameter's type returns void (no-misused-promises)
//   blocking   a call of a function declared by Node's types or a package whose
//              name ends in Sync (no-blocking-call)
//   gather     two consecutive statements of a block that each await
//              (prefer-promise-all); a loop whose body awaits (no-await-in-loop)
// Prints one line per sampled candidate, ready to become a verdict line:
//   <repo> <file>:<line> <rule> TODO <kind>: <code>

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { familyOf, readPins } from './run.mjs';

const require = createRequire(import.meta.url);
const ts = require('typescript');

function parseArguments(argv) {
  const options = {
    repos: [],
    cache: process.env.ASYNCLINT_CORPUS_CACHE || path.join(os.tmpdir(), 'asynclint-corpus'),
    families: [],
    sample: 20,
    seed: 1,
    findings: undefined,
    all: false,
  };
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index];
    const value = () => {
      const next = argv[++index];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--repo') options.repos.push(value());
    else if (arg === '--cache') options.cache = path.resolve(value());
    else if (arg === '--family') options.families.push(value());
    else if (arg === '--sample') options.sample = Number(value());
    else if (arg === '--seed') options.seed = Number(value());
    else if (arg === '--findings') options.findings = path.resolve(value());
    else if (arg === '--all') options.all = true;
    else throw new Error(`unknown argument ${arg}`);
  }
  if (!options.findings) throw new Error('--findings DIR (written by node corpus/run.mjs --save-findings DIR) is needed, to leave out what was reported');
  return options;
}

/** The project's compiler options, with TypeScript 5's defaults for what it leaves unset (as the CLI does for projects on TypeScript 5). */
function loadProgram(root, tsconfig) {
  const configFile = path.join(root, tsconfig.endsWith('.json') ? tsconfig : path.join(tsconfig, 'tsconfig.json'));
  const parsed = ts.getParsedCommandLineOfConfigFile(configFile, { ignoreDeprecations: '6.0' }, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  if (!parsed) throw new Error(`cannot read ${configFile}`);
  const options = { ...parsed.options, noEmit: true };
  if (options.types === undefined) options.types = ['*'];
  if (options.strict === undefined) options.strict = false;
  options.ignoreDeprecations = '6.0';
  return ts.createProgram({ rootNames: parsed.fileNames, options, projectReferences: parsed.projectReferences });
}

function isThenable(checker, type) {
  const then = type.getProperty?.('then') ?? checker.getPropertyOfType(type, 'then');
  if (!then) return type.isUnion() && type.types.some((member) => isThenable(checker, member));
  const thenType = checker.getTypeOfSymbol(then);
  return thenType.getCallSignatures().length > 0;
}

const strip = (node) => {
  while (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isNonNullExpression(node) || ts.isTypeAssertionExpression?.(node)) node = node.expression;
  return node;
};

/** Does `node` contain an await that belongs to it (not to a nested function)? */
function awaits(node) {
  let found = false;
  const visit = (child) => {
    if (found) return;
    if (ts.isAwaitExpression(child) || (ts.isForOfStatement(child) && child.awaitModifier)) {
      found = true;
      return;
    }
    if (ts.isFunctionLike(child)) return;
    ts.forEachChild(child, visit);
  };
  visit(node);
  return found;
}

function firstAwait(node) {
  let found;
  const visit = (child) => {
    if (found) return;
    if (ts.isAwaitExpression(child)) {
      found = child;
      return;
    }
    if (ts.isFunctionLike(child)) return;
    ts.forEachChild(child, visit);
  };
  visit(node);
  return found;
}

function returnsVoidOnly(type) {
  const signatures = type.getCallSignatures();
  return signatures.length > 0 && signatures.every((signature) => (signature.getReturnType().flags & ts.TypeFlags.Void) !== 0);
}

function candidatesOf(program, root) {
  const checker = program.getTypeChecker();
  const out = [];
  for (const sourceFile of program.getSourceFiles()) {
    const fileName = path.resolve(sourceFile.fileName);
    if (sourceFile.isDeclarationFile || fileName.includes(`${path.sep}node_modules${path.sep}`) || !fileName.startsWith(root + path.sep)) continue;
    const file = path.relative(root, fileName).split(path.sep).join('/');
    const add = (node, rule, kind) => {
      const { line } = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
      out.push({ file, line: line + 1, rule, kind, code: node.getText(sourceFile).replace(/\s+/g, ' ').slice(0, 100) });
    };
    const visit = (node) => {
      if (ts.isExpressionStatement(node)) {
        const expression = strip(node.expression);
        const isAssignment =
          ts.isBinaryExpression(expression) && expression.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && expression.operatorToken.kind <= ts.SyntaxKind.LastAssignment;
        // A statement ending in .catch(handler) or .then(onFulfilled, onRejected) handles its rejection.
        const handled =
          ts.isCallExpression(expression) &&
          ts.isPropertyAccessExpression(expression.expression) &&
          ((expression.expression.name.text === 'catch' && expression.arguments.length > 0) || (expression.expression.name.text === 'then' && expression.arguments.length > 1));
        if (!handled && !ts.isAwaitExpression(expression) && !ts.isVoidExpression(expression) && !isAssignment && isThenable(checker, checker.getTypeAtLocation(expression)))
          add(node, 'no-floating-promises', 'promise statement');
      }
      if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && node.arguments) {
        for (const argument of node.arguments) {
          const argumentType = checker.getTypeAtLocation(argument);
          const signatures = argumentType.getCallSignatures();
          if (signatures.length === 0 || !signatures.some((signature) => isThenable(checker, signature.getReturnType()))) continue;
          const contextual = checker.getContextualType(argument);
          if (contextual && returnsVoidOnly(contextual)) add(argument, 'no-misused-promises', 'promise function where void is expected');
        }
      }
      if (ts.isCallExpression(node)) {
        const callee = strip(node.expression);
        const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
        if (name && /Sync$/.test(name)) {
          const declaration = checker.getResolvedSignature(node)?.getDeclaration();
          const declaredIn = declaration?.getSourceFile().fileName ?? '';
          if (declaredIn.includes('node_modules')) add(node, 'no-blocking-call', 'synchronous call');
        }
      }
      if (ts.isBlock(node) || ts.isSourceFile(node) || ts.isCaseClause(node) || ts.isDefaultClause(node)) {
        const statements = node.statements;
        for (let index = 1; index < statements.length; index++) {
          const [first, second] = [statements[index - 1], statements[index]];
          const simple = (statement) => (ts.isVariableStatement(statement) || ts.isExpressionStatement(statement) || ts.isReturnStatement(statement)) && awaits(statement);
          // Where prefer-promise-all reports a group: its first statement.
          if (simple(first) && simple(second)) add(first, 'prefer-promise-all', 'consecutive awaits');
        }
      }
      if (
        (ts.isForStatement(node) || ts.isForOfStatement(node) || ts.isForInStatement(node) || ts.isWhileStatement(node) || ts.isDoStatement(node)) &&
        !(ts.isForOfStatement(node) && node.awaitModifier) &&
        awaits(node.statement)
      ) {
        // Where no-await-in-loop reports a loop: its first await.
        add(firstAwait(node.statement) ?? node, 'no-await-in-loop', 'loop with await');
      }
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
  }
  return out;
}

/** mulberry32: a small seeded generator, so a sample can be drawn again. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function main() {
  const options = parseArguments(process.argv.slice(2));
  const pins = readPins().filter((pin) => options.repos.length === 0 || options.repos.includes(pin.name));
  const lines = [];
  for (const pin of pins) {
    const root = path.join(options.cache, pin.name);
    const findingsFile = path.join(options.findings, `${pin.name}.json`);
    if (!fs.existsSync(root) || !fs.existsSync(findingsFile)) {
      process.stderr.write(`candidates: ${pin.name}: no export or no findings: run node corpus/run.mjs --repo ${pin.name} --save-findings ${options.findings}\n`);
      continue;
    }
    // A candidate reported by any rule of its family on the same line is not missed.
    const reported = new Set(JSON.parse(fs.readFileSync(findingsFile, 'utf8')).findings.map((finding) => `${finding.file}:${finding.line} ${familyOf(finding.rule)}`));
    const program = loadProgram(root, pin.tsconfig);
    const candidates = candidatesOf(program, fs.realpathSync(root))
      .filter((candidate) => options.families.length === 0 || options.families.includes(familyOf(candidate.rule)))
      .filter((candidate) => !reported.has(`${candidate.file}:${candidate.line} ${familyOf(candidate.rule)}`));
    const unique = [...new Map(candidates.map((candidate) => [`${candidate.file}:${candidate.line} ${candidate.rule}`, candidate])).values()];
    // The same seed per repository and rule, so adding a repository does not redraw the others.
    const byRule = new Map();
    for (const candidate of unique) byRule.set(candidate.rule, [...(byRule.get(candidate.rule) ?? []), candidate]);
    for (const [rule, list] of [...byRule].sort(([a], [b]) => a.localeCompare(b))) {
      const next = random(options.seed + [...`${pin.name} ${rule}`].reduce((sum, char) => (sum * 31 + char.charCodeAt(0)) >>> 0, 0));
      const shuffled = list
        .map((candidate) => [next(), candidate])
        .sort(([a], [b]) => a - b)
        .map(([, candidate]) => candidate);
      const chosen = options.all ? shuffled : shuffled.slice(0, options.sample);
      process.stderr.write(`candidates: ${pin.name} ${rule}: ${list.length} not reported, ${chosen.length} drawn\n`);
      for (const candidate of chosen) lines.push(`${pin.name} ${candidate.file}:${candidate.line} ${rule} TODO ${candidate.kind}: ${candidate.code}`);
    }
  }
  console.log(lines.join('\n'));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (error) {
    console.error(`candidates: ${error.message}`);
    process.exitCode = 1;
  }
}
