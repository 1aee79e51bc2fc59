import * as ts from 'typescript';
import type { Fix } from '../findings';
import type { Rule, RuleContext } from '../rule';
import { describeNode, enclosingFunction, freshNames, indentationAt, isAsync, needsParensForMemberAccess, skipParentheses } from '../syntax';
import { calleeBody, chainRoot, collectAccesses, includeCalleeAccesses, type Accesses } from '../gather/accesses';
import { describeAwaitedCall, type AwaitedCall } from '../gather/operations';
import { isOutOfGatherScope } from '../gather/scope';
import { WHAT_CALLS_DO } from '../knowledge';

/**
 * no-await-in-loop: a loop whose iterations each await an operation that does
 * not depend on the iterations before it. Run together, N calls take as long
 * as the slowest, not N times as long.
 */
export const noAwaitInLoop: Rule = {
  meta: {
    id: 'no-await-in-loop',
    description: 'A loop whose iterations each await an independent operation, one after another.',
    defaultSeverity: 'warning',
    typeAware: true,
    knowledge: WHAT_CALLS_DO,
    docs: {
      flags:
        'A `for…of` loop, or a `for (let i = 0; i < items.length; i++)` loop, in an async function, whose body awaits ' +
        'calls that use the element of the iteration, when no iteration depends on another: the body assigns no variable ' +
        'declared outside it, and its other effects are collecting results (`results.push(…)`), keyed writes ' +
        '(`byId[id] = …`, `map.set(id, …)`, `set.add(…)`) or local, and every awaited call reads (`get`, `fetch`, `find`, ' +
        '`load`, `read`…).',
      why:
        'Each iteration waits for its call before the next one starts, so a hundred independent requests take a hundred ' +
        'round trips. `await Promise.all(items.map(async (item) => …))` starts them together.',
      doesNotFlag:
        'What a careful reviewer would keep sequential: `while` and `do…while` loops (polling, retries, pagination); ' +
        '`for await`; loops that carry state from one iteration to the next (a cursor, a counter, an accumulator, ' +
        '`previous = current`); first-success loops that `break`, `return` or `throw`; per-item `try`/`catch`; pacing ' +
        '(`sleep`, `delay`, timers); calls that change state (`save`, `insert`, `send`, `update`, `write`, `delete`…), ' +
        'where order, rate limits or transactions usually matter; calls on one stateful handle (a transaction, ' +
        "connection, page or stream) shared by all iterations; awaits that do not use the iteration's element (the same " +
        'call repeated); awaits of values that are not calls returning promises, of `import()`, and of project functions ' +
        "whose only awaits are `import()`; `for…in` loops and counting loops over anything but an array's indices; " +
        'bodies with other effects whose order would change (logging, calls of unknown effect); calls whose effect cannot be told from their names; recursive calls of the enclosing function (a tree walk, ' +
        'which would fan out over the whole tree; one query per level is the better rewrite); reads that run an async callback, and project functions that ' +
        'change state outside themselves (append to a list the iterations share, fill a cache); loops a maintainer marked with ' +
        '`eslint-disable… no-await-in-loop`; test files and one-shot code (`migrations/`, `seeds/`, `scripts/`, `migrateDown.ts`).',
      flaggedExamples: [
        [
          'declare function getUser(id: string): Promise<{ name: string }>;',
          'export async function names(ids: string[]) {',
          '  const users = [];',
          '  for (const id of ids) users.push(await getUser(id));',
          '  return users;',
          '}',
        ].join('\n'),
      ],
      notFlaggedExamples: [
        [
          'declare function getPage(cursor?: string): Promise<{ items: string[]; next?: string }>;',
          'export async function all() {',
          '  const items: string[] = [];',
          '  let cursor: string | undefined;',
          '  for (const _ of [1, 2, 3]) {',
          '    const page = await getPage(cursor);',
          '    items.push(...page.items);',
          '    cursor = page.next;',
          '  }',
          '  return items;',
          '}',
        ].join('\n'),
        [
          'declare function fetchFrom(url: string): Promise<string | undefined>;',
          'export async function firstAvailable(mirrors: string[]) {',
          '  for (const mirror of mirrors) {',
          '    const body = await fetchFrom(mirror);',
          '    if (body) return body;',
          '  }',
          '  return undefined;',
          '}',
        ].join('\n'),
        ['declare function saveUser(id: string): Promise<void>;', 'export async function saveAll(ids: string[]) {', '  for (const id of ids) await saveUser(id);', '}'].join('\n'),
      ],
      fixes:
        '**Run the iterations together with Promise.all** rewrites `for (const id of ids) users.push(await getUser(id))` ' +
        'to `users.push(...(await Promise.all(ids.map((id) => getUser(id)))))`, keeping the results in the order of the ' +
        'items; any other body becomes `await Promise.all(ids.map(async (id) => { … }))`, with `continue` turned into ' +
        '`return`. Iterables that are not arrays go through `Array.from(iterable, …)`. It changes when calls start and ' +
        "the order of the body's effects, so it is never applied on save.",
    },
  },
  create(context: RuleContext) {
    if (isOutOfGatherScope(context.sourceFile.fileName)) return {};
    // A maintainer who wrote `eslint-disable … no-await-in-loop` has already decided.
    if (/\/\*\s*eslint-disable\s[^*]*no-await-in-loop/.test(context.sourceFile.text)) return {};
    const calleeCache = new Map<ts.Node, Accesses>();
    const check = (node: ts.Node) => checkLoop(context, node as ts.ForOfStatement | ts.ForStatement, calleeCache);
    return {
      [ts.SyntaxKind.ForOfStatement]: check,
      [ts.SyntaxKind.ForStatement]: check,
    };
  },
};

