import * as path from 'node:path';
import { PYTHON_BUILTINS, PYTHON_CLASS_ALIASES, PYTHON_RETURNS } from '../knowledge/python';
import type { PyNode, PyTree } from './parser';
import type { PyProject } from './project';
import { boundNames, dottedParts, enclosingClass, enclosingFunction, field, fieldAll, isAsyncFunction, isFunction, named, textOf, unwrap, walk, walkOwnCode } from './syntax';

/** A function or method defined in the project. */
export interface PyFunction {
  readonly name: string;
  readonly node: PyNode;
  readonly isAsync: boolean;
  readonly module: PyModule;
  readonly className?: string;
}

export interface PyClass {
  readonly name: string;
  readonly node: PyNode;
  readonly module: PyModule;
  readonly methods: ReadonlyMap<string, PyFunction>;
  readonly bases: readonly PyNode[];
}

/**
 * What an expression denotes, as far as the code shows it:
 * - `external`: something of an installed module, by qualified name (`time.sleep`, `requests.Session.get`);
 * - `instance`: an object of an installed module's class (`requests.Session`);
 * - `function`, `class`, `object`, `module`: the project's own definitions.
 */
export type PyValue =
  | { readonly kind: 'external'; readonly name: string }
  | { readonly kind: 'instance'; readonly cls: string }
  | { readonly kind: 'function'; readonly fn: PyFunction }
  | { readonly kind: 'class'; readonly cls: PyClass }
  | { readonly kind: 'object'; readonly cls: PyClass }
  | { readonly kind: 'module'; readonly module: PyModule };

/** How deep resolution follows names through other names and modules before giving up. */
const MAX_RESOLUTION_DEPTH = 8;

/**
 * One parsed Python module: its imports, functions and classes, and the
 * resolution of names through them. Only what the code shows is resolved: a
 * name bound in several ways, or by a loop, stays unknown.
 */
export class PyModule {
  readonly text: string;
  readonly root: PyNode;
  /** Local name → the dotted name it imports (`t` → `time`, `get` → `requests.get`, `m` → `.models`). */
  readonly imports = new Map<string, string>();
  readonly functions = new Map<string, PyFunction>();
  readonly classes = new Map<string, PyClass>();
  /** Module-level names bound by plain assignment, with their value expressions (all of them). */
  private readonly assignments = new Map<string, PyNode[]>();
  private readonly localCache = new Map<PyNode, Map<string, PyNode[]>>();
  private readonly resolved = new Map<PyNode, PyValue | undefined>();
  /** `self.name` assignments per class: name → the values assigned (or annotations). */
  private readonly attributeCache = new Map<PyNode, Map<string, PyNode[]>>();

  constructor(
    readonly file: string,
    readonly tree: PyTree,
    readonly project: PyProject,
  ) {
    this.text = tree.text;
    this.root = tree.root;
    this.collect();
  }

  private collect(): void {
    walk(this.root, (node) => {
      if (node.type === 'import_statement') {
        for (const child of fieldAll(node, 'name')) {
          if (child.type === 'aliased_import') {
            const name = field(child, 'name');
            const alias = field(child, 'alias');
            if (name && alias) this.imports.set(textOf(this.text, alias), textOf(this.text, name));
          } else {
            // `import a.b` binds `a`.
            const dotted = textOf(this.text, child);
            this.imports.set(dotted.split('.')[0], dotted.split('.')[0]);
          }
        }
        return false;
      }
      if (node.type === 'import_from_statement') {
        const moduleNode = field(node, 'module_name');
        if (!moduleNode) return false;
        const from = textOf(this.text, moduleNode).replace(/\s+/g, '');
        for (const child of fieldAll(node, 'name')) {
          const name = child.type === 'aliased_import' ? field(child, 'name') : child;
          const alias = child.type === 'aliased_import' ? field(child, 'alias') : child;
          if (!name || !alias) continue;
          const imported = textOf(this.text, name);
          this.imports.set(textOf(this.text, alias), from.endsWith('.') ? `${from}${imported}` : `${from}.${imported}`);
        }
        return false;
      }
      return true;
    });
    for (const statement of named(this.root)) this.collectDefinition(statement, undefined);
    for (const statement of named(this.root)) {
      if (statement.type !== 'expression_statement') continue;
      const assignment = named(statement)[0];
      if (assignment?.type !== 'assignment') continue;
      const left = field(assignment, 'left');
      const right = field(assignment, 'right');
      if (left?.type !== 'identifier' || !right) continue;
      const name = textOf(this.text, left);
      this.assignments.set(name, [...(this.assignments.get(name) ?? []), right]);
    }
  }

