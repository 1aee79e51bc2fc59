#!/usr/bin/env node
// Deterministic generator of TypeScript projects of async service code, for the
// benchmarks. The same size and seed always give the same files, byte for byte.
//
//   node bench/generate.mjs <modules> [outDir]
//
// A project of N modules has N-1 ordinary modules in groups of four (a model, a
// repository calling the database, a service calling repositories and other
// services, an HTTP handler calling its service) and one large workflow module
// of about 3,000 lines that calls services across the project (the file the
// editor-latency benchmark types into). The code is what a Node service team
// writes, mistakes included: floating promises, sequential awaits that could
// run together, awaits in loops, async callbacks where void is expected,
// promises returned un-awaited inside try, and synchronous fs calls. It compiles
// without errors under `tsc --noEmit` (strict, ES2022, lib ES2022 only); the
// APIs it uses (a database, an HTTP router, an event bus, node:fs) are declared
// in src/env.d.ts, so no dependency is needed.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Bump when the generated code changes: cached projects of another version are regenerated. */
export const GENERATOR_VERSION = 3;

export const WORKFLOW_FILE = 'src/workflows/fulfilment.ts';
export const WORKFLOW_LINES = 3000;

export function defaultProjectsDir() {
  return path.join(process.env.ASYNCLINT_BENCH_CACHE ?? path.join(os.homedir(), '.cache', 'asynclint-bench'), 'projects');
}

/** mulberry32: a small, fast, deterministic PRNG. */
function random(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)],
  };
}

const NOUNS = [
  'order',
  'customer',
  'invoice',
  'payment',
  'shipment',
  'product',
  'account',
  'ticket',
  'review',
  'coupon',
  'warehouse',
  'supplier',
  'refund',
  'subscription',
  'address',
  'cart',
  'catalog',
  'discount',
  'employee',
  'team',
  'project',
  'task',
  'comment',
  'notification',
  'report',
  'session',
  'device',
  'region',
  'tariff',
  'contract',
  'lead',
  'campaign',
];

const capitalize = (word) => word[0].toUpperCase() + word.slice(1);

/** The names of group g's four modules. */
function groupNames(g) {
  const noun = `${NOUNS[g % NOUNS.length]}${g}`;
  const Noun = capitalize(noun);
  return {
    noun,
    Noun,
    model: { file: `src/models/${noun}.ts`, spec: `../models/${noun}`, type: Noun, draft: `${Noun}Draft`, validate: `validate${Noun}`, summary: `summarize${Noun}` },
    repository: { file: `src/repositories/${noun}Repository.ts`, spec: `../repositories/${noun}Repository`, cls: `${Noun}Repository` },
    service: { file: `src/services/${noun}Service.ts`, spec: `../services/${noun}Service`, cls: `${Noun}Service` },
    handler: { file: `src/handlers/${noun}Handler.ts`, spec: `../handlers/${noun}Handler`, fn: `register${Noun}Routes` },
  };
}