interface LoopShape {
  /** The expression iterated over: `ids` in `for (const id of ids)` or in `i < ids.length`. */
  readonly items: ts.Expression;
  /** The parameters of the callback the fix writes: `id`, or `(_item, i)` for an index loop. */
  readonly parameters: (fresh: (base: string) => string) => string;
  /** Symbols a call must use for the iteration to matter: the element or the index. */
  readonly iterationSymbols: Set<ts.Symbol>;
}

function loopShape(checker: ts.TypeChecker, loop: ts.ForOfStatement | ts.ForStatement, sourceFile: ts.SourceFile): LoopShape | undefined {
  if (ts.isForOfStatement(loop)) {
    if (loop.awaitModifier || !ts.isVariableDeclarationList(loop.initializer) || loop.initializer.declarations.length !== 1) return undefined;
    const declaration = loop.initializer.declarations[0];
    const iterationSymbols = new Set(collectAccesses(checker, declaration).writes);
    return { items: loop.expression, parameters: () => declaration.name.getText(sourceFile), iterationSymbols };
  }
  // for (let i = 0; i < items.length; i++)
  const { initializer, condition, incrementor } = loop;
  if (!initializer || !ts.isVariableDeclarationList(initializer) || initializer.declarations.length !== 1) return undefined;
  const declaration = initializer.declarations[0];
  if (!ts.isIdentifier(declaration.name) || !declaration.initializer || declaration.initializer.getText(sourceFile) !== '0') return undefined;
  const index = declaration.name.text;
  if (!condition || !ts.isBinaryExpression(condition) || condition.operatorToken.kind !== ts.SyntaxKind.LessThanToken) return undefined;
  if (condition.left.getText(sourceFile) !== index) return undefined;
  const bound = skipParentheses(condition.right);
  if (!ts.isPropertyAccessExpression(bound) || bound.name.text !== 'length') return undefined;
  if (!incrementor || !/^(\+\+\w+|\w+\+\+|\w+ \+= 1)$/.test(incrementor.getText(sourceFile)) || !incrementor.getText(sourceFile).includes(index)) return undefined;
  const symbol = checker.getSymbolAtLocation(declaration.name);
  if (!symbol) return undefined;
  return { items: bound.expression, parameters: (fresh) => `(${fresh('_item')}, ${index})`, iterationSymbols: new Set([symbol]) };
}

/** What the body does at the loop's own level: nested functions and loops are their own business. */
interface BodyFacts {
  readonly awaits: ts.AwaitExpression[];
  readonly exits: boolean;
  readonly tryBlocks: boolean;
  readonly topLevelContinues: ts.ContinueStatement[];
}

