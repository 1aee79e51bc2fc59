/**
 * The messages asynclint adds to the Language Server Protocol, declared once
 * for the server and the VS Code client. Plain names and shapes only: this file
 * must not pull runtime code into either bundle.
 */

/** Server → client: what the language status item shows. */
export const STATUS_NOTIFICATION = 'asynclint/status';
export interface StatusParams {
  readonly state: 'starting' | 'ready' | 'analysing' | 'loading';
  /** Projects (tsconfig.json or inferred) currently loaded. */
  readonly projects: number;
  readonly lastAnalysis?: { readonly file: string; readonly milliseconds: number; readonly at: string };
  /**
   * While a project's program is built for the first time (state `loading`):
   * which project (its tsconfig.json, or the folder of an inferred one), how
   * many files it names, and once they are parsed, how many the program has
   * (with the libraries and types it reads) while its types are checked.
   */
  readonly loading?: { readonly project: string; readonly files: number; readonly parsed?: number };
  /** The last project load: which, how many files were parsed, how long it took. */
  readonly lastLoad?: { readonly project: string; readonly parsed: number; readonly milliseconds: number };
}

/** Client → server: analyse every file of the workspace folders into the Problems panel. Cancellable. */
export const ANALYZE_WORKSPACE_REQUEST = 'asynclint/analyzeWorkspace';
export interface AnalyzeWorkspaceResult {
  readonly files: number;
  /** Every finding, hints included. */
  readonly findings: number;
  /** Errors, warnings and infos: what the Problems panel lists. */
  readonly problems: number;
  /** Hints: shown in the editor only (faint dots), not in the Problems panel. */
  readonly hints: number;
  readonly cancelled: boolean;
}

/** Server → client, while the workspace is analysed. */
export const ANALYZE_WORKSPACE_PROGRESS = 'asynclint/analyzeWorkspaceProgress';
export interface AnalyzeWorkspaceProgressParams {
  readonly done: number;
  readonly total: number;
  readonly file?: string;
}

/** Client → server: what "Fix All Auto-fixable Problems" can do in a document, for its message when it does nothing. */
export const FIX_ALL_SUMMARY_REQUEST = 'asynclint/fixAllSummary';
export interface FixAllSummaryParams {
  readonly uri: string;
}
export interface FixAllSummary {
  /** Findings with a safe fix (applied by fix all). */
  readonly safe: number;
  /** Findings whose fixes all need a person to choose them (Ctrl+.). */
  readonly suggestions: number;
}

/** Commands the server executes (workspace/executeCommand). */
export const SHOW_DOCUMENTATION_COMMAND = 'asynclint.showDocumentation';
