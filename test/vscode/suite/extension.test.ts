import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

/** Diagnostics and code actions through the VS Code API, in a real extension host. */

async function diagnosticsOf(uri: vscode.Uri, count: number): Promise<vscode.Diagnostic[]> {
  const deadline = Date.now() + 45_000;
  for (;;) {
    const found = vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'asynclint');
    if (found.length === count) return found;
    if (Date.now() > deadline) throw new Error(`expected ${count} asynclint diagnostics, have ${JSON.stringify(found)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

suite('asynclint in the extension host', () => {
  const orders = () => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'src', 'orders.ts');

  test('reports the floating promises of the fixture with source, rule id and documentation link', async () => {
    const document = await vscode.workspace.openTextDocument(orders());
    await vscode.window.showTextDocument(document);
    const diagnostics = await diagnosticsOf(document.uri, 3);
    assert.deepEqual(
      diagnostics.map((diagnostic) => diagnostic.range.start.line + 1),
      [5, 6, 11],
    );
    for (const diagnostic of diagnostics) {
      const code = diagnostic.code as { value: string; target: vscode.Uri };
      assert.equal(code.value, 'no-floating-promises');
      assert.equal(code.target.toString(), 'https://github.com/asynclint/asynclint/blob/main/docs/rules/no-floating-promises.md');
      assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
    }
  });

  test('offers the quick-fixes, and applying one removes the finding', async () => {
    const document = await vscode.workspace.openTextDocument(orders());
    const [first] = await diagnosticsOf(document.uri, 3);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, first.range, vscode.CodeActionKind.QuickFix.value);
    const titles = actions.filter((action) => action.diagnostics?.some((diagnostic) => diagnostic.source === 'asynclint')).map((action) => action.title);
    assert.deepEqual(titles.slice(0, 3), ['Add await', 'Append .catch(...) that logs the error', 'Add void to mark it fire-and-forget']);
    const addAwait = actions.find((action) => action.title === 'Add await')!;
    assert.ok(await vscode.workspace.applyEdit(addAwait.edit!));
    assert.equal(document.lineAt(first.range.start.line).text.trim(), 'await saveOrder(id);');
    await diagnosticsOf(document.uri, 2);
    await vscode.commands.executeCommand('undo');
    await diagnosticsOf(document.uri, 3);
  });
});
