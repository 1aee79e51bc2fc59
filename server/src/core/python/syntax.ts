import type { PyNode } from './parser';

/** The child filling `field` (`function`, `arguments`, `body`...), if any. */
export function field(node: PyNode, name: string): PyNode | undefined {
  for (const child of node.children) if (node.fields.get(child) === name) return child;
  return undefined;
}

export function fieldAll(node: PyNode, name: string): PyNode[] {
  return node.children.filter((child) => node.fields.get(child) === name);
}

export function named(node: PyNode): PyNode[] {
  return node.children.filter((child) => child.named && child.type !== 'comment');
}

export function textOf(text: string, node: PyNode): string {
  return text.slice(node.start, node.end);
}

/** Parentheses around an expression carry no meaning. */
export function unwrap(node: PyNode): PyNode {
  let current = node;
  while (current.type === 'parenthesized_expression') {
    const inner = named(current)[0];
    if (!inner) break;
    current = inner;
  }
  return current;
}

export function isFunction(node: PyNode): boolean {
  return node.type === 'function_definition' || node.type === 'lambda';
}

export function isAsyncFunction(node: PyNode): boolean {
  return node.type === 'function_definition' && node.children.some((child) => child.type === 'async');
}

/** The innermost function (def, async def or lambda) holding `node`. */
export function enclosingFunction(node: PyNode): PyNode | undefined {
  for (let current = node.parent; current; current = current.parent) if (isFunction(current)) return current;
  return undefined;
}

export function enclosingClass(functionNode: PyNode): PyNode | undefined {
  // def inside class_definition > block (possibly under a decorated_definition).
  let current = functionNode.parent;
  if (current?.type === 'decorated_definition') current = current.parent;
  if (current?.type === 'block') current = current.parent;
  return current?.type === 'class_definition' ? current : undefined;
}

/**
 * Visits `root` and its named descendants in document order, without
 * recursion; keywords and punctuation are skipped (the keyword `await` has the
 * same type name as the `await` expression). `visit` returning false skips the
 * node's children.
 */
export function walk(root: PyNode, visit: (node: PyNode) => boolean | void): void {
  const pending: PyNode[] = [root];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (visit(node) === false) continue;
    for (let index = node.children.length - 1; index >= 0; index--) if (node.children[index].named) pending.push(node.children[index]);
  }
}

/** Visits a function's own code: nested functions and classes are skipped (they run when called, not here). */
export function walkOwnCode(functionNode: PyNode, visit: (node: PyNode) => void): void {
  const body = field(functionNode, 'body');
  if (!body) return;
  walk(body, (node) => {
    if (node !== body && (isFunction(node) || node.type === 'class_definition')) return false;
    visit(node);
    return true;
  });
}

/** `a.b.c` as its three names, in order; undefined for anything else than names and attributes. */
export function dottedParts(text: string, node: PyNode): string[] | undefined {
  const parts: string[] = [];
  let current = unwrap(node);
  while (current.type === 'attribute') {
    const attribute = field(current, 'attribute');
    const object = field(current, 'object');
    if (!attribute || !object) return undefined;
    parts.unshift(textOf(text, attribute));
    current = unwrap(object);
  }
  if (current.type !== 'identifier') return undefined;
  parts.unshift(textOf(text, current));
  return parts;
}

/** Names a subtree mentions (identifiers, not attribute names). */
export function namesIn(text: string, node: PyNode): Set<string> {
  const names = new Set<string>();
  walk(node, (child) => {
    if (
      child.type === 'identifier' &&
      !(child.parent?.type === 'attribute' && child.parent.fields.get(child) === 'attribute') &&
      !(child.parent?.type === 'keyword_argument' && child.parent.fields.get(child) === 'name')
    ) {
      names.add(textOf(text, child));
    }
  });
  return names;
}

/** Names an assignment target binds (`a`, `a, b`, `(a, [b, *c])`). */
export function boundNames(text: string, target: PyNode): string[] {
  const node = unwrap(target);
  if (node.type === 'identifier') return [textOf(text, node)];
  if (
    node.type === 'pattern_list' ||
    node.type === 'tuple_pattern' ||
    node.type === 'list_pattern' ||
    node.type === 'tuple' ||
    node.type === 'list' ||
    node.type === 'list_splat_pattern'
  ) {
    return named(node).flatMap((child) => boundNames(text, child));
  }
  return [];
}

/** The statement that holds `node` directly in a block (or at module level). */
export function enclosingStatement(node: PyNode): PyNode | undefined {
  let current: PyNode | undefined = node;
  while (current?.parent && current.parent.type !== 'block' && current.parent.type !== 'module') current = current.parent;
  return current?.parent ? current : undefined;
}

/** The indentation of the line `offset` is on. */
export function indentationAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}
