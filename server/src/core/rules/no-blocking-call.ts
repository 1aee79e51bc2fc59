import * as ts from 'typescript';
import { analysisOf, awaitableFunction, awaitText, eventLoopContextOf, makeAsyncEdit, reportChainAt } from '../eventLoop/reports';
import { type BlockingDetector, storedInLongLivedState } from '../eventLoop/callGraph';
import type { EventLoopAnalysis } from '../eventLoop/analysis';
import type { EventLoopRoot } from '../eventLoop/registrations';
import type { Fix, TextEdit } from '../findings';
import { planBindings } from '../fixes/imports';
import { calledExport, type CalledExport, GLOBAL_MODULE, matchesDeclarationKey, normalizeModuleName } from '../knowledge/declarations';
import type { DeclarationKey } from '../knowledge/facts';
import { type ConfiguredKnowledge, isDeclarationKeyList } from '../knowledge/project';
import { BLOCKING_CHILD_PROCESS, BLOCKING_CRYPTO, FS_PROMISE_COUNTERPARTS, KERNEL_STATE_PATHS, RANDOM_BYTES_BLOCKING_SIZE } from '../knowledge/node';
import type { Rule, RuleContext } from '../rule';
import { WHERE_CODE_RUNS } from '../knowledge';

/**
 * no-blocking-call: synchronous I/O, child processes, compression and
 * key derivation called where the process serves work (request handlers,
 * listeners, timers, async functions). Callees are resolved by declaration,
 * never by name: `readFileSync` from `fs` under any alias is found, a
 * project function that happens to be called `readFileSync` is not.
 */

type BlockingFunction = DeclarationKey;

interface Options {
  readonly blockingFunctions: readonly BlockingFunction[];
}

type ApiFamily = 'fs' | 'child_process' | 'zlib' | 'crypto' | 'atomics' | 'configured';

interface BlockingCall {
  readonly call: ts.CallExpression;
  readonly api: CalledExport;
  readonly family: ApiFamily;
  /** The name messages use: `readFileSync`, `Atomics.wait`. */
  readonly name: string;
}

/** The rule's own `blockingFunctions` option and the configuration file's, together. */
function readOptions(raw: Readonly<Record<string, unknown>>, knowledge: ConfiguredKnowledge): Options {
  const list = Array.isArray(raw.blockingFunctions) ? raw.blockingFunctions : [];
  const own = list.filter((entry) => isDeclarationKeyList([entry])) as BlockingFunction[];
  return { blockingFunctions: [...own, ...(knowledge.blockingFunctions ?? [])] };
}

/** The value of a constant numeric expression: `65536`, `1 << 20`, `64 * 1024`, a `const` holding one. */
function numericValue(checker: ts.TypeChecker, node: ts.Expression | undefined, depth = 0): number | undefined {
  if (!node || depth > 5) return undefined;
  const expression = node;
  if (ts.isParenthesizedExpression(expression)) return numericValue(checker, expression.expression, depth + 1);
  if (ts.isNumericLiteral(expression)) return Number(expression.text);
  if (ts.isBinaryExpression(expression)) {
    const left = numericValue(checker, expression.left, depth + 1);
    const right = numericValue(checker, expression.right, depth + 1);
    if (left === undefined || right === undefined) return undefined;
    switch (expression.operatorToken.kind) {
      case ts.SyntaxKind.PlusToken:
        return left + right;
      case ts.SyntaxKind.MinusToken:
        return left - right;
      case ts.SyntaxKind.AsteriskToken:
        return left * right;
      case ts.SyntaxKind.SlashToken:
        return left / right;
      case ts.SyntaxKind.LessThanLessThanToken:
        return left << right;
      case ts.SyntaxKind.AsteriskAsteriskToken:
        return left ** right;
      default:
        return undefined;
    }
  }
  const type = checker.getTypeAtLocation(expression);
  if (type.isNumberLiteral()) return type.value;
  if (ts.isIdentifier(expression)) {
    const declaration = checker.getSymbolAtLocation(expression)?.valueDeclaration;
    if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer && ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const) {
      return numericValue(checker, declaration.initializer, depth + 1);
    }
  }
  return undefined;
}

/** `/proc` and `/sys` are files the kernel answers from memory: reading them never waits for a disk. */
function readsKernelState(checker: ts.TypeChecker, call: ts.CallExpression | ts.NewExpression): boolean {
  return (call.arguments ?? []).some((argument) => KERNEL_STATE_PATHS.pattern.test(leadingText(checker, argument) ?? ''));
}

