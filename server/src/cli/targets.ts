import * as fs from 'node:fs';
import * as path from 'node:path';
import { isSourceFileName, normalizeFileName } from '../project/projects';
import { readProjectConfig } from '../project/tsconfig';

export class UsageError extends Error {}

/** Folders never searched for loose files. */
const SKIPPED_FOLDERS = new Set(['node_modules', 'bower_components']);

export interface Targets {
  readonly files: string[];
  /** Problems worth telling the user that do not stop the run (e.g. a broken tsconfig.json). */
  readonly warnings: string[];
}

/**
 * Expands the command line's paths into the files to analyse. A folder with a
 * tsconfig.json means that project's files (following its references); any
 * other folder means the source files under it.
 */
export function collectTargets(paths: readonly string[]): Targets {
  const files = new Set<string>();
  const warnings: string[] = [];
  for (const given of paths) {
    const absolute = normalizeFileName(given);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(absolute);
    } catch {
      throw new UsageError(`no such file or folder: ${given}`);
    }
    if (stat.isFile()) {
      if (!isSourceFileName(absolute)) throw new UsageError(`not a JavaScript or TypeScript source file: ${given}`);
      files.add(absolute);
    } else if (stat.isDirectory()) {
      const before = files.size;
      const configFile = path.join(absolute, 'tsconfig.json');
      if (fs.existsSync(configFile)) addProjectFiles(configFile, files, warnings, new Set());
      if (files.size === before) walk(absolute, files);
    }
  }
  return { files: [...files].sort(), warnings };
}

function addProjectFiles(configFile: string, files: Set<string>, warnings: string[], seen: Set<string>): void {
  if (seen.has(configFile)) return;
  seen.add(configFile);
  const config = readProjectConfig(normalizeFileName(configFile));
  for (const problem of config.problems) warnings.push(`${configFile}: ${problem}`);
  for (const file of config.fileNames) {
    if (isSourceFileName(file) && !file.includes('/node_modules/')) files.add(file);
  }
  for (const reference of config.references) {
    if (fs.existsSync(reference)) addProjectFiles(reference, files, warnings, seen);
    else warnings.push(`${configFile}: referenced project ${reference} not found`);
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
      if (!SKIPPED_FOLDERS.has(entry.name)) walk(full, files);
    } else if (entry.isFile() && isSourceFileName(full)) {
      files.add(full);
    }
  }
}
