import * as ts from 'typescript';
import { analysisOf } from '../eventLoop/reports';
import { isHandlerParameterName } from '../eventLoop/analysis';
import type { EventLoopRoot } from '../eventLoop/registrations';
import { isFunctionLike } from '../syntax';
import type { Rule, RuleContext } from '../rule';
import { ARRAY_CALLBACK_METHODS, ARRAY_DERIVING_METHODS, ARRAY_FROM_OBJECT_METHODS, ARRAY_SCAN_METHODS } from '../knowledge/javascript';
import { WHERE_CODE_RUNS } from '../knowledge';
import { stripWrappers } from '../syntax';

/**
 * no-cpu-heavy-loop: a loop over data whose size the outside world decides
 * (request bodies, query results, parameters) with, inside it, another full
 * pass over such data that does not depend on the outer element: work that
 * grows with the product of the two sizes, on the event loop.
 */

interface Source {
  /** `request data`, `an awaited result`, `a parameter`, `parsed JSON`. */
  readonly kind: string;
}

interface Iteration {
  /** The node reported for an inner loop: the loop header, or the scanning call. */
  readonly node: ts.Node;
  readonly start: number;
  readonly end: number;
  readonly collection: ts.Expression;
  /** Where the iteration's per-element code is: the loop body or the callback. */
  readonly body: ts.Node | undefined;
  /** Declarations that belong to one iteration: loop variables, callback parameters. */
  readonly scope: ts.Node;
}

function headerEnd(loop: ts.IterationStatement, sourceFile: ts.SourceFile): number {
  const close = loop.getChildren(sourceFile).find((child) => child.kind === ts.SyntaxKind.CloseParenToken);
  return close ? close.getEnd() : loop.statement.getStart(sourceFile);
}

/** The collection a `for (let i = 0; i < xs.length; i++)` loop walks. */
function indexedCollection(loop: ts.ForStatement): ts.Expression | undefined {
  const condition = loop.condition && stripWrappers(loop.condition);
  if (!condition || !ts.isBinaryExpression(condition)) return undefined;
  const operator = condition.operatorToken.kind;
  const length =
    operator === ts.SyntaxKind.LessThanToken || operator === ts.SyntaxKind.LessThanEqualsToken
      ? condition.right
      : operator === ts.SyntaxKind.GreaterThanToken
        ? condition.left
        : undefined;
  if (!length) return undefined;
  const target = stripWrappers(length);
  const access = ts.isBinaryExpression(target) && target.operatorToken.kind === ts.SyntaxKind.MinusToken ? stripWrappers(target.left) : target;
  return ts.isPropertyAccessExpression(access) && access.name.text === 'length' ? access.expression : undefined;
}

/** The iteration `node` starts, if it is one: a loop over a collection, a callback method, a linear scan. */
function iterationAt(checker: ts.TypeChecker, node: ts.Node, sourceFile: ts.SourceFile): Iteration | undefined {
  if (ts.isForOfStatement(node) || ts.isForInStatement(node)) {
    return { node, start: node.getStart(sourceFile), end: headerEnd(node, sourceFile), collection: node.expression, body: node.statement, scope: node };
  }
  if (ts.isForStatement(node)) {
    const collection = indexedCollection(node);
    return collection ? { node, start: node.getStart(sourceFile), end: headerEnd(node, sourceFile), collection, body: node.statement, scope: node } : undefined;
  }
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
    const method = node.expression.name.text;
    const receiver = node.expression.expression;
    const type = checker.getTypeAtLocation(receiver);
    if (type.flags & ts.TypeFlags.StringLike) return undefined;
    if (ARRAY_CALLBACK_METHODS.names.has(method)) {
      const callback = node.arguments[0] && stripWrappers(node.arguments[0]);
      if (!callback || !(ts.isArrowFunction(callback) || ts.isFunctionExpression(callback))) return undefined;
      return { node, start: node.getStart(sourceFile), end: node.expression.getEnd(), collection: receiver, body: callback.body, scope: callback };
    }
    if (ARRAY_SCAN_METHODS.names.has(method)) {
      // includes/indexOf exist on strings too: only arrays, by their type.
      if (!(checker.isArrayType(type) || checker.isTupleType(type))) return undefined;
      return { node, start: node.getStart(sourceFile), end: node.getEnd(), collection: receiver, body: undefined, scope: node };
    }
  }
  return undefined;
}

