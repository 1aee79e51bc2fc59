import type { Diagnostic } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analysisOptionsFor } from '../config/configurationStore';
import type { Finding } from '../core/findings';
import { startProjectFileAnalysis, unanalysableReason } from '../project/analyzeProject';
import { isSourceFileName, type Log, type ProjectService } from '../project/projects';
import type { ConfigurationFiles } from './configurationFiles';
import { toDiagnostic } from './convert';
import type { Settings } from './settings';
import type { StatusReporter } from './status';

/**
 * The longest stretch of analysis between two looks at incoming messages: an
 * edit arriving meanwhile waits at most this long, and drops the stale work.
 */
const ANALYSIS_SLICE_MS = 25;

/** What an analysis returns when it was dropped because its text or request is no longer current. */
export const SUPERSEDED = Symbol('superseded');

/** Resolves after the messages that arrived meanwhile have been handled. */
export const yieldToMessages = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Analyses one file at a time (open, or closed for "Analyze Workspace") in
 * slices, answering messages in between, and turns findings into diagnostics.
 */
export class FileAnalysis {
  constructor(
    private readonly service: ProjectService,
    private readonly configurations: ConfigurationFiles,
    private readonly status: StatusReporter,
    private readonly log: Log,
  ) {}

  /**
   * The findings of a file, or undefined when it is not analysed (disabled,
   * not a source file, ignored, unanalysable). When `isStale` turns true (an
   * edit, a cancelled request) it stops and returns SUPERSEDED.
   */
  async analyse(file: string, text: string, settings: Settings, isStale: () => boolean): Promise<Finding[] | undefined | typeof SUPERSEDED> {
    if (!settings.enable || !isSourceFileName(file)) return undefined;
    const reason = unanalysableReason(text);
    if (reason) {
      this.log(`${file} was not analysed: ${reason}`, 'warning');
      return undefined;
    }
    const configuration = this.configurations.stateFor(file);
    if (configuration?.configuration?.isIgnored(file)) return undefined;
    const project = this.service.projectFor(file);
    const started = Date.now();
    this.status.analysisStarted();
    try {
      const job = startProjectFileAnalysis(project, file, analysisOptionsFor(configuration?.configuration, settings.rules, settings.typeAware), this.log);
      while (!job.runUntil(Date.now() + ANALYSIS_SLICE_MS)) {
        await yieldToMessages();
        if (isStale()) return SUPERSEDED;
      }
      const result = job.result();
      if ('skipped' in result) {
        this.log(result.skipped);
        return undefined;
      }
      this.status.analysed(file, Date.now() - started);
      return result.findings;
    } finally {
      this.status.analysisEnded();
    }
  }

  /** Findings as protocol diagnostics; related locations in other files are placed with their project's program. */
  diagnosticsOf(findings: readonly Finding[], document: TextDocument, file: string): Diagnostic[] {
    const positionInFile = (other: string, offset: number) => {
      const sourceFile = this.service.projectFor(file).getProgram().getSourceFile(other);
      if (!sourceFile) return { line: 0, character: 0 };
      const { line, character } = sourceFile.getLineAndCharacterOfPosition(offset);
      return { line, character };
    };
    return findings.map((finding) => toDiagnostic(finding, document, positionInFile));
  }
}
