/**
 * The messages asynclint adds to the Language Server Protocol, declared once
 * for the server and the VS Code client. Plain names and shapes only: this file
 * must not pull runtime code into either bundle.
 */

/** Server → client: what the language status item shows. */
export const STATUS_NOTIFICATION = 'asynclint/status';
export interface StatusParams {
  readonly state: 'starting' | 'ready' | 'analysing';
  /** Projects (tsconfig.json or inferred) currently loaded. */
  readonly projects: number;
  readonly lastAnalysis?: { readonly file: string; readonly milliseconds: number; readonly at: string };
}

/** Client → server: analyse every file of the workspace folders into the Problems panel. Cancellable. */
export const ANALYZE_WORKSPACE_REQUEST = 'asynclint/analyzeWorkspace';
export interface AnalyzeWorkspaceResult {
  readonly files: number;
  readonly findings: number;
  readonly cancelled: boolean;
}

/** Server → client, while the workspace is analysed. */
export const ANALYZE_WORKSPACE_PROGRESS = 'asynclint/analyzeWorkspaceProgress';
export interface AnalyzeWorkspaceProgressParams {
  readonly done: number;
  readonly total: number;
  readonly file?: string;
}

/** Commands the server executes (workspace/executeCommand). */
export const SHOW_DOCUMENTATION_COMMAND = 'asynclint.showDocumentation';