  private collectDefinition(statement: PyNode, className: string | undefined, into?: Map<string, PyFunction>): void {
    const node = statement.type === 'decorated_definition' ? field(statement, 'definition') : statement;
    if (!node) return;
    const nameNode = field(node, 'name');
    if (!nameNode) return;
    const name = textOf(this.text, nameNode);
    if (node.type === 'function_definition') {
      const fn: PyFunction = { name, node, isAsync: isAsyncFunction(node), module: this, ...(className ? { className } : {}) };
      if (into) into.set(name, fn);
      else this.functions.set(name, fn);
    } else if (node.type === 'class_definition' && !into) {
      const methods = new Map<string, PyFunction>();
      const body = field(node, 'body');
      for (const member of body ? named(body) : []) this.collectDefinition(member, name, methods);
      const superclasses = field(node, 'superclasses');
      this.classes.set(name, { name, node, module: this, methods, bases: superclasses ? named(superclasses).filter((base) => base.type !== 'keyword_argument') : [] });
    }
  }

  /** Drops what names resolved to: another module they lead to may have changed. */
  forgetResolutions(): void {
    this.resolved.clear();
  }

  /** The project function a `def` node defines, if it is a module function or a method. */
  functionOf(node: PyNode): PyFunction | undefined {
    const nameNode = field(node, 'name');
    if (!nameNode) return undefined;
    const name = textOf(this.text, nameNode);
    const cls = enclosingClass(node);
    if (cls) {
      const clsName = field(cls, 'name');
      return clsName ? this.classes.get(textOf(this.text, clsName))?.methods.get(name) : undefined;
    }
    const fn = this.functions.get(name);
    return fn?.node === node ? fn : undefined;
  }

  /** The names a function binds (parameters, assignments, with/for targets), each with how it is bound. */
  private localsOf(functionNode: PyNode): Map<string, PyNode[]> {
    const cached = this.localCache.get(functionNode);
    if (cached) return cached;
    const locals = new Map<string, PyNode[]>();
    const add = (name: string, binding: PyNode) => locals.set(name, [...(locals.get(name) ?? []), binding]);
    const parameters = field(functionNode, 'parameters');
    for (const parameter of parameters ? named(parameters) : []) {
      const nameNode = parameter.type === 'identifier' ? parameter : (field(parameter, 'name') ?? named(parameter).find((child) => child.type === 'identifier'));
      if (nameNode) add(textOf(this.text, nameNode), parameter);
    }
    walkOwnCode(functionNode, (node) => {
      if (node.type === 'assignment' || node.type === 'augmented_assignment') {
        const left = field(node, 'left');
        if (left) for (const name of boundNames(this.text, left)) add(name, node);
      } else if (node.type === 'for_statement' || node.type === 'for_in_clause') {
        const left = field(node, 'left');
        if (left) for (const name of boundNames(this.text, left)) add(name, node);
      } else if (node.type === 'as_pattern') {
        const alias = field(node, 'alias');
        const target = alias ? (named(alias)[0] ?? alias) : undefined;
        if (target) for (const name of boundNames(this.text, target)) add(name, node);
      } else if ((node.type === 'function_definition' || node.type === 'class_definition') && node.parent) {
        const nameNode = field(node, 'name');
        if (nameNode) add(textOf(this.text, nameNode), node);
      } else if (node.type === 'global_statement' || node.type === 'nonlocal_statement') {
        for (const child of named(node)) add(textOf(this.text, child), node);
      } else if (node.type === 'named_expression') {
        const nameNode = field(node, 'name');
        if (nameNode) add(textOf(this.text, nameNode), node);
      }
    });
    // Nested definitions are skipped by walkOwnCode; their names are still bound here.
    const body = field(functionNode, 'body');
    for (const statement of body ? named(body) : []) {
      const definition = statement.type === 'decorated_definition' ? field(statement, 'definition') : statement;
      if (definition && (definition.type === 'function_definition' || definition.type === 'class_definition')) {
        const nameNode = field(definition, 'name');
        if (nameNode) add(textOf(this.text, nameNode), definition);
      }
    }
    this.localCache.set(functionNode, locals);
    return locals;
  }

