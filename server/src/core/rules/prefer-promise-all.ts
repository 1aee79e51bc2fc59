import * as ts from 'typescript';
import type { Fix } from '../findings';
import type { Rule, RuleContext } from '../rule';
import { describeNode, enclosingFunction, freshNames, indentationAt, isAsync, startsAfterUnterminatedStatement } from '../syntax';
import { dependsOn, type Accesses } from '../gather/accesses';
import { awaitStatementShape, parseAwaitStatement, type AwaitStatement } from '../gather/awaitStatements';
import { shareStatefulReceiver } from '../gather/operations';
import { isOutOfGatherScope } from '../gather/scope';
import { formatReplacement } from '../fixes/format';
import { WHAT_CALLS_DO } from '../knowledge';

/**
 * prefer-promise-all: consecutive awaited calls that do not depend on each
 * other, run one after another. Together they would take as long as the
 * slowest, not the sum.
 */
export const preferPromiseAll: Rule = {
  meta: {
    id: 'prefer-promise-all',
    description: 'Independent awaited calls run one after another that could run together with Promise.all.',
    defaultSeverity: 'warning',
    typeAware: true,
    knowledge: WHAT_CALLS_DO,
    docs: {
      flags:
        'Two or more consecutive statements in an async function that each await one call — `const a = await f()`, ' +
        '`x.a = await f()` or `await f()` — where no call reads anything an earlier statement writes (variables, destructured ' +
        'names, properties, `this`, or what the called functions themselves read and write), and no call changes state the ' +
        'others might see. Every call must be known to read: its name starts with a reading verb such as `get`, `fetch`, ' +
        '`find`, `load`, `read`, `list`, `count`, or it is a plain `fetch(url)`. One finding covers the group; related ' +
        'information points at each await.',
      why:
        'Each `await` waits for its call to finish before the next one starts, so independent calls take the sum of their ' +
        'times. `Promise.all` starts them together and takes as long as the slowest: a page that loads a user, their orders ' +
        'and their notifications from three services waits for one round trip instead of three.',
      doesNotFlag:
        'Calls that depend on each other through data (a later call reads a variable, destructured name, property or `this` ' +
        'an earlier statement writes, including through a function it calls); groups broken by any other statement; calls ' +
        'whose names say they change state or must come first (`save`, `update`, `delete`, `send`, `connect`, `open`, `lock`, ' +
        '`begin`, `click`, `goto`…): writes order what follows them; calls on one stateful handle (a transaction `tx`, a ' +
        'connection, a session, a browser `page`, a socket, a cursor, a stream), whose operations run in order anyway and ' +
        'often must not overlap; pacing (`sleep`, `delay`, `setTimeout` and the like split groups); awaits of values that are ' +
        'not calls (awaiting promises already started is already concurrent); awaits whose type is not a promise or does not ' +
        'resolve; `var` and `using` declarations; and top-level await outside functions. Awaits in different `try` blocks ' +
        'are never grouped, since each block handles its own failures.\n\n' +
        'Measured on five open-source repositories, these also stay silent: calls whose effect cannot be told from their ' +
        'names (they may change what the next call reads); guards awaited for their throw (`assert…`, `ensure…`, ' +
        '`validate…`, `verify…`, `check…`), which must finish before what they guard; raw `query()`/`execute()` calls, as ' +
        'often DDL and writes as reads; reads that join one transaction or request context through an argument ' +
        '(`{ transaction }`, `{ session }`, `req`) or take a lock; reads that run an async callback over what they find ' +
        '(`findAllInBatches(query, async (rows) => …)`), which do what the callback does; project functions with a reading ' +
        "name that change state outside themselves (fill a module-level cache, memoize into `this`, change a parameter's " +
        'object, followed two calls deep), where the second call may reuse the first; CPU-bound work (`render`, `parse`, ' +
        '`hash`…), which gains nothing; `await import()`, and calls of project functions whose only awaits are `import()` (a ' +
        'translation table loaded on demand) or a promise stored elsewhere (`await this.ready`), which start nothing new; test files (`*.test.*`, `*.spec.*`, `__tests__/`, `test/`), which act then assert; and ' +
        'one-shot code under `migrations/`, `seeds/` and `scripts/`, and the commands that run migrations (`migrateDown.ts`).',
      flaggedExamples: [
        [
          'declare function getUser(id: string): Promise<{ name: string }>;',
          'declare function getOrders(id: string): Promise<string[]>;',
          'export async function profile(id: string) {',
          '  const user = await getUser(id);',
          '  const orders = await getOrders(id);',
          '  return { user, orders };',
          '}',
        ].join('\n'),
      ],
      notFlaggedExamples: [
        [
          'declare function getUser(id: string): Promise<{ teamId: string }>;',
          'declare function getTeam(id: string): Promise<string>;',
          'export async function team(id: string) {',
          '  const user = await getUser(id);',
          '  const team = await getTeam(user.teamId);',
          '  return team;',
          '}',
        ].join('\n'),
        [
          'declare const tx: { query(sql: string): Promise<number> };',
          'export async function transfer() {',
          "  const a = await tx.query('SELECT 1');",
          "  const b = await tx.query('SELECT 2');",
          '  return a + b;',
          '}',
        ].join('\n'),
        [
          'declare function saveOrder(): Promise<void>;',
          'declare function getOrders(): Promise<string[]>;',
          'export async function place() {',
          '  await saveOrder();',
          '  return await getOrders();',
          '}',
        ].join('\n'),
      ],
      fixes:
        '**Run together with Promise.all** rewrites the group to `const [a, b] = await Promise.all([f(), g()])`, keeping ' +
        '`const`/`let` (a mix becomes `let`), type annotations (as a tuple type), destructuring patterns, assignments to ' +
        'existing targets (`[x.a, x.b] = await Promise.all(...)`), calls awaited without using their value (holes in the ' +
        'pattern) and the comments between the statements. Inside a `try` block, **Run together with Promise.allSettled** ' +
        'waits for every call to settle before the first failure is thrown, so the `catch` or `finally` never runs while a ' +
        'call is still in flight. Both change when calls start, so neither is applied on save. The rewrite is laid out like the ' +
        "file: a statement wider than the file's lines (80, 100, 120… characters, whichever its lines keep to) is broken one call " +
        "per line, indented with the file's step.",
    },
  },
  create(context: RuleContext) {
    const calleeCache = new Map<ts.Node, Accesses>();
    if (isOutOfGatherScope(context.sourceFile.fileName)) return {};
    const visitStatements = (node: ts.Node) => {
      const list = (node as ts.Block | ts.CaseClause | ts.DefaultClause).statements;
      if (!isAsync(enclosingFunction(node))) return;
      for (const group of independentGroups(context, list, calleeCache)) reportGroup(context, group);
    };
    return {
      [ts.SyntaxKind.Block]: visitStatements,
      [ts.SyntaxKind.CaseClause]: visitStatements,
      [ts.SyntaxKind.DefaultClause]: visitStatements,
    };
  },
};

