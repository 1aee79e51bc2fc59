import * as path from 'node:path';
import * as vscode from 'vscode';
import { CloseAction, ErrorAction, LanguageClient, State, TransportKind, type ErrorHandler, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import {
  ANALYZE_WORKSPACE_PROGRESS,
  ANALYZE_WORKSPACE_REQUEST,
  STATUS_NOTIFICATION,
  type AnalyzeWorkspaceProgressParams,
  type AnalyzeWorkspaceResult,
  type StatusParams,
} from '../../server/src/lsp/protocol';

/** Restarts allowed within RESTART_WINDOW_MS before the client gives up and says so. */
const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 3 * 60_000;

const LANGUAGES = ['javascript', 'javascriptreact', 'typescript', 'typescriptreact', 'python'];

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('asynclint', { log: true });
  // Protocol traces (asynclint.trace.server) get a channel of their own, at the Trace log level of VS Code.
  const traceOutput = vscode.window.createOutputChannel('asynclint (protocol trace)', { log: true });
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      ...LANGUAGES.map((language) => ({ scheme: 'file', language })),
      // So that the server sees the configuration file as it is typed and can report its errors in it.
      { scheme: 'file', pattern: '**/asynclint.config.json' },
    ],
    outputChannel: output,
    traceOutputChannel: traceOutput,
    errorHandler: restartingErrorHandler(output),
  };
  client = new LanguageClient('asynclint', 'asynclint', serverOptions, clientOptions);

  const status = vscode.languages.createLanguageStatusItem('asynclint.status', LANGUAGES);
  status.name = 'asynclint';
  status.text = 'asynclint: starting';
  status.command = { title: 'Show Output', command: 'asynclint.showOutput' };
  client.onDidChangeState(({ newState }) => {
    if (newState === State.Stopped) {
      status.text = 'asynclint: stopped';
      status.severity = vscode.LanguageStatusSeverity.Warning;
    } else if (newState === State.Starting) {
      status.text = 'asynclint: starting';
    }
  });

  context.subscriptions.push(
    output,
    traceOutput,
    status,
    vscode.commands.registerCommand('asynclint.restartServer', async () => {
      output.info('restarting the server on request');
      await client?.restart();
    }),
    vscode.commands.registerCommand('asynclint.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('asynclint.fixAll', () => vscode.commands.executeCommand('editor.action.codeAction', { kind: 'source.fixAll.asynclint', apply: 'first' })),
    vscode.commands.registerCommand('asynclint.analyzeWorkspace', () => analyzeWorkspace(output)),
  );
  await client.start();
  client.onNotification(STATUS_NOTIFICATION, (params: StatusParams) => {
    status.severity = vscode.LanguageStatusSeverity.Information;
    const projects = `${params.projects} project${params.projects === 1 ? '' : 's'}`;
    status.text = params.state === 'analysing' ? `asynclint: analysing · ${projects}` : `asynclint: ready · ${projects}`;
    status.detail = params.lastAnalysis
      ? `last analysis ${new Date(params.lastAnalysis.at).toLocaleTimeString()}: ${path.basename(params.lastAnalysis.file)} in ${params.lastAnalysis.milliseconds} ms`
      : 'no file analysed yet';
  });
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

/** Analyses every file of the workspace into the Problems panel, with a cancellable progress notification. */
async function analyzeWorkspace(output: vscode.LogOutputChannel): Promise<void> {
  const running = client;
  if (!running) return;
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'asynclint: analysing the workspace', cancellable: true },
    async (progress, token) => {
      let reported = 0;
      const listener = running.onNotification(ANALYZE_WORKSPACE_PROGRESS, (params: AnalyzeWorkspaceProgressParams) => {
        const percent = params.total === 0 ? 100 : (params.done / params.total) * 100;
        progress.report({ increment: percent - reported, message: `${params.done} of ${params.total} files` });
        reported = percent;
      });
      try {
        return await running.sendRequest<AnalyzeWorkspaceResult>(ANALYZE_WORKSPACE_REQUEST, {}, token);
      } finally {
        listener.dispose();
      }
    },
  );
  const summary = `asynclint analysed ${result.files} files and found ${result.findings} problems${result.cancelled ? ' before it was cancelled' : ''}.`;
  output.info(summary);
  void vscode.window.showInformationMessage(summary);
}

/**
 * Restarts the server whenever it dies, unless it keeps dying: then it stops
 * and tells the user where to look, instead of restarting forever.
 */
function restartingErrorHandler(output: vscode.LogOutputChannel): ErrorHandler {
  const restarts: number[] = [];
  return {
    error: () => ({ action: ErrorAction.Continue }),
    closed: () => {
      const now = Date.now();
      while (restarts.length > 0 && now - restarts[0] > RESTART_WINDOW_MS) restarts.shift();
      if (restarts.length >= MAX_RESTARTS) {
        const message = `The asynclint server stopped ${MAX_RESTARTS + 1} times in 3 minutes and will not be restarted. See the asynclint output; "asynclint: Restart Server" starts it again.`;
        output.error(message);
        return { action: CloseAction.DoNotRestart, message };
      }
      restarts.push(now);
      output.warn('the asynclint server stopped unexpectedly; restarting it');
      return { action: CloseAction.Restart, handled: true };
    },
  };
}
