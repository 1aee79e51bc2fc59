import * as path from 'node:path';
import type { RelatedLocation, TextEdit } from '../findings';
import {
  PYTHON_BLOCKING,
  PYTHON_COROUTINE_FUNCTIONS,
  PYTHON_FILE_ROLES,
  PYTHON_PACING,
  PYTHON_READS,
  PYTHON_TRANSPARENT_DECORATORS,
  type PythonBlockingFact,
} from '../knowledge/python';
import { PyModule, type PyFunction, type PyValue } from './module';
import type { PyNode } from './parser';
import { enclosingFunction, field, isAsyncFunction, named, textOf, unwrap, walkOwnCode } from './syntax';

/** How many sync helpers deep a blocking call is still looked for. */
const MAX_CHAIN_DEPTH = 4;

export function calleeOf(module: PyModule, call: PyNode): PyValue | undefined {
  const callee = field(call, 'function');
  return callee ? module.resolve(callee) : undefined;
}

export function qualifiedName(value: PyValue | undefined): string | undefined {
  if (!value) return undefined;
  if (value.kind === 'external') return value.name;
  return undefined;
}

/** The innermost function holding `node` is an `async def`: the code runs on the event loop. */
export function runsOnEventLoop(node: PyNode): PyNode | undefined {
  const fn = enclosingFunction(node);
  return fn && isAsyncFunction(fn) ? fn : undefined;
}

/** A blocking call found in a call, directly or through sync project helpers. */
export interface BlockingChain {
  readonly fact: PythonBlockingFact;
  /** The blocking library function (`time.sleep`). */
  readonly name: string;
  /** The helpers the call goes through, outermost first, each with the call in it that leads on. */
  readonly steps: ReadonlyArray<{ readonly fn: PyFunction; readonly call: PyNode }>;
}

export function blockingChain(module: PyModule, call: PyNode, seen: Set<PyNode> = new Set(), depth = 0): BlockingChain | undefined {
  const value = calleeOf(module, call);
  if (!value) return undefined;
  if (value.kind === 'external') {
    const fact = PYTHON_BLOCKING[value.name];
    return fact ? { fact, name: value.name, steps: [] } : undefined;
  }
  if (value.kind !== 'function' || value.fn.isAsync || depth >= MAX_CHAIN_DEPTH || seen.has(value.fn.node)) return undefined;
  seen.add(value.fn.node);
  const inner = firstBlockingCallIn(value.fn, seen, depth + 1);
  return inner ? { fact: inner.chain.fact, name: inner.chain.name, steps: [{ fn: value.fn, call: inner.call }, ...inner.chain.steps] } : undefined;
}

function firstBlockingCallIn(fn: PyFunction, seen: Set<PyNode>, depth: number): { call: PyNode; chain: BlockingChain } | undefined {
  let found: { call: PyNode; chain: BlockingChain } | undefined;
  walkOwnCode(fn.node, (node) => {
    if (found || node.type !== 'call') return;
    const chain = blockingChain(fn.module, node, seen, depth);
    if (chain) found = { call: node, chain };
  });
  return found;
}

/** The chain as related locations: each helper call on the way to the blocking call. */
export function chainRelated(chain: BlockingChain): RelatedLocation[] {
  return chain.steps.map((step, index) => {
    const next = chain.steps[index + 1];
    const calleeNode = field(step.call, 'function') ?? step.call;
    return {
      file: step.fn.module.file,
      start: step.call.start,
      end: step.call.end,
      message: next ? `${step.fn.name}() calls ${textOf(step.fn.module.text, calleeNode)}()` : `${step.fn.name}() calls ${chain.name}, which ${chain.fact.what}`,
    };
  });
}

export function isPacing(module: PyModule, call: PyNode): boolean {
  const name = qualifiedName(calleeOf(module, call));
  return name !== undefined && PYTHON_PACING.has(name);
}

/** A call that returns a coroutine: a project `async def`, or a known coroutine function. */
export function isCoroutineCall(module: PyModule, call: PyNode): PyValue | undefined {
  const value = calleeOf(module, call);
  if (!value) return undefined;
  if (value.kind === 'function' && value.fn.isAsync && !isAsyncGenerator(value.fn) && keepsCoroutine(value.fn)) return value;
  if (value.kind === 'external' && PYTHON_COROUTINE_FUNCTIONS.has(value.name)) return value;
  return undefined;
}

/** Every decorator of the function is known to hand back the function itself. */
function keepsCoroutine(fn: PyFunction): boolean {
  const decorated = fn.node.parent?.type === 'decorated_definition' ? fn.node.parent : undefined;
  if (!decorated) return true;
  return named(decorated)
    .filter((child) => child.type === 'decorator')
    .every((decorator) => {
      const expression = named(decorator)[0];
      const value = expression ? fn.module.resolve(expression) : undefined;
      return value?.kind === 'external' && PYTHON_TRANSPARENT_DECORATORS.has(value.name);
    });
}

