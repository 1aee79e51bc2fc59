import * as fs from 'node:fs';
import * as path from 'node:path';
import { DiagnosticSeverity, type Connection } from 'vscode-languageserver/node';
import { CONFIG_FILE_NAME } from '../config/configFile';
import { ConfigurationStore, type ConfigurationState } from '../config/configurationStore';
import { DIAGNOSTIC_SOURCE } from './convert';
import { uriOf, type OpenDocuments } from './openDocuments';

export const isConfigurationFile = (file: string): boolean => path.basename(file) === CONFIG_FILE_NAME;

/**
 * `asynclint.config.json` files: the configuration in force for each file, and
 * each configuration file's errors shown in the file itself (also while it is
 * being typed), cleared once it is valid again.
 */
export class ConfigurationFiles {
  readonly store: ConfigurationStore;
  /** How many errors were last published per configuration file, so a valid file is cleared once. */
  private readonly publishedErrors = new Map<string, number>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: OpenDocuments,
  ) {
    this.store = new ConfigurationStore(
      (file) => documents.readText(file),
      (file) => documents.isOpen(file) || fs.existsSync(file),
    );
  }

  /** The configuration state of a source file, its errors published on the way. */
  stateFor(file: string): ConfigurationState | undefined {
    const state = this.store.stateFor(file);
    this.publish(state);
    return state;
  }

  /** A configuration file changed (typed, saved, created or deleted): read it again. */
  reload(file: string): void {
    this.publish(this.store.reload(file) ?? { file, configuration: undefined, errors: [] });
  }

  /** Shows a configuration file's errors in the file itself; clears them once it is valid. */
  private publish(state: ConfigurationState | undefined): void {
    if (!state) return;
    const previous = this.publishedErrors.get(state.file) ?? 0;
    if (previous === 0 && state.errors.length === 0) return;
    this.publishedErrors.set(state.file, state.errors.length);
    const document = this.documents.byFileName(state.file);
    void this.connection.sendDiagnostics({
      uri: uriOf(state.file),
      version: document?.version,
      diagnostics: state.errors.map((error) => ({
        range: {
          start: { line: error.line - 1, character: error.column - 1 },
          end: document ? document.positionAt(error.end) : { line: error.line - 1, character: error.column - 1 + Math.max(1, error.end - error.start) },
        },
        severity: DiagnosticSeverity.Error,
        source: DIAGNOSTIC_SOURCE,
        message: `${error.message} The last valid configuration stays in force until this is fixed.`,
      })),
    });
  }
}
