import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CodeActionKind,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  TextDocumentSyncKind,
  TextDocuments,
  type CancellationToken,
  type CodeAction,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { CONFIG_FILE_NAME } from '../config/configFile';
import { analysisOptionsFor, ConfigurationStore, type ConfigurationState } from '../config/configurationStore';
import type { Finding } from '../core/findings';
import { docsUrl } from '../core/registry';
import { exportSignature, startProjectFileAnalysis, unanalysableReason } from '../project/analyzeProject';
import { isSourceFileName, normalizeFileName, ProjectService, type Log, type OpenFiles } from '../project/projects';
import { collectTargets, discoverPythonFiles } from '../project/targets';
import { analyzePythonFile } from '../core/python/engine';
import { LineMap } from '../core/python/lines';
import { isPythonFileName, loadPythonParser } from '../core/python/parser';
import { PyProject } from '../core/python/project';
import { actionsForFinding, FIX_ALL_KIND, fixAllAction } from './codeActions';
import { DIAGNOSTIC_SOURCE, toDiagnostic } from './convert';
import {
  ANALYZE_WORKSPACE_PROGRESS,
  ANALYZE_WORKSPACE_REQUEST,
  SHOW_DOCUMENTATION_COMMAND,
  STATUS_NOTIFICATION,
  type AnalyzeWorkspaceProgressParams,
  type AnalyzeWorkspaceResult,
  type StatusParams,
} from './protocol';
import { DEFAULT_SETTINGS, validateSettings, type Settings } from './settings';

/** How long after the last keystroke a document is analysed; edits inside it are coalesced. */
const ANALYSIS_DELAY_MS = 20;
/** Other open files of a changed project are re-analysed a little later, after the edited one. */
const DEPENDENT_ANALYSIS_DELAY_MS = 300;
/**
 * The longest stretch of analysis between two looks at incoming messages: an
 * edit arriving meanwhile waits at most this long, and drops the stale work.
 */
const ANALYSIS_SLICE_MS = 25;
/** Projects with no open file are released after this long. */
const RELEASE_DELAY_MS = 30_000;

const WATCHED_GLOBS = ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs,py}', '**/{tsconfig,jsconfig}*.json', '**/package.json', '**/pyproject.toml', `**/${CONFIG_FILE_NAME}`];

interface AnalysedDocument {
  readonly version: number;
  readonly findings: readonly Finding[];
  readonly settings: Settings;
}

type Trigger = 'open' | 'change' | 'save' | 'dependency' | 'settings';

/** What an analysis returns when it was dropped because its text or request is no longer current. */
const SUPERSEDED = Symbol('superseded');

