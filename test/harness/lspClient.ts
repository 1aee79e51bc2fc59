import { spawn, type ChildProcess } from 'node:child_process';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type CodeAction,
  type Diagnostic,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

/**
 * A minimal language client for tests: starts a built server over stdio and
 * speaks the protocol to it, as an editor other than VS Code would.
 */
export class TestLanguageClient {
  readonly logs: string[] = [];
  /** The log lines with their level (window/logMessage's MessageType: 1 error, 2 warning, 3 info, 4 log, 5 debug). */
  readonly logEntries: Array<{ type: number; message: string }> = [];
  /** Custom notifications (asynclint/...) in the order they came. */
  readonly notifications: Array<{ method: string; params: unknown }> = [];
  /** Documents the server asked the editor to show (window/showDocument). */
  readonly shownDocuments: Array<{ uri: string; external?: boolean }> = [];
  private readonly process: ChildProcess;
  private readonly connection: ProtocolConnection;
  private readonly latest = new Map<string, PublishDiagnosticsParams>();
  private readonly publishCounts = new Map<string, number>();
  /** The document version of every publishDiagnostics, per uri, in order. */
  readonly publishedVersions = new Map<string, Array<number | undefined>>();
  private readonly waiters: Array<() => void> = [];
  private versions = new Map<string, number>();
  settings: unknown;
  /** Runs once, right after the next reply to a workspace/configuration request has been sent. */
  afterNextConfigurationReply: (() => void) | undefined;

  constructor(serverPath: string, settings: unknown = {}) {
    this.settings = settings;
    this.process = spawn(process.execPath, [serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.process.stderr!.on('data', (chunk) => this.logs.push(`stderr: ${chunk}`));
    this.connection = createProtocolConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification('window/logMessage', (params: { type: number; message: string }) => {
      this.logs.push(params.message);
      this.logEntries.push({ type: params.type, message: params.message });
    });
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.latest.set(params.uri, params);
      this.publishCounts.set(params.uri, (this.publishCounts.get(params.uri) ?? 0) + 1);
      this.publishedVersions.set(params.uri, [...(this.publishedVersions.get(params.uri) ?? []), params.version]);
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.connection.onRequest('workspace/configuration', (params: { items: Array<{ scopeUri?: string }> }) => {
      const afterReply = this.afterNextConfigurationReply;
      this.afterNextConfigurationReply = undefined;
      // The reply is written when this handler returns; what runs after it reaches the server after the reply.
      if (afterReply) setImmediate(afterReply);
      return params.items.map((item) => (typeof this.settings === 'function' ? this.settings(item.scopeUri) : this.settings));
    });
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('window/showDocument', (params: { uri: string; external?: boolean }) => {
      this.shownDocuments.push(params);
      return { success: true };
    });
    for (const method of ['asynclint/status', 'asynclint/analyzeWorkspaceProgress']) {
      this.connection.onNotification(method, (params: unknown) => {
        this.notifications.push({ method, params });
      });
    }
    this.connection.listen();
  }

  get pid(): number | undefined {
    return this.process.pid;
  }

  /** Starts the session; `otherFolders` make it a multi-root workspace. */
  async initialize(rootUri: string, otherFolders: string[] = []): Promise<unknown> {
    const result = await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [rootUri, ...otherFolders].map((uri, index) => ({ uri, name: `folder${index}` })),
      capabilities: {
        workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true }, didChangeConfiguration: { dynamicRegistration: true } },
        textDocument: { publishDiagnostics: { versionSupport: true, relatedInformation: true }, codeAction: {} },
      },
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  async open(uri: string, text: string, languageId = 'typescript'): Promise<void> {
    this.versions.set(uri, 1);
    this.latest.delete(uri);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  /** Replaces the whole text of an open document. */
  async change(uri: string, text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    return version;
  }

  /** Replaces one range of an open document, as an editor sends a keystroke. */
  async edit(uri: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }, text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
    return version;
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  async changeConfiguration(settings: unknown): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification('workspace/didChangeConfiguration', { settings: { asynclint: settings } });
  }

  async changeWatchedFiles(changes: Array<{ uri: string; type: 1 | 2 | 3 }>): Promise<void> {
    await this.connection.sendNotification('workspace/didChangeWatchedFiles', { changes });
  }

  /** Waits until the latest diagnostics for `uri` (of the latest version) satisfy `accept`. */
  async diagnostics(uri: string, accept: (diagnostics: Diagnostic[]) => boolean = () => true, timeoutMs = 20_000): Promise<Diagnostic[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const published = this.latest.get(uri);
      const current = this.versions.get(uri);
      if (published && (published.version === undefined || published.version === current) && accept(published.diagnostics)) return published.diagnostics;
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new Error(`timed out waiting for diagnostics of ${uri}; last: ${JSON.stringify(published)}\nserver log:\n${this.logs.join('\n')}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The hover at a position (textDocument/hover), or null. */
  hover(uri: string, position: { line: number; character: number }): Promise<{ contents: { kind: string; value: string } } | null> {
    return this.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position });
  }

  codeActions(uri: string, diagnostic: Diagnostic, only?: string[]): Promise<CodeAction[]> {
    return this.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], ...(only ? { only } : {}) },
    });
  }

  /** Code actions of a kind for the whole document, as `editor.codeActionsOnSave` asks for them. */
  sourceActions(uri: string, kind: string): Promise<CodeAction[]> {
    return this.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: [kind] },
    });
  }

  async save(uri: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
  }

  /** How many times diagnostics were published for `uri`. */
  publishCount(uri: string): number {
    return this.publishCounts.get(uri) ?? 0;
  }

  /** The diagnostics last published for `uri`, whatever their version. */
  lastPublished(uri: string): PublishDiagnosticsParams | undefined {
    return this.latest.get(uri);
  }

  /** The current version of an open document (as the client numbers them). */
  version(uri: string): number | undefined {
    return this.versions.get(uri);
  }

  request<R>(method: string, params: unknown, token?: import('vscode-languageserver-protocol').CancellationToken): Promise<R> {
    // A token passed as undefined would be sent as a second parameter.
    return token ? this.connection.sendRequest(method, params, token) : this.connection.sendRequest(method, params);
  }

  executeCommand(command: string, args: unknown[]): Promise<unknown> {
    return this.connection.sendRequest('workspace/executeCommand', { command, arguments: args });
  }

  async shutdown(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((resolve) => setTimeout(resolve, 2000))]);
      await this.connection.sendNotification('exit');
    } catch {
      // The server may already be gone; it is killed below either way.
    }
    this.connection.dispose();
    this.process.kill();
  }
}

/** Applies protocol text edits (line/character ranges) to a text, as an editor would. */
export function applyTextEdits(text: string, edits: readonly { range: { start: Position; end: Position }; newText: string }[]): string {
  const lines = text.split('\n');
  const offset = (position: Position) => lines.slice(0, position.line).reduce((sum, line) => sum + line.length + 1, 0) + position.character;
  return [...edits]
    .sort((a, b) => offset(b.range.start) - offset(a.range.start))
    .reduce((result, edit) => result.slice(0, offset(edit.range.start)) + edit.newText + result.slice(offset(edit.range.end)), text);
}

interface Position {
  readonly line: number;
  readonly character: number;
}
