import * as path from 'node:path';
import * as ts from 'typescript';
import { syntaxDepth } from '../core/engine';
import { defaultLibFilePath } from './libFiles';
import { ancestorConfigFiles, CONFIG_FILE_NAMES, inferredProjectOptions, readProjectConfig, type ProjectConfig } from './tsconfig';

/** Text of files that an editor holds open, which take precedence over the disk. */
export interface OpenFiles {
  text(fileName: string): string | undefined;
  version(fileName: string): number | undefined;
}

export const NO_OPEN_FILES: OpenFiles = { text: () => undefined, version: () => undefined };

/**
 * Where the engine reports what it does: `warning` for what a user should see,
 * `info` for what a person reading the log should know (a project loaded), `debug`
 * for routine events (an analysis superseded by an edit) that only help when
 * tracing a problem.
 */
export type Log = (message: string, level?: 'debug' | 'info' | 'warning') => void;

/**
 * Files past this size are not analysed: parsing them would stall the editor
 * for little value. Checked on the size on disk before the compiler reads a
 * file (a 20 MB file costs half a minute and gigabytes to parse).
 */
export const MAX_ANALYSED_FILE_BYTES = 8 * 1024 * 1024;

/** How many files one program build may quarantine before giving up. */
const MAX_QUARANTINED_PER_BUILD = 8;

function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

export function tooLargeReason(size: number): string {
  return `the file is too large to analyse (${(size / 1024 / 1024).toFixed(1)} MB; the limit is ${MAX_ANALYSED_FILE_BYTES / 1024 / 1024} MB)`;
}

function describeOverflow(depth: number): string {
  return depth === Infinity
    ? 'TypeScript overflowed its stack on it (nested too deep for its parser)'
    : `TypeScript overflowed its stack on it (syntax nested ${depth} levels deep)`;
}

/**
 * On Linux and macOS a backslash is an ordinary character of a file name, but
 * the compiler reads every backslash as a folder separator, so `a\\b.ts` would
 * be looked for as `a/b.ts` and silently never analysed. Such names reach the
 * compiler with this look-alike instead, and are turned back (diskFileName)
 * where the disk is read or a file is named to the user.
 */
export const BACKSLASH_STAND_IN = '\u2216';
const POSIX = path.sep === '/';

export function normalizeFileName(fileName: string): string {
  const resolved = path.resolve(fileName);
  return POSIX ? resolved.replace(/\\/g, BACKSLASH_STAND_IN) : resolved.replace(/\\/g, '/');
}

/** The name of a file on disk, from its normalized name (see BACKSLASH_STAND_IN). */
export function diskFileName(fileName: string): string {
  return POSIX && fileName.includes(BACKSLASH_STAND_IN) ? fileName.replace(/\u2216/g, '\\') : fileName;
}

/** Extensions asynclint analyses. */
export const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'] as const;

export function isSourceFileName(fileName: string): boolean {
  return SOURCE_EXTENSIONS.some((extension) => fileName.endsWith(extension)) && !fileName.endsWith('.d.ts');
}

/**
 * One TypeScript program kept up to date incrementally by a language service:
 * either a tsconfig.json project or an inferred project for loose files.
 */
export class Project {
  private config: ProjectConfig | undefined;
  private rootFiles: Set<string>;
  private options: ts.CompilerOptions;
  private projectVersion = 0;
  private loaded = false;
  /** Files shown to the compiler as empty because it overflowed its stack on them: name → nesting depth. */
  private readonly quarantined = new Map<string, number>();
  readonly languageService: ts.LanguageService;

  constructor(
    readonly name: string,
    readonly configFile: string | undefined,
    config: ProjectConfig | undefined,
    inferredDirectory: string | undefined,
    private readonly host: ProjectHost,
  ) {
    this.config = config;
    this.rootFiles = new Set(config?.fileNames ?? []);
    this.options = config?.options ?? inferredProjectOptions(inferredDirectory ?? '/');
    this.languageService = ts.createLanguageService(this.createHost(), host.documentRegistry, ts.LanguageServiceMode.Semantic);
  }

