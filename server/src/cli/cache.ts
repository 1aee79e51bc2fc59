import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import type { LocatedFinding } from './report';

/** Bumped when the cache file's shape changes. */
const FORMAT = 1;

/** What a cached file produced: its findings, or why it was not analysed. */
export type CachedResult = { readonly findings: readonly LocatedFinding[] } | { readonly skipped: string };

interface Entry {
  /** The project's options and files, hashed: a new file or option may change any file's types. */
  readonly projectKey: string;
  /** The analysis options (severities, rule options, type-aware) of this file, hashed. */
  readonly configKey: string;
  /** The hash of the analysed text. */
  readonly textHash: string;
  /** True when only syntax rules ran: then nothing but the file's own text matters. */
  readonly syntaxOnly: boolean;
  readonly result: CachedResult;
}

interface CacheData {
  readonly format: number;
  /** asynclint's version and the hash of the running build: new rules invalidate everything. */
  readonly tool: string;
  readonly entries: Record<string, Entry>;
  /** The hash of every file of the programs analysed so far, as they were analysed. */
  readonly hashes: Record<string, string>;
  /** Each such file's direct dependencies: resolved imports, references and type references. */
  readonly imports: Record<string, string[]>;
  /** Per project key, the files every file of the project depends on (global declarations). */
  readonly globals: Record<string, string[]>;
}

export function hashText(text: string): string {
  return createHash('sha1').update(text).digest('base64url');
}

/**
 * `--cache`: remembers each file's findings with what they depend on, so a
 * file is analysed again only when its text, its configuration, its project or
 * a file it depends on (through the program's import graph, transitively, and
 * the project's global declarations) has changed, or asynclint itself has.
 *
 * A hit needs no program at all: the dependencies recorded last time are
 * hashed from disk and compared, which costs a fraction of type-checking.
 * Unchanged text resolves its imports to the same files; a project whose file
 * list changed invalidates all its entries, since a new file may shadow a
 * module another file imported.
 */
export class AnalysisCache {
  private data: CacheData;
  private readonly diskHashes = new Map<string, string | undefined>();
  private dirty: Set<string> | undefined;
  private changed = false;

  private constructor(
    private readonly location: string,
    tool: string,
    loaded: CacheData | undefined,
  ) {
    this.data = loaded ?? { format: FORMAT, tool, entries: {}, hashes: {}, imports: {}, globals: {} };
  }

