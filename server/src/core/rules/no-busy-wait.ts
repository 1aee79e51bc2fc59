import * as ts from 'typescript';
import { awaitableFunction, eventLoopContextOf, reportChainAt } from '../eventLoop/reports';
import type { BlockingDetector } from '../eventLoop/callGraph';
import type { EventLoopRoot } from '../eventLoop/registrations';
import type { Fix } from '../findings';
import type { Rule, RuleContext } from '../rule';
import { WHERE_CODE_RUNS } from '../knowledge';
import { stripWrappers } from '../syntax';

/**
 * no-busy-wait: a loop that does nothing but watch the clock until some time
 * has passed. It burns a CPU and, on the event loop, stops everything else for
 * as long as it waits.
 */

type Loop = ts.WhileStatement | ts.DoStatement | ts.ForStatement;

interface BusyWait {
  readonly loop: Loop;
  /** The clock read the loop spins on, for the message. */
  readonly clock: string;
  /** The condition that ends the wait (the loop condition, or the condition of the `if (…) break`). */
  readonly condition: ts.Expression;
}

/** True when `identifier` means the global of that name (no local declaration shadows it). */
function isGlobal(checker: ts.TypeChecker, identifier: ts.Identifier): boolean {
  const symbol = checker.getSymbolAtLocation(identifier);
  if (!symbol) return true;
  return (symbol.declarations ?? []).every((declaration) => declaration.getSourceFile().isDeclarationFile);
}

/** `Date.now()`, `performance.now()`, `process.hrtime()`, `process.hrtime.bigint()`, `new Date().getTime()`, `+new Date()`: the name, or undefined. */
function clockRead(checker: ts.TypeChecker, node: ts.Node): string | undefined {
  if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.PlusToken && isNewDate(checker, stripWrappers(node.operand))) return '+new Date()';
  if (!ts.isCallExpression(node) || node.arguments.length > 1) return undefined;
  const callee = stripWrappers(node.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const method = callee.name.text;
  const receiver = stripWrappers(callee.expression);
  if (ts.isIdentifier(receiver)) {
    if (method === 'now' && (receiver.text === 'Date' || receiver.text === 'performance') && isGlobal(checker, receiver)) return `${receiver.text}.now()`;
    if (method === 'hrtime' && receiver.text === 'process' && isGlobal(checker, receiver)) return 'process.hrtime()';
  }
  if (method === 'bigint' && ts.isPropertyAccessExpression(receiver) && receiver.name.text === 'hrtime') {
    const object = stripWrappers(receiver.expression);
    if (ts.isIdentifier(object) && object.text === 'process' && isGlobal(checker, object)) return 'process.hrtime.bigint()';
  }
  if ((method === 'getTime' || method === 'valueOf') && isNewDate(checker, receiver)) return `new Date().${method}()`;
  return undefined;
}

function isNewDate(checker: ts.TypeChecker, node: ts.Expression): boolean {
  return (
    ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'Date' && (node.arguments?.length ?? 0) === 0 && isGlobal(checker, node.expression)
  );
}

/** The first clock read in an expression, also through a variable the loop assigns from the clock. */
function clockIn(checker: ts.TypeChecker, expression: ts.Node, clockVariables: ReadonlySet<ts.Symbol>): string | undefined {
  let found: string | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    found = clockRead(checker, node);
    if (found) return;
    if (ts.isIdentifier(node)) {
      const symbol = checker.getSymbolAtLocation(node);
      if (symbol && clockVariables.has(symbol)) {
        found = node.text;
        return;
      }
    }
    if (ts.isFunctionLike(node)) return;
    ts.forEachChild(node, visit);
  };
  visit(expression);
  return found;
}

/**
 * The statements a busy-wait's body may hold: nothing, clock reads stored in
 * variables, counters, and `if (…) break`. Anything else is work (a time-sliced
 * work loop, polling something), which this rule leaves alone.
 */