/** Splits a statement list into maximal runs of awaits that do not depend on each other. */
function independentGroups(context: RuleContext, statements: readonly ts.Statement[], calleeCache: Map<ts.Node, Accesses>): AwaitStatement[][] {
  const groups: AwaitStatement[][] = [];
  let current: AwaitStatement[] = [];
  const close = () => {
    if (current.length >= 2) groups.push(current);
    current = [];
  };
  // Only runs of two or more await statements can form a group: one with no such neighbour is never described to the checker.
  const shaped = statements.map((statement) => awaitStatementShape(statement) !== undefined);
  for (const [index, statement] of statements.entries()) {
    const paired = shaped[index] && (shaped[index - 1] === true || shaped[index + 1] === true);
    const parsed = paired ? parseAwaitStatement(context, statement, calleeCache) : undefined;
    // Only calls known to read join a group: a call whose effect is unknown may change what the next one reads.
    if (!parsed || parsed.call.effect !== 'read') {
      close();
      continue;
    }
    const conflict = current.some((earlier) => conflicts(earlier, parsed));
    if (conflict) close();
    current.push(parsed);
  }
  close();
  return groups;
}

/** True when `later` cannot start before `earlier` has finished, or both write the same place. */
function conflicts(earlier: AwaitStatement, later: AwaitStatement): boolean {
  if (dependsOn(later.consumed, earlier.produced).depends) return true;
  // Two writes to one variable, or two calls whose functions write what the other reads, keep their order.
  for (const symbol of later.produced.writes) if (earlier.produced.writes.has(symbol) || earlier.consumed.reads.has(symbol)) return true;
  if (earlier.shape === 'assignment' && later.shape === 'assignment' && earlier.target.getText() === later.target.getText()) return true;
  return shareStatefulReceiver(earlier.call, later.call);
}

