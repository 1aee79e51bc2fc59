import * as path from 'node:path';
import * as vscode from 'vscode';
import { CloseAction, ErrorAction, LanguageClient, State, TransportKind, type ErrorHandler, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import {
  ANALYZE_WORKSPACE_PROGRESS,
  ANALYZE_WORKSPACE_REQUEST,
  FIX_ALL_SUMMARY_REQUEST,
  SHOW_DOCUMENTATION_COMMAND,
  STATUS_NOTIFICATION,
  type AnalyzeWorkspaceProgressParams,
  type AnalyzeWorkspaceResult,
  type FixAllSummary,
  type FixAllSummaryParams,
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
    middleware: {
      executeCommand: async (command, args, next) => {
        if (command === SHOW_DOCUMENTATION_COMMAND && (await showDocumentation(context, args[0]))) return undefined;
        return next(command, args);
      },
    },
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
    vscode.commands.registerCommand('asynclint.fixAll', () => fixAll()),
    vscode.commands.registerCommand('asynclint.analyzeWorkspace', () => analyzeWorkspace(output)),
  );
  await client.start();
  client.onNotification(STATUS_NOTIFICATION, (params: StatusParams) => showStatus(status, params));
}

/**
 * The longest line (text and detail) the language status hover shows for
 * asynclint. The hover lays each item out on one line that does not wrap, the
 * "Show Output" link at its end, in a box that stops at the window's edge: with
 * the status bar's `{}` near the right of a 1,440 px window there is room for
 * about 65 characters before the link is cut off.
 */
const STATUS_LINE_MAX = 56;

/** The language status item: what the server is doing, and the last analysis, kept short (see STATUS_LINE_MAX). */
function showStatus(status: vscode.LanguageStatusItem, params: StatusParams): void {
  status.severity = vscode.LanguageStatusSeverity.Information;
  status.busy = params.state !== 'ready';
  const projects = `${params.projects} project${params.projects === 1 ? '' : 's'}`;
  // The hover puts " – " between text and detail.
  const fit = (text: string, detail: (room: number) => string) => {
    status.text = text;
    status.detail = detail(STATUS_LINE_MAX - text.length - 3);
  };
  if (params.state === 'loading' && params.loading) {
    const { project, files, parsed } = params.loading;
    const progress = parsed === undefined ? `parsing ${files} files` : `${parsed} files parsed`;
    fit('asynclint: loading', (room) => `${shorten(vscode.workspace.asRelativePath(project), room - progress.length - 2)}: ${progress}`);
    return;
  }
  const text = params.state === 'analysing' ? `asynclint: analysing · ${projects}` : `asynclint: ready · ${projects}`;
  const last = params.lastAnalysis;
  if (!last) {
    fit(text, () => 'no file analysed yet');
    return;
  }
  const took = ` in ${last.milliseconds} ms`;
  fit(text, (room) => `${shorten(path.basename(last.file), room - took.length)}${took}`);
}

/** `text` cut to `max` characters by an ellipsis in the middle, which keeps a file name's start and extension. */
function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max < 8) return text.slice(0, Math.max(1, max - 1)) + '…';
  const keep = max - 1;
  return `${text.slice(0, Math.ceil(keep / 2))}…${text.slice(text.length - Math.floor(keep / 2))}`;
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
  // Counted as the Problems panel and the status bar count: hints show in the editor only.
  const problems = `${result.problems} problem${result.problems === 1 ? '' : 's'}`;
  const hints = result.hints > 0 ? ` and ${result.hints} hint${result.hints === 1 ? '' : 's'} (shown in the editor only)` : '';
  const summary = `asynclint analysed ${result.files} files and found ${problems}${hints}${result.cancelled ? ' before it was cancelled' : ''}.`;
  output.info(summary);
  const choice = await vscode.window.showInformationMessage(summary, SHOW_PROBLEMS);
  if (choice === SHOW_PROBLEMS) await vscode.commands.executeCommand('workbench.actions.view.problems');
}

const SHOW_PROBLEMS = 'Show Problems';

/**
 * "Fix All Auto-fixable Problems": applies the safe fixes of the active file,
 * and when there are none, says so and what is there instead (fixes that need a
 * person to choose them), rather than doing nothing visible.
 */
async function fixAll(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const running = client;
  if (!editor || !running) return;
  const summary = await running.sendRequest<FixAllSummary>(FIX_ALL_SUMMARY_REQUEST, { uri: editor.document.uri.toString() } satisfies FixAllSummaryParams);
  if (summary.safe > 0) {
    await vscode.commands.executeCommand('editor.action.codeAction', { kind: 'source.fixAll.asynclint', apply: 'first' });
    return;
  }
  const suggestions = summary.suggestions;
  void vscode.window.showInformationMessage(
    suggestions > 0
      ? `asynclint: no safe fixes; ${suggestions} finding${suggestions === 1 ? ' has' : 's have'} suggestions: use Ctrl+. on ${suggestions === 1 ? 'it' : 'them'} to choose one.`
      : 'asynclint: nothing to fix in this file.',
  );
}

/**
 * "Show documentation for <rule>" (a code action): the page shipped in the
 * extension, opened in the Markdown preview (rendered, as on the web, and
 * offline). Other editors get the page from the server (window/showDocument).
 */
async function showDocumentation(context: vscode.ExtensionContext, rule: unknown): Promise<boolean> {
  if (typeof rule !== 'string' || !/^[a-z][a-z-]*$/.test(rule)) return false;
  const page = vscode.Uri.file(context.asAbsolutePath(path.join('docs', 'rules', `${rule}.md`)));
  try {
    await vscode.workspace.fs.stat(page);
  } catch {
    return false;
  }
  try {
    await vscode.commands.executeCommand('markdown.showPreview', page);
    return true;
  } catch {
    // No Markdown preview (its built-in extension disabled): the server opens the page as text.
    return false;
  }
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
