import type { AnalysisOptions } from '../core/engine';
import type { SeverityOrOff } from '../core/findings';
import { findConfigurationFile, parseConfiguration, type ConfigurationError, type ProjectConfiguration } from './configFile';

export interface ConfigurationState {
  readonly file: string;
  /** The configuration in force: the last valid one, even while the file has errors. */
  readonly configuration: ProjectConfiguration | undefined;
  /** The errors of the file as it is now; empty when it is valid. */
  readonly errors: readonly ConfigurationError[];
}

/**
 * Finds and caches the asynclint.config.json that applies to each file. An
 * invalid file keeps its last valid configuration in force (so a typo while
 * editing it does not flood the workspace with findings) and reports its errors.
 */
export class ConfigurationStore {
  private readonly states = new Map<string, ConfigurationState>();
  private readonly fileOfDirectory = new Map<string, string | undefined>();

  constructor(
    private readonly readFile: (file: string) => string | undefined,
    private readonly fileExists: (file: string) => boolean,
  ) {}

  /** The configuration state for `fileName`, or undefined when no configuration file applies. */
  stateFor(fileName: string): ConfigurationState | undefined {
    const directory = fileName.slice(0, fileName.lastIndexOf('/'));
    let file = this.fileOfDirectory.get(directory);
    if (!this.fileOfDirectory.has(directory)) {
      file = findConfigurationFile(fileName, this.fileExists);
      this.fileOfDirectory.set(directory, file);
    }
    return file === undefined ? undefined : (this.states.get(file) ?? this.load(file));
  }

  /** Re-reads a configuration file after it changed, was created or was deleted. Returns its new state. */
  reload(file: string): ConfigurationState | undefined {
    this.fileOfDirectory.clear();
    if (!this.fileExists(file)) {
      this.states.delete(file);
      return undefined;
    }
    return this.load(file);
  }

  /** Every configuration file read so far, with its state. */
  get all(): readonly ConfigurationState[] {
    return [...this.states.values()];
  }

  private load(file: string): ConfigurationState {
    const text = this.readFile(file);
    const previous = this.states.get(file);
    const result = text === undefined ? { ok: false as const, errors: [{ message: `cannot read ${file}`, start: 0, end: 0, line: 1, column: 1 }] } : parseConfiguration(file, text);
    const state: ConfigurationState = result.ok
      ? { file, configuration: result.configuration, errors: [] }
      : { file, configuration: previous?.configuration, errors: result.errors };
    this.states.set(file, state);
    return state;
  }
}

/**
 * The analysis options for a file: the configuration file's severities and
 * options, then the editor's `asynclint.rules`, which win (they are the
 * user's explicit choice for this machine).
 */
export function analysisOptionsFor(configuration: ProjectConfiguration | undefined, editorRules: Readonly<Record<string, SeverityOrOff>> = {}, typeAware = true): AnalysisOptions {
  return {
    severities: { ...(configuration?.severities ?? {}), ...editorRules },
    ruleOptions: configuration?.ruleOptions ?? {},
    knowledge: configuration?.knowledge ?? {},
    typeAware,
  };
}