const ENV_D_TS = `// The APIs the generated services use, declared here so the project needs no dependency.
declare var console: {
  log(...values: unknown[]): void;
  warn(...values: unknown[]): void;
  error(...values: unknown[]): void;
};

declare module 'node:fs' {
  export function readFileSync(path: string, encoding: 'utf8'): string;
  export function writeFileSync(path: string, data: string): void;
  export function existsSync(path: string): boolean;
  export function mkdirSync(path: string, options?: { recursive?: boolean }): void;
  export namespace promises {
    function readFile(path: string, encoding: 'utf8'): Promise<string>;
    function writeFile(path: string, data: string): Promise<void>;
  }
}

declare module 'bench:db' {
  export interface Db {
    query<T>(sql: string, params?: readonly unknown[]): Promise<T[]>;
    execute(sql: string, params?: readonly unknown[]): Promise<number>;
    transaction<T>(work: (db: Db) => Promise<T>): Promise<T>;
  }
  export const db: Db;
}

declare module 'bench:http' {
  export interface Request {
    readonly params: Record<string, string>;
    readonly query: Record<string, string | undefined>;
    readonly headers: Record<string, string | undefined>;
    readonly body: unknown;
  }
  export interface Response {
    status(code: number): Response;
    json(body: unknown): void;
    send(text: string): void;
  }
  export type Handler = (request: Request, response: Response) => void;
  export interface Router {
    get(path: string, handler: Handler): void;
    post(path: string, handler: Handler): void;
    put(path: string, handler: Handler): void;
    delete(path: string, handler: Handler): void;
  }
  export function createRouter(): Router;
}

declare module 'bench:events' {
  export interface EventBus {
    emit(name: string, payload: unknown): Promise<void>;
    on(name: string, listener: (payload: unknown) => void): void;
  }
  export const bus: EventBus;
}

declare module 'bench:cache' {
  export interface Cache {
    get<T>(key: string): Promise<T | undefined>;
    set(key: string, value: unknown, ttlSeconds?: number): Promise<void>;
    invalidate(prefix: string): Promise<number>;
  }
  export const cache: Cache;
}
`;

const TSCONFIG = `${JSON.stringify(
  {
    compilerOptions: {
      strict: true,
      target: 'ES2022',
      lib: ['ES2022'],
      module: 'ES2022',
      moduleResolution: 'bundler',
      types: [],
      noEmit: true,
    },
    include: ['src'],
  },
  null,
  2,
)}\n`;

function modelModule(g, rng) {
  const n = groupNames(g);
  const m = n.model;
  const extra = rng.int(2, 5);
  const fields = Array.from({ length: extra }, (_, k) => `  ${rng.pick(['label', 'note', 'code', 'score', 'weight', 'rank'])}${k}: ${rng.pick(['string', 'number', 'boolean'])};`);
  return `export interface ${m.type} {
  id: string;
  ownerId: string;
  name: string;
  createdAt: number;
  tags: string[];
  amount: number;
${fields.join('\n')}
}

export type ${m.draft} = Omit<${m.type}, 'id' | 'createdAt'>;

export const ${n.noun.toUpperCase()}_LIMITS = { maxTags: ${rng.int(5, 20)}, maxAmount: ${rng.int(1000, 100000)} } as const;

export function ${m.validate}(draft: ${m.draft}): string[] {
  const problems: string[] = [];
  if (draft.name.trim().length === 0) problems.push('name is empty');
  if (draft.tags.length > ${n.noun.toUpperCase()}_LIMITS.maxTags) problems.push('too many tags');
  if (draft.amount < 0 || draft.amount > ${n.noun.toUpperCase()}_LIMITS.maxAmount) problems.push('amount out of range');
  return problems;
}

export function ${m.summary}(item: ${m.type}): string {
  const tags = item.tags.length > 0 ? \` [\${item.tags.join(', ')}]\` : '';
  return \`\${item.name} (\${item.amount.toFixed(2)})\${tags}\`;
}
`;
}