/** The constant text a string expression starts with: a literal, a template head, the left of `+`, a `const` holding one. */
function leadingText(checker: ts.TypeChecker, node: ts.Expression, depth = 0): string | undefined {
  if (depth > 5) return undefined;
  if (ts.isParenthesizedExpression(node)) return leadingText(checker, node.expression, depth + 1);
  if (ts.isStringLiteralLike(node)) return node.text;
  if (ts.isTemplateExpression(node)) return node.head.text;
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) return leadingText(checker, node.left, depth + 1);
  if (ts.isIdentifier(node)) {
    const declaration = checker.getSymbolAtLocation(node)?.valueDeclaration;
    if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer && !(ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Let)) {
      return leadingText(checker, declaration.initializer, depth + 1);
    }
  }
  return undefined;
}

export function classifyBlockingCall(program: ts.Program, checker: ts.TypeChecker, call: ts.CallExpression, options: Options): BlockingCall | undefined {
  const api = calledExport(program, checker, call);
  if (!api) return undefined;
  const [head] = api.path;
  const last = api.path[api.path.length - 1];
  const make = (family: ApiFamily, name = last): BlockingCall => ({ call, api, family, name });
  if (api.module === 'fs' && api.path.length === 1 && head.endsWith('Sync')) return readsKernelState(checker, call) ? undefined : make('fs');
  if (api.module === 'child_process' && api.path.length === 1 && BLOCKING_CHILD_PROCESS.names.has(head)) return make('child_process');
  if (api.module === 'zlib' && api.path.length === 1 && head.endsWith('Sync')) return make('zlib');
  if (api.module === 'crypto' && api.path.length === 1) {
    if (BLOCKING_CRYPTO.names.has(head)) return make('crypto');
    if (head === 'randomBytes' && call.arguments.length === 1) {
      const size = numericValue(checker, call.arguments[0]);
      if (size !== undefined && size > RANDOM_BYTES_BLOCKING_SIZE) return make('crypto');
    }
  }
  if (api.module === GLOBAL_MODULE && api.path.length === 2 && api.path[0] === 'Atomics' && api.path[1] === 'wait') return make('atomics', 'Atomics.wait');
  if (options.blockingFunctions.some((entry) => matchesDeclarationKey(entry, api))) return make('configured', api.path.join('.'));
  return undefined;
}

function detectorFor(checker: ts.TypeChecker, options: Options): BlockingDetector {
  return {
    key: `no-blocking-call:${JSON.stringify(options)}`,
    skipCall: (call) => readsKernelState(checker, call),
    siteAt(node: ts.Node, analysis: EventLoopAnalysis) {
      if (!ts.isCallExpression(node)) return undefined;
      const blocking = classifyBlockingCall(analysis.program, analysis.checker, node, options);
      if (!blocking || storedInLongLivedState(analysis, node)) return undefined;
      return { node, name: blocking.name };
    },
  };
}

function alternative(blocking: BlockingCall): string {
  const name = blocking.api.path[0];
  switch (blocking.family) {
    case 'fs': {
      const base = name.slice(0, -'Sync'.length);
      if (base === 'exists') return 'Use `access` from `fs/promises`, or just try the operation and handle ENOENT.';
      if (FS_PROMISE_COUNTERPARTS.names.has(base)) return `Use \`${base}\` from \`fs/promises\` with \`await\`.`;
      return 'Use the asynchronous `fs/promises` API (a `FileHandle` for descriptor-based calls).';
    }
    case 'child_process':
      return 'Use `execFile`, `exec` or `spawn` with a callback or promisified with `util.promisify`.';
    case 'zlib':
      return `Use \`${name.slice(0, -'Sync'.length)}\` with a callback or promisified with \`util.promisify\`, or a stream.`;
    case 'crypto':
      return name === 'randomBytes'
        ? 'Pass a callback, or promisify `randomBytes`.'
        : `Use \`${name.replace(/Sync$/, '')}\` with a callback or promisified with \`util.promisify\`.`;
    case 'atomics':
      return 'Use `Atomics.waitAsync`, or wait in a worker thread.';
    case 'configured':
      return "It is listed in this rule's `blockingFunctions` option.";
  }
}