function isTrivialBody(checker: ts.TypeChecker, statement: ts.Statement, clockVariables: Set<ts.Symbol>, exits: ts.Expression[]): boolean {
  if (ts.isEmptyStatement(statement)) return true;
  if (ts.isBlock(statement)) return statement.statements.every((inner) => isTrivialBody(checker, inner, clockVariables, exits));
  if (ts.isContinueStatement(statement)) return true;
  if (ts.isVariableStatement(statement)) {
    return statement.declarationList.declarations.every((declaration) => {
      if (!declaration.initializer || !ts.isIdentifier(declaration.name) || !clockRead(checker, stripWrappers(declaration.initializer))) return false;
      const symbol = checker.getSymbolAtLocation(declaration.name);
      if (symbol) clockVariables.add(symbol);
      return true;
    });
  }
  if (ts.isExpressionStatement(statement)) {
    const expression = stripWrappers(statement.expression);
    if (clockRead(checker, expression)) return true;
    if ((ts.isPostfixUnaryExpression(expression) || ts.isPrefixUnaryExpression(expression)) && ts.isIdentifier(expression.operand)) return true;
    if (ts.isBinaryExpression(expression) && ts.isIdentifier(expression.left)) {
      const operator = expression.operatorToken.kind;
      if (operator === ts.SyntaxKind.EqualsToken && clockRead(checker, stripWrappers(expression.right))) {
        const symbol = checker.getSymbolAtLocation(expression.left);
        if (symbol) clockVariables.add(symbol);
        return true;
      }
      if ((operator === ts.SyntaxKind.PlusEqualsToken || operator === ts.SyntaxKind.MinusEqualsToken) && ts.isNumericLiteral(stripWrappers(expression.right))) return true;
    }
    return false;
  }
  if (ts.isIfStatement(statement) && !statement.elseStatement) {
    const then = ts.isBlock(statement.thenStatement) && statement.thenStatement.statements.length === 1 ? statement.thenStatement.statements[0] : statement.thenStatement;
    if (ts.isBreakStatement(then) && !then.label) {
      exits.push(statement.expression);
      return true;
    }
    if (
      ts.isReturnStatement(then) &&
      (!then.expression || ts.isLiteralExpression(then.expression) || then.expression.kind === ts.SyntaxKind.TrueKeyword || then.expression.kind === ts.SyntaxKind.FalseKeyword)
    ) {
      exits.push(statement.expression);
      return true;
    }
  }
  return false;
}

function isAlwaysTrue(condition: ts.Expression | undefined): boolean {
  if (!condition) return true;
  const expression = stripWrappers(condition);
  return expression.kind === ts.SyntaxKind.TrueKeyword || (ts.isNumericLiteral(expression) && Number(expression.text) !== 0);
}

export function busyWaitAt(checker: ts.TypeChecker, node: ts.Node): BusyWait | undefined {
  if (!ts.isWhileStatement(node) && !ts.isDoStatement(node) && !ts.isForStatement(node)) return undefined;
  const clockVariables = new Set<ts.Symbol>();
  const exits: ts.Expression[] = [];
  if (ts.isForStatement(node)) {
    if (node.initializer && ts.isVariableDeclarationList(node.initializer)) {
      for (const declaration of node.initializer.declarations) {
        if (declaration.initializer && ts.isIdentifier(declaration.name) && clockRead(checker, stripWrappers(declaration.initializer))) {
          const symbol = checker.getSymbolAtLocation(declaration.name);
          if (symbol) clockVariables.add(symbol);
        }
      }
    }
    if (node.incrementor) {
      const increment = stripWrappers(node.incrementor);
      const trivial = ts.isBinaryExpression(increment) && ts.isIdentifier(increment.left) && clockRead(checker, stripWrappers(increment.right));
      if (trivial) {
        const symbol = checker.getSymbolAtLocation(increment.left as ts.Identifier);
        if (symbol) clockVariables.add(symbol);
      } else if (!(ts.isPostfixUnaryExpression(increment) || ts.isPrefixUnaryExpression(increment))) {
        return undefined;
      }
    }
  }
  if (!isTrivialBody(checker, node.statement, clockVariables, exits)) return undefined;
  const condition = ts.isForStatement(node) ? node.condition : node.expression;
  if (condition && !isAlwaysTrue(condition)) {
    const clock = clockIn(checker, condition, clockVariables);
    if (clock) return { loop: node, clock, condition };
  }
  for (const exit of exits) {
    const clock = clockIn(checker, exit, clockVariables);
    if (clock) return { loop: node, clock, condition: exit };
  }
  return undefined;
}

