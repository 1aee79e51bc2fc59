import type { Diagnostic } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analysisOptionsFor } from '../config/configurationStore';
import type { Finding } from '../core/findings';
import { startProjectFileAnalysis, unanalysableReason } from '../project/analyzeProject';
import { isSourceFileName, type Log, type Project, type ProjectService } from '../project/projects';
import { analyzePythonFile } from '../core/python/engine';
import { LineMap } from '../core/python/lines';
import { isPythonFileName, loadPythonParser } from '../core/python/parser';
import { PyProject } from '../core/python/project';
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

/**
 * Lets a status notification reach the client before synchronous work starts:
 * the protocol writes messages on a later turn of the event loop.
 */
const showStatus = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 1));

/** Resolves after the messages that arrived meanwhile have been handled. */
export const yieldToMessages = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Analyses one file at a time (open, or closed for "Analyze Workspace") in
 * slices, answering messages in between, and turns findings into diagnostics.
 */
export class FileAnalysis {
  /** Projects whose first program is being built, so that files opened together wait for one load. */
  private readonly loads = new Map<Project, Promise<void>>();

  constructor(
    private readonly service: ProjectService,
    private readonly configurations: ConfigurationFiles,
    private readonly status: StatusReporter,
    private readonly log: Log,
    private readonly readText: (file: string) => string | undefined,
  ) {
    // Python modules are parsed from the open buffers first, then the disk; the grammar loads once, in the background.
    this.python = new PyProject(readText);
    this.pythonReady = loadPythonParser().then(
      () => true,
      (error: unknown) => {
        log(`Python files cannot be analysed: ${error instanceof Error ? error.message : String(error)}`, 'warning');
        return false;
      },
    );
  }

  private readonly python: PyProject;
  private readonly pythonReady: Promise<boolean>;

  /**
   * The findings of a file, or undefined when it is not analysed (disabled,
   * not a source file, ignored, unanalysable). When `isStale` turns true (an
   * edit, a cancelled request) it stops and returns SUPERSEDED.
   */
  async analyse(file: string, text: string, settings: Settings, isStale: () => boolean): Promise<Finding[] | undefined | typeof SUPERSEDED> {
    if (settings.enable && isPythonFileName(file)) return this.analysePython(file, text, settings, isStale);
    if (!settings.enable || !isSourceFileName(file)) return undefined;
    const reason = unanalysableReason(text);
    if (reason) {
      this.log(`${file} was not analysed: ${reason}`, 'warning');
      return undefined;
    }
    const configuration = this.configurations.stateFor(file);
    if (configuration?.configuration?.isIgnored(file)) return undefined;
    const project = this.service.projectFor(file);
    if (!project.isLoaded) {
      await this.load(project);
      if (isStale()) return SUPERSEDED;
    }
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

  /** A Python file is parsed and analysed in one go: a module takes milliseconds, not the slices a TypeScript program needs. */
  private async analysePython(file: string, text: string, settings: Settings, isStale: () => boolean): Promise<Finding[] | undefined | typeof SUPERSEDED> {
    if (!(await this.pythonReady)) return undefined;
    if (isStale()) return SUPERSEDED;
    const reason = unanalysableReason(text);
    if (reason) {
      this.log(`${file} was not analysed: ${reason}`, 'warning');
      return undefined;
    }
    const configuration = this.configurations.stateFor(file);
    if (configuration?.configuration?.isIgnored(file)) return undefined;
    const started = Date.now();
    this.python.refresh();
    const result = analyzePythonFile(file, text, analysisOptionsFor(configuration?.configuration, settings.rules, settings.typeAware), this.python);
    for (const problem of result.problems) this.log(problem, 'warning');
    this.status.analysed(file, Date.now() - started);
    return result.findings;
  }

  /**
   * A project's first program: every file it names is parsed, and then its
   * types are bound, in one go each (TypeScript cannot pause inside either).
   * The status item says which project is loading before each step, and how
   * many files were parsed, so a long first wait is not a silent one. Files
   * opened meanwhile wait for the same load.
   */
  private load(project: Project): Promise<void> {
    let loading = this.loads.get(project);
    if (!loading) {
      loading = this.loadNow(project).finally(() => this.loads.delete(project));
      this.loads.set(project, loading);
    }
    return loading;
  }

  private async loadNow(project: Project): Promise<void> {
    const started = Date.now();
    const name = project.configFile ?? project.name;
    this.status.loading({ project: name, files: project.fileNames.length });
    await showStatus();
    try {
      const program = project.getProgram();
      const parsed = program.getSourceFiles().length;
      this.status.loading({ project: name, files: project.fileNames.length, parsed });
      await showStatus();
      program.getTypeChecker();
      this.log(`loaded ${name}: ${parsed} files parsed and bound in ${Date.now() - started} ms`);
      this.status.loaded({ project: name, parsed, milliseconds: Date.now() - started });
    } catch (error) {
      this.status.loaded({ project: name, parsed: 0, milliseconds: Date.now() - started });
      throw error;
    }
  }

  /** Findings as protocol diagnostics; related locations in other files are placed with their project's program. */
  diagnosticsOf(findings: readonly Finding[], document: TextDocument, file: string): Diagnostic[] {
    const positionInFile = (other: string, offset: number) => {
      if (isPythonFileName(other)) return new LineMap(this.readText(other) ?? '').getLineAndCharacterOfPosition(offset);
      const sourceFile = this.service.projectFor(file).getProgram().getSourceFile(other);
      if (!sourceFile) return { line: 0, character: 0 };
      const { line, character } = sourceFile.getLineAndCharacterOfPosition(offset);
      return { line, character };
    };
    return findings.map((finding) => toDiagnostic(finding, document, positionInFile));
  }
}