function repositoryModule(g, rng) {
  const n = groupNames(g);
  const m = n.model;
  const table = n.noun.replace(/[0-9]+$/, '') + 's';
  const tryReturn = rng.chance(0.4);
  return `import { db, type Db } from 'bench:db';
import { cache } from 'bench:cache';
import { ${m.validate}, type ${m.draft}, type ${m.type} } from '${m.spec}';

export class ${n.repository.cls} {
  constructor(private readonly database: Db = db) {}

  async findById(id: string): Promise<${m.type} | undefined> {
    const cached = await cache.get<${m.type}>(\`${n.noun}:\${id}\`);
    if (cached) return cached;
    const rows = await this.database.query<${m.type}>('select * from ${table} where id = ? and shard = ${g}', [id]);
    return rows[0];
  }

  async list(ownerId: string, limit = ${rng.int(10, 100)}): Promise<${m.type}[]> {
    return this.database.query<${m.type}>('select * from ${table} where owner_id = ? limit ?', [ownerId, limit]);
  }

  async countByOwner(ownerId: string): Promise<number> {
    const rows = await this.database.query<{ count: number }>('select count(*) as count from ${table} where owner_id = ?', [ownerId]);
    return rows[0]?.count ?? 0;
  }

  async save(draft: ${m.draft}): Promise<${m.type}> {
    const problems = ${m.validate}(draft);
    if (problems.length > 0) throw new Error(\`invalid ${n.noun}: \${problems.join('; ')}\`);
    const item: ${m.type} = { ...draft, id: \`${n.noun}-\${Date.now().toString(36)}\`, createdAt: Date.now() };
    await this.database.execute('insert into ${table} (id, owner_id, name, amount) values (?, ?, ?, ?)', [item.id, item.ownerId, item.name, item.amount]);
    ${rng.chance(0.35) ? `cache.set(\`${n.noun}:\${item.id}\`, item, 60);` : `await cache.set(\`${n.noun}:\${item.id}\`, item, 60);`}
    return item;
  }

  async remove(id: string): Promise<boolean> {
${
  tryReturn
    ? `    try {
      return this.database.execute('delete from ${table} where id = ?', [id]).then((count) => count > 0);
    } catch (error) {
      console.error('remove ${n.noun} failed', error);
      return false;
    }`
    : `    try {
      const count = await this.database.execute('delete from ${table} where id = ?', [id]);
      return count > 0;
    } catch (error) {
      console.error('remove ${n.noun} failed', error);
      return false;
    }`
}
  }

  async transfer(fromOwner: string, toOwner: string): Promise<number> {
    return this.database.transaction(async (tx) => {
      const moved = await tx.execute('update ${table} set owner_id = ? where owner_id = ?', [toOwner, fromOwner]);
      await tx.execute('insert into audit (entity, count) values (?, ?)', ['${table}', moved]);
      return moved;
    });
  }
}
`;
}

function serviceModule(g, rng) {
  const n = groupNames(g);
  const m = n.model;
  // Other repositories and one other service, from earlier groups: files import each other as a DAG.
  const others = [];
  const otherCount = g === 0 ? 0 : rng.int(1, Math.min(3, g));
  while (others.length < otherCount) {
    const other = rng.int(0, g - 1);
    if (!others.includes(other)) others.push(other);
  }
  const dependency = g > 0 && rng.chance(0.6) ? rng.int(Math.max(0, g - 20), g - 1) : undefined;
  const imports = [
    `import { readFileSync, existsSync } from 'node:fs';`,
    `import { bus } from 'bench:events';`,
    `import { ${m.summary}, type ${m.draft}, type ${m.type} } from '${m.spec}';`,
    `import { ${n.repository.cls} } from '${n.repository.spec}';`,
    ...others.map((o) => `import { ${groupNames(o).repository.cls} } from '${groupNames(o).repository.spec}';`),
    ...(dependency !== undefined ? [`import { ${groupNames(dependency).service.cls} } from '${groupNames(dependency).service.spec}';`] : []),
  ];
  const params = [
    `    private readonly items: ${n.repository.cls} = new ${n.repository.cls}(),`,
    ...others.map((o, k) => `    private readonly related${k}: ${groupNames(o).repository.cls} = new ${groupNames(o).repository.cls}(),`),
    ...(dependency !== undefined ? [`    private readonly upstream: ${groupNames(dependency).service.cls} = new ${groupNames(dependency).service.cls}(),`] : []),
  ];
  const relatedReads =
    others.length === 0
      ? `    const count = await this.items.countByOwner(ownerId);`
      : others.map((_, k) => `    const related${k} = await this.related${k}.list(ownerId);`).join('\n') +
        `\n    const count = ${others.map((_, k) => `related${k}.length`).join(' + ')};`;
  const floatingEmit = rng.chance(0.4);
  const loopKind = rng.pick(['for-of', 'for-of', 'indexed', 'promise-all']);
  const loop =
    loopKind === 'promise-all'
      ? `    const found = await Promise.all(ids.map((id) => this.items.findById(id)));
    return found.filter((item): item is ${m.type} => item !== undefined);`
      : loopKind === 'indexed'
        ? `    const found: ${m.type}[] = [];
    for (let index = 0; index < ids.length; index++) {
      const item = await this.items.findById(ids[index]);
      if (item) found.push(item);
    }
    return found;`
        : `    const found: ${m.type}[] = [];
    for (const id of ids) {
      const item = await this.items.findById(id);
      if (item) found.push(item);
    }
    return found;`;
  const upstreamMethod =
    dependency !== undefined
      ? `
  async withUpstream(id: string, ownerId: string): Promise<string> {
    const own = await this.details(id, ownerId);
    const upstream = await this.upstream.details(id, ownerId);
    return \`\${own.summary} / \${upstream.summary}\`;
  }
`
      : '';
  return `${imports.join('\n')}

export interface ${n.Noun}Details {
  readonly item: ${m.type} | undefined;
  readonly summary: string;
  readonly relatedCount: number;
}

export class ${n.service.cls} {
  private readonly template: string;

  constructor(
${params.join('\n')}
  ) {
    this.template = existsSync('templates/${n.noun}.txt') ? readFileSync('templates/${n.noun}.txt', 'utf8') : '{name}';
  }

  async details(id: string, ownerId: string): Promise<${n.Noun}Details> {
    const item = await this.items.findById(id);
${relatedReads}
    return { item, summary: item ? ${m.summary}(item) : 'missing', relatedCount: count };
  }

  async create(draft: ${m.draft}): Promise<${m.type}> {
    const saved = await this.items.save(draft);
    ${floatingEmit ? `bus.emit('${n.noun}.created', saved);` : `await bus.emit('${n.noun}.created', saved);`}
    return saved;
  }

  async loadMany(ids: readonly string[]): Promise<${m.type}[]> {
${loop}
  }

  async removeAll(ids: readonly string[]): Promise<number> {
    let removed = 0;
    for (const id of ids) {
      if (await this.items.remove(id)) removed++;
    }
    return removed;
  }

  async overview(ownerId: string): Promise<string> {
    const [count, items] = await Promise.all([this.items.countByOwner(ownerId), this.items.list(ownerId)]);
    return \`\${count} items: \${items.map((item) => this.render(item)).join(', ')}\`;
  }
${upstreamMethod}
  refresh(ownerId: string): void {
    ${rng.chance(0.5) ? `this.items.list(ownerId).then((items) => console.log('refreshed', items.length));` : `this.items.list(ownerId).then((items) => console.log('refreshed', items.length)).catch((error: unknown) => console.error(error));`}
  }

  render(item: ${m.type}): string {
    return this.template.replace('{name}', item.name);
  }
}
`;
}