  /** What `expression`, evaluated at its place in this module, denotes; undefined when the code does not show it. */
  resolve(expression: PyNode, depth = 0): PyValue | undefined {
    // Several rules ask about the same calls: a full-depth answer is kept.
    if (depth === 0) {
      if (this.resolved.has(expression)) return this.resolved.get(expression);
      const value = this.resolveUncached(expression, 0);
      this.resolved.set(expression, value);
      return value;
    }
    return this.resolveUncached(expression, depth);
  }

  private resolveUncached(expression: PyNode, depth: number): PyValue | undefined {
    if (depth > MAX_RESOLUTION_DEPTH) return undefined;
    const node = unwrap(expression);
    switch (node.type) {
      case 'identifier':
        return this.resolveName(textOf(this.text, node), node, depth);
      case 'attribute': {
        const object = field(node, 'object');
        const attribute = field(node, 'attribute');
        if (!object || !attribute) return undefined;
        const base = this.resolve(object, depth + 1);
        return base ? this.member(base, textOf(this.text, attribute), depth) : undefined;
      }
      case 'call': {
        const callee = field(node, 'function');
        const value = callee ? this.resolve(callee, depth + 1) : undefined;
        return value ? this.returnOf(value, depth) : undefined;
      }
      case 'await': {
        const inner = named(node)[0];
        return inner ? this.resolve(inner, depth + 1) : undefined;
      }
      default:
        return undefined;
    }
  }

  /** What calling `value` returns, when that is evident. */
  returnOf(value: PyValue, depth = 0): PyValue | undefined {
    switch (value.kind) {
      case 'external': {
        const cls = PYTHON_RETURNS[value.name];
        return cls ? { kind: 'instance', cls } : undefined;
      }
      case 'class':
        return { kind: 'object', cls: value.cls };
      case 'function': {
        const annotation = field(value.fn.node, 'return_type');
        return annotation ? value.fn.module.resolveAnnotation(annotation, depth + 1) : undefined;
      }
      default:
        return undefined;
    }
  }

  /** The instance a type annotation describes (`httpx.AsyncClient`, `Optional[Session]`, `Session | None`). */
  resolveAnnotation(annotation: PyNode, depth = 0): PyValue | undefined {
    let node = unwrap(annotation.type === 'type' ? (named(annotation)[0] ?? annotation) : annotation);
    if (node.type === 'binary_operator') {
      // `X | None`
      const sides = [field(node, 'left'), field(node, 'right')].filter((side): side is PyNode => side !== undefined && textOf(this.text, side) !== 'None');
      if (sides.length !== 1) return undefined;
      node = sides[0];
    }
    if (node.type === 'generic_type' || node.type === 'subscript') {
      const head = node.type === 'subscript' ? field(node, 'value') : named(node)[0];
      if (!head || !/(^|\.)Optional$/.test(textOf(this.text, head))) return undefined;
      const argument = node.type === 'subscript' ? field(node, 'subscript') : named(named(node)[1] ?? node)[0];
      return argument ? this.resolveAnnotation(argument, depth + 1) : undefined;
    }
    if (node.type === 'string') return undefined;
    const value = this.resolve(node, depth + 1);
    if (value?.kind === 'external') return { kind: 'instance', cls: PYTHON_CLASS_ALIASES[value.name] ?? value.name };
    if (value?.kind === 'class') return { kind: 'object', cls: value.cls };
    return undefined;
  }

  private member(base: PyValue, name: string, depth: number): PyValue | undefined {
    switch (base.kind) {
      case 'external':
        return { kind: 'external', name: `${base.name}.${name}` };
      case 'instance':
        return { kind: 'external', name: `${base.cls}.${name}` };
      case 'module':
        return base.module.resolveExported(name, depth + 1);
      case 'class': {
        const method = findMethod(base.cls, name, depth);
        return method ? { kind: 'function', fn: method } : undefined;
      }
      case 'object': {
        const method = findMethod(base.cls, name, depth);
        if (method) return { kind: 'function', fn: method };
        return base.cls.module.instanceAttribute(base.cls, name, depth + 1);
      }
      default:
        return undefined;
    }
  }