function specifierOf(blocking: BlockingCall, sourceFile: ts.SourceFile): 'node:' | '' {
  // Follow the file's own habit: `node:fs` if it already imports built-ins that way.
  const imports = sourceFile.statements.flatMap((statement) => {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) return [statement.moduleSpecifier.text];
    if (ts.isVariableStatement(statement)) {
      return statement.declarationList.declarations.flatMap((declaration) => {
        const init = declaration.initializer;
        return init &&
          ts.isCallExpression(init) &&
          ts.isIdentifier(init.expression) &&
          init.expression.text === 'require' &&
          init.arguments[0] &&
          ts.isStringLiteral(init.arguments[0])
          ? [init.arguments[0].text]
          : [];
      });
    }
    return [];
  });
  const same = imports.find((specifier) => normalizeModuleName(specifier) === blocking.api.module);
  if (same !== undefined) return same.startsWith('node:') ? 'node:' : '';
  return imports.some((specifier) => specifier.startsWith('node:')) || imports.length === 0 ? 'node:' : '';
}

/** The module object the callee is read from (`fs` in `fs.readFileSync`), when it is the module itself. */
function moduleReceiver(checker: ts.TypeChecker, call: ts.CallExpression): ts.Expression | undefined {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const receiver = callee.expression;
  if (!ts.isIdentifier(receiver)) return undefined;
  const symbol = checker.getSymbolAtLocation(receiver);
  const declaration = symbol?.declarations?.[0];
  if (!declaration) return undefined;
  if (ts.isNamespaceImport(declaration) || ts.isImportClause(declaration) || ts.isImportEqualsDeclaration(declaration)) return receiver;
  if (ts.isVariableDeclaration(declaration) && declaration.initializer && ts.isCallExpression(declaration.initializer)) {
    const init = declaration.initializer;
    if (ts.isIdentifier(init.expression) && init.expression.text === 'require') return receiver;
  }
  return undefined;
}

function hasProperty(checker: ts.TypeChecker, expression: ts.Expression, name: string): boolean {
  return checker.getPropertyOfType(checker.getTypeAtLocation(expression), name) !== undefined;
}

function objectLiteralOption(argument: ts.Expression | undefined, name: string): ts.Expression | undefined {
  if (!argument || !ts.isObjectLiteralExpression(argument)) return undefined;
  for (const property of argument.properties) {
    if (ts.isPropertyAssignment(property) && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) && property.name.text === name) return property.initializer;
    if (ts.isShorthandPropertyAssignment(property) && property.name.text === name) return property.name;
  }
  return undefined;
}

function hasOption(argument: ts.Expression | undefined, name: string): boolean {
  return objectLiteralOption(argument, name) !== undefined;
}