/** The loop's header: `while (Date.now() < end)`, `for (;;)`, the `while (…)` of a `do … while`. */
function headerRange(loop: Loop, sourceFile: ts.SourceFile): { start: number; end: number } {
  const children = loop.getChildren(sourceFile);
  if (ts.isDoStatement(loop)) {
    const keyword = children.find((child) => child.kind === ts.SyntaxKind.WhileKeyword)!;
    const close = children.find((child) => child.kind === ts.SyntaxKind.CloseParenToken);
    return { start: keyword.getStart(sourceFile), end: close ? close.getEnd() : keyword.getEnd() };
  }
  const close = children.find((child) => child.kind === ts.SyntaxKind.CloseParenToken);
  return { start: loop.getStart(sourceFile), end: close ? close.getEnd() : loop.getEnd() };
}

/** `await new Promise(…setTimeout…)` for `while (<clock> < end) {}`: the delay is what the loop waits for. */
function timerFix(context: RuleContext, wait: BusyWait, root: EventLoopRoot, direct: boolean): Fix[] {
  const { checker, sourceFile } = context;
  const { loop } = wait;
  const target = awaitableFunction(context, loop, root, direct);
  if (!target || target.makeAsync) return [];
  if (ts.isDoStatement(loop)) return [];
  if (ts.isForStatement(loop) && (loop.initializer || loop.incrementor)) return [];
  const body = loop.statement;
  if (!(ts.isEmptyStatement(body) || (ts.isBlock(body) && body.statements.length === 0))) return [];
  const condition = stripWrappers(wait.condition);
  if (!ts.isBinaryExpression(condition)) return [];
  const operator = condition.operatorToken.kind;
  const rising = (side: ts.Expression) => {
    const clock = clockIn(checker, side, new Set());
    return clock === 'Date.now()' || clock === 'performance.now()' || clock === 'new Date().getTime()' || clock === 'new Date().valueOf()' || clock === '+new Date()';
  };
  let clockSide: ts.Expression;
  let limitSide: ts.Expression;
  if ((operator === ts.SyntaxKind.LessThanToken || operator === ts.SyntaxKind.LessThanEqualsToken) && rising(condition.left) && !rising(condition.right)) {
    [clockSide, limitSide] = [condition.left, condition.right];
  } else if ((operator === ts.SyntaxKind.GreaterThanToken || operator === ts.SyntaxKind.GreaterThanEqualsToken) && rising(condition.right) && !rising(condition.left)) {
    [clockSide, limitSide] = [condition.right, condition.left];
  } else {
    return [];
  }
  // The clock side must be the clock itself, or the clock minus a start time: elapsed milliseconds.
  const clockCore = stripWrappers(clockSide);
  const isElapsed = ts.isBinaryExpression(clockCore) && clockCore.operatorToken.kind === ts.SyntaxKind.MinusToken && rising(clockCore.left) && !rising(clockCore.right);
  if (!isElapsed && !clockRead(checker, clockCore)) return [];
  if (!checker.resolveName('setTimeout', loop, ts.SymbolFlags.Value, false)) return [];
  const text = (node: ts.Expression) => node.getText(sourceFile);
  const parenthesize = (node: ts.Expression) => (ts.isBinaryExpression(stripWrappers(node)) && !ts.isParenthesizedExpression(node) ? `(${text(node)})` : text(node));
  const delay = `${parenthesize(limitSide)} - ${parenthesize(clockSide)}`;
  const typeArgument = /\.(c|m)?tsx?$/.test(sourceFile.fileName) ? '<void>' : '';
  return [
    {
      title: 'Replace the busy-wait with an awaited timer',
      edits: [
        {
          file: sourceFile.fileName,
          start: loop.getStart(sourceFile),
          end: loop.getEnd(),
          newText: `await new Promise${typeArgument}((resolve) => setTimeout(resolve, ${delay}));`,
        },
      ],
      safe: false,
      preferred: true,
    },
  ];
}

const DETECTOR: BlockingDetector = {
  key: 'no-busy-wait',
  siteAt(node, analysis) {
    const wait = busyWaitAt(analysis.checker, node);
    return wait ? { node: wait.condition, name: `a busy-wait on ${wait.clock}` } : undefined;
  },
};