  /** Reads the cache file; a missing, unreadable, corrupt or outdated one starts empty. */
  static load(location: string, tool: string, log: (message: string) => void): AnalysisCache {
    let loaded: CacheData | undefined;
    try {
      const data = JSON.parse(fs.readFileSync(location, 'utf8')) as CacheData;
      if (data && data.format === FORMAT && data.tool === tool && typeof data.entries === 'object') loaded = data;
      else log(`the cache ${location} was written by another version of asynclint: starting afresh`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') log(`cannot read the cache ${location}: ${(error as Error).message}; starting afresh`);
    }
    return new AnalysisCache(location, tool, loaded);
  }

  /** The cached result for `file`, when nothing it depends on has changed. */
  lookup(file: string, projectKey: string, configKey: string, syntaxOnly: boolean): CachedResult | undefined {
    const entry = this.data.entries[file];
    if (!entry || entry.projectKey !== projectKey || entry.configKey !== configKey || entry.syntaxOnly !== syntaxOnly) return undefined;
    if (entry.textHash !== this.diskHash(file)) return undefined;
    if (syntaxOnly) return entry.result;
    const dirty = this.dirtyFiles();
    if (dirty.has(file)) return undefined;
    for (const global of this.data.globals[projectKey] ?? []) if (dirty.has(global)) return undefined;
    return entry.result;
  }

  /** Records the result of a file analysed in `program`. */
  store(file: string, projectKey: string, configKey: string, text: string, syntaxOnly: boolean, result: CachedResult): void {
    this.data.entries[file] = { projectKey, configKey, textHash: hashText(text), syntaxOnly, result };
    this.changed = true;
  }

  /** Records the import graph and the text hashes of a program the files of a project were analysed with. */
  recordProgram(projectKey: string, program: ts.Program): void {
    const fileNameOfPath = new Map<string, string>();
    const globals: string[] = [];
    for (const sourceFile of program.getSourceFiles()) {
      if (program.isSourceFileDefaultLibrary(sourceFile)) continue;
      const fileName = sourceFile.fileName;
      fileNameOfPath.set((sourceFile as unknown as { path?: string }).path ?? fileName, fileName);
      this.data.hashes[fileName] = hashText(sourceFile.text);
      const references = sourceFile.referencedFiles.map((reference) => path.resolve(path.dirname(fileName), reference.fileName).replace(/\\/g, '/'));
      this.data.imports[fileName] = references.filter((reference) => program.getSourceFile(reference) !== undefined);
      // A script's declarations are global, and so are a module's `declare global` / `declare module` blocks.
      if (!ts.isExternalModule(sourceFile) || /\bdeclare\s+(global|module)\b/.test(sourceFile.text)) globals.push(fileName);
    }
    const internal = program as unknown as {
      forEachResolvedModule?: (callback: (resolution: ts.ResolvedModuleWithFailedLookupLocations, name: string, mode: unknown, filePath: string) => void) => void;
      forEachResolvedTypeReferenceDirective?: (
        callback: (resolution: ts.ResolvedTypeReferenceDirectiveWithFailedLookupLocations, name: string, mode: unknown, filePath: string) => void,
      ) => void;
    };
    const addDependency = (filePath: string, resolved: string | undefined) => {
      const importer = fileNameOfPath.get(filePath);
      if (!importer || !resolved) return;
      const target = resolved.replace(/\\/g, '/');
      const list = this.data.imports[importer];
      if (!list.includes(target)) list.push(target);
    };
    if (internal.forEachResolvedModule && internal.forEachResolvedTypeReferenceDirective) {
      internal.forEachResolvedModule((resolution, _name, _mode, filePath) => addDependency(filePath, resolution.resolvedModule?.resolvedFileName));
      internal.forEachResolvedTypeReferenceDirective((resolution, _name, _mode, filePath) => addDependency(filePath, resolution.resolvedTypeReferenceDirective?.resolvedFileName));
    } else {
      // Without the compiler's import graph, every file of the program counts for every other.
      globals.splice(0, globals.length, ...fileNameOfPath.values());
    }
    this.data.globals[projectKey] = globals;
    this.dirty = undefined;
    this.changed = true;
  }

  /** Writes the cache file (atomically: a run killed halfway leaves the previous one). Returns an error message or undefined. */
  save(): string | undefined {
    if (!this.changed) return undefined;
    const temporary = `${this.location}.${process.pid}.tmp`;
    try {
      fs.mkdirSync(path.dirname(this.location), { recursive: true });
      fs.writeFileSync(temporary, JSON.stringify(this.data));
      fs.renameSync(temporary, this.location);
      return undefined;
    } catch (error) {
      fs.rmSync(temporary, { force: true });
      return `cannot write the cache ${this.location}: ${(error as Error).message}`;
    }
  }

  private diskHash(file: string): string | undefined {
    if (!this.diskHashes.has(file)) {
      let hash: string | undefined;
      try {
        hash = hashText(fs.readFileSync(file, 'utf8'));
      } catch {
        hash = undefined;
      }
      this.diskHashes.set(file, hash);
    }
    return this.diskHashes.get(file);
  }

  /**
   * Files whose text changed since they were recorded, and every file that
   * depends on one of them, transitively (the reverse import graph).
   */
  private dirtyFiles(): Set<string> {
    if (this.dirty) return this.dirty;
    const importers = new Map<string, string[]>();
    for (const [importer, dependencies] of Object.entries(this.data.imports)) {
      for (const dependency of dependencies) {
        const list = importers.get(dependency);
        if (list) list.push(importer);
        else importers.set(dependency, [importer]);
      }
    }
    const dirty = new Set<string>();
    const queue: string[] = [];
    for (const [file, hash] of Object.entries(this.data.hashes)) {
      if (this.diskHash(file) !== hash) {
        dirty.add(file);
        queue.push(file);
      }
    }
    while (queue.length > 0) {
      for (const importer of importers.get(queue.pop()!) ?? []) {
        if (!dirty.has(importer)) {
          dirty.add(importer);
          queue.push(importer);
        }
      }
    }
    this.dirty = dirty;
    return dirty;
  }
}