  /** False until the first program is built: the slow first load (every file parsed) is still ahead. */
  get isLoaded(): boolean {
    return this.loaded;
  }

  get isInferred(): boolean {
    return this.configFile === undefined;
  }

  get problems(): readonly string[] {
    return this.config?.problems ?? [];
  }

  get adjustments(): readonly string[] {
    return this.config?.adjustments ?? [];
  }

  /** The compiler options the project is analysed with (after the analysis overrides). */
  get compilerOptions(): ts.CompilerOptions {
    return this.options;
  }

  get references(): readonly string[] {
    return this.config?.references ?? [];
  }

  /** Root files: the files the tsconfig.json names, or the loose files added to an inferred project. */
  get fileNames(): readonly string[] {
    return [...this.rootFiles];
  }

  hasRootFile(fileName: string): boolean {
    return this.rootFiles.has(fileName);
  }

  /** Adds a loose file to an inferred project. */
  addRootFile(fileName: string): void {
    if (this.rootFiles.has(fileName)) return;
    this.rootFiles.add(fileName);
    this.markChanged();
  }

  removeRootFile(fileName: string): void {
    if (this.rootFiles.delete(fileName)) this.markChanged();
  }

  /** Re-reads the tsconfig.json, e.g. after it or the set of files on disk changed. */
  reload(config: ProjectConfig): void {
    this.config = config;
    this.quarantined.clear();
    this.rootFiles = new Set(config.fileNames);
    this.options = config.options;
    this.markChanged();
  }

  markChanged(): void {
    this.projectVersion++;
  }

  /**
   * The current program, brought up to date with open documents and the disk.
   *
   * Creating the type checker binds every file, and TypeScript's binder and
   * checker recurse once per level of nesting: one generated file with a chain
   * of a thousand calls overflows the stack and would take the whole project
   * down. When that happens the deepest file is quarantined (the compiler sees
   * it as empty, so nothing is inferred from it) and the program is rebuilt;
   * the file itself is still analysed by the syntax-only rules.
   */
  getProgram(): ts.Program {
    for (let attempt = 0; ; attempt++) {
      try {
        const program = this.languageService.getProgram();
        if (!program) throw new Error(`no program for project ${this.name}`);
        this.loaded = true;
        return program;
      } catch (error) {
        if (!isStackOverflow(error) || attempt >= MAX_QUARANTINED_PER_BUILD) throw error;
        const culprit = this.deepestFile();
        if (!culprit) throw error;
        this.quarantined.set(culprit.fileName, culprit.depth);
        this.host.log(`type-aware rules skipped for ${culprit.fileName}: ${describeOverflow(culprit.depth)}; ` + 'the rest of the project is analysed without it', 'warning');
        this.languageService.cleanupSemanticCache();
        this.markChanged();
      }
    }
  }

  /** The text the project reads for a file: the open document's, else the disk's. */
  readFile(fileName: string): string | undefined {
    return this.host.readFile(normalizeFileName(fileName));
  }

  /** Why a file is not analysed because of its size on disk (or in the editor), if it is too large. */
  sizeReason(fileName: string): string | undefined {
    const size = this.host.tooLarge(normalizeFileName(fileName));
    return size === undefined ? undefined : tooLargeReason(size);
  }

  /** Files the compiler could not handle (see getProgram), with why. */
  quarantineReason(fileName: string): string | undefined {
    const depth = this.quarantined.get(fileName);
    return depth === undefined ? undefined : describeOverflow(depth).replace(' on it', ' on this file');
  }

