import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  TextDocumentSyncKind,
  TextDocuments,
  type CodeAction,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import type { Finding } from '../core/findings';
import { analyzeProjectFile, unanalysableReason } from '../project/analyzeProject';
import { isSourceFileName, normalizeFileName, ProjectService, type Log, type OpenFiles } from '../project/projects';
import { DIAGNOSTIC_SOURCE, toCodeAction, toDiagnostic } from './convert';
import { DEFAULT_SETTINGS, validateSettings, type Settings } from './settings';

/** How long after the last keystroke a document is analysed; edits inside it are coalesced. */
const ANALYSIS_DELAY_MS = 20;
/** Other open files of a changed project are re-analysed a little later, after the edited one. */
const DEPENDENT_ANALYSIS_DELAY_MS = 300;
/** Projects with no open file are released after this long. */
const RELEASE_DELAY_MS = 30_000;

const WATCHED_GLOBS = ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}', '**/{tsconfig,jsconfig}*.json', '**/package.json'];

interface AnalysedDocument {
  readonly version: number;
  readonly findings: readonly Finding[];
}

/** Wires the analysis to a protocol connection: documents in, diagnostics and code actions out. */
export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const log: Log = (message, level = 'info') => (level === 'warning' ? connection.console.warn(message) : connection.console.log(message));
  const fileOf = (uri: string) => normalizeFileName(URI.parse(uri).fsPath);

  const openFiles: OpenFiles = {
    text: (fileName) => openDocumentByFile.get(fileName)?.getText(),
    version: (fileName) => openDocumentByFile.get(fileName)?.version,
  };
  const openDocumentByFile = new Map<string, TextDocument>();
  const service = new ProjectService({ openFiles, log });
  const analysed = new Map<string, AnalysedDocument>();
  const timers = new Map<string, NodeJS.Timeout>();
  const settingsCache = new Map<string, Promise<Settings>>();
  let canPullConfiguration = false;
  let pushedSettings: unknown;
  let releaseTimer: NodeJS.Timeout | undefined;

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    canPullConfiguration = params.capabilities.workspace?.configuration === true;
    pushedSettings = (params.initializationOptions as { settings?: unknown } | undefined)?.settings;
    const roots = (params.workspaceFolders ?? []).map((folder) => URI.parse(folder.uri).fsPath);
    if (roots.length === 0 && params.rootUri) roots.push(URI.parse(params.rootUri).fsPath);
    service.setRoots(roots);
    log(`asynclint server ${serverVersion()} started (Node ${process.version}), workspace: ${roots.join(', ') || 'none'}`);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      },
      serverInfo: { name: 'asynclint', version: serverVersion() },
    };
  });

  connection.onInitialized(() => {
    // Registered by the server, not the client, so editors other than VS Code get disk changes too.
    void connection.client
      .register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED_GLOBS.map((globPattern) => ({ globPattern })) })
      .catch(() => log('the client cannot watch files: changes on disk are seen when files are opened'));
    if (canPullConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'asynclint' }).catch(() => {});
  });

  const settingsFor = (uri: string): Promise<Settings> => {
    let cached = settingsCache.get(uri);
    if (!cached) {
      const warn = (message: string) => log(`settings: ${message}`, 'warning');
      cached = canPullConfiguration
        ? connection.workspace.getConfiguration({ scopeUri: uri, section: 'asynclint' }).then(
            (raw) => validateSettings(raw, warn),
            () => DEFAULT_SETTINGS,
          )
        : Promise.resolve(validateSettings(pushedSettings, warn));
      settingsCache.set(uri, cached);
    }
    return cached;
  };

  const schedule = (uri: string, delay: number) => {
    clearTimeout(timers.get(uri));
    timers.set(
      uri,
      setTimeout(() => {
        timers.delete(uri);
        void analyse(uri);
      }, delay),
    );
  };

  const publish = (uri: string, version: number | undefined, diagnostics: Diagnostic[]) => {
    void connection.sendDiagnostics({ uri, version, diagnostics });
  };

  const analyse = async (uri: string): Promise<void> => {
    const document = documents.get(uri);
    if (!document || URI.parse(uri).scheme !== 'file') return;
    const settings = await settingsFor(uri);
    const current = documents.get(uri);
    if (!current || current.version !== document.version) return; // Superseded while settings loaded.
    const file = fileOf(uri);
    if (!settings.enable || !isSourceFileName(file)) {
      analysed.delete(uri);
      publish(uri, document.version, []);
      return;
    }
    const reason = unanalysableReason(document.getText());
    if (reason) {
      log(`${file} was not analysed: ${reason}`);
      analysed.delete(uri);
      publish(uri, document.version, []);
      return;
    }
    try {
      const project = service.projectFor(file);
      const started = Date.now();
      const result = analyzeProjectFile(project, file, { severities: settings.rules }, log);
      if ('skipped' in result) {
        log(result.skipped);
        return;
      }
      analysed.set(uri, { version: document.version, findings: result.findings });
      const positionInFile = (other: string, offset: number) => {
        const sourceFile = project.getProgram().getSourceFile(other);
        if (!sourceFile) return { line: 0, character: 0 };
        const { line, character } = sourceFile.getLineAndCharacterOfPosition(offset);
        return { line, character };
      };
      publish(uri, document.version, result.findings.map((finding) => toDiagnostic(finding, document, positionInFile)));
      if (process.env.ASYNCLINT_LOG_TIMING) log(`analysed ${file} in ${Date.now() - started} ms`);
    } catch (error) {
      log(`analysis of ${file} failed: ${error instanceof Error ? error.stack : String(error)}`, 'warning');
    }
  };

  const analyseOthersInProject = (uri: string) => {
    const file = fileOf(uri);
    const project = service.projectFor(file);
    for (const other of documents.all()) {
      if (other.uri !== uri && service.projectFor(fileOf(other.uri)) === project) schedule(other.uri, DEPENDENT_ANALYSIS_DELAY_MS);
    }
  };

  documents.onDidOpen(({ document }) => {
    openDocumentByFile.set(fileOf(document.uri), document);
    clearTimeout(releaseTimer);
    schedule(document.uri, 0);
  });

  documents.onDidChangeContent(({ document }) => {
    const file = fileOf(document.uri);
    openDocumentByFile.set(file, document);
    service.openFileChanged(file);
    schedule(document.uri, ANALYSIS_DELAY_MS);
    analyseOthersInProject(document.uri);
  });

  documents.onDidClose(({ document }) => {
    const file = fileOf(document.uri);
    openDocumentByFile.delete(file);
    clearTimeout(timers.get(document.uri));
    analysed.delete(document.uri);
    settingsCache.delete(document.uri);
    publish(document.uri, undefined, []);
    // The file now reads from disk again; other files of its project may see a different text.
    service.fileChangedOnDisk(file);
    clearTimeout(releaseTimer);
    releaseTimer = setTimeout(() => service.releaseProjectsWithout([...openDocumentByFile.keys()]), RELEASE_DELAY_MS);
  });

  connection.onDidChangeWatchedFiles(({ changes }) => {
    for (const change of changes) {
      service.fileChangedOnDisk(fileOf(change.uri));
    }
    for (const document of documents.all()) schedule(document.uri, DEPENDENT_ANALYSIS_DELAY_MS);
  });

  connection.onDidChangeConfiguration((change) => {
    const settings = (change.settings as { asynclint?: unknown } | undefined)?.asynclint;
    if (settings !== undefined) pushedSettings = settings;
    settingsCache.clear();
    for (const document of documents.all()) schedule(document.uri, 0);
  });

  connection.onCodeAction((params): CodeAction[] => {
    const document = documents.get(params.textDocument.uri);
    const state = analysed.get(params.textDocument.uri);
    if (!document || !state || state.version !== document.version) return [];
    const actions: CodeAction[] = [];
    for (const diagnostic of params.context.diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
      const start = document.offsetAt(diagnostic.range.start);
      const end = document.offsetAt(diagnostic.range.end);
      const finding = state.findings.find((candidate) => candidate.rule === diagnostic.code && candidate.start === start && candidate.end === end);
      if (!finding) continue;
      for (const fix of finding.fixes) actions.push(toCodeAction(fix, diagnostic, document));
    }
    return actions;
  });

  connection.onShutdown(() => service.dispose());
  documents.listen(connection);
}

function serverVersion(): string {
  try {
    // Bundled at dist/server.js, the manifest is one folder up.
    return JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')).version;
  } catch {
    return 'development';
  }
}