function reportGroup(context: RuleContext, group: AwaitStatement[]): void {
  const { sourceFile } = context;
  const calls = group.map((item) => `\`${describeNode(item.call.call, sourceFile, 30)}\``);
  const produced = group.flatMap((item) =>
    item.shape === 'declaration' ? [item.declaration.name.getText(sourceFile)] : item.shape === 'assignment' ? [item.target.getText(sourceFile)] : [],
  );
  const allRead = group.every((item) => item.call.effect === 'read');
  const listed = calls.length === 2 ? `${calls[0]} and ${calls[1]}` : `${calls.slice(0, -1).join(', ')} and ${calls[calls.length - 1]}`;
  const why =
    produced.length > 0
      ? `none of them reads what another produces (${produced.map((name) => `\`${name.replace(/\s+/g, ' ')}\``).join(', ')})`
      : 'none of them reads what another changes';
  const effect = allRead ? 'and all of them only read' : 'but what some of them change could not be told from their names: check that their order does not matter';
  context.report({
    start: group[0].statement.getStart(sourceFile),
    end: group[group.length - 1].statement.getEnd(),
    message: `${listed} are awaited one after another, yet ${why}, ${effect}. Run together with Promise.all, they take as long as the slowest instead of the sum.`,
    certainty: allRead ? 'proven' : 'likely',
    related: group.map((item, index) => ({
      file: sourceFile.fileName,
      start: item.call.awaitExpression.getStart(sourceFile),
      end: item.call.awaitExpression.getEnd(),
      message: `awaited call ${index + 1} of ${group.length}`,
    })),
    fixes: fixesFor(context, group),
  });
}

function fixesFor(context: RuleContext, group: AwaitStatement[]): Fix[] {
  const fixes: Fix[] = [];
  const all = promiseAllFix(context, group);
  if (all) fixes.push(all);
  const settled = insideTry(group[0].statement) ? promiseAllSettledFix(context, group) : undefined;
  if (settled) fixes.push(settled);
  return fixes;
}

function insideTry(statement: ts.Statement): boolean {
  for (let current: ts.Node = statement; current.parent && !ts.isFunctionLike(current); current = current.parent) {
    if (ts.isTryStatement(current.parent) && current.parent.tryBlock === current) return true;
  }
  return false;
}

/** Comments between and after the grouped statements, which the rewrite must keep. */
function commentsWithin(group: AwaitStatement[], sourceFile: ts.SourceFile): string[] {
  const text = sourceFile.text;
  const comments: string[] = [];
  const collect = (from: number, to: number) => {
    const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, sourceFile.languageVariant, text.slice(from, to));
    for (let token = scanner.scan(); token !== ts.SyntaxKind.EndOfFileToken; token = scanner.scan()) {
      if (token === ts.SyntaxKind.SingleLineCommentTrivia || token === ts.SyntaxKind.MultiLineCommentTrivia) comments.push(scanner.getTokenText());
    }
  };
  for (let index = 1; index < group.length; index++) collect(group[index - 1].statement.getEnd(), group[index].statement.getStart(sourceFile));
  return comments;
}

function operandText(item: AwaitStatement, sourceFile: ts.SourceFile): string {
  return item.call.call.getText(sourceFile);
}

/** `[a, , b]` from the positions' texts, with holes for discarded values and no trailing holes. */
function arrayPattern(elements: Array<string | undefined>): string {
  while (elements.length > 0 && elements[elements.length - 1] === undefined) elements.pop();
  return `[${elements.map((element) => element ?? '').join(', ')}]`;
}

/** A type annotation's text, or the inferred type when it can be written out safely. */
function typeTextOf(context: RuleContext, item: AwaitStatement): string | undefined {
  if (item.shape !== 'declaration') return 'unknown';
  if (item.declaration.type) return item.declaration.type.getText(context.sourceFile);
  const type = context.checker.getTypeAtLocation(item.declaration.name);
  const text = context.checker.typeToString(type, item.statement, ts.TypeFormatFlags.NoTruncation);
  return /import\(|\.\.\.|typeof |__type|\{\s*\.\.\./.test(text) ? undefined : text;
}

function promiseAllFix(context: RuleContext, group: AwaitStatement[]): Fix | undefined {
  const { sourceFile } = context;
  const declarations = group.filter((item) => item.shape === 'declaration');
  const assignments = group.filter((item) => item.shape === 'assignment');
  if (declarations.length > 0 && assignments.length > 0) return undefined;

  const calls = `await Promise.all([${group.map((item) => operandText(item, sourceFile)).join(', ')}])`;
  let statement: string;
  if (declarations.length > 0) {
    const keyword = declarations.every((item) => item.shape === 'declaration' && item.keyword === 'const') ? 'const' : 'let';
    const pattern = arrayPattern(group.map((item) => (item.shape === 'declaration' ? item.declaration.name.getText(sourceFile) : undefined)));
    let annotation = '';
    if (declarations.some((item) => item.shape === 'declaration' && item.declaration.type)) {
      const types = group.map((item) => typeTextOf(context, item));
      if (types.some((type) => type === undefined)) return undefined;
      annotation = `: [${types.join(', ')}]`;
    }
    statement = `${keyword} ${pattern}${annotation} = ${calls};`;
  } else if (assignments.length > 0) {
    const pattern = arrayPattern(group.map((item) => (item.shape === 'assignment' ? item.target.getText(sourceFile) : undefined)));
    const guard = startsAfterUnterminatedStatement(group[0].statement, sourceFile) ? ';' : '';
    statement = `${guard}${pattern} = ${calls};`;
  } else {
    statement = `${calls};`;
  }
  return { title: 'Run together with Promise.all', edits: [replaceGroup(context, group, [statement])], safe: false, preferred: true };
}

function promiseAllSettledFix(context: RuleContext, group: AwaitStatement[]): Fix | undefined {
  const { sourceFile, checker } = context;
  const freshName = freshNames(checker, group[0].statement);
  const resultNames = group.map((item, index) =>
    freshName(item.shape === 'declaration' && ts.isIdentifier(item.declaration.name) ? `${item.declaration.name.text}Result` : `result${index + 1}`),
  );
  const lines = [`const [${resultNames.join(', ')}] = await Promise.allSettled([${group.map((item) => operandText(item, sourceFile)).join(', ')}]);`];
  for (const name of resultNames) lines.push(`if (${name}.status === 'rejected') throw ${name}.reason;`);
  group.forEach((item, index) => {
    const value = `${resultNames[index]}.value`;
    if (item.shape === 'declaration') {
      const type = item.declaration.type ? `: ${item.declaration.type.getText(sourceFile)}` : '';
      lines.push(`${item.keyword} ${item.declaration.name.getText(sourceFile)}${type} = ${value};`);
    } else if (item.shape === 'assignment') {
      lines.push(`${item.target.getText(sourceFile)} = ${value};`);
    }
  });
  return { title: 'Run together with Promise.allSettled (settle all before a failure is handled)', edits: [replaceGroup(context, group, lines)], safe: false };
}

/** Replaces the group's statements with `lines`, comments first, at the first statement's indentation. */
function replaceGroup(context: RuleContext, group: AwaitStatement[], lines: string[]) {
  const { sourceFile } = context;
  const start = group[0].statement.getStart(sourceFile);
  const indentation = indentationAt(sourceFile, start);
  const text = [...commentsWithin(group, sourceFile), ...lines].join(`\n${indentation}`);
  const end = group[group.length - 1].statement.getEnd();
  // Laid out like the file: a statement wider than its lines is broken and indented by TypeScript's formatter.
  return { file: sourceFile.fileName, start, end, newText: formatReplacement(sourceFile, start, end, text) };
}
