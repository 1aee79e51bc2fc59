import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  TransportKind,
  type ErrorHandler,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';

/** Restarts allowed within RESTART_WINDOW_MS before the client gives up and says so. */
const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 3 * 60_000;

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('asynclint', { log: true });
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: ['javascript', 'javascriptreact', 'typescript', 'typescriptreact'].map((language) => ({ scheme: 'file', language })),
    outputChannel: output,
    errorHandler: restartingErrorHandler(output),
  };
  client = new LanguageClient('asynclint', 'asynclint', serverOptions, clientOptions);

  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('asynclint.restartServer', async () => {
      output.appendLine('restarting the server on request');
      await client?.restart();
    }),
    vscode.commands.registerCommand('asynclint.showOutput', () => output.show(true)),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
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
        output.appendLine(message);
        return { action: CloseAction.DoNotRestart, message };
      }
      restarts.push(now);
      output.appendLine('the asynclint server stopped unexpectedly; restarting it');
      return { action: CloseAction.Restart, handled: true };
    },
  };
}
