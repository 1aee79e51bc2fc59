// The packaged extension in a real VS Code workbench (code-server), as a person uses it.
// Run with `npm run test:e2e`; scripts/e2e/run-e2e.mjs installs the VSIX and serves the workbench.
// The scenarios share one browser session and run in order; each leaves the workspace as it found it.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { e2e, eventually, serverPids, Workbench } from './support/workbench.mjs';

const DOCS = 'https://github.com/asynclint/asynclint/blob/main/docs/rules/';
const FLOATING = 'no-floating-promises';

/**
 * What each fixture file (test/e2e/workspace) must show, exactly: every finding with its line, the
 * rule that reports it, its severity (the rule's default) and a part of its message. Lines not
 * listed must have no squiggle, so give each file at least one finding: that is what tells the
 * suite the file was analysed. A new rule adds a file under src/ and its entry here.
 */
const EXPECTED_FINDINGS = [
  {
    file: 'src/orders.ts',
    findings: [
      { line: 5, rule: FLOATING, severity: 'warning', message: 'The promise returned by `saveOrder(id)` is neither awaited, returned nor given a rejection handler' },
      { line: 6, rule: FLOATING, severity: 'warning', message: 'The promise returned by `notify(id).then(' },
      { line: 11, rule: FLOATING, severity: 'warning', message: 'The promise returned by `notify(id)` is neither awaited' },
    ],
  },
];

const ORDERS = 'src/orders.ts';
const SCRATCH = 'src/scratch.ts';
const squigglesOf = (file) => EXPECTED_FINDINGS.find((entry) => entry.file === file).findings.map(({ line, severity }) => ({ line, severity }));
const readWorkspaceFile = (file) => fs.readFileSync(path.join(e2e.workspace, file), 'utf8');
/** How long the first analysis may take: the extension activates, its server starts and loads the project. */
const STARTUP_TIMEOUT = 60_000;

/** Opens a fixture file and waits for its expected squiggles (so every scenario can also run alone). */
async function openWithFindings(file) {
  await workbench.openFile(file);
  await workbench.waitForSquiggles(file, squigglesOf(file), { timeout: STARTUP_TIMEOUT });
}

/** @type {Workbench} */
let workbench;

/** A scenario: its own test, with a screenshot and the browser console saved when it fails. */
function scenario(name, body) {
  test(name, { timeout: 120_000 }, async () => {
    assert.ok(workbench, 'the workbench did not open (see the before hook)');
    try {
      await body();
    } catch (error) {
      await workbench.saveFailure(name);
      throw error;
    }
  });
}