/** Tests and command-line scripts: not code that serves while other coroutines wait (see PYTHON_FILE_ROLES). */
export function isTestOrScript(module: PyModule): boolean {
  // Relative to the project (or the top package): where the project itself lives says nothing.
  const root = module.project.projectRoot(module.file) ?? module.project.moduleName(module.file).root;
  const file = path.relative(root, module.file).replace(/\\/g, '/');
  if (PYTHON_FILE_ROLES.testFile.test(file) || PYTHON_FILE_ROLES.scriptFolder.test(file)) return true;
  return named(module.root).some(
    (statement) => statement.type === 'if_statement' && /^if\s+__name__\s*==\s*["']__main__["']/.test(module.text.slice(statement.start, statement.end)),
  );
}

/** `async def` with `yield` is an async generator: calling it returns an iterator, not a coroutine. */
function isAsyncGenerator(fn: PyFunction): boolean {
  let yields = false;
  walkOwnCode(fn.node, (node) => {
    if (node.type === 'yield') yields = true;
  });
  return yields;
}

/**
 * The awaited call only reads: a known read, or a project `async def` whose
 * body changes nothing outside itself (no attribute, item or global writes,
 * no `del`) and awaits only reads. Several such calls can run together.
 */
export function isReadCall(module: PyModule, call: PyNode, depth = 0): boolean {
  const value = calleeOf(module, call);
  if (!value) return false;
  if (value.kind === 'external') return PYTHON_READS.has(value.name);
  if (value.kind !== 'function' || !value.fn.isAsync || depth > MAX_CHAIN_DEPTH) return false;
  const cache = module.project.readOnly;
  const cached = cache.get(value.fn.node);
  if (cached !== undefined) return cached;
  cache.set(value.fn.node, false); // Recursion is not a read.
  const result = isReadOnlyBody(value.fn, depth);
  cache.set(value.fn.node, result);
  return result;
}

function isReadOnlyBody(fn: PyFunction, depth: number): boolean {
  let readOnly = true;
  let awaits = 0;
  walkOwnCode(fn.node, (node) => {
    if (!readOnly) return;
    switch (node.type) {
      case 'assignment':
      case 'augmented_assignment': {
        const left = field(node, 'left');
        if (left && left.type !== 'identifier' && left.type !== 'pattern_list' && left.type !== 'tuple_pattern') readOnly = false;
        break;
      }
      case 'global_statement':
      case 'nonlocal_statement':
      case 'delete_statement':
      case 'yield':
        readOnly = false;
        break;
      case 'await': {
        awaits++;
        const inner = unwrap(named(node)[0] ?? node);
        if (inner.type !== 'call' || !isReadCall(fn.module, inner, depth + 1)) readOnly = false;
        break;
      }
      case 'with_statement':
        // `async with` of a lock, a transaction or a connection: not a plain read.
        if (node.children.some((child) => child.type === 'async')) readOnly = false;
        break;
      case 'for_statement':
        if (node.children.some((child) => child.type === 'async')) readOnly = false;
        break;
    }
  });
  return readOnly && awaits > 0;
}

/**
 * An edit making `asyncio` available: none when the module already imports
 * it; undefined when the name is taken by something else (no fix then).
 */
export function asyncioImport(module: PyModule): { edits: TextEdit[] } | undefined {
  const bound = module.imports.get('asyncio');
  if (bound === 'asyncio') return { edits: [] };
  if (bound || module.functions.has('asyncio') || module.classes.has('asyncio')) return undefined;
  const statements = named(module.root);
  const isFuture = (node: PyNode) => node.type === 'future_import_statement';
  const isDocstring = (node: PyNode) => node.type === 'expression_statement' && named(node)[0]?.type === 'string';
  let anchor = statements.find((node) => (node.type === 'import_statement' || node.type === 'import_from_statement') && !isFuture(node));
  let offset: number;
  if (anchor) {
    offset = anchor.start;
  } else {
    let index = 0;
    while (index < statements.length && (isDocstring(statements[index]) || isFuture(statements[index]))) index++;
    anchor = statements[index - 1];
    if (anchor) {
      const lineEnd = module.text.indexOf('\n', anchor.end);
      return {
        edits: [
          {
            file: module.file,
            start: lineEnd === -1 ? module.text.length : lineEnd + 1,
            end: lineEnd === -1 ? module.text.length : lineEnd + 1,
            newText: `${lineEnd === -1 ? '\n' : ''}import asyncio\n`,
          },
        ],
      };
    }
    offset = statements[0]?.start ?? module.text.length;
  }
  return { edits: [{ file: module.file, start: offset, end: offset, newText: 'import asyncio\n' }] };
}
