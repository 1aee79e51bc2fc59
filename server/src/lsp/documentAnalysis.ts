import type { Connection, Diagnostic } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import type { Finding } from '../core/findings';
import { exportSignature } from '../project/analyzeProject';
import { isPythonFileName } from '../core/python/parser';
import { isSourceFileName, type Log, type ProjectService } from '../project/projects';
import { isConfigurationFile } from './configurationFiles';
import { SUPERSEDED, type FileAnalysis } from './fileAnalysis';
import { fileOf, type OpenDocuments } from './openDocuments';
import type { Settings } from './settings';
import type { SettingsSource } from './settingsSource';

/** How long after the last keystroke a document is analysed; edits inside it are coalesced. */
export const ANALYSIS_DELAY_MS = 20;
/** Other open files of a changed project are re-analysed a little later, after the edited one. */
export const DEPENDENT_ANALYSIS_DELAY_MS = 300;

/** What an open document's last analysis found, kept for its code actions. */
export interface AnalysedDocument {
  readonly version: number;
  readonly findings: readonly Finding[];
  readonly settings: Settings;
}

export type Trigger = 'open' | 'change' | 'save' | 'dependency' | 'settings';

/**
 * The analysis of open documents: scheduled after each event (edits are
 * coalesced), each analysis dropped when a newer one supersedes it, diagnostics
 * published with the version they were computed for. An edit that changes what a
 * file exports re-analyses the other open files of its project.
 */
export class DocumentAnalysis {
  /** The last published analysis of each open document. */
  private readonly analysed = new Map<string, AnalysedDocument>();
  /** What each open file exported when it was last analysed (see exportSignature). */
  private readonly exportSignatures = new Map<string, string | undefined>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly pendingTriggers = new Map<string, Trigger>();
  /** The latest analysis started per document; an older one still running is stale. */
  private readonly latestAnalysis = new Map<string, object>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: OpenDocuments,
    private readonly service: ProjectService,
    private readonly settings: SettingsSource,
    private readonly files: FileAnalysis,
    private readonly log: Log,
  ) {}

  /** The findings behind a document's diagnostics, when they are for its current version. */
  current(uri: string): AnalysedDocument | undefined {
    const state = this.analysed.get(uri);
    const document = this.documents.get(uri);
    return state && document && state.version === document.version ? state : undefined;
  }

  /** The findings last published for a document, whatever its version. */
  lastFindings(uri: string): readonly Finding[] | undefined {
    return this.analysed.get(uri)?.findings;
  }

  schedule(uri: string, delay: number, trigger: Trigger): void {
    clearTimeout(this.timers.get(uri));
    // An edit arriving while an open or a save is pending must not downgrade it (onSave skips edits).
    const pending = this.pendingTriggers.get(uri);
    const effective = pending && pending !== 'change' && pending !== 'dependency' && (trigger === 'change' || trigger === 'dependency') ? pending : trigger;
    this.pendingTriggers.set(uri, effective);
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        this.pendingTriggers.delete(uri);
        void this.analyse(uri, effective);
      }, delay),
    );
  }

  scheduleAll(delay: number, trigger: Trigger): void {
    for (const document of this.documents.all()) this.schedule(document.uri, delay, trigger);
  }

  /** A document closed: forget what was kept for it. */
  closed(uri: string): void {
    this.exportSignatures.delete(fileOf(uri));
    clearTimeout(this.timers.get(uri));
    this.analysed.delete(uri);
  }

  private async analyse(uri: string, trigger: Trigger): Promise<void> {
    const document = this.documents.get(uri);
    // A configuration file's diagnostics are its errors, published by ConfigurationFiles.
    if (!document || URI.parse(uri).scheme !== 'file' || isConfigurationFile(fileOf(uri))) return;
    // TextDocuments updates documents in place: what is analysed is the version and text as of now.
    const version = document.version;
    const text = document.getText();
    const ticket = {};
    this.latestAnalysis.set(uri, ticket);
    const settings = await this.settings.settingsFor(uri);
    const current = this.documents.get(uri);
    if (!current || current.version !== version) return; // Superseded while the settings loaded.
    // With run: onSave, typing leaves the last diagnostics in place until the file is saved.
    if (settings.run === 'onSave' && (trigger === 'change' || trigger === 'dependency')) return;
    const file = fileOf(uri);
    // Stale once a newer analysis of the document started, or (as you type) once its text changed.
    const isStale = () => {
      const now = this.documents.get(uri);
      return this.latestAnalysis.get(uri) !== ticket || !now || (settings.run === 'onType' && now.version !== version);
    };
    try {
      const findings = await this.files.analyse(file, text, settings, isStale);
      if (findings === SUPERSEDED) {
        // Routine: every edit typed during an analysis supersedes it.
        this.log(`analysis of ${file} (version ${version}) dropped: superseded`, 'debug');
        return;
      }
      this.analysed.set(uri, { version, findings: findings ?? [], settings });
      this.publish(uri, version, findings ? this.files.diagnosticsOf(findings, TextDocument.create(uri, document.languageId, version, text), file) : []);
      // Other open Python files may call into this one (blocking helpers, async def): they are analysed again.
      if (isPythonFileName(file)) {
        // An open coalesced with the edits that followed it counts as an edit too.
        if (trigger === 'change' || trigger === 'open' || trigger === 'save') this.analyseOtherPythonFiles(uri);
      } else if (trigger === 'change' && findings) {
        // Other open files of the project are analysed again only when what this file exports changed.
        const signature = exportSignature(this.service.projectFor(file), file);
        if (signature !== this.exportSignatures.get(file)) this.analyseOthersInProject(uri);
        this.exportSignatures.set(file, signature);
      } else if (findings) {
        this.exportSignatures.set(file, exportSignature(this.service.projectFor(file), file));
      }
    } catch (error) {
      this.log(`analysis of ${file} failed: ${error instanceof Error ? error.stack : String(error)}`, 'warning');
    } finally {
      if (this.latestAnalysis.get(uri) === ticket) this.latestAnalysis.delete(uri);
    }
  }

  private analyseOthersInProject(uri: string): void {
    const project = this.service.projectFor(fileOf(uri));
    for (const other of this.documents.all()) {
      if (other.uri !== uri && isSourceFileName(fileOf(other.uri)) && this.service.projectFor(fileOf(other.uri)) === project) {
        this.schedule(other.uri, DEPENDENT_ANALYSIS_DELAY_MS, 'dependency');
      }
    }
  }

  private analyseOtherPythonFiles(uri: string): void {
    for (const other of this.documents.all()) {
      if (other.uri !== uri && isPythonFileName(fileOf(other.uri))) this.schedule(other.uri, DEPENDENT_ANALYSIS_DELAY_MS, 'dependency');
    }
  }

  private publish(uri: string, version: number | undefined, diagnostics: Diagnostic[]): void {
    void this.connection.sendDiagnostics({ uri, version, diagnostics });
  }
}