/** Where the size of `expression` comes from, when the outside world decides it. */
function sourceOf(checker: ts.TypeChecker, root: EventLoopRoot, node: ts.Expression, depth = 0): Source | undefined {
  if (depth > 8) return undefined;
  const expression = stripWrappers(node);
  if (ts.isAwaitExpression(expression)) return { kind: 'an awaited result' };
  if (ts.isPropertyAccessExpression(expression) || ts.isElementAccessExpression(expression)) {
    if (ts.isPropertyAccessExpression(expression) && expression.name.text === 'length') return undefined;
    return sourceOf(checker, root, expression.expression, depth + 1);
  }
  if (ts.isArrayLiteralExpression(expression) && expression.elements.length === 1 && ts.isSpreadElement(expression.elements[0])) {
    return sourceOf(checker, root, expression.elements[0].expression, depth + 1);
  }
  if (ts.isCallExpression(expression)) {
    const callee = stripWrappers(expression.expression);
    if (ts.isPropertyAccessExpression(callee)) {
      const object = stripWrappers(callee.expression);
      const name = callee.name.text;
      if (ts.isIdentifier(object) && object.text === 'JSON' && name === 'parse') return { kind: 'parsed JSON' };
      if (ts.isIdentifier(object) && (object.text === 'Object' || object.text === 'Array') && ARRAY_FROM_OBJECT_METHODS.names.has(name) && expression.arguments[0]) {
        return sourceOf(checker, root, expression.arguments[0], depth + 1);
      }
      if (ARRAY_DERIVING_METHODS.names.has(name)) {
        // xs.slice(0, 10) is bounded.
        if (name === 'slice' && expression.arguments.length === 2 && ts.isNumericLiteral(stripWrappers(expression.arguments[1]))) return undefined;
        return sourceOf(checker, root, callee.expression, depth + 1);
      }
    }
    return undefined;
  }
  if (!ts.isIdentifier(expression)) return undefined;
  const declaration = checker.getSymbolAtLocation(expression)?.valueDeclaration;
  if (!declaration) return undefined;
  if (ts.isParameter(declaration)) {
    if (declaration.parent !== root.fn) return undefined;
    if (ts.isIdentifier(declaration.name) && isHandlerParameterName(declaration.name.text)) return { kind: 'request data' };
    switch (root.kind) {
      case 'route-handler':
      case 'server-handler':
      case 'decorated-handler':
      case 'listener':
        return { kind: 'request data' };
      case 'promise-callback':
        return { kind: 'an awaited result' };
      default:
        return { kind: 'a parameter' };
    }
  }
  if (ts.isBindingElement(declaration)) {
    let holder: ts.Node = declaration;
    while (ts.isBindingElement(holder) || ts.isObjectBindingPattern(holder) || ts.isArrayBindingPattern(holder)) holder = holder.parent;
    if (ts.isParameter(holder) && holder.parent === root.fn) return { kind: root.kind === 'async-function' ? 'a parameter' : 'request data' };
    if (ts.isVariableDeclaration(holder) && holder.initializer && ts.getCombinedNodeFlags(holder) & ts.NodeFlags.Const)
      return sourceOf(checker, root, holder.initializer, depth + 1);
    return undefined;
  }
  if (ts.isVariableDeclaration(declaration) && declaration.initializer && ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const) {
    return sourceOf(checker, root, declaration.initializer, depth + 1);
  }
  return undefined;
}

function contains(outer: ts.Node, inner: ts.Node): boolean {
  return inner.pos >= outer.pos && inner.end <= outer.end;
}

/** True when `expression` uses something declared inside `scope` (the outer element, a per-iteration variable). */
function dependsOn(checker: ts.TypeChecker, expression: ts.Expression, scope: ts.Node): boolean {
  let depends = false;
  const visit = (node: ts.Node): void => {
    if (depends) return;
    if (ts.isIdentifier(node)) {
      const declaration = checker.getSymbolAtLocation(node)?.valueDeclaration;
      if (declaration && declaration.getSourceFile() === scope.getSourceFile() && contains(scope, declaration)) depends = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(expression);
  return depends;
}

/** True when the body awaits or yields: the loop then gives the event loop a turn on every pass. */
function awaits(body: ts.Node): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isAwaitExpression(node) || ts.isYieldExpression(node) || (ts.isForOfStatement(node) && node.awaitModifier)) {
      found = true;
      return;
    }
    if (isFunctionLike(node)) return;
    ts.forEachChild(node, visit);
  };
  visit(body);
  return found;
}

function describe(expression: ts.Expression, sourceFile: ts.SourceFile): string {
  const text = expression.getText(sourceFile).replace(/\s+/g, ' ');
  return text.length <= 40 ? text : `${text.slice(0, 39)}…`;
}