function handlerModule(g, rng) {
  const n = groupNames(g);
  const m = n.model;
  const misused = rng.chance(0.5);
  return `import { createRouter, type Router } from 'bench:http';
import type { ${m.draft} } from '${m.spec}';
import { ${n.service.cls} } from '${n.service.spec}';

export function ${n.handler.fn}(router: Router = createRouter(), service: ${n.service.cls} = new ${n.service.cls}()): Router {
${
  misused
    ? `  router.get('/${n.noun}/:id', async (request, response) => {
    const details = await service.details(request.params.id, request.headers['x-owner'] ?? 'anonymous');
    response.json(details);
  });`
    : `  router.get('/${n.noun}/:id', (request, response) => {
    service
      .details(request.params.id, request.headers['x-owner'] ?? 'anonymous')
      .then((details) => response.json(details))
      .catch((error: unknown) => response.status(500).send(String(error)));
  });`
}

  router.post('/${n.noun}', (request, response) => {
    service.create(request.body as ${m.draft}).then(
      (saved) => response.status(201).json(saved),
      (error: unknown) => response.status(400).send(String(error)),
    );
  });

  router.delete('/${n.noun}', async (request, response) => {
    const ids = (request.query.ids ?? '').split(',').filter((id) => id.length > 0);
    const removed = await service.removeAll(ids);
    response.json({ removed });
  });

  router.get('/${n.noun}', (request, response) => {
    ${rng.chance(0.5) ? `service.overview(request.query.owner ?? 'anonymous').then((text) => response.send(text));` : `void service.overview(request.query.owner ?? 'anonymous').then((text) => response.send(text));`}
  });

  return router;
}
`;
}