function bodyFacts(body: ts.Statement): BodyFacts {
  const facts = { awaits: [] as ts.AwaitExpression[], exits: false, tryBlocks: false, topLevelContinues: [] as ts.ContinueStatement[] };
  const visit = (node: ts.Node, insideInnerLoopOrSwitch: boolean): void => {
    if (ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isAwaitExpression(node)) facts.awaits.push(node);
    if (ts.isReturnStatement(node) || ts.isThrowStatement(node) || ts.isYieldExpression(node)) facts.exits = true;
    if (ts.isBreakStatement(node) && (node.label || !insideInnerLoopOrSwitch)) facts.exits = true;
    if (ts.isContinueStatement(node)) {
      if (node.label) facts.exits = true;
      else if (!insideInnerLoopOrSwitch) facts.topLevelContinues.push(node);
    }
    if (ts.isTryStatement(node)) facts.tryBlocks = true;
    if (ts.isIterationStatement(node, false)) {
      // An inner loop's awaits belong to that loop.
      ts.forEachChild(node, (child) => {
        if (child === (node as ts.IterationStatement).statement) visitInner(child);
        else visit(child, insideInnerLoopOrSwitch);
      });
      return;
    }
    ts.forEachChild(node, (child) => visit(child, insideInnerLoopOrSwitch || ts.isSwitchStatement(node)));
  };
  const visitInner = (node: ts.Node) => {
    const inner: BodyFacts = bodyFacts(node as ts.Statement);
    if (inner.exits) facts.exits = true;
    if (inner.tryBlocks) facts.tryBlocks = true;
    // Breaks and continues inside the inner loop are its own; awaits are left to it.
  };
  visit(body, false);
  return facts;
}

/**
 * How a statement's effects depend on the order iterations finish in: none at
 * all, a keyed write any order gets right, appending to an outer list (ordered,
 * but the fix keeps the order when it is the last statement), or anything else.
 */
type Effects = 'none' | 'unordered' | 'push' | 'ordered';

function statementEffects(checker: ts.TypeChecker, statement: ts.Statement, outer: (symbol: ts.Symbol) => boolean, iteration: Set<ts.Symbol>): Effects {
  if (ts.isBlock(statement)) return combine(statement.statements.map((inner) => statementEffects(checker, inner, outer, iteration)));
  if (ts.isVariableStatement(statement) || ts.isEmptyStatement(statement) || ts.isContinueStatement(statement)) return 'none';
  if (ts.isIfStatement(statement)) {
    return combine([
      statementEffects(checker, statement.thenStatement, outer, iteration),
      statement.elseStatement ? statementEffects(checker, statement.elseStatement, outer, iteration) : 'none',
    ]);
  }
  if (!ts.isExpressionStatement(statement)) return 'ordered';
  const expression = skipParentheses(statement.expression);
  const target = ts.isAwaitExpression(expression) ? skipParentheses(expression.expression) : expression;
  if (ts.isCallExpression(target) && ts.isPropertyAccessExpression(target.expression)) {
    const method = target.expression.name.text;
    const root = chainRoot(target.expression.expression);
    const rootSymbol = root && root !== 'this' ? checker.getSymbolAtLocation(root) : undefined;
    if (rootSymbol && iteration.has(rootSymbol)) return 'unordered';
    if (rootSymbol && !outer(rootSymbol)) return 'none';
    if (rootSymbol && outer(rootSymbol)) {
      if (method === 'push') return 'push';
      if (method === 'unshift') return 'ordered';
      if (method === 'set' || method === 'add' || method === 'delete') return 'unordered';
    }
    if (ts.isAwaitExpression(expression)) return 'none';
  }
  if (ts.isAwaitExpression(expression)) return 'none';
  if (ts.isBinaryExpression(expression) && expression.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isElementAccessExpression(expression.left)) {
    // `byId[id] = value`: one slot per iteration, whatever the order.
    const key = collectAccesses(checker, expression.left.argumentExpression);
    if ([...key.reads].some((symbol) => iteration.has(symbol) || !outer(symbol))) return 'unordered';
  }
  return 'ordered';
}

function combine(effects: Effects[]): Effects {
  if (effects.includes('ordered') || effects.includes('push')) return 'ordered';
  if (effects.includes('unordered')) return 'unordered';
  return 'none';
}