export const noCpuHeavyLoop: Rule = {
  meta: {
    id: 'no-cpu-heavy-loop',
    description: 'A nested loop over data of unbounded size (request data, query results, parameters) on the event loop: work that grows with the product of the sizes.',
    defaultSeverity: 'hint',
    typeAware: true,
    knowledge: [...WHERE_CODE_RUNS, ARRAY_CALLBACK_METHODS, ARRAY_SCAN_METHODS, ARRAY_DERIVING_METHODS, ARRAY_FROM_OBJECT_METHODS],
    docs: {
      flags:
        'In code on the event loop, a loop over a collection whose size comes from outside containing a second full pass over such a ' +
        'collection that does not depend on the outer element, where at least one of the two comes from the request: a parameter of a ' +
        'route handler, request handler or listener (or a parameter named `req`, `ctx`, `event`…), or `JSON.parse` output. The other may ' +
        'also be an awaited result (a query) or a parameter. Arrays derived with `filter`, `map`, `Object.keys`… count as their source. ' +
        'The inner pass is a nested `for`/`for…of`/`for…in` loop, an array callback method (`forEach`, `map`, `filter`, `find`, ' +
        '`some`…), or a linear scan of an array (`includes`, `indexOf`). The work grows with the product of the two sizes (the square of ' +
        'one). A hint by default: the sizes may be small in practice, and only you know.',
      why:
        'Quadratic work is invisible with ten records and takes seconds with a hundred thousand. On the event loop those seconds are ' +
        'taken from every other request. Indexing one side in a `Set` or `Map` usually makes it linear.',
      doesNotFlag:
        'Nested iteration of a nested structure (`for (const user of users) for (const order of user.orders)`): the inner collection ' +
        'depends on the outer element, so the total work is linear in the data. Nested loops where neither side comes from the request ' +
        "(two query results, an internal function's parameters: their sizes are the application's own). Collections of bounded or unknown origin (literals, " +
        'constants, module state, `slice(0, n)`), `includes`/`indexOf` on strings or values whose type is not an array, loops whose body ' +
        'awaits (each pass yields to the event loop), code at start-up (including setup wizards, restarts and development ' +
        'tooling, as `no-blocking-call` describes), in tests or worker threads, and loops inside helpers (only ' +
        'loops written in the event-loop code itself are checked).',
      flaggedExamples: [
        'interface Row { id: string }\ndeclare function query(): Promise<Row[]>;\nasync function missing(req: { body: { ids: string[] } }) {\n  const ids = req.body.ids;\n  const rows = await query();\n  return ids.filter((id) => !rows.some((row) => row.id === id));\n}',
      ],
      notFlaggedExamples: [
        'interface User { orders: number[] }\nasync function total(req: { body: { users: User[] } }) {\n  const users = req.body.users;\n  let sum = 0;\n  for (const user of users) for (const order of user.orders) sum += order;\n  return sum;\n}',
        'async function missing(req: { body: { ids: string[] } }) {\n  const known = new Set(req.body.ids);\n  return ["a", "b"].filter((id) => !known.has(id));\n}',
      ],
      fixes: 'None: build a `Set` or `Map` of one side before the loop (`const known = new Set(rows.map((row) => row.id))`), then look elements up in it.',
    },
  },
  create(context: RuleContext) {
    const { checker, sourceFile } = context;
    const reported = new Set<ts.Node>();
    const visit = (node: ts.Node) => {
      const outer = iterationAt(checker, node, sourceFile);
      if (!outer || !outer.body) return;
      const where = analysisOf(context).contextOf(node);
      if (where.kind !== 'event-loop') return;
      const root = where.root;
      const outerSource = sourceOf(checker, root, outer.collection);
      if (!outerSource || awaits(outer.body)) return;
      // Inner iterations run by the same function (or by callbacks that run in place).
      const analysis = analysisOf(context);
      const pending: ts.Node[] = [outer.body];
      while (pending.length > 0) {
        const current = pending.pop()!;
        if (current !== outer.body && isFunctionLike(current) && analysis.classify(current).kind !== 'inherit') continue;
        const inner = current !== outer.body ? iterationAt(checker, current, sourceFile) : undefined;
        if (inner && !reported.has(inner.node)) {
          const innerSource = sourceOf(checker, root, inner.collection);
          // At least one side must come from the request (or a parsed body): the outside world sets its size.
          const fromRequest = [outerSource, innerSource].some((source) => source?.kind === 'request data' || source?.kind === 'parsed JSON');
          if (innerSource && fromRequest && !dependsOn(checker, inner.collection, outer.scope)) {
            reported.add(inner.node);
            const same = stripWrappers(inner.collection).getText(sourceFile) === stripWrappers(outer.collection).getText(sourceFile);
            const growth = same ? `work that grows with the square of its size` : 'work that grows with the product of their sizes';
            context.report({
              start: inner.start,
              end: inner.end,
              message:
                `For each element of \`${describe(outer.collection, sourceFile)}\` (${outerSource.kind}), this goes through all of ` +
                `\`${describe(inner.collection, sourceFile)}\` (${innerSource.kind}) in ${root.label}: ${growth}, on the event loop. ` +
                'Index one side in a Set or Map first.',
            });
            continue;
          }
        }
        ts.forEachChild(current, (child) => {
          pending.push(child);
        });
      }
    };
    return {
      [ts.SyntaxKind.ForOfStatement]: visit,
      [ts.SyntaxKind.ForInStatement]: visit,
      [ts.SyntaxKind.ForStatement]: visit,
      [ts.SyntaxKind.CallExpression]: visit,
    };
  },
};