/** `await <replacement>` for the call, with the edits it needs, or undefined when there is no faithful counterpart. */
function asyncReplacement(context: RuleContext, blocking: BlockingCall): { text: string; edits: TextEdit[]; title: string } | undefined {
  const { checker, sourceFile } = context;
  const { call } = blocking;
  const name = blocking.api.path[0];
  const args = call.arguments.map((argument) => argument.getText(sourceFile));
  const receiver = moduleReceiver(checker, call);
  const prefix = specifierOf(blocking, sourceFile);
  const moduleSpecifiers = (module: string) => (prefix === 'node:' ? [`node:${module}`, module] : [module, `node:${module}`]);
  const spread = call.arguments.some((argument) => ts.isSpreadElement(argument));
  if (spread || call.questionDotToken || (ts.isPropertyAccessExpression(call.expression) && call.expression.questionDotToken)) return undefined;

  if (blocking.family === 'fs') {
    const base = name.slice(0, -'Sync'.length);
    if (base === 'stat' || base === 'lstat') {
      if (hasOption(call.arguments[1], 'throwIfNoEntry')) return undefined;
    }
    if (base === 'exists') {
      if (call.arguments.length !== 1) return undefined;
      const access = binding(context, call, receiver, 'access', moduleSpecifiers('fs/promises'));
      return { text: `${access.expression}(${args[0]}).then(() => true, () => false)`, edits: access.edits, title: 'Use fs/promises access with await' };
    }
    if (!FS_PROMISE_COUNTERPARTS.names.has(base)) return undefined;
    const target = binding(context, call, receiver, base, moduleSpecifiers('fs/promises'));
    return { text: `${target.expression}(${args.join(', ')})`, edits: target.edits, title: `Use fs/promises ${base} with await` };
  }

  const promisified = (asyncName: string, module: string) => {
    const plan = planBindings(sourceFile, checker, call, [
      { specifiers: moduleSpecifiers('util'), name: 'promisify' },
      ...(receiver && hasProperty(checker, receiver, asyncName) ? [] : [{ specifiers: moduleSpecifiers(module), name: asyncName }]),
    ]);
    const fnText = receiver && hasProperty(checker, receiver, asyncName) ? `${receiver.getText(sourceFile)}.${asyncName}` : plan.expressions[1];
    return { text: `${plan.expressions[0]}(${fnText})(${args.join(', ')})`, edits: plan.edits };
  };

  if (blocking.family === 'crypto') {
    if (name === 'pbkdf2Sync' && args.length === 5) return { ...promisified('pbkdf2', 'crypto'), title: 'Use promisified pbkdf2 with await' };
    // No fix for scryptSync: promisify(scrypt) is typed from scrypt's overloads as resolving to `unknown`.
    if (name === 'randomBytes') return { ...promisified('randomBytes', 'crypto'), title: 'Use promisified randomBytes with await' };
    return undefined;
  }
  if (blocking.family === 'zlib') {
    const base = name.slice(0, -'Sync'.length);
    if (args.length < 1 || args.length > 2) return undefined;
    return { ...promisified(base, 'zlib'), title: `Use promisified ${base} with await` };
  }
  if (blocking.family === 'child_process') {
    // Only with a string encoding: then the promisified function's stdout is the same string.
    const optionsIndex = name === 'execSync' ? 1 : args.length === 3 ? 2 : args.length === 2 && !ts.isArrayLiteralExpression(call.arguments[1]) ? 1 : -1;
    const options = optionsIndex >= 0 ? call.arguments[optionsIndex] : undefined;
    const encoding = objectLiteralOption(options, 'encoding');
    if (!encoding || !ts.isStringLiteral(encoding) || !/^utf-?8$/i.test(encoding.text)) return undefined;
    if (hasOption(options, 'stdio') || hasOption(options, 'input')) return undefined;
    if (name === 'execSync' && args.length === 2) {
      const result = promisified('exec', 'child_process');
      return { text: `(await ${result.text}).stdout`, edits: result.edits, title: 'Use promisified exec with await' };
    }
    if (name === 'execFileSync') {
      const result = promisified('execFile', 'child_process');
      return { text: `(await ${result.text}).stdout`, edits: result.edits, title: 'Use promisified execFile with await' };
    }
  }
  return undefined;
}

function binding(
  context: RuleContext,
  call: ts.CallExpression,
  receiver: ts.Expression | undefined,
  name: string,
  specifiers: string[],
): { expression: string; edits: TextEdit[] } {
  const { checker, sourceFile } = context;
  // fs.readFileSync → fs.promises.readFile: no import needed.
  if (receiver && hasProperty(checker, receiver, 'promises')) {
    const promises = checker.getPropertyOfType(checker.getTypeAtLocation(receiver), 'promises')!;
    const promisesType = checker.getTypeOfSymbolAtLocation(promises, receiver);
    if (checker.getPropertyOfType(promisesType, name)) return { expression: `${receiver.getText(sourceFile)}.promises.${name}`, edits: [] };
  }
  const plan = planBindings(sourceFile, checker, call, [{ specifiers, name }]);
  return { expression: plan.expressions[0], edits: plan.edits };
}

function fixesFor(context: RuleContext, blocking: BlockingCall, root: EventLoopRoot, direct: boolean): Fix[] {
  const target = awaitableFunction(context, blocking.call, root, direct);
  if (!target) return [];
  const replacement = asyncReplacement(context, blocking);
  if (!replacement) return [];
  const { sourceFile } = context;
  const { call } = blocking;
  const awaited = replacement.text.startsWith('(await ') ? replacement.text : awaitText(call, replacement.text);
  const edits: TextEdit[] = [{ file: sourceFile.fileName, start: call.getStart(sourceFile), end: call.getEnd(), newText: awaited }, ...replacement.edits];
  if (target.makeAsync) edits.push(makeAsyncEdit(sourceFile, target.fn));
  return [{ title: target.makeAsync ? `${replacement.title} (makes the callback async)` : replacement.title, edits, safe: false, preferred: true }];
}

