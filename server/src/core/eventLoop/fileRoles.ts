import * as ts from 'typescript';
import { SETUP_WIZARD_FILES, TOOLING_DIRECTORIES } from '../knowledge/files';
import { RESTART_NAMES } from '../knowledge/names';
import { SERVER_START_TEXT } from '../knowledge/node';
import { calleeName, type FunctionLike } from '../syntax';
import { forEachNode, fileIndex } from './projectIndex';

/*
 * What a file or a function is for, when its shape says it: a worker thread,
 * a setup wizard, development tooling, a server restart.
 */

/** True when the file runs in a worker thread: it takes `parentPort` or `workerData` from `worker_threads`. */
export function isWorkerFile(file: ts.SourceFile): boolean {
  const index = fileIndex(file);
  if (index.worker === undefined) {
    const text = file.text;
    index.worker = /\bworker_threads\b/.test(text) && /\b(parentPort|workerData)\b/.test(text);
  }
  return index.worker;
}

const SETUP_FILES = new WeakMap<ts.SourceFile, boolean>();

/**
 * True when the file is a setup or onboarding wizard: named `setup…`,
 * `onboard…`, `install…`, it starts a server of its own and closes it when
 * the administrator is done. It runs once, before the real server starts.
 */
export function isSetupWizardFile(file: ts.SourceFile): boolean {
  let known = SETUP_FILES.get(file);
  if (known === undefined) {
    const text = file.text;
    const base = file.fileName.slice(Math.max(file.fileName.lastIndexOf('/'), file.fileName.lastIndexOf('\\')) + 1);
    known = SETUP_WIZARD_FILES.pattern.test(base) && SERVER_START_TEXT.test(text) && /\.close\s*\(/.test(text);
    SETUP_FILES.set(file, known);
  }
  return known;
}

/** True when the file is under a `scripts/`, `tools/`, `examples/` or `benchmarks/` directory of the project (`root`). */
export function inToolingDirectory(file: ts.SourceFile, root: string): boolean {
  const prefix = root.endsWith('/') ? root : `${root}/`;
  return file.fileName.startsWith(prefix) && TOOLING_DIRECTORIES.pattern.test(file.fileName.slice(prefix.length));
}

const RESTARTS = new WeakMap<FunctionLike, boolean>();

/** True when the function restarts the server: it calls `restartServer…` or emits a `restartServer` event. */
export function restartsServer(fn: FunctionLike): boolean {
  let known = RESTARTS.get(fn);
  if (known === undefined) {
    known = false;
    if (fn.body) {
      forEachNode(fn.body, (node) => {
        if (known) return false;
        if (!ts.isCallExpression(node)) return undefined;
        if (RESTART_NAMES.pattern.test(calleeName(node) ?? '') || node.arguments.some((argument) => ts.isStringLiteralLike(argument) && RESTART_NAMES.pattern.test(argument.text)))
          known = true;
        return undefined;
      });
    }
    RESTARTS.set(fn, known);
  }
  return known;
}