describe('asynclint in a real VS Code workbench', () => {
  before(async () => {
    workbench = await Workbench.open();
  });

  after(async () => {
    await workbench?.close();
  });

  scenario('the installed VSIX shows the expected squiggles and Problems entries', async () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(e2e.extensionDir, 'package.json'), 'utf8'));
    const repoManifest = JSON.parse(fs.readFileSync(path.join(e2e.repo, 'package.json'), 'utf8'));
    assert.equal(`${manifest.publisher}.${manifest.name}@${manifest.version}`, `asynclint.asynclint@${repoManifest.version}`);

    for (const { file, findings } of EXPECTED_FINDINGS) {
      await openWithFindings(file);

      const rows = await workbench.problems((all) => {
        const lines = all.filter((row) => row.file === file).map((row) => row.line);
        assert.deepEqual(lines, findings.map((finding) => finding.line), `Problems rows: ${JSON.stringify(all)}`);
      });
      for (const [index, row] of rows.filter((candidate) => candidate.file === file).entries()) {
        const expected = findings[index];
        assert.equal(row.source, 'asynclint', `source of the problem on line ${row.line}`);
        assert.equal(row.code, expected.rule, `rule id of the problem on line ${row.line}`);
        assert.equal(row.codeHref, `${DOCS}${expected.rule}.md`, `documentation link of the problem on line ${row.line}`);
        assert.match(row.ariaLabel, new RegExp(`^${expected.severity}:`, 'i'));
        assert.ok(row.message.includes(expected.message), `message of the problem on line ${row.line}: ${row.message}`);
      }
      await workbench.hidePanel();
    }
  });

  scenario('hovering a squiggle shows the message and a link to the rule documentation', async () => {
    await openWithFindings(ORDERS);
    const [finding] = EXPECTED_FINDINGS.find((entry) => entry.file === ORDERS).findings;
    const hover = await workbench.hoverSquiggle(ORDERS, finding.line);
    assert.ok(hover.text.includes(finding.message), `hover text: ${hover.text}`);
    assert.ok(hover.text.includes('asynclint'), `hover names the source: ${hover.text}`);
    assert.deepEqual(hover.links, [{ text: FLOATING, href: `${DOCS}${FLOATING}.md` }]);
    // The link points at a page of this repository, so it must exist here.
    assert.ok(fs.existsSync(path.join(e2e.repo, 'docs', 'rules', `${FLOATING}.md`)), `the hover links to docs/rules/${FLOATING}.md, which this repository does not have`);
    if (e2e.screenshots) await workbench.screenshotEditor(e2e.screenshots, 'squiggle');
    await workbench.closeWidgets();
  });

  scenario('Ctrl+. lists the quick-fixes; "Add await" fixes the code and the squiggle goes away', async () => {
    await openWithFindings(ORDERS);
    const original = await workbench.text(ORDERS);

    // Inside an async function all three fixes are offered, the preferred one first.
    const inAsync = await workbench.openQuickFixes(ORDERS, 5);
    const fixes = ['Add await', 'Append .catch(...) that logs the error', 'Add void to mark it fire-and-forget'];
    assert.deepEqual(inAsync.slice(0, 3), fixes, `quick-fix menu: ${JSON.stringify(inAsync)}`);
    if (e2e.screenshots) await workbench.screenshotEditor(e2e.screenshots, 'quick-fix');
    await workbench.chooseQuickFix('Add await');

    await workbench.waitForText(ORDERS, original.replace('\n  saveOrder(id);', '\n  await saveOrder(id);'));
    await workbench.waitForSquiggles(ORDERS, squigglesOf(ORDERS).filter((squiggle) => squiggle.line !== 5));
    assert.ok(await workbench.isDirty(ORDERS), 'the fix leaves the file unsaved');

    // Undo brings back the code and its finding.
    await workbench.page.keyboard.press('Control+Z');
    await workbench.waitForText(ORDERS, original);
    await workbench.waitForSquiggles(ORDERS, squigglesOf(ORDERS));

    // Outside an async function there is nothing to await.
    const inSync = await workbench.openQuickFixes(ORDERS, 11);
    assert.deepEqual(inSync.filter((title) => fixes.includes(title)), fixes.slice(1), `quick-fix menu: ${JSON.stringify(inSync)}`);
    await workbench.closeWidgets();
  });

  scenario('typed code is checked without saving, and undo removes its squiggle', async () => {
    await workbench.openFile(SCRATCH);
    // The rendered lines joined by newlines are the file's text (its final newline shows as an empty last line).
    const original = readWorkspaceFile(SCRATCH);
    await workbench.waitForText(SCRATCH, original);
    assert.deepEqual(await workbench.squiggles(SCRATCH), []);

    // End of line 4 (`const report = await fetchReport();`), then a new statement that drops a promise.
    await workbench.goTo(4, 100);
    await workbench.page.keyboard.press('End');
    await workbench.page.keyboard.press('Enter');
    await workbench.page.keyboard.type('fetchReport();');
    await workbench.waitForText(SCRATCH, original.replace('await fetchReport();\n', 'await fetchReport();\n  fetchReport();\n'));
    await workbench.waitForSquiggles(SCRATCH, [{ line: 5, severity: 'warning' }], { timeout: STARTUP_TIMEOUT });
    assert.ok(await workbench.isDirty(SCRATCH), 'the edit is not saved');
    assert.equal(readWorkspaceFile(SCRATCH), original, 'the file on disk is unchanged');

    // Undo (as often as the editor grouped the typing) until the text is back.
    await eventually('undo to restore the original text', async () => {
      if ((await workbench.text(SCRATCH)) !== original) await workbench.page.keyboard.press('Control+Z');
      await workbench.waitForText(SCRATCH, original, { timeout: 1_000 });
    });
    await workbench.waitForSquiggles(SCRATCH, []);
    assert.ok(!(await workbench.isDirty(SCRATCH)), 'after undo the file is no longer modified');
  });

  scenario('changing asynclint.rules in the workspace settings applies without a reload', async () => {
    const settingsFile = path.join(e2e.workspace, '.vscode', 'settings.json');
    const originalSettings = fs.readFileSync(settingsFile, 'utf8');
    const withRule = (severity) => JSON.stringify({ ...JSON.parse(originalSettings), 'asynclint.rules': { [FLOATING]: severity } }, null, 2) + '\n';
    await openWithFindings(ORDERS);
    const [pidBefore] = serverPids();
    try {
      fs.writeFileSync(settingsFile, withRule('error'));
      await workbench.waitForSquiggles(ORDERS, squigglesOf(ORDERS).map(({ line }) => ({ line, severity: 'error' })));

      fs.writeFileSync(settingsFile, withRule('off'));
      await workbench.waitForSquiggles(ORDERS, []);
    } finally {
      fs.writeFileSync(settingsFile, originalSettings);
    }
    await workbench.waitForSquiggles(ORDERS, squigglesOf(ORDERS));
    assert.deepEqual(serverPids(), [pidBefore], 'the same server process applied the settings: nothing was restarted');
  });

  scenario('a killed server is restarted and the squiggles come back', async () => {
    await openWithFindings(ORDERS);
    const pids = serverPids();
    assert.equal(pids.length, 1, `expected one asynclint server process, found ${JSON.stringify(pids)}`);
    const [killed] = pids;
    process.kill(killed, 'SIGKILL');

    const [restarted] = await eventually(
      'the client to start a new server',
      async () => {
        const now = serverPids();
        assert.equal(now.length, 1, `server processes: ${JSON.stringify(now)}`);
        assert.notEqual(now[0], killed, 'still the killed process');
        return now;
      },
      { timeout: 30_000 },
    );
    await workbench.waitForSquiggles(ORDERS, squigglesOf(ORDERS), { timeout: 30_000 });

    // The new server analyses edits: a statement added to placeOrder gets its own squiggle.
    const original = await workbench.text(ORDERS);
    await workbench.goTo(7, 100);
    await workbench.page.keyboard.press('End');
    await workbench.page.keyboard.press('Enter');
    await workbench.page.keyboard.type('notify(id);');
    const below = squigglesOf(ORDERS).map((squiggle) => (squiggle.line >= 8 ? { ...squiggle, line: squiggle.line + 1 } : squiggle));
    await workbench.waitForSquiggles(ORDERS, [...below, { line: 8, severity: 'warning' }].sort((a, b) => a.line - b.line));
    await eventually('undo to restore the original text', async () => {
      if ((await workbench.text(ORDERS)) !== original) await workbench.page.keyboard.press('Control+Z');
      await workbench.waitForText(ORDERS, original, { timeout: 1_000 });
    });
    await workbench.waitForSquiggles(ORDERS, squigglesOf(ORDERS));
    assert.deepEqual(serverPids(), [restarted]);
  });
});