  /** `self.name` assigned exactly once in the class's methods: what it holds. */
  private instanceAttribute(cls: PyClass, name: string, depth: number): PyValue | undefined {
    let attributes = this.attributeCache.get(cls.node);
    if (!attributes) {
      const found = new Map<string, PyNode[]>();
      walk(cls.node, (node) => {
        if (node.type !== 'assignment') return true;
        const left = field(node, 'left');
        const parts = left ? dottedParts(this.text, left) : undefined;
        if (parts?.length === 2 && parts[0] === 'self') {
          const right = field(node, 'right');
          const annotation = field(node, 'type');
          const value = right ?? annotation;
          if (value) found.set(parts[1], [...(found.get(parts[1]) ?? []), value]);
        }
        return true;
      });
      attributes = found;
      this.attributeCache.set(cls.node, attributes);
    }
    const values = attributes.get(name) ?? [];
    if (values.length !== 1) return undefined;
    const value = values[0];
    return value.parent && field(value.parent, 'type') === value ? this.resolveAnnotation(value, depth) : this.resolve(value, depth);
  }

  /** What `name` means to a module that does `from <this module> import name`. */
  resolveExported(name: string, depth = 0): PyValue | undefined {
    if (depth > MAX_RESOLUTION_DEPTH) return undefined;
    const fn = this.functions.get(name);
    if (fn) return { kind: 'function', fn };
    const cls = this.classes.get(name);
    if (cls) return { kind: 'class', cls };
    const imported = this.imports.get(name);
    if (imported) return this.resolveImport(imported, depth + 1);
    const assigned = this.assignments.get(name);
    if (assigned?.length === 1) return this.resolve(assigned[0], depth + 1);
    // A submodule of a package (`from pkg import mod`).
    if (path.basename(this.file) === '__init__.py') {
      const sub = this.project.resolveModule(name, path.join(path.dirname(this.file), '__init__.py'));
      if (sub) return { kind: 'module', module: sub };
    }
    return undefined;
  }

  /** An imported dotted name: a project module or one of its names, else an installed module's name. */
  resolveImport(imported: string, depth = 0): PyValue | undefined {
    if (depth > MAX_RESOLUTION_DEPTH) return undefined;
    let absolute = imported;
    if (imported.startsWith('.')) {
      const dots = /^\.+/.exec(imported)![0].length;
      const { name } = this.project.moduleName(this.file);
      const packageParts = name.split('.');
      // A package's __init__ is the package itself; a module's package is its parent.
      if (path.basename(this.file) !== '__init__.py') packageParts.pop();
      for (let level = 1; level < dots; level++) packageParts.pop();
      const rest = imported.slice(dots);
      absolute = [...packageParts, ...(rest ? rest.split('.') : [])].filter(Boolean).join('.');
      // Relative imports are always project code.
      return this.resolveProjectName(absolute.split('.'), depth) ?? undefined;
    }
    return this.resolveProjectName(absolute.split('.'), depth) ?? { kind: 'external', name: PYTHON_CLASS_ALIASES[absolute] ?? absolute };
  }

  /** The longest prefix of `parts` that is a project module, then the names inside it. */
  private resolveProjectName(parts: string[], depth: number): PyValue | undefined {
    for (let length = parts.length; length >= 1; length--) {
      const module = this.project.resolveModule(parts.slice(0, length).join('.'), this.file);
      if (!module) continue;
      let value: PyValue | undefined = { kind: 'module', module };
      for (const part of parts.slice(length)) {
        value = value ? this.member(value, part, depth + 1) : undefined;
      }
      return value;
    }
    return undefined;
  }

