import { declarationsFact, namesFact } from './facts';

/** What the VS Code extension API does, as the rules need it. */

export const VSCODE_NEVER_REJECTING = declarationsFact({
  id: 'vscode-never-rejecting',
  summary: 'VS Code API calls whose promise never rejects',
  reason:
    'The message boxes resolve with the chosen item or `undefined`; `env.openExternal` resolves `false` when the URI cannot be opened; ' +
    "`Memento.update` keeps the value at once and its promise only reports a failure of VS Code's own storage; `Webview.postMessage` " +
    'resolves `false` when the webview is gone; `TabGroups.close` when a tab is already closed. Code drops these by design; a handler would never run.',
  entries: [
    { module: 'vscode', export: 'window.showInformationMessage' },
    { module: 'vscode', export: 'window.showWarningMessage' },
    { module: 'vscode', export: 'window.showErrorMessage' },
    { module: 'vscode', export: 'env.openExternal' },
    { module: 'vscode', export: 'Memento.update' },
    { module: 'vscode', export: 'Webview.postMessage' },
    { module: 'vscode', export: 'TabGroups.close' },
  ],
});

export const VSCODE_UI_COMMANDS = namesFact({
  id: 'vscode-ui-commands',
  summary: "VS Code's own user-interface commands (`executeCommand` ids), besides every `workbench.action.*`, `workbench.view.*` and `workbench.panel.*` command",
  evidence: 'declaration',
  reason: '`setContext` only sets a context key; the workbench and editor-opening commands report their failures in the window themselves.',
  names: ['setContext', 'vscode.open', 'vscode.openWith', 'vscode.diff', 'vscode.changes', 'revealFileInOS', 'revealInExplorer'],
});

/** Prefixes of VS Code's workbench command ids, which report their own failures (see above). */
export const VSCODE_UI_COMMAND_PREFIXES: readonly string[] = ['workbench.action.', 'workbench.view.', 'workbench.panel.'];