/** The large module: a workflow class of about WORKFLOW_LINES lines calling services across the project. */
function workflowModule(groups, rng) {
  const count = Math.min(12, groups);
  const used = Array.from({ length: count }, (_, k) => Math.floor((k * groups) / count));
  const imports = [
    `import { writeFileSync } from 'node:fs';`,
    `import { bus } from 'bench:events';`,
    ...used.map((g) => `import { ${groupNames(g).service.cls} } from '${groupNames(g).service.spec}';`),
  ];
  const params = used.map((g, k) => `    private readonly s${k}: ${groupNames(g).service.cls} = new ${groupNames(g).service.cls}(),`);
  const header = `${imports.join('\n')}

export interface StepResult {
  readonly step: string;
  readonly ok: boolean;
  readonly detail: string;
}

/** Orchestrates the fulfilment steps across services. */
export class FulfilmentWorkflow {
  private readonly log: StepResult[] = [];

  constructor(
${params.join('\n')}
  ) {}
`;
  const lines = header.split('\n');
  const methods = [];
  let step = 0;
  const methodFor = (k) => {
    const a = rng.int(0, count - 1);
    const b = (a + 1 + rng.int(0, count - 2)) % count;
    const name = `step${k}`;
    switch (k % 6) {
      case 0:
        return `
  async ${name}(id: string, ownerId: string): Promise<StepResult> {
    const first = await this.s${a}.details(id, ownerId);
    const second = await this.s${b}.details(id, ownerId);
    const ok = first.item !== undefined && second.item !== undefined;
    const result = { step: '${name}', ok, detail: \`\${first.summary} + \${second.summary}\` };
    this.log.push(result);
    return result;
  }
`;
      case 1:
        return `
  async ${name}(ids: readonly string[], ownerId: string): Promise<StepResult> {
    const summaries: string[] = [];
    for (const id of ids) {
      const details = await this.s${a}.details(id, ownerId);
      summaries.push(details.summary);
    }
    bus.emit('${name}.done', summaries.length);
    return { step: '${name}', ok: summaries.length === ids.length, detail: summaries.join('; ') };
  }
`;
      case 2:
        return `
  async ${name}(ownerId: string): Promise<StepResult> {
    try {
      const overview = await this.s${a}.overview(ownerId);
      writeFileSync(\`reports/${name}-\${ownerId}.txt\`, overview);
      return { step: '${name}', ok: true, detail: overview };
    } catch (error) {
      return { step: '${name}', ok: false, detail: String(error) };
    }
  }
`;
      case 3:
        return `
  async ${name}(ids: readonly string[]): Promise<StepResult> {
    const [left, right] = await Promise.all([this.s${a}.loadMany(ids), this.s${b}.loadMany(ids)]);
    const detail = \`\${left.length} and \${right.length} loaded\`;
    if (left.length !== right.length) {
      this.s${a}.refresh(ids[0] ?? 'anonymous');
    }
    return { step: '${name}', ok: left.length === right.length, detail };
  }
`;
      case 4:
        return `
  ${name}(ids: readonly string[]): void {
    this.s${a}.removeAll(ids);
    const total = ids.length;
    if (total > ${rng.int(10, 500)}) {
      console.warn('large removal in ${name}', total);
    }
    this.log.push({ step: '${name}', ok: true, detail: \`\${total} scheduled\` });
  }
`;
      default:
        return `
  async ${name}(id: string, ownerId: string): Promise<StepResult> {
    const details = await this.s${a}.details(id, ownerId);
    if (!details.item) {
      return { step: '${name}', ok: false, detail: 'missing' };
    }
    const overview = await this.s${a}.overview(ownerId);
    await bus.emit('${name}.checked', { id, overview });
    return { step: '${name}', ok: true, detail: overview.slice(0, ${rng.int(20, 200)}) };
  }
`;
    }
  };
  let total = lines.length + 6;
  while (total < WORKFLOW_LINES) {
    const method = methodFor(step++);
    methods.push(method);
    total += method.split('\n').length - 1;
  }
  const footer = `
  results(): readonly StepResult[] {
    return this.log;
  }
}
`;
  return header + methods.join('') + footer;
}