function checkLoop(context: RuleContext, loop: ts.ForOfStatement | ts.ForStatement, calleeCache: Map<ts.Node, Accesses>): void {
  const { checker, sourceFile } = context;
  if (!isAsync(enclosingFunction(loop)) || ts.isLabeledStatement(loop.parent)) return;
  const shape = loopShape(checker, loop, sourceFile);
  if (!shape) return;
  const facts = bodyFacts(loop.statement);
  if (facts.awaits.length === 0 || facts.exits || facts.tryBlocks) return;

  const calls: AwaitedCall[] = [];
  for (const awaitExpression of facts.awaits) {
    const call = describeAwaitedCall(context, awaitExpression);
    if (!call || call.effect === 'write' || call.effect === 'pacing') return;
    calls.push(call);
  }

  const body = loop.statement;
  const inBody = (symbol: ts.Symbol) =>
    (symbol.declarations ?? []).some((declaration) => declaration.getSourceFile() === sourceFile && declaration.pos >= body.pos && declaration.end <= body.end);
  const outer = (symbol: ts.Symbol) => !inBody(symbol) && !shape.iterationSymbols.has(symbol);

  // Loop-carried state: anything declared outside the body that the body assigns.
  const bodyAccesses = collectAccesses(checker, body);
  if ([...bodyAccesses.writes].some(outer)) return;
  if (bodyAccesses.propertyWriteRoots.has('this')) return;

  // Each call must use the iteration's element (directly or through locals derived from it), and no
  // call may act on a stateful handle that every iteration shares.
  const derived = new Set(shape.iterationSymbols);
  for (const symbol of bodyAccesses.writes) if (inBody(symbol)) derived.add(symbol);
  const enclosingBody = (enclosingFunction(loop) as ts.FunctionLikeDeclaration | undefined)?.body;
  for (const call of calls) {
    // A tree walked by recursion: run together, the calls fan out over the whole tree, not the loop's items,
    // and the better rewrite is one query per level.
    if (enclosingBody && calleeBody(checker, call.call) === enclosingBody) return;
    const reads = collectAccesses(checker, call.call).reads;
    if (![...reads].some((symbol) => derived.has(symbol))) return;
    // A called function that assigns outer state makes the iterations depend on each other.
    const through = includeCalleeAccesses(checker, collectAccesses(checker, call.call), calleeCache);
    if ([...through.writes].some(outer)) return;
    if (call.statefulReceiver) {
      const root = chainRoot(call.call.expression);
      const rootSymbol = root && root !== 'this' ? checker.getSymbolAtLocation(root) : undefined;
      if (!rootSymbol || outer(rootSymbol)) return;
    }
  }

  // Only what is known: every call reads and the body's effects keep their meaning in any order.
  const effects = statementEffectsWithPush(checker, body, outer, shape.iterationSymbols);
  if (!calls.every((call) => call.effect === 'read') || effects === 'ordered') return;
  const [firstCall] = calls;
  if (hasDisableComment(sourceFile, loop, firstCall.awaitExpression)) return;
  context.report({
    start: firstCall.awaitExpression.getStart(sourceFile),
    end: firstCall.awaitExpression.getEnd(),
    message:
      `Each iteration awaits \`${describeNode(firstCall.call, sourceFile, 30)}\` before the next one starts, yet no iteration depends on another. ` +
      'Run together with Promise.all, the loop takes as long as the slowest call instead of the sum.',
    related: [{ file: sourceFile.fileName, start: loop.getStart(sourceFile), end: loop.statement.getStart(sourceFile), message: 'the loop' }],
    fixes: fixFor(context, loop, shape, facts),
  });
}

/** True when an `eslint-disable-next-line no-await-in-loop` (or `-line`) comment sits on the loop's or the await's line. */
function hasDisableComment(sourceFile: ts.SourceFile, loop: ts.Node, awaitExpression: ts.Node): boolean {
  const lines = sourceFile.text.split('\n');
  const lineOf = (node: ts.Node) => sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line;
  const candidates = [lineOf(loop) - 1, lineOf(loop), lineOf(awaitExpression) - 1, lineOf(awaitExpression)];
  return candidates.some((line) => line >= 0 && /eslint-disable[^\n]*no-await-in-loop/.test(lines[line] ?? ''));
}