  private deepestFile(): { fileName: string; depth: number } | undefined {
    let deepest: { fileName: string; depth: number } | undefined;
    for (const fileName of this.rootFiles) {
      if (this.quarantined.has(fileName)) continue;
      const text = this.host.readFile(fileName);
      if (text === undefined) continue;
      let depth: number;
      try {
        depth = syntaxDepth(ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false));
      } catch (error) {
        // The parser itself overflows on it (a thousand nested parentheses): this is the file.
        if (!isStackOverflow(error)) throw error;
        return { fileName, depth: Infinity };
      }
      if (!deepest || depth > deepest.depth) deepest = { fileName, depth };
    }
    return deepest;
  }

  /**
   * Drops the program and its type checker. Called after the checker threw
   * (its caches may be half-written); the next program reuses parsed files.
   */
  discardChecker(): void {
    this.languageService.cleanupSemanticCache();
    this.markChanged();
  }

  dispose(): void {
    this.languageService.dispose();
  }

  private createHost(): ts.LanguageServiceHost {
    const host = this.host;
    return {
      getProjectVersion: () => `${this.projectVersion}`,
      getCompilationSettings: () => this.options,
      getScriptFileNames: () => [...this.rootFiles],
      getScriptVersion: (fileName) => {
        const file = normalizeFileName(fileName);
        return this.quarantined.has(file) ? 'quarantined' : host.versionOf(file);
      },
      getScriptSnapshot: (fileName) => {
        const file = normalizeFileName(fileName);
        // Too large to analyse: the compiler sees it as empty and the file is reported as skipped.
        if (this.quarantined.has(file) || host.tooLarge(file)) return ts.ScriptSnapshot.fromString('');
        const text = host.readFile(file);
        return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
      },
      getCurrentDirectory: () => (this.configFile ? path.dirname(this.configFile) : host.currentDirectory),
      getDefaultLibFileName: (options) => defaultLibFilePath(options),
      fileExists: (fileName) => host.fileExists(normalizeFileName(fileName)),
      readFile: (fileName) => host.readFile(normalizeFileName(fileName)),
      readDirectory: (...args) => host.system.readDirectory(...args),
      directoryExists: (directory) => host.system.directoryExists(directory),
      getDirectories: (directory) => host.system.getDirectories(directory),
      realpath: host.system.realpath,
      useCaseSensitiveFileNames: () => host.system.useCaseSensitiveFileNames,
    };
  }
}

/** What projects share: the file system, open documents and parsed files. */
class ProjectHost {
  readonly documentRegistry: ts.DocumentRegistry;
  private readonly diskVersions = new Map<string, number>();
  /** Sizes on disk, measured once per change (see tooLarge). */
  private readonly diskSizes = new Map<string, number>();

  constructor(
    readonly system: ts.System,
    readonly openFiles: OpenFiles,
    readonly currentDirectory: string,
    readonly log: Log,
  ) {
    this.documentRegistry = ts.createDocumentRegistry(system.useCaseSensitiveFileNames, currentDirectory);
  }

  versionOf(fileName: string): string {
    const open = this.openFiles.version(fileName);
    return open !== undefined ? `open:${open}` : `disk:${this.diskVersions.get(fileName) ?? 0}`;
  }

  readFile(fileName: string): string | undefined {
    const open = this.openFiles.text(fileName);
    if (open !== undefined) return open;
    try {
      return this.system.readFile(diskFileName(fileName));
    } catch {
      return undefined;
    }
  }

  /**
   * The size of a file when it is over the limit, else undefined. An open
   * document's text is measured as it is; a file on disk by its size, before
   * anything reads it.
   */
  tooLarge(fileName: string): number | undefined {
    const open = this.openFiles.text(fileName);
    if (open !== undefined) return open.length > MAX_ANALYSED_FILE_BYTES ? open.length : undefined;
    let size = this.diskSizes.get(fileName);
    if (size === undefined) {
      try {
        size = this.system.getFileSize?.(diskFileName(fileName)) ?? 0;
      } catch {
        size = 0;
      }
      this.diskSizes.set(fileName, size);
    }
    return size > MAX_ANALYSED_FILE_BYTES ? size : undefined;
  }

