import type { Connection, InitializeParams } from 'vscode-languageserver/node';
import type { Log } from '../project/projects';
import { DEFAULT_SETTINGS, validateSettings, type Settings } from './settings';

/**
 * The `asynclint.*` settings of each document. Pulled per document (settings can
 * differ per folder) when the client can answer `workspace/configuration`, else
 * the ones the client pushed; cached until a document closes or settings change.
 */
export class SettingsSource {
  private canPull = false;
  private pushed: unknown;
  private readonly cache = new Map<string, Promise<Settings>>();

  constructor(
    private readonly connection: Connection,
    private readonly log: Log,
  ) {}

  initialize(params: InitializeParams): void {
    this.canPull = params.capabilities.workspace?.configuration === true;
    this.pushed = (params.initializationOptions as { settings?: unknown } | undefined)?.settings;
  }

  /** Whether the client answers `workspace/configuration` (and so can tell us when settings change). */
  get canPullConfiguration(): boolean {
    return this.canPull;
  }

  settingsFor(uri: string): Promise<Settings> {
    let cached = this.cache.get(uri);
    if (!cached) {
      const warn = (message: string) => this.log(`settings: ${message}`, 'warning');
      cached = this.canPull
        ? this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'asynclint' }).then(
            (raw) => validateSettings(raw, warn),
            () => DEFAULT_SETTINGS,
          )
        : Promise.resolve(validateSettings(this.pushed, warn));
      this.cache.set(uri, cached);
    }
    return cached;
  }

  /** `workspace/didChangeConfiguration`: a client that pushes settings sends them here. */
  changed(change: { settings?: unknown }): void {
    const settings = (change.settings as { asynclint?: unknown } | undefined)?.asynclint;
    if (settings !== undefined) this.pushed = settings;
    this.cache.clear();
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }
}
