// A reference point for the editor latency: what TypeScript itself spends to
// give the semantic diagnostics of the same file after each edit, with a
// language service in one process (what tsserver does for an editor, without
// the protocol). Every edit makes a new program and so a new type checker, as
// it does for asynclint; this is the floor a type-aware check of the whole
// file after every keystroke starts from.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import ts from 'typescript';
import { percentile } from './lsp-latency.mjs';

export function measureTypeScriptEditReference(projectDir, file, { edits = 20, insertAt, text }) {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(projectDir, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic() {} });
  if (!config) throw new Error(`cannot read ${projectDir}/tsconfig.json`);
  let content = fs.readFileSync(file, 'utf8');
  let version = 0;
  const host = {
    getScriptFileNames: () => config.fileNames,
    getScriptVersion: (name) => (name === file ? String(version) : '0'),
    getScriptSnapshot: (name) => {
      const source = name === file ? content : ts.sys.readFile(name);
      return source === undefined ? undefined : ts.ScriptSnapshot.fromString(source);
    },
    getCurrentDirectory: () => projectDir,
    getCompilationSettings: () => config.options,
    getDefaultLibFileName: (options) => ts.getDefaultLibFilePath(options),
    fileExists: ts.sys.fileExists,
    readFile: ts.sys.readFile,
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  };
  const service = ts.createLanguageService(host, ts.createDocumentRegistry());
  const lines = content.split('\n');
  let offset = lines.slice(0, insertAt.line).reduce((sum, line) => sum + line.length + 1, 0) + insertAt.character;
  const coldStarted = performance.now();
  service.getSemanticDiagnostics(file);
  const coldMs = performance.now() - coldStarted;
  const typed = text.repeat(Math.ceil(edits / text.length)).slice(0, edits);
  const times = [];
  for (const character of typed) {
    content = content.slice(0, offset) + character + content.slice(offset);
    offset++;
    version++;
    const started = performance.now();
    service.getSyntacticDiagnostics(file);
    service.getSemanticDiagnostics(file);
    times.push(performance.now() - started);
  }
  service.dispose();
  return { edits: times.length, coldMs, medianMs: percentile(times, 50), p95Ms: percentile(times, 95) };
}
