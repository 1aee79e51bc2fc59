import * as fs from 'node:fs';
import * as path from 'node:path';
import { diskFileName, isSourceFileName, normalizeFileName, type ProjectService } from './projects';

/** A path given to analyse that does not exist or is not a source file. */
export class PathError extends Error {}

/** Folders never searched for loose files. */
const SKIPPED_FOLDERS = new Set(['node_modules', 'bower_components']);


/**
 * Expands the command line's paths into the files to analyse. A folder with a
 * tsconfig.json means that project's files (following its references); any
 * other folder means the source files under it. Files and folders that cannot
 * be read are listed in `unreadable` ("<path>: <reason>"), so that a run that
 * could not see everything does not pass as a clean one.
 */
export function collectTargets(paths: readonly string[], service: ProjectService, unreadable: string[] = []): string[] {
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
      if (!isSourceFileName(absolute)) throw new PathError(`not a JavaScript or TypeScript source file: ${given}`);
      files.add(absolute);
    } else if (stat.isDirectory()) {
      const before = files.size;
      const configFile = path.join(absolute, 'tsconfig.json');
      if (fs.existsSync(configFile)) addProjectFiles(configFile, service, files, new Set());
      if (files.size === before) walk(absolute, files, unreadable);
    }
  }
  for (const file of files) {
    const problem = unreadableReason(file);
    if (problem) {
      unreadable.push(`${file}: ${problem}`);
      files.delete(file);
    }
  }
  return [...files].sort();
}

function addProjectFiles(configFile: string, service: ProjectService, files: Set<string>, seen: Set<string>): void {
  if (seen.has(configFile)) return;
  seen.add(configFile);
  const project = service.configProject(configFile);
  for (const file of project.fileNames) {
    if (isSourceFileName(file) && !file.includes('/node_modules/')) files.add(diskFileName(file));
  }
  for (const reference of project.references) {
    if (fs.existsSync(reference)) addProjectFiles(reference, service, files, seen);
  }
}

function walk(directory: string, files: Set<string>, unreadable: string[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(directory, { withFileTypes: true });
  } catch (error) {
    unreadable.push(`${directory}: ${describe(error)}`);
    return;
  }
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const full = `${directory}/${entry.name}`;
    if (entry.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(entry.name)) walk(full, files, unreadable);
    } else if (entry.isFile() && isSourceFileName(full)) {
      files.add(full);
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
