import * as fs from 'node:fs';
import * as path from 'node:path';
import { PYTHON_PROJECT_MARKERS } from '../knowledge/python';
import { PyModule } from './module';
import { parsePython, type PyNode } from './parser';

/** Reads a file for the analysis: open editor buffers first, then the disk. Undefined when it does not exist. */
export type ReadPythonFile = (file: string) => string | undefined;

export const readFromDisk: ReadPythonFile = (file) => {
  try {
    return fs.statSync(file).isFile() ? fs.readFileSync(file, 'utf8') : undefined;
  } catch {
    return undefined;
  }
};

/** Files past this size are not parsed as imported modules (generated code): what they define stays unknown. */
const MAX_MODULE_BYTES = 2 * 1024 * 1024;

/**
 * The Python modules of one project, parsed on demand: the rules follow
 * imports into project modules (`async def` versus `def`, what a helper calls)
 * but never into installed packages, which stay known only through the
 * knowledge base. Nothing is imported or run.
 */
export class PyProject {
  private readonly modules = new Map<string, { text: string; module: PyModule } | null>();
  /** Files read since the last `refresh()`: a project is read once per analysis, however often its modules are consulted. */
  private readonly texts = new Map<string, string | undefined>();
  private readonly resolved = new Map<string, PyModule | undefined>();
  private readonly names = new Map<string, { name: string; root: string }>();

  constructor(private readonly reader: ReadPythonFile = readFromDisk) {}

  /** Forgets what was read: the next analysis sees the files (and editor buffers) as they are now. */
  refresh(): void {
    this.texts.clear();
    this.resolved.clear();
    this.names.clear();
    this.readOnly.clear();
    // Parses stay (a changed text is parsed again), but what names resolved to may have changed with other files.
    for (const entry of this.modules.values()) entry?.module.forgetResolutions();
  }

  /** Whether a project `async def` only reads, as the rules found it since the last refresh. */
  readonly readOnly = new Map<PyNode, boolean>();

  private read(file: string): string | undefined {
    if (this.texts.has(file)) return this.texts.get(file);
    const text = this.reader(file);
    this.texts.set(file, text);
    return text;
  }

  /** The module in `file`, parsed from `text` when given (the editor's buffer), else read. */
  module(file: string, text?: string): PyModule | undefined {
    const current = text ?? this.read(file);
    if (current === undefined || current.length > MAX_MODULE_BYTES) return undefined;
    const cached = this.modules.get(file);
    if (cached && cached.text === current) return cached.module;
    const module = new PyModule(file, parsePython(current), this);
    this.modules.set(file, { text: current, module });
    return module;
  }

  /** Forget a file's parse, e.g. after it changed on disk. */
  invalidate(file: string): void {
    this.modules.delete(file);
  }

  /** The dotted name of the module in `file` (`pkg.sub.mod`), counting the folders that are packages (hold `__init__.py`). */
  moduleName(file: string): { name: string; root: string } {
    const cached = this.names.get(file);
    if (cached) return cached;
    const parts = [path.basename(file, '.py')];
    let directory = path.dirname(file);
    if (parts[0] === '__init__') parts.pop();
    while (this.read(path.join(directory, '__init__.py')) !== undefined) {
      parts.unshift(path.basename(directory));
      const parent = path.dirname(directory);
      if (parent === directory) break;
      directory = parent;
    }
    const result = { name: parts.join('.'), root: directory };
    this.names.set(file, result);
    return result;
  }

  /** The file of module `name` as seen from `fromFile`, when it is part of the project. */
  resolveModule(name: string, fromFile: string): PyModule | undefined {
    const key = `${path.dirname(fromFile)}\0${name}`;
    if (this.resolved.has(key)) return this.resolved.get(key);
    const found = this.findModule(name, fromFile);
    this.resolved.set(key, found);
    return found;
  }

  private findModule(name: string, fromFile: string): PyModule | undefined {
    const { root } = this.moduleName(fromFile);
    const bases = new Set([root, path.dirname(fromFile)]);
    const projectRoot = this.projectRoot(fromFile);
    if (projectRoot) {
      bases.add(projectRoot);
      bases.add(path.join(projectRoot, 'src'));
    }
    const relative = name.split('.');
    for (const base of bases) {
      for (const candidate of [path.join(base, ...relative) + '.py', path.join(base, ...relative, '__init__.py')]) {
        const module = this.module(candidate);
        if (module) return module;
      }
    }
    return undefined;
  }

  /** The nearest folder above `file` with a pyproject.toml, setup.py or setup.cfg. */
  projectRoot(file: string): string | undefined {
    const key = `root\0${path.dirname(file)}`;
    if (this.names.has(key)) return this.names.get(key)!.root || undefined;
    const root = this.findProjectRoot(file);
    this.names.set(key, { name: '', root: root ?? '' });
    return root;
  }

  private findProjectRoot(file: string): string | undefined {
    for (let directory = path.dirname(file); ; directory = path.dirname(directory)) {
      if (PYTHON_PROJECT_MARKERS.some((name) => this.read(path.join(directory, name)) !== undefined)) return directory;
      if (path.dirname(directory) === directory) return undefined;
    }
  }

  /**
   * The oldest Python 3 minor version the project supports, from
   * `requires-python` (or Poetry's `python` dependency) in pyproject.toml:
   * fixes that need a newer asyncio are not offered below it. Undefined when
   * the project does not say.
   */
  minimumPythonMinor(file: string): number | undefined {
    const root = this.projectRoot(file);
    if (!root) return undefined;
    const text = this.read(path.join(root, 'pyproject.toml')) ?? '';
    const specifier = /^\s*requires-python\s*=\s*["']([^"']+)["']/m.exec(text)?.[1] ?? /^\s*python\s*=\s*["']([^"']+)["']/m.exec(text)?.[1];
    return specifier ? minimumMinor(specifier) : undefined;
  }
}

/** `>=3.9`, `>=3.10,<4`, `~=3.11`, `^3.8`, `==3.12.*` → the lowest minor version allowed. */
export function minimumMinor(specifier: string): number | undefined {
  let lowest: number | undefined;
  for (const clause of specifier.split(',')) {
    const match = /^\s*(>=|~=|\^|==|>)?\s*3\.(\d+)/.exec(clause);
    if (!match) continue;
    const minor = Number(match[2]) + (match[1] === '>' ? 1 : 0);
    lowest = lowest === undefined ? minor : Math.max(lowest, minor);
  }
  return lowest;
}