export const noBlockingCall: Rule = {
  meta: {
    id: 'no-blocking-call',
    description: 'A synchronous call that blocks the event loop (file system, child processes, compression, key derivation) in code that serves requests or events.',
    defaultSeverity: 'warning',
    typeAware: true,
    knowledge: [...WHERE_CODE_RUNS, BLOCKING_CRYPTO, BLOCKING_CHILD_PROCESS, FS_PROMISE_COUNTERPARTS, KERNEL_STATE_PATHS],
    docs: {
      flags:
        'Calls of `fs` `*Sync` functions, `child_process` `execSync` / `execFileSync` / `spawnSync`, `zlib` `*Sync` functions, ' +
        '`crypto` `pbkdf2Sync` / `scryptSync` / `generateKeyPairSync` / `generatePrimeSync` / `checkPrimeSync` (and `randomBytes` ' +
        'without a callback for more than 64 KiB), and `Atomics.wait`, when they run on the event loop: in functions registered to run ' +
        'again and again (route and request handlers, `on` listeners, `setInterval`, decorated controller methods); in async functions ' +
        'that such code or other async code calls (or, when nothing in the project calls them, that take a request-like parameter: `req`, ' +
        '`ctx`, `event`, `socket`…); and in callbacks that run once (promise callbacks, `setTimeout`, `once` listeners, Node-style ' +
        '`(err, …)` callbacks) registered from such code. The callee is resolved by its declaration, so aliases, namespace imports, `require`, ' +
        'destructuring and `node:` specifiers are all recognised. A synchronous helper that blocks (directly, or through helpers of its own, ' +
        'up to three calls deep, across files) is reported where the event-loop code calls it, with the chain ' +
        '(`handler → loadTemplate → readFileSync`) as related information.',
      why:
        'Node.js runs all JavaScript on one thread. While a synchronous call waits for the disk, a child process or a key ' +
        'derivation, no other request is served, no timer fires and no socket is read: one slow call delays every user of the process.',
      doesNotFlag:
        'Code that runs once or alone: module top level, functions reached only from start-up (a `main()` called at top level, ' +
        '`require.main === module` blocks, an async IIFE), callbacks that run once and were registered at start-up (`.then`, ' +
        '`setTimeout`, `once` listeners, `(err, …)` callbacks), `app.listen` callbacks, test code and command-line actions (`describe`/' +
        "`it`/`test` and commander `.action` callbacks, with everything inside them), `process.on('exit' | signal)` handlers, files " +
        'that run in a worker thread (they use `parentPort` or `workerData`), and files that only run as scripts: a file with a shebang ' +
        'or top-level code that runs something, and the files only such scripts import, when none of them handles requests (routes, ' +
        '`createServer`, `listen`, `setInterval`, connection listeners). ' +
        'Functions whose callers are unknown (an exported library function, a framework hook such as `expressCreateServer`, unless its ' +
        'parameters look like a request) and async functions that start the server (they call `listen` or `createServer`) are not ' +
        'flagged, nor what a function that restarts the server does (it calls `restartServer…` or emits a `restartServer` event: that is ' +
        'start-up again), handlers of a setup or onboarding wizard (a file named `setup…`, `onboard…` or `install…` that starts a server ' +
        'of its own and closes it: it runs once, before the real server), servers under a `scripts/`, `tools/`, `examples/` or ' +
        "`benchmarks/` directory of the project (development tooling), handlers registered only in development or test mode (`if (isDev)`, `NODE_ENV === 'test'`), `process.stdin` " +
        'listeners, or reads of `/proc` and `/sys` (answered from memory). A helper called several times is reported at its first call ' +
        'in each file. Results stored in long-lived state (`cache ??= readFileSync(…)`, `this.template = …`, `cache.set(key, …)`, a lazy ' +
        'singleton `Server.instance = new Server()`) are not flagged and not followed: that is lazy initialisation, which blocks once. ' +
        'Cheap calls stay silent: `randomUUID`, `createHash`, `randomBytes` of a small or ' +
        'unknown size. Calls whose callee does not resolve (no type declarations for the module, `any`) are never flagged: without the ' +
        'declaration, the rule cannot know what is called, and a name ending in `Sync` proves nothing.',
      flaggedExamples: [
        "declare module 'fs' { export function readFileSync(path: string, encoding: 'utf8'): string; }\ndeclare const fs: typeof import('fs');\n\nasync function handler(req: { path: string }) {\n  return fs.readFileSync(req.path, 'utf8');\n}",
        "declare module 'fs' { export function readFileSync(path: string, encoding: 'utf8'): string; }\ndeclare const fs: typeof import('fs');\n\nfunction loadTemplate(name: string) {\n  return fs.readFileSync(`views/${name}.html`, 'utf8');\n}\n\nasync function render(req: { page: string }) {\n  return loadTemplate(req.page); // render → loadTemplate → readFileSync\n}",
        'declare const shared: Int32Array;\nsetInterval(() => {\n  Atomics.wait(shared, 0, 0, 100);\n}, 10);',
      ],
      notFlaggedExamples: [
        "declare module 'fs' { export function readFileSync(path: string, encoding: 'utf8'): string; }\ndeclare const fs: typeof import('fs');\n\n// Start-up: runs once, before any request.\nconst config = fs.readFileSync('config.json', 'utf8');",
        "declare module 'fs' { export function readFileSync(path: string, encoding: 'utf8'): string; }\ndeclare const fs: typeof import('fs');\n\nasync function main() {\n  const config = fs.readFileSync('config.json', 'utf8');\n  console.log(config);\n}\nmain();",
        "declare module 'fs' { export function readFileSync(path: string, encoding: 'utf8'): string; }\ndeclare const fs: typeof import('fs');\n\nlet template: string | undefined;\nasync function render(req: unknown) {\n  template ??= fs.readFileSync('page.html', 'utf8');\n  return template;\n}",
        '// Not the `fs` function: a project function with the same name.\nfunction readFileSync(path: string) {\n  return path;\n}\nasync function handler(req: unknown) {\n  return readFileSync("x");\n}',
      ],
      fixes:
        'Where the call is directly in an async function, or in a callback whose return value its caller ignores or flattens (a listener, ' +
        'a timer, a route handler, a promise callback, which the fix then makes `async`): **Use fs/promises … with await** (`fs.promises.x` ' +
        'when the module object is at hand, else a named import from `fs/promises` / `node:fs/promises` is added; `existsSync` becomes ' +
        '`access(…).then(() => true, () => false)`), **Use promisified pbkdf2 / randomBytes / gzip … with await** (with ' +
        '`promisify` from `util`), and **Use promisified execFile / exec with await** (only with a `utf8` `encoding` option, so that ' +
        '`stdout` is the same string). No fix for `spawnSync`, descriptor-based `fs` calls, `generateKeyPairSync`, `scryptSync` ' +
        '(`promisify(scrypt)` is typed as resolving to `unknown`) or `Atomics.wait`, whose asynchronous forms differ. Every fix is a suggestion (`safe: false`): other code now runs while the call waits, and a callback ' +
        'made async reports its errors as a rejected promise.',
      options:
        'Your own blocking functions, e.g. a synchronous database driver, with `blockingFunctions`: a list of `{ "module": …, "export": … }`. ' +
        '`module` is the module name as imported (a `node:` prefix is ignored). `export` is the exported function, `Class.method` / ' +
        '`Interface.method` for a method declared in the module, or a class or interface name for all its methods; it is matched ' +
        'against the end of the qualified name, and `*` matches any characters within one segment. Example: ' +
        '`{ "blockingFunctions": [{ "module": "better-sqlite3", "export": "Statement" }, { "module": "better-sqlite3", "export": "Database.exec" }] }`. ' +
        'The top-level `blockingFunctions` of `asynclint.config.json` are handed to this option.',
    },
  },
  create(context: RuleContext) {
    const options = readOptions(context.options, context.knowledge);
    const detector = detectorFor(context.checker, options);
    const reported = new Set<ts.Node>();
    const check = (node: ts.CallExpression | ts.NewExpression) => {
      const where = eventLoopContextOf(context, node);
      if (!where) return;
      const { root, direct } = where;
      if (ts.isCallExpression(node)) {
        const blocking = classifyBlockingCall(context.program, context.checker, node, options);
        if (blocking) {
          if (storedInLongLivedState(analysisOf(context), node)) return;
          const { sourceFile } = context;
          context.report({
            start: node.getStart(sourceFile),
            end: node.getEnd(),
            message: `\`${blocking.name}\` blocks the event loop in ${root.label}: nothing else runs until it returns. ${alternative(blocking)}`,
            fixes: fixesFor(context, blocking, root, direct),
            ...(root.certainty === 'likely' ? { certainty: 'likely' as const } : {}),
          });
          return;
        }
      }
      reportChainAt(
        context,
        node,
        root,
        detector,
        (chain) => {
          const helper = chain[0].name;
          return `\`${helper}\` blocks the event loop in ${root.label}: it calls \`${chain[chain.length - 1].name}\``;
        },
        reported,
      );
    };
    return {
      [ts.SyntaxKind.CallExpression]: (node) => check(node as ts.CallExpression),
      [ts.SyntaxKind.NewExpression]: (node) => check(node as ts.NewExpression),
    };
  },
};
