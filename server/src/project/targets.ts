import * as fs from 'node:fs';
import * as path from 'node:path';
import { isPythonFileName } from '../core/python/parser';
import { BACKSLASH_STAND_IN, diskFileName, isSourceFileName, normalizeFileName, type Project, type ProjectService } from './projects';
import { CONFIG_FILE_NAMES } from './tsconfig';

/** A path given to analyse that does not exist or is not a source file. */
export class PathError extends Error {}

/** Folders never searched for loose files. */
const SKIPPED_FOLDERS = new Set(['node_modules', 'bower_components']);

/** One file to analyse and the project that owns it. */
export interface Target {
  readonly file: string;
  readonly project: Project;
}

/**
 * Expands the command line's paths (and the editor's workspace folders) into
 * the files to analyse: see discoverTargets.
 */
export function collectTargets(paths: readonly string[], service: ProjectService, unreadable: string[] = []): string[] {
  return discoverTargets(paths, service, unreadable).map((target) => target.file);
}

/**
 * The files to analyse under the given paths, each once, with the project that
 * owns it, sorted by file name.
 *
 * A folder is searched for every tsconfig.json (and jsconfig.json) below it:
 * nested packages and solution-style configs alike, each followed through its
 * references. A file belongs to the nearest config above it that includes it
 * (the editor's rule), else to a discovered config that includes it from
 * elsewhere. A file under the folder of a discovered config that includes files
 * of its own, yet not this one, was excluded on purpose (build output, fixtures)
 * and is left out. Any other source file is analysed in an inferred project.
 * A file named explicitly is always analysed.
 *
 * Files and folders that cannot be read are listed in `unreadable`
 * ("<path>: <reason>"), so that a run that could not see everything does not
 * pass as a clean one.
 */
export function discoverTargets(paths: readonly string[], service: ProjectService, unreadable: string[] = []): Target[] {
  const owners = new Map<string, Project>();
  for (const given of paths) {
    const absolute = normalizeFileName(given);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(absolute);
    } catch {
      throw new PathError(`no such file or folder: ${given}`);
    }
    if (stat.isFile()) {
      // Python files are found by discoverPythonFiles.
      if (isPythonFileName(absolute)) continue;
      if (!isSourceFileName(absolute)) throw new PathError(`not a JavaScript, TypeScript or Python source file: ${given}`);
      if (!owners.has(absolute)) owners.set(absolute, service.projectFor(absolute));
    } else if (stat.isDirectory()) {
      discoverFolder(absolute, service, owners, unreadable);
    }
  }
  for (const file of owners.keys()) {
    const problem = unreadableReason(diskFileName(file));
    if (problem) {
      unreadable.push(`${diskFileName(file)}: ${problem}`);
      owners.delete(file);
    }
  }
  // Named as on disk: the caller reads and writes them (the projects take either form).
  return [...owners].map(([file, project]) => ({ file: diskFileName(file), project })).sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

function discoverFolder(folder: string, service: ProjectService, owners: Map<string, Project>, unreadable: string[]): void {
  const sources = new Set<string>();
  const configFiles: string[] = [];
  walk(folder, sources, configFiles, unreadable);

  // Every config below the folder, and every config they reference, in a fixed order.
  const projects: Project[] = [];
  const seen = new Set<string>();
  const visit = (configFile: string) => {
    if (seen.has(configFile) || seen.size > 10_000) return;
    seen.add(configFile);
    const project = service.configProject(configFile);
    projects.push(project);
    for (const reference of project.references) if (fs.existsSync(reference)) visit(reference);
  };
  for (const configFile of configFiles.sort()) visit(configFile);

  for (const project of projects) {
    for (const file of project.fileNames) if (isSourceFileName(file) && !file.includes('/node_modules/')) sources.add(file);
  }
  // Configs that include files of their own exclude the rest of their folder; solution-style ones exclude nothing.
  const excludingFolders = projects.filter((project) => project.fileNames.length > 0).map((project) => `${path.dirname(project.configFile!)}/`);

  for (const file of [...sources].sort()) {
    if (owners.has(file)) continue;
    let owner = service.configProjectFor(file);
    if (!owner) {
      owner = projects.find((project) => project.hasRootFile(file));
      if (owner) service.assignProject(file, owner);
    }
    if (!owner) {
      if (excludingFolders.some((prefix) => file.startsWith(prefix))) continue;
      owner = service.projectFor(file);
    }
    owners.set(file, owner);
  }
}

/** Walks a folder by normalized names (see BACKSLASH_STAND_IN), reading the disk by the real ones. */
function walk(directory: string, files: Set<string>, configFiles: string[], unreadable: string[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(diskFileName(directory), { withFileTypes: true });
  } catch (error) {
    unreadable.push(`${diskFileName(directory)}: ${describe(error)}`);
    return;
  }
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const full = `${directory}/${path.sep === '/' ? entry.name.replace(/\\/g, BACKSLASH_STAND_IN) : entry.name}`;
    if (entry.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(entry.name)) walk(full, files, configFiles, unreadable);
    } else if (entry.isFile() && isSourceFileName(full)) {
      files.add(full);
    } else if (entry.isFile() && (CONFIG_FILE_NAMES as readonly string[]).includes(entry.name)) {
      configFiles.push(full);
    }
  }
}

/** Why a file cannot be read, or undefined. */
function unreadableReason(file: string): string | undefined {
  try {
    fs.accessSync(file, fs.constants.R_OK);
    return undefined;
  } catch (error) {
    return describe(error);
  }
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (error as Error).message;
}

/** Folders that hold installed Python packages or caches rather than the project's code. */
const PYTHON_SKIPPED_FOLDERS = new Set(['__pycache__', 'site-packages', 'node_modules']);

/**
 * The Python files under the given paths (a `.py` file named explicitly, and
 * every `.py` file below a folder), sorted. Virtual environments (`venv/`,
 * `env/`: a folder with a pyvenv.cfg) and dot-folders are not searched.
 */
export function discoverPythonFiles(paths: readonly string[]): string[] {
  const files = new Set<string>();
  const walkPython = (directory: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(directory, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const full = `${directory}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!PYTHON_SKIPPED_FOLDERS.has(entry.name) && !fs.existsSync(path.join(full, 'pyvenv.cfg'))) walkPython(full);
      } else if (entry.isFile() && isPythonFileName(full)) {
        files.add(full);
      }
    }
  };
  for (const given of paths) {
    const absolute = normalizeFileName(given);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(absolute);
    } catch {
      continue; // discoverTargets reports it.
    }
    if (stat.isFile() && isPythonFileName(absolute)) files.add(absolute);
    else if (stat.isDirectory()) walkPython(absolute);
  }
  return [...files].sort();
}
