import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  TextDocumentSyncKind,
  type CancellationToken,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import { CONFIG_FILE_NAME } from '../config/configFile';
import { ProjectService, type Log } from '../project/projects';
import { FIX_ALL_KIND } from './codeActions';
import { codeActionsFor, executeCommand, fixAllSummary } from './codeActionRequests';
import { ConfigurationFiles, isConfigurationFile } from './configurationFiles';
import { ANALYSIS_DELAY_MS, DEPENDENT_ANALYSIS_DELAY_MS, DocumentAnalysis } from './documentAnalysis';
import { FileAnalysis } from './fileAnalysis';
import { hoverFor } from './hover';
import { fileOf, OpenDocuments } from './openDocuments';
import { ANALYZE_WORKSPACE_REQUEST, FIX_ALL_SUMMARY_REQUEST, SHOW_DOCUMENTATION_COMMAND, type AnalyzeWorkspaceResult, type FixAllSummaryParams } from './protocol';
import { SettingsSource } from './settingsSource';
import { StatusReporter } from './status';
import { WorkspaceAnalysis } from './workspaceAnalysis';

/** Projects with no open file are released after this long. */
const RELEASE_DELAY_MS = 30_000;

const WATCHED_GLOBS = ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs,py}', '**/{tsconfig,jsconfig}*.json', '**/package.json', '**/pyproject.toml', `**/${CONFIG_FILE_NAME}`];

/**
 * Wires the analysis to a protocol connection: documents in, diagnostics and
 * code actions out. The parts, each in its own module:
 * - OpenDocuments: the editor's documents, by URI and by file name;
 * - SettingsSource: the `asynclint.*` settings of each document;
 * - ConfigurationFiles: `asynclint.config.json` in force, its errors shown in it;
 * - StatusReporter: the language status item;
 * - FileAnalysis: one file analysed in slices, findings into diagnostics;
 * - DocumentAnalysis: open documents analysed as they change;
 * - WorkspaceAnalysis: "Analyze Workspace";
 * - codeActionRequests: quick-fixes, fix all (and what it can do), "Show documentation";
 * - hover: why a finding's severity is not its rule's default.
 * This function only creates them and routes the protocol's events to them.
 */
export function startServer(connection: Connection): void {
  const log: Log = (message, level = 'info') => {
    if (level === 'warning') connection.console.warn(message);
    else if (level === 'debug') connection.console.debug(message);
    else connection.console.info(message);
  };
  const documents = new OpenDocuments();
  const service = new ProjectService({ openFiles: documents.openFiles, log });
  const settings = new SettingsSource(connection, log);
  const configurations = new ConfigurationFiles(connection, documents);
  const status = new StatusReporter(connection, service);
  const files = new FileAnalysis(service, configurations, status, log, (file) => documents.readText(file));
  const analysis = new DocumentAnalysis(connection, documents, service, settings, files, log);
  const workspace = new WorkspaceAnalysis(connection, documents, service, settings, files, analysis, status, log);
  let releaseTimer: NodeJS.Timeout | undefined;

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    settings.initialize(params);
    const roots = (params.workspaceFolders ?? []).map((folder) => URI.parse(folder.uri).fsPath);
    if (roots.length === 0 && params.rootUri) roots.push(URI.parse(params.rootUri).fsPath);
    service.setRoots(roots);
    workspace.setRoots(roots);
    log(`asynclint server ${serverVersion()} started (Node ${process.version}), workspace: ${roots.join(', ') || 'none'}`);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        executeCommandProvider: { commands: [SHOW_DOCUMENTATION_COMMAND] },
        hoverProvider: true,
      },
      serverInfo: { name: 'asynclint', version: serverVersion() },
    };
  });

  connection.onInitialized(() => {
    // Registered by the server, not the client, so editors other than VS Code get disk changes too.
    void connection.client
      .register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED_GLOBS.map((globPattern) => ({ globPattern })) })
      .catch(() => log('the client cannot watch files: changes on disk are seen when files are opened'));
    if (settings.canPullConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'asynclint' }).catch(() => {});
    status.send('ready');
  });

  const configurationChanged = (file: string) => {
    configurations.reload(file);
    analysis.scheduleAll(0, 'settings');
  };

  documents.textDocuments.onDidOpen(({ document }) => {
    const file = fileOf(document.uri);
    documents.track(document);
    clearTimeout(releaseTimer);
    if (isConfigurationFile(file)) configurationChanged(file);
    else analysis.schedule(document.uri, 0, 'open');
  });

  documents.textDocuments.onDidChangeContent(({ document }) => {
    const file = fileOf(document.uri);
    documents.track(document);
    if (isConfigurationFile(file)) {
      configurationChanged(file);
      return;
    }
    service.openFileChanged(file);
    analysis.schedule(document.uri, ANALYSIS_DELAY_MS, 'change');
  });

  documents.textDocuments.onDidSave(({ document }) => {
    if (!isConfigurationFile(fileOf(document.uri))) analysis.schedule(document.uri, 0, 'save');
  });

  documents.textDocuments.onDidClose(({ document }) => {
    const file = fileOf(document.uri);
    documents.untrack(document);
    analysis.closed(document.uri);
    settings.forget(document.uri);
    // The file now reads from disk again; other files of its project may see a different text.
    service.fileChangedOnDisk(file);
    if (isConfigurationFile(file)) configurationChanged(file);
    else if (workspace.isDiagnosed(file)) void workspace.analyseClosed(file);
    else void connection.sendDiagnostics({ uri: document.uri, version: undefined, diagnostics: [] });
    clearTimeout(releaseTimer);
    releaseTimer = setTimeout(() => {
      if (!workspace.hasDiagnosedFiles) service.releaseProjectsWithout(documents.openFileNames());
    }, RELEASE_DELAY_MS);
  });

  connection.onDidChangeWatchedFiles(({ changes }) => {
    for (const change of changes) {
      const file = fileOf(change.uri);
      if (isConfigurationFile(file)) {
        if (!documents.isOpen(file)) configurationChanged(file);
      } else {
        service.fileChangedOnDisk(file);
      }
    }
    analysis.scheduleAll(DEPENDENT_ANALYSIS_DELAY_MS, 'dependency');
  });

  connection.onDidChangeConfiguration((change) => {
    settings.changed(change);
    analysis.scheduleAll(0, 'settings');
  });

  connection.onCodeAction((params) => codeActionsFor(params, documents, analysis));
  connection.onRequest(FIX_ALL_SUMMARY_REQUEST, (params: FixAllSummaryParams) => fixAllSummary(params, analysis));
  connection.onHover((params) => hoverFor(params, documents, analysis));
  connection.onExecuteCommand((params) => executeCommand(params, connection, log));
  connection.onRequest(ANALYZE_WORKSPACE_REQUEST, (_params: unknown, token: CancellationToken): Promise<AnalyzeWorkspaceResult> => workspace.run(token));

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