/** Resolves after the messages that arrived meanwhile have been handled. */
const yieldToMessages = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Wires the analysis to a protocol connection: documents in, diagnostics and code actions out. */
export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const log: Log = (message, level = 'info') => (level === 'warning' ? connection.console.warn(message) : connection.console.info(message));
  const fileOf = (uri: string) => normalizeFileName(URI.parse(uri).fsPath);
  const uriOf = (file: string) => URI.file(file).toString();

  const openDocumentByFile = new Map<string, TextDocument>();
  const openFiles: OpenFiles = {
    text: (fileName) => openDocumentByFile.get(fileName)?.getText(),
    version: (fileName) => openDocumentByFile.get(fileName)?.version,
  };
  const readText = (file: string) => {
    const open = openFiles.text(file);
    if (open !== undefined) return open;
    try {
      return fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  };
  const service = new ProjectService({ openFiles, log });
  // Python modules are parsed from the open buffers first, then the disk; the grammar loads once, in the background.
  const python = new PyProject(readText);
  const pythonReady = loadPythonParser().then(
    () => true,
    (error: unknown) => {
      log(`Python files cannot be analysed: ${error instanceof Error ? error.message : String(error)}`, 'warning');
      return false;
    },
  );
  const configurations = new ConfigurationStore(readText, (file) => openFiles.text(file) !== undefined || fs.existsSync(file));
  const analysed = new Map<string, AnalysedDocument>();
  /** What each open file exported when it was last analysed (see exportSignature). */
  const exportSignatures = new Map<string, string | undefined>();
  /** Closed files whose diagnostics come from "Analyze Workspace". */
  const workspaceDiagnosed = new Set<string>();
  const timers = new Map<string, NodeJS.Timeout>();
  const settingsCache = new Map<string, Promise<Settings>>();
  const publishedConfigErrors = new Map<string, number>();
  let roots: string[] = [];
  let canPullConfiguration = false;
  let pushedSettings: unknown;
  let releaseTimer: NodeJS.Timeout | undefined;
  let lastAnalysis: StatusParams['lastAnalysis'];
  /** Analyses in progress: they run in slices, so several can be under way at once. */
  let running = 0;
  /** The latest analysis started per document; an older one still running is stale. */
  const latestAnalysis = new Map<string, object>();

  const sendStatus = (state: StatusParams['state']) => {
    void connection.sendNotification(STATUS_NOTIFICATION, { state, projects: service.projects.length, lastAnalysis } satisfies StatusParams);
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    canPullConfiguration = params.capabilities.workspace?.configuration === true;
    pushedSettings = (params.initializationOptions as { settings?: unknown } | undefined)?.settings;
    roots = (params.workspaceFolders ?? []).map((folder) => URI.parse(folder.uri).fsPath);
    if (roots.length === 0 && params.rootUri) roots.push(URI.parse(params.rootUri).fsPath);
    service.setRoots(roots);
    log(`asynclint server ${serverVersion()} started (Node ${process.version}), workspace: ${roots.join(', ') || 'none'}`);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        executeCommandProvider: { commands: [SHOW_DOCUMENTATION_COMMAND] },
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
    sendStatus('ready');
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

  const publish = (uri: string, version: number | undefined, diagnostics: Diagnostic[]) => {
    void connection.sendDiagnostics({ uri, version, diagnostics });
  };

  /** Shows a configuration file's errors in the file itself; clears them once it is valid. */
  const publishConfiguration = (state: ConfigurationState | undefined) => {
    if (!state) return;
    const previous = publishedConfigErrors.get(state.file) ?? 0;
    if (previous === 0 && state.errors.length === 0) return;
    publishedConfigErrors.set(state.file, state.errors.length);
    const document = openDocumentByFile.get(state.file);
    publish(
      uriOf(state.file),
      document?.version,
      state.errors.map((error) => ({
        range: {
          start: { line: error.line - 1, character: error.column - 1 },
          end: document ? document.positionAt(error.end) : { line: error.line - 1, character: error.column - 1 + Math.max(1, error.end - error.start) },
        },
        severity: DiagnosticSeverity.Error,
        source: DIAGNOSTIC_SOURCE,
        message: `${error.message} The last valid configuration stays in force until this is fixed.`,
      })),
    );
  };

  /**
   * Analyses one file (open, or closed for "Analyze Workspace") and returns its
   * findings, or undefined when it is not analysed. The analysis runs in slices
   * and answers messages in between; when `isStale` turns true (an edit, a
   * cancelled request) it stops and returns SUPERSEDED.
   */
  const analyseFile = async (file: string, text: string, settings: Settings, isStale: () => boolean): Promise<Finding[] | undefined | typeof SUPERSEDED> => {
    if (settings.enable && isPythonFileName(file)) return analysePythonFile(file, text, settings, isStale);
    if (!settings.enable || !isSourceFileName(file)) return undefined;
    const reason = unanalysableReason(text);
    if (reason) {
      log(`${file} was not analysed: ${reason}`, 'warning');
      return undefined;
    }
    const configuration = configurations.stateFor(file);
    publishConfiguration(configuration);
    if (configuration?.configuration?.isIgnored(file)) return undefined;
    const project = service.projectFor(file);
    const started = Date.now();
    running++;
    sendStatus('analysing');
    try {
      const job = startProjectFileAnalysis(project, file, analysisOptionsFor(configuration?.configuration, settings.rules, settings.typeAware), log);
      while (!job.runUntil(Date.now() + ANALYSIS_SLICE_MS)) {
        await yieldToMessages();
        if (isStale()) return SUPERSEDED;
      }
      const result = job.result();
      if ('skipped' in result) {
        log(result.skipped);
        return undefined;
      }
      lastAnalysis = { file, milliseconds: Date.now() - started, at: new Date().toISOString() };
      return result.findings;
    } finally {
      if (--running === 0) sendStatus('ready');
    }
  };

  /** A Python file is parsed and analysed in one go: a module takes milliseconds, not the slices a TypeScript program needs. */
  const analysePythonFile = async (file: string, text: string, settings: Settings, isStale: () => boolean): Promise<Finding[] | undefined | typeof SUPERSEDED> => {
    if (!(await pythonReady)) return undefined;
    if (isStale()) return SUPERSEDED;
    const reason = unanalysableReason(text);
    if (reason) {
      log(`${file} was not analysed: ${reason}`, 'warning');
      return undefined;
    }
    const configuration = configurations.stateFor(file);
    publishConfiguration(configuration);
    if (configuration?.configuration?.isIgnored(file)) return undefined;
    const started = Date.now();
    python.refresh();
    const result = analyzePythonFile(file, text, analysisOptionsFor(configuration?.configuration, settings.rules, settings.typeAware), python);
    for (const problem of result.problems) log(problem, 'warning');
    lastAnalysis = { file, milliseconds: Date.now() - started, at: new Date().toISOString() };
    return result.findings;
  };

  const diagnosticsOf = (findings: readonly Finding[], document: TextDocument, file: string): Diagnostic[] => {
    const positionInFile = (other: string, offset: number) => {
      if (isPythonFileName(other)) return new LineMap(readText(other) ?? '').getLineAndCharacterOfPosition(offset);
      const sourceFile = service.projectFor(file).getProgram().getSourceFile(other);
      if (!sourceFile) return { line: 0, character: 0 };
      const { line, character } = sourceFile.getLineAndCharacterOfPosition(offset);
      return { line, character };
    };
    return findings.map((finding) => toDiagnostic(finding, document, positionInFile));
  };

  const analyse = async (uri: string, trigger: Trigger): Promise<void> => {
    const document = documents.get(uri);
    // A configuration file's diagnostics are its errors, published by publishConfiguration.
    if (!document || URI.parse(uri).scheme !== 'file' || isConfigurationFile(fileOf(uri))) return;
    // TextDocuments updates documents in place: what is analysed is the version and text as of now.
    const version = document.version;
    const text = document.getText();
    const ticket = {};
    latestAnalysis.set(uri, ticket);
    const settings = await settingsFor(uri);
    const current = documents.get(uri);
    if (!current || current.version !== version) return; // Superseded while the settings loaded.
    // With run: onSave, typing leaves the last diagnostics in place until the file is saved.
    if (settings.run === 'onSave' && (trigger === 'change' || trigger === 'dependency')) return;
    const file = fileOf(uri);
    // Stale once a newer analysis of the document started, or (as you type) once its text changed.
    const isStale = () => {
      const now = documents.get(uri);
      return latestAnalysis.get(uri) !== ticket || !now || (settings.run === 'onType' && now.version !== version);
    };
    try {
      const findings = await analyseFile(file, text, settings, isStale);
      if (findings === SUPERSEDED) {
        log(`analysis of ${file} (version ${version}) dropped: superseded`);
        return;
      }
      analysed.set(uri, { version, findings: findings ?? [], settings });
      publish(uri, version, findings ? diagnosticsOf(findings, TextDocument.create(uri, document.languageId, version, text), file) : []);
      // Other open Python files may call into this one (blocking helpers, async def): they are analysed again.
      if (isPythonFileName(file)) {
        // An open coalesced with the edits that followed it counts as an edit too.
        if (trigger === 'change' || trigger === 'open' || trigger === 'save') analyseOtherPythonFiles(uri);
      } else if (trigger === 'change' && findings) {
        // Other open files of the project are analysed again only when what this file exports changed.
        const signature = exportSignature(service.projectFor(file), file);
        if (signature !== exportSignatures.get(file)) analyseOthersInProject(uri);
        exportSignatures.set(file, signature);
      } else if (findings) {
        exportSignatures.set(file, exportSignature(service.projectFor(file), file));
      }
    } catch (error) {
      log(`analysis of ${file} failed: ${error instanceof Error ? error.stack : String(error)}`, 'warning');
    } finally {
      if (latestAnalysis.get(uri) === ticket) latestAnalysis.delete(uri);
    }
  };

  const pendingTriggers = new Map<string, Trigger>();
  const schedule = (uri: string, delay: number, trigger: Trigger) => {
    clearTimeout(timers.get(uri));
    // An edit arriving while an open or a save is pending must not downgrade it (onSave skips edits).
    const pending = pendingTriggers.get(uri);
    const effective = pending && pending !== 'change' && pending !== 'dependency' && (trigger === 'change' || trigger === 'dependency') ? pending : trigger;
    pendingTriggers.set(uri, effective);
    timers.set(
      uri,
      setTimeout(() => {
        timers.delete(uri);
        pendingTriggers.delete(uri);
        void analyse(uri, effective);
      }, delay),
    );
  };

  const scheduleAll = (delay: number, trigger: Trigger) => {
    for (const document of documents.all()) schedule(document.uri, delay, trigger);
  };

  const analyseOthersInProject = (uri: string) => {
    const project = service.projectFor(fileOf(uri));
    for (const other of documents.all()) {
      if (other.uri !== uri && isSourceFileName(fileOf(other.uri)) && service.projectFor(fileOf(other.uri)) === project) {
        schedule(other.uri, DEPENDENT_ANALYSIS_DELAY_MS, 'dependency');
      }
    }
  };

  const analyseOtherPythonFiles = (uri: string) => {
    for (const other of documents.all()) {
      if (other.uri !== uri && isPythonFileName(fileOf(other.uri))) schedule(other.uri, DEPENDENT_ANALYSIS_DELAY_MS, 'dependency');
    }
  };

  const isConfigurationFile = (file: string) => path.basename(file) === CONFIG_FILE_NAME;

  const configurationChanged = (file: string) => {
    publishConfiguration(configurations.reload(file) ?? { file, configuration: undefined, errors: [] });
    scheduleAll(0, 'settings');
  };

  documents.onDidOpen(({ document }) => {
    const file = fileOf(document.uri);
    openDocumentByFile.set(file, document);
    clearTimeout(releaseTimer);
    if (isConfigurationFile(file)) configurationChanged(file);
    else schedule(document.uri, 0, 'open');
  });

  documents.onDidChangeContent(({ document }) => {
    const file = fileOf(document.uri);
    openDocumentByFile.set(file, document);
    if (isConfigurationFile(file)) {
      configurationChanged(file);
      return;
    }
    service.openFileChanged(file);
    schedule(document.uri, ANALYSIS_DELAY_MS, 'change');
  });

  documents.onDidSave(({ document }) => {
    if (!isConfigurationFile(fileOf(document.uri))) schedule(document.uri, 0, 'save');
  });

  documents.onDidClose(({ document }) => {
    const file = fileOf(document.uri);
    openDocumentByFile.delete(file);
    exportSignatures.delete(file);
    clearTimeout(timers.get(document.uri));
    analysed.delete(document.uri);
    settingsCache.delete(document.uri);
    // The file now reads from disk again; other files of its project may see a different text.
    service.fileChangedOnDisk(file);
    if (isConfigurationFile(file)) configurationChanged(file);
    else if (workspaceDiagnosed.has(file)) void analyseClosed(file);
    else publish(document.uri, undefined, []);
    clearTimeout(releaseTimer);
    releaseTimer = setTimeout(() => {
      if (workspaceDiagnosed.size === 0) service.releaseProjectsWithout([...openDocumentByFile.keys()]);
    }, RELEASE_DELAY_MS);
  });

  connection.onDidChangeWatchedFiles(({ changes }) => {
    for (const change of changes) {
      const file = fileOf(change.uri);
      if (isConfigurationFile(file)) {
        if (!openDocumentByFile.has(file)) configurationChanged(file);
      } else {
        service.fileChangedOnDisk(file);
      }
    }
    scheduleAll(DEPENDENT_ANALYSIS_DELAY_MS, 'dependency');
  });

  connection.onDidChangeConfiguration((change) => {
    const settings = (change.settings as { asynclint?: unknown } | undefined)?.asynclint;
    if (settings !== undefined) pushedSettings = settings;
    settingsCache.clear();
    scheduleAll(0, 'settings');
  });

  connection.onCodeAction((params): CodeAction[] => {
    const document = documents.get(params.textDocument.uri);
    const state = analysed.get(params.textDocument.uri);
    if (!document || !state || state.version !== document.version) return [];
    const only = params.context.only;
    if (only?.some((kind) => FIX_ALL_KIND.startsWith(kind) && kind !== CodeActionKind.QuickFix)) {
      const action = fixAllAction(document, state.findings);
      return action ? [action] : [];
    }
    if (only && !only.some((kind) => CodeActionKind.QuickFix.startsWith(kind))) return [];
    const actions: CodeAction[] = [];
    for (const diagnostic of params.context.diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
      const start = document.offsetAt(diagnostic.range.start);
      const end = document.offsetAt(diagnostic.range.end);
      const finding = state.findings.find((candidate) => candidate.rule === diagnostic.code && candidate.start === start && candidate.end === end);
      if (finding) actions.push(...actionsForFinding(finding, diagnostic, document, state.findings, state.settings));
    }
    return actions;
  });

  connection.onExecuteCommand(async (params) => {
    if (params.command !== SHOW_DOCUMENTATION_COMMAND) return;
    const rule = String(params.arguments?.[0] ?? '');
    // The VSIX ships the pages; opened inside the editor they work offline.
    const local = path.join(__dirname, '..', 'docs', 'rules', `${rule}.md`);
    const shown = fs.existsSync(local)
      ? await connection.window.showDocument({ uri: URI.file(local).toString(), takeFocus: true })
      : await connection.window.showDocument({ uri: docsUrl(rule), external: true });
    if (!shown.success) log(`could not show the documentation of ${rule}`, 'warning');
  });

  const analyseClosed = async (file: string, isStale: () => boolean = () => false): Promise<number> => {
    const text = readText(file);
    if (text === undefined) return 0;
    const uri = uriOf(file);
    const findings = await analyseFile(file, text, await settingsFor(uri), () => isStale() || openDocumentByFile.has(file));
    if (findings === SUPERSEDED) return 0;
    const document = TextDocument.create(uri, 'typescript', 0, text);
    publish(uri, undefined, findings ? diagnosticsOf(findings, document, file) : []);
    return findings?.length ?? 0;
  };

  connection.onRequest(ANALYZE_WORKSPACE_REQUEST, async (_params: unknown, token: CancellationToken): Promise<AnalyzeWorkspaceResult> => {
    const files = roots.flatMap((root) => {
      try {
        return [...collectTargets([root], service), ...discoverPythonFiles([root])];
      } catch (error) {
        log(`cannot analyse ${root}: ${(error as Error).message}`, 'warning');
        return [];
      }
    });
    let findings = 0;
    let done = 0;
    for (const file of files) {
      if (token.isCancellationRequested) break;
      if (openDocumentByFile.has(file)) {
        // Open files keep their live diagnostics; they still count.
        findings += analysed.get(uriOf(file))?.findings.length ?? 0;
      } else {
        try {
          findings += await analyseClosed(file, () => token.isCancellationRequested);
          workspaceDiagnosed.add(file);
        } catch (error) {
          log(`analysis of ${file} failed: ${error instanceof Error ? error.stack : String(error)}`, 'warning');
        }
      }
      done++;
      void connection.sendNotification(ANALYZE_WORKSPACE_PROGRESS, { done, total: files.length, file } satisfies AnalyzeWorkspaceProgressParams);
      // Lets cancellation and edits through between files.
      await new Promise((resolve) => setImmediate(resolve));
    }
    sendStatus('ready');
    log(`analysed ${done} of ${files.length} workspace files: ${findings} findings${token.isCancellationRequested ? ' (cancelled)' : ''}`);
    return { files: done, findings, cancelled: token.isCancellationRequested };
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
