import type { CancellationToken, Connection } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../core/findings';
import type { Log, ProjectService } from '../project/projects';
import { collectTargets, discoverPythonFiles } from '../project/targets';
import type { DocumentAnalysis } from './documentAnalysis';
import { SUPERSEDED, yieldToMessages, type FileAnalysis } from './fileAnalysis';
import { uriOf, type OpenDocuments } from './openDocuments';
import { ANALYZE_WORKSPACE_PROGRESS, type AnalyzeWorkspaceProgressParams, type AnalyzeWorkspaceResult } from './protocol';
import type { SettingsSource } from './settingsSource';
import type { StatusReporter } from './status';

/**
 * "Analyze Workspace": every file of the workspace folders analysed into the
 * Problems panel, with progress, cancellable. Closed files analysed this way
 * keep their diagnostics (and are analysed again when they close after an edit).
 */
export class WorkspaceAnalysis {
  /** Closed files whose diagnostics come from "Analyze Workspace". */
  private readonly diagnosed = new Set<string>();
  private roots: readonly string[] = [];

  constructor(
    private readonly connection: Connection,
    private readonly documents: OpenDocuments,
    private readonly service: ProjectService,
    private readonly settings: SettingsSource,
    private readonly files: FileAnalysis,
    private readonly openDocumentAnalysis: DocumentAnalysis,
    private readonly status: StatusReporter,
    private readonly log: Log,
  ) {}

  setRoots(roots: readonly string[]): void {
    this.roots = roots;
  }

  /** Whether some closed file's diagnostics come from here (its project must then stay loaded). */
  get hasDiagnosedFiles(): boolean {
    return this.diagnosed.size > 0;
  }

  isDiagnosed(file: string): boolean {
    return this.diagnosed.has(file);
  }

  /** Analyses a closed file from disk and publishes its diagnostics; returns its findings. */
  async analyseClosed(file: string, isStale: () => boolean = () => false): Promise<readonly Finding[]> {
    const text = this.documents.readText(file);
    if (text === undefined) return [];
    const uri = uriOf(file);
    const findings = await this.files.analyse(file, text, await this.settings.settingsFor(uri), () => isStale() || this.documents.isOpen(file));
    if (findings === SUPERSEDED) return [];
    const document = TextDocument.create(uri, 'typescript', 0, text);
    void this.connection.sendDiagnostics({ uri, version: undefined, diagnostics: findings ? this.files.diagnosticsOf(findings, document, file) : [] });
    return findings ?? [];
  }

  /** The ANALYZE_WORKSPACE_REQUEST handler. */
  async run(token: CancellationToken): Promise<AnalyzeWorkspaceResult> {
    const files = this.roots.flatMap((root) => {
      try {
        return [...collectTargets([root], this.service), ...discoverPythonFiles([root])];
      } catch (error) {
        this.log(`cannot analyse ${root}: ${(error as Error).message}`, 'warning');
        return [];
      }
    });
    // Counted as the Problems panel counts: hints are shown in the editor only, so they are counted apart.
    let problems = 0;
    let hints = 0;
    const count = (findings: readonly Finding[]) => {
      for (const finding of findings) {
        if (finding.severity === 'hint') hints++;
        else problems++;
      }
    };
    let done = 0;
    for (const file of files) {
      if (token.isCancellationRequested) break;
      if (this.documents.isOpen(file)) {
        // Open files keep their live diagnostics; they still count.
        count(this.openDocumentAnalysis.lastFindings(uriOf(file)) ?? []);
      } else {
        try {
          count(await this.analyseClosed(file, () => token.isCancellationRequested));
          this.diagnosed.add(file);
        } catch (error) {
          this.log(`analysis of ${file} failed: ${error instanceof Error ? error.stack : String(error)}`, 'warning');
        }
      }
      done++;
      void this.connection.sendNotification(ANALYZE_WORKSPACE_PROGRESS, { done, total: files.length, file } satisfies AnalyzeWorkspaceProgressParams);
      // Lets cancellation and edits through between files.
      await yieldToMessages();
    }
    this.status.send('ready');
    this.log(`analysed ${done} of ${files.length} workspace files: ${problems} problems and ${hints} hints${token.isCancellationRequested ? ' (cancelled)' : ''}`);
    return { files: done, findings: problems + hints, problems, hints, cancelled: token.isCancellationRequested };
  }
}