  fileExists(fileName: string): boolean {
    return this.openFiles.text(fileName) !== undefined || this.system.fileExists(diskFileName(fileName));
  }

  diskChanged(fileName: string): void {
    this.diskSizes.delete(fileName);
    this.diskVersions.set(fileName, (this.diskVersions.get(fileName) ?? 0) + 1);
  }
}

export interface ProjectServiceOptions {
  readonly system?: ts.System;
  readonly openFiles?: OpenFiles;
  readonly log?: Log;
  /**
   * Folders that group loose files into one inferred project (workspace
   * folders, or the paths given on the command line).
   */
  readonly roots?: readonly string[];
}

/**
 * Finds the project each file belongs to, loading tsconfig.json projects on
 * demand and keeping them current as files change. Used by the language server
 * and the command line alike; it knows nothing of either.
 */
export class ProjectService {
  private readonly host: ProjectHost;
  private readonly log: Log;
  private readonly configProjects = new Map<string, Project>();
  private readonly inferredProjects = new Map<string, Project>();
  private readonly projectOfFile = new Map<string, Project>();
  private roots: string[];

  constructor(options: ProjectServiceOptions = {}) {
    const system = options.system ?? ts.sys;
    this.log = options.log ?? (() => {});
    this.host = new ProjectHost(system, options.openFiles ?? NO_OPEN_FILES, system.getCurrentDirectory(), this.log);
    this.roots = (options.roots ?? []).map(normalizeFileName);
  }

  setRoots(roots: readonly string[]): void {
    this.roots = roots.map(normalizeFileName);
  }

  get projects(): Project[] {
    return [...this.configProjects.values(), ...this.inferredProjects.values()];
  }

  /** The project that `fileName` belongs to: the nearest tsconfig.json that includes it, else an inferred project. */
  projectFor(fileName: string): Project {
    const file = normalizeFileName(fileName);
    const known = this.projectOfFile.get(file);
    if (known) return known;
    const project = this.findConfigProject(file) ?? this.inferredProjectFor(file);
    this.projectOfFile.set(file, project);
    return project;
  }

  /**
   * The tsconfig.json project that owns `fileName` by the editor's rule (the
   * nearest config above it that includes it, following references), without
   * creating an inferred project when there is none.
   */
  configProjectFor(fileName: string): Project | undefined {
    const file = normalizeFileName(fileName);
    const known = this.projectOfFile.get(file);
    if (known) return known.isInferred ? undefined : known;
    return this.findConfigProject(file);
  }

  /**
   * Records that `project` owns `fileName` although it is not the nearest
   * config above it (a tsconfig.json that includes files from a sibling
   * folder): workspace discovery decided so, and projectFor must agree with it.
   */
  assignProject(fileName: string, project: Project): void {
    const file = normalizeFileName(fileName);
    if (!this.projectOfFile.has(file)) this.projectOfFile.set(file, project);
  }

  /** Loads (or returns) the project of one tsconfig.json. */
  configProject(configFile: string): Project {
    const file = normalizeFileName(configFile);
    let project = this.configProjects.get(file);
    if (!project) {
      const config = readProjectConfig(file, this.host.system);
      this.report(file, config);
      project = new Project(file, file, config, undefined, this.host);
      this.configProjects.set(file, project);
    }
    return project;
  }

  /** Tells the service that a file changed on disk (created, changed or deleted). */
  fileChangedOnDisk(fileName: string): void {
    const file = normalizeFileName(fileName);
    this.host.diskChanged(file);
    const base = path.basename(file);
    const isConfig = (CONFIG_FILE_NAMES as readonly string[]).includes(base) || (base.startsWith('tsconfig') && base.endsWith('.json'));
    if (isConfig) {
      // A config (or one it extends) changed: re-read every config project,
      // since `extends` chains make it hard to know which are affected.
      for (const project of this.configProjects.values()) this.reloadConfigProject(project);
      this.projectOfFile.clear();
    } else if (isSourceFileName(file)) {
      // A created or deleted file may enter or leave a project's include globs.
      const exists = this.host.system.fileExists(file);
      for (const project of this.configProjects.values()) {
        const directory = path.dirname(project.configFile!) + '/';
        if (file.startsWith(directory) && exists !== project.hasRootFile(file)) this.reloadConfigProject(project);
      }
      if (!exists) this.projectOfFile.delete(file);
    }
    for (const project of this.projects) project.markChanged();
  }