export const noBusyWait: Rule = {
  meta: {
    id: 'no-busy-wait',
    description: 'A loop that spins on the clock (`Date.now()`, `performance.now()`, `process.hrtime()`) until time passes, blocking the event loop.',
    defaultSeverity: 'warning',
    typeAware: true,
    knowledge: WHERE_CODE_RUNS,
    docs: {
      flags:
        'A `while`, `do … while` or `for` loop whose only purpose is to wait: its condition (or an `if (…) break` in its body) reads the ' +
        'clock (`Date.now()`, `performance.now()`, `process.hrtime()`, `process.hrtime.bigint()`, `new Date().getTime()`), and its body does ' +
        'nothing else than read the clock into variables, count, or break. Flagged where it runs on the event loop (async functions, ' +
        'handlers, listeners, timers, promise callbacks), and at the call of a synchronous helper that busy-waits (a home-made `sleep(ms)`), ' +
        'with the chain of calls as related information.',
      why:
        'A busy-wait keeps the only JavaScript thread busy doing nothing: for as long as it spins, no request is served, no timer fires, no ' +
        'I/O completes, and a CPU core burns at 100%.',
      doesNotFlag:
        'Loops that do work while watching the clock (a time-sliced work loop such as `while (Date.now() < deadline && queue.length) ' +
        'process(queue.shift())`): they are a deliberate way to bound work, and calls in the body are treated as work. Loops that `await` ' +
        '(the body is then not trivial). Busy-waits at module top level, in start-up code (including setup wizards, restarts and development tooling, as ' +
        '`no-blocking-call` describes), tests, or worker threads (where a synchronous ' +
        "pause blocks nobody else), and in synchronous helpers with no caller on the event loop. `Atomics.wait` is `no-blocking-call`'s.",
      flaggedExamples: [
        'async function handler(req: { query: { delay: string } }) {\n  const end = Date.now() + Number(req.query.delay);\n  while (Date.now() < end) {}\n}',
        'function sleep(ms: number) {\n  const start = Date.now();\n  while (Date.now() - start < ms) {}\n}\n\nsetInterval(() => {\n  sleep(50); // the setInterval callback → sleep → a busy-wait on Date.now()\n}, 1000);',
      ],
      notFlaggedExamples: [
        'declare const queue: Array<() => void>;\nasync function drain(req: unknown) {\n  const deadline = Date.now() + 10;\n  while (Date.now() < deadline && queue.length > 0) queue.shift()!();\n}',
        'async function waitFor(req: unknown, ms: number) {\n  const end = Date.now() + ms;\n  while (Date.now() < end) {\n    await new Promise((resolve) => setTimeout(resolve, 10));\n  }\n}',
        '// Module top level: start-up.\nconst end = Date.now() + 100;\nwhile (Date.now() < end) {}',
      ],
      fixes:
        '**Replace the busy-wait with an awaited timer**, in async functions, for a loop with an empty body and a condition of the form ' +
        '`clock < limit` or `clock - start < ms` (or the mirrored `>`): the loop becomes ' +
        '`await new Promise((resolve) => setTimeout(resolve, limit - clock))`. A suggestion (`safe: false`): other code now runs during the wait.',
    },
  },
  create(context: RuleContext) {
    const reported = new Set<ts.Node>();
    const checkLoop = (node: ts.Node) => {
      const wait = busyWaitAt(context.checker, node);
      if (!wait) return;
      const where = eventLoopContextOf(context, node);
      if (!where) return;
      const { sourceFile } = context;
      const range = headerRange(wait.loop, sourceFile);
      context.report({
        ...range,
        message:
          `This loop busy-waits on \`${wait.clock}\` in ${where.root.label}: the event loop stops for as long as it spins. ` +
          'Wait with an awaited timer (`await new Promise((resolve) => setTimeout(resolve, ms))`) instead.',
        fixes: timerFix(context, wait, where.root, where.direct),
        ...(where.root.certainty === 'likely' ? { certainty: 'likely' as const } : {}),
      });
    };
    const checkCall = (node: ts.Node) => {
      const call = node as ts.CallExpression | ts.NewExpression;
      const where = eventLoopContextOf(context, call);
      if (!where) return;
      reportChainAt(context, call, where.root, DETECTOR, (chain) => `\`${chain[0].name}\` blocks the event loop in ${where.root.label}: it busy-waits on the clock`, reported);
    };
    return {
      [ts.SyntaxKind.WhileStatement]: checkLoop,
      [ts.SyntaxKind.DoStatement]: checkLoop,
      [ts.SyntaxKind.ForStatement]: checkLoop,
      [ts.SyntaxKind.CallExpression]: checkCall,
      [ts.SyntaxKind.NewExpression]: checkCall,
    };
  },
};