/** The files of a project of `modules` modules, as [relative path, text] pairs. */
export function generateFiles(modules, seed = 1) {
  if (!Number.isInteger(modules) || modules < 8) throw new Error(`a project needs at least 8 modules, not ${modules}`);
  const rng = random(seed * 7919 + modules);
  const files = [
    ['tsconfig.json', TSCONFIG],
    ['src/env.d.ts', ENV_D_TS],
  ];
  const ordinary = modules - 1;
  const groups = Math.ceil(ordinary / 4);
  for (let index = 0; index < ordinary; index++) {
    const g = Math.floor(index / 4);
    const n = groupNames(g);
    switch (index % 4) {
      case 0:
        files.push([n.model.file, modelModule(g, rng)]);
        break;
      case 1:
        files.push([n.repository.file, repositoryModule(g, rng)]);
        break;
      case 2:
        files.push([n.service.file, serviceModule(g, rng)]);
        break;
      default:
        files.push([n.handler.file, handlerModule(g, rng)]);
    }
  }
  const servicesGroups = Math.floor((ordinary - 3) / 4) + 1; // groups whose service module exists
  files.push([WORKFLOW_FILE, workflowModule(Math.min(groups, servicesGroups), rng)]);
  return files;
}

/**
 * Writes the project of `modules` modules into `dir` (default: the cache's
 * projects/modules-N), unless the same generator version already wrote it.
 * Returns { dir, modules, files, lines, bytes }.
 */
export function generateProject(modules, dir = path.join(defaultProjectsDir(), `modules-${modules}`), seed = 1) {
  const stampFile = path.join(dir, '.generated.json');
  try {
    const stamp = JSON.parse(fs.readFileSync(stampFile, 'utf8'));
    if (stamp.version === GENERATOR_VERSION && stamp.modules === modules && stamp.seed === seed) return { dir, ...stamp };
  } catch {
    // Not generated yet, or by another version: write it.
  }
  fs.rmSync(dir, { recursive: true, force: true });
  let lines = 0;
  let bytes = 0;
  const files = generateFiles(modules, seed);
  for (const [relative, text] of files) {
    const full = path.join(dir, relative);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, text);
    if (relative.endsWith('.ts') && !relative.endsWith('.d.ts')) {
      lines += text.split('\n').length - 1;
      bytes += Buffer.byteLength(text);
    }
  }
  const stamp = { version: GENERATOR_VERSION, modules, seed, files: files.length, lines, bytes };
  fs.writeFileSync(stampFile, `${JSON.stringify(stamp, null, 2)}\n`);
  return { dir, ...stamp };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const modules = Number(process.argv[2] ?? 1000);
  const result = generateProject(modules, process.argv[3] ? path.resolve(process.argv[3]) : undefined);
  console.log(`${result.dir}: ${result.modules} modules, ${result.lines} lines`);
}
