import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { BACKSLASH_STAND_IN, diskFileName } from './projects';

/**
 * `readDirectory` for expanding a tsconfig's `include` patterns that does not
 * follow symbolic links out of the project's folder. A repository that holds a
 * link to `/` or `/usr` would otherwise have the compiler list thousands of
 * system files as part of the project. A link is followed when it points inside
 * the project's folder, or when an `include` pattern names a path through it
 * (`"include": ["src", "shared-link/**"]`): then the tsconfig asked for it.
 */
export function readDirectoryWithinRoot(root: string, system: ts.System): ts.System['readDirectory'] {
  const realRoot = realpath(root) ?? root;
  const inside = (file: string, folder: string) => file === folder || file.startsWith(folder.endsWith('/') ? folder : `${folder}/`);
  return (directory, extensions, excludes, includes, depth) => {
    // The literal part of each include pattern (up to its first wildcard), as an absolute path.
    const named = (includes ?? []).map((include) => {
      const literal = include.replace(/\\/g, '/').split('/');
      const wildcard = literal.findIndex((segment) => /[*?]/.test(segment));
      return path.resolve(directory, (wildcard === -1 ? literal : literal.slice(0, wildcard)).join('/')).replace(/\\/g, '/');
    });
    const entries = (folder: string): { files: string[]; directories: string[] } => {
      const files: string[] = [];
      const directories: string[] = [];
      let dirents: fs.Dirent[];
      try {
        dirents = fs.readdirSync(diskFileName(folder), { withFileTypes: true });
      } catch {
        return { files, directories };
      }
      for (const dirent of dirents) {
        // The compiler would read a backslash in a name as a folder separator (see BACKSLASH_STAND_IN).
        const name = path.sep === '/' ? dirent.name.replace(/\\/g, BACKSLASH_STAND_IN) : dirent.name;
        const full = path.resolve(diskFileName(folder), dirent.name).replace(/\\/g, path.sep === '/' ? BACKSLASH_STAND_IN : '/');
        let kind: 'file' | 'directory' | undefined = dirent.isFile() ? 'file' : dirent.isDirectory() ? 'directory' : undefined;
        if (dirent.isSymbolicLink()) {
          const target = realpath(diskFileName(full));
          if (target === undefined) continue;
          const followed = inside(target, realRoot) || named.some((name) => inside(name, full));
          if (!followed) continue;
          try {
            const stat = fs.statSync(diskFileName(full));
            kind = stat.isFile() ? 'file' : stat.isDirectory() ? 'directory' : undefined;
          } catch {
            continue;
          }
        }
        if (kind === 'file') files.push(name);
        else if (kind === 'directory') directories.push(name);
      }
      return { files, directories };
    };
    const matchFiles = (ts as unknown as { matchFiles: MatchFiles }).matchFiles;
    return matchFiles(
      directory,
      extensions,
      excludes,
      includes,
      system.useCaseSensitiveFileNames,
      system.getCurrentDirectory(),
      depth,
      entries,
      (file) => realpath(diskFileName(file)) ?? file,
    );
  };
}

/** The compiler's own directory walker, which takes the listing of a folder as a function. */
type MatchFiles = (
  path: string,
  extensions: readonly string[] | undefined,
  excludes: readonly string[] | undefined,
  includes: readonly string[] | undefined,
  useCaseSensitiveFileNames: boolean,
  currentDirectory: string,
  depth: number | undefined,
  getFileSystemEntries: (path: string) => { files: readonly string[]; directories: readonly string[] },
  realpath: (path: string) => string,
) => string[];

function realpath(file: string): string | undefined {
  try {
    return fs.realpathSync(file).replace(/\\/g, '/');
  } catch {
    return undefined;
  }
}