  private resolveName(name: string, at: PyNode, depth: number): PyValue | undefined {
    // The innermost function that binds the name decides.
    for (let scope = enclosingFunction(at); scope; scope = enclosingFunction(scope)) {
      if (scope.type === 'lambda') {
        const parameters = field(scope, 'parameters');
        if (
          parameters &&
          textOf(this.text, parameters)
            .split(/[\s,=*:]+/)
            .includes(name)
        )
          return undefined;
        continue;
      }
      const bindings = this.localsOf(scope).get(name);
      if (!bindings) continue;
      if (bindings.some((binding) => binding.type === 'global_statement')) break;
      return this.resolveBinding(bindings, name, scope, depth);
    }
    const fn = this.functions.get(name);
    const cls = this.classes.get(name);
    const imported = this.imports.get(name);
    const assigned = this.assignments.get(name);
    const ways = (fn ? 1 : 0) + (cls ? 1 : 0) + (imported ? 1 : 0) + (assigned ? 1 : 0);
    if (ways > 1) return undefined;
    if (fn) return { kind: 'function', fn };
    if (cls) return { kind: 'class', cls };
    if (imported) return this.resolveImport(imported, depth + 1);
    if (assigned) return assigned.length === 1 ? this.resolve(assigned[0], depth + 1) : undefined;
    // Not rebound by the module or an enclosing function (both checked above): the built-in.
    if (PYTHON_BUILTINS.has(name)) return { kind: 'external', name: `builtins.${name}` };
    return undefined;
  }

  private resolveBinding(bindings: PyNode[], name: string, scope: PyNode, depth: number): PyValue | undefined {
    if (bindings.length !== 1) return undefined;
    const binding = bindings[0];
    switch (binding.type) {
      case 'assignment': {
        const left = field(binding, 'left');
        const right = field(binding, 'right');
        const annotation = field(binding, 'type');
        if (left?.type !== 'identifier') return undefined;
        if (annotation) return this.resolveAnnotation(annotation, depth + 1);
        return right ? this.resolve(right, depth + 1) : undefined;
      }
      case 'as_pattern': {
        // `with X() as name` / `async with X() as name`: the context manager's value.
        const value = named(binding)[0];
        if (!value || binding.parent?.type !== 'with_item') return undefined;
        return this.resolve(value, depth + 1);
      }
      case 'typed_parameter':
      case 'typed_default_parameter': {
        const annotation = field(binding, 'type');
        return annotation ? this.resolveAnnotation(annotation, depth + 1) : undefined;
      }
      case 'identifier': {
        // The first parameter of a method is the instance (or the class, for classmethods).
        const parameters = field(scope, 'parameters');
        const first = parameters ? named(parameters)[0] : undefined;
        if (first !== binding) return undefined;
        const cls = enclosingClass(scope);
        const clsName = cls ? field(cls, 'name') : undefined;
        const projectClass = clsName ? this.classes.get(textOf(this.text, clsName)) : undefined;
        if (!projectClass) return undefined;
        const decorators = scope.parent?.type === 'decorated_definition' ? textOf(this.text, scope.parent) : '';
        if (/@staticmethod\b/.test(decorators)) return undefined;
        if (/@classmethod\b/.test(decorators)) return { kind: 'class', cls: projectClass };
        return name === 'self' || name === 'cls' || name.length > 0 ? { kind: 'object', cls: projectClass } : undefined;
      }
      default:
        return undefined;
    }
  }

  /** The qualified name of a resolved callee, for messages and the knowledge base. */
  static describe(value: PyValue): string {
    switch (value.kind) {
      case 'external':
        return value.name;
      case 'instance':
        return value.cls;
      case 'function':
        return value.fn.className ? `${value.fn.className}.${value.fn.name}` : value.fn.name;
      case 'class':
      case 'object':
        return value.cls.name;
      case 'module':
        return path.basename(value.module.file, '.py');
    }
  }
}

function findMethod(cls: PyClass, name: string, depth: number, seen = new Set<PyClass>()): PyFunction | undefined {
  if (seen.has(cls) || depth > MAX_RESOLUTION_DEPTH) return undefined;
  seen.add(cls);
  const own = cls.methods.get(name);
  if (own) return own;
  for (const base of cls.bases) {
    const value = cls.module.resolve(base, depth + 1);
    if (value?.kind === 'class') {
      const inherited = findMethod(value.cls, name, depth + 1, seen);
      if (inherited) return inherited;
    }
  }
  return undefined;
}

/** Whether `node` sits inside a function at all (module-level code runs at import time). */
export function isInsideFunction(node: PyNode): boolean {
  return enclosingFunction(node) !== undefined && isFunction(enclosingFunction(node)!);
}