/** The body's effects, where one `results.push(...)` as the last statement counts as none: the fix keeps its order. */
function statementEffectsWithPush(checker: ts.TypeChecker, body: ts.Statement, outer: (symbol: ts.Symbol) => boolean, iteration: Set<ts.Symbol>): Effects {
  const statements = ts.isBlock(body) ? body.statements : [body];
  const effects = statements.map((statement) => statementEffects(checker, statement, outer, iteration));
  if (effects[effects.length - 1] === 'push') return combine(effects.slice(0, -1));
  return combine(effects);
}

function fixFor(context: RuleContext, loop: ts.ForOfStatement | ts.ForStatement, shape: LoopShape, facts: BodyFacts): Fix[] {
  const { checker, sourceFile } = context;
  const fresh = freshNames(checker, loop.statement);
  const itemsText = shape.items.getText(sourceFile);
  const itemsType = checker.getTypeAtLocation(shape.items);
  const isArray = checker.isArrayType(itemsType) || checker.isTupleType(itemsType);
  const mapOver = (callback: string) =>
    isArray ? `${needsParensForMemberAccess(shape.items) ? `(${itemsText})` : itemsText}.map(${callback})` : `Array.from(${itemsText}, ${callback})`;
  const parameters = shape.parameters(fresh);
  const parameterList = parameters.startsWith('(') ? parameters : `(${parameters})`;
  const file = sourceFile.fileName;
  const start = loop.getStart(sourceFile);
  const end = loop.getEnd();

  // Ordered accumulation: `results.push(await f(x))` as the whole body, or as its last statement.
  const statements = ts.isBlock(loop.statement) ? [...loop.statement.statements] : [loop.statement];
  const last = statements[statements.length - 1];
  const push = last && ts.isExpressionStatement(last) ? skipParentheses(last.expression) : undefined;
  if (
    push &&
    ts.isCallExpression(push) &&
    ts.isPropertyAccessExpression(push.expression) &&
    push.expression.name.text === 'push' &&
    push.arguments.length === 1 &&
    facts.topLevelContinues.length === 0 &&
    !ts.isSpreadElement(push.arguments[0])
  ) {
    const value = skipParentheses(push.arguments[0]);
    const receiver = push.expression.expression.getText(sourceFile);
    const before = statements.slice(0, -1);
    let callback: string;
    if (before.length === 0 && ts.isAwaitExpression(value)) {
      callback = `${parameterList} => ${value.expression.getText(sourceFile)}`;
    } else {
      const indentation = indentationAt(sourceFile, last.getStart(sourceFile));
      const lines = [...before.map((statement) => statement.getText(sourceFile)), `return ${push.arguments[0].getText(sourceFile)};`];
      callback = `async ${parameterList} => {\n${lines.map((line) => `${indentation}${line}`).join('\n')}\n${indentationAt(sourceFile, start)}}`;
    }
    return [
      {
        title: 'Run the iterations together with Promise.all',
        edits: [{ file, start, end, newText: `${receiver}.push(...(await Promise.all(${mapOver(callback)})));` }],
        safe: false,
        preferred: true,
      },
    ];
  }

  // Any other body runs inside an async callback; `continue` ends the callback early.
  let bodyText: string;
  if (ts.isBlock(loop.statement)) {
    const bodyStart = loop.statement.getStart(sourceFile);
    const replacements = facts.topLevelContinues.map((statement) => ({
      start: statement.getStart(sourceFile) - bodyStart,
      end: statement.getEnd() - bodyStart,
    }));
    bodyText = loop.statement.getText(sourceFile);
    for (const replacement of replacements.sort((a, b) => b.start - a.start)) {
      bodyText = `${bodyText.slice(0, replacement.start)}return;${bodyText.slice(replacement.end)}`;
    }
  } else {
    if (facts.topLevelContinues.length > 0) return [];
    bodyText = `{\n${indentationAt(sourceFile, start)}  ${loop.statement.getText(sourceFile)}\n${indentationAt(sourceFile, start)}}`;
  }
  return [
    {
      title: 'Run the iterations together with Promise.all',
      edits: [{ file, start, end, newText: `await Promise.all(${mapOver(`async ${parameterList} => ${bodyText}`)});` }],
      safe: false,
      preferred: true,
    },
  ];
}
