import * as fs from 'node:fs';
import * as path from 'node:path';
import { isPythonFileName } from '../core/python/parser';
import { isSourceFileName, normalizeFileName, type ProjectService } from './projects';

/** A path given to analyse that does not exist or is not a source file. */
export class PathError extends Error {}

/** Folders never searched for loose files. */
const SKIPPED_FOLDERS = new Set(['node_modules', 'bower_components']);


/**
 * Expands the command line's paths into the files to analyse. A folder with a
 * tsconfig.json means that project's files (following its references); any
 * other folder means the source files under it.
 */
export function collectTargets(paths: readonly string[], service: ProjectService): string[] {
  const files = new Set<string>();
  for (const given of paths) {
    const absolute = normalizeFileName(given);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(absolute);
    } catch {
      throw new PathError(`no such file or folder: ${given}`);
    }
    if (stat.isFile()) {
      if (!isSourceFileName(absolute) && !isPythonFileName(absolute)) throw new PathError(`not a JavaScript, TypeScript or Python source file: ${given}`);
      files.add(absolute);
    } else if (stat.isDirectory()) {
      const before = files.size;
      const configFile = path.join(absolute, 'tsconfig.json');
      if (fs.existsSync(configFile)) addProjectFiles(configFile, service, files, new Set());
      if (files.size === before) walk(absolute, files);
      else walkPython(absolute, files);
    }
  }
  return [...files].sort();
}

function addProjectFiles(configFile: string, service: ProjectService, files: Set<string>, seen: Set<string>): void {
  if (seen.has(configFile)) return;
  seen.add(configFile);
  const project = service.configProject(configFile);
  for (const file of project.fileNames) {
    if (isSourceFileName(file) && !file.includes('/node_modules/')) files.add(file);
  }
  for (const reference of project.references) {
    if (fs.existsSync(reference)) addProjectFiles(reference, service, files, seen);
  }
}

function walk(directory: string, files: Set<string>): void {
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
      if (!SKIPPED_FOLDERS.has(entry.name) && entry.name !== '__pycache__' && entry.name !== 'site-packages' && !isVirtualEnvironment(full)) walk(full, files);
    } else if (entry.isFile() && (isSourceFileName(full) || isPythonFileName(full))) {
      files.add(full);
    }
  }
}

/** Folders that hold installed Python packages rather than the project's code. */
const PYTHON_INSTALL_FOLDERS = new Set(['__pycache__', 'site-packages', 'node_modules']);

/** The Python files under a folder whose JavaScript side came from its tsconfig.json (a project in both languages). */
function walkPython(directory: string, files: Set<string>): void {
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
      if (!PYTHON_INSTALL_FOLDERS.has(entry.name) && !isVirtualEnvironment(full)) walkPython(full, files);
    } else if (entry.isFile() && isPythonFileName(full)) {
      files.add(full);
    }
  }
}

/** A virtual environment (`venv/`, `env/`) holds installed packages: it has a pyvenv.cfg. */
export function isVirtualEnvironment(directory: string): boolean {
  return fs.existsSync(path.join(directory, 'pyvenv.cfg'));
}