  /** Tells the service that an open document's text changed. */
  openFileChanged(fileName: string): void {
    const project = this.projectOfFile.get(normalizeFileName(fileName));
    project?.markChanged();
  }

  /** Releases projects none of whose files are in `keep` (the open documents). */
  releaseProjectsWithout(keep: readonly string[]): void {
    const needed = new Set(keep.map((file) => this.projectOfFile.get(normalizeFileName(file))).filter(Boolean));
    for (const [key, project] of [...this.configProjects, ...this.inferredProjects]) {
      if (needed.has(project)) continue;
      project.dispose();
      this.configProjects.delete(key);
      this.inferredProjects.delete(key);
      for (const [file, owner] of this.projectOfFile) if (owner === project) this.projectOfFile.delete(file);
    }
  }

  dispose(): void {
    for (const project of this.projects) project.dispose();
    this.configProjects.clear();
    this.inferredProjects.clear();
    this.projectOfFile.clear();
  }

  private findConfigProject(file: string): Project | undefined {
    for (const configFile of ancestorConfigFiles(file, (candidate) => this.host.system.fileExists(candidate))) {
      const found = this.searchReferences(this.configProject(configFile), file, new Set());
      if (found) return found;
    }
    return undefined;
  }

  /** Solution-style configs list no files of their own, only references to the configs that do. */
  private searchReferences(project: Project, file: string, seen: Set<Project>): Project | undefined {
    if (seen.has(project) || seen.size > 64) return undefined;
    seen.add(project);
    if (project.hasRootFile(file)) return project;
    for (const reference of project.references) {
      if (!this.host.system.fileExists(reference)) continue;
      const found = this.searchReferences(this.configProject(reference), file, seen);
      if (found) return found;
    }
    return undefined;
  }

  private inferredProjectFor(file: string): Project {
    const directory = this.inferredRootOf(file);
    let project = this.inferredProjects.get(directory);
    if (!project) {
      project = new Project(`inferred project for ${directory}`, undefined, undefined, directory, this.host);
      this.inferredProjects.set(directory, project);
      this.log(`${file} belongs to no tsconfig.json: analysing it in an inferred project for ${directory}`);
    }
    project.addRootFile(file);
    return project;
  }

  /** Loose files are grouped by the nearest package.json, else by the deepest root folder that holds them. */
  private inferredRootOf(file: string): string {
    const containingRoot = this.roots.filter((root) => file.startsWith(root + '/')).sort((a, b) => b.length - a.length)[0];
    const stop = containingRoot ?? path.dirname(file);
    for (let current = path.dirname(file); ; current = path.dirname(current)) {
      if (this.host.system.fileExists(`${current}/package.json`)) return current;
      if (current === stop || !current.startsWith(stop) || path.dirname(current) === current) return stop;
    }
  }

  private reloadConfigProject(project: Project): void {
    const config = readProjectConfig(project.configFile!, this.host.system);
    this.report(project.configFile!, config);
    project.reload(config);
  }

  private report(configFile: string, config: ProjectConfig): void {
    this.log(`loaded ${configFile}: ${config.fileNames.length} files`);
    for (const problem of config.problems) this.log(`problem in ${configFile}: ${problem}`, 'warning');
    for (const reference of config.references) {
      if (!this.host.system.fileExists(reference)) this.log(`${configFile} references ${reference}, which does not exist`, 'warning');
    }
    if (config.adjustments.length > 0) {
      this.log(`adjusted ${configFile} to analyse it as its own compiler would: ${config.adjustments.join('; ')}`);
    }
  }
}
