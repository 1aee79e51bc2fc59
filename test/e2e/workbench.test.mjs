// The packaged extension in a real VS Code workbench (code-server), as a person uses it.
// Run with `npm run test:e2e`; scripts/e2e/run-e2e.mjs installs the VSIX and serves the workbench.
// The scenarios share one browser session and run in order; each leaves the workspace as it found it.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { compareSquiggles, e2e, eventually, serverPids, SEVERITIES, Workbench } from './support/workbench.mjs';

const DOCS = 'https://github.com/asynclint/asynclint/blob/main/docs/rules/';
const FLOATING = 'no-floating-promises';

/**
 * What each fixture file (test/e2e/workspace) must show, exactly: every finding with its line (and
 * `endLine` when it spans several), the rule that reports it, its severity (the rule's default) and
 * a part of its message. Lines not listed must have no squiggle, so give each file at least one
 * finding: that is what tells the suite the file was analysed. A new rule adds a file under src/
 * (or a case to one) and its entries here; `node dist/cli.js --format json test/e2e/workspace`
 * prints the findings with their lines.
 *
 * How the workbench shows them: a finding squiggles every line from `line` to `endLine`, except a
 * hint, which shows as three dots at its start only; the Problems panel lists each finding that is
 * not a hint once, at its first line, the most severe first.
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
  {
    file: 'src/gather.ts',
    findings: [
      { line: 7, endLine: 8, rule: 'prefer-promise-all', severity: 'warning', message: '`getUser(id)` and `getOrders(id)` are awaited one after another' },
      { line: 14, rule: 'no-await-in-loop', severity: 'warning', message: 'Each iteration awaits `getUser(id)` before the next one starts' },
      { line: 19, rule: 'no-await-in-promise-all', severity: 'warning', message: '`await getUser(id)` is awaited while the array for Promise.all is built' },
    ],
  },
  {
    file: 'src/dashboard.ts',
    findings: [
      {
        line: 5,
        endLine: 6,
        rule: 'prefer-promise-all',
        severity: 'warning',
        message: '`fetchCustomerProfile(customer…` and `fetchOutstandingInvoices(cust…` are awaited one after another',
      },
    ],
  },
  {
    file: 'src/callbacks.ts',
    findings: [
      { line: 6, rule: 'no-misused-promises', severity: 'warning', message: 'This async function returns a promise that `ids.forEach` ignores' },
      { line: 10, rule: 'no-misused-promises', severity: 'warning', message: 'This condition tests the promise `isAdmin(name)`, which is always truthy' },
      { line: 13, rule: 'no-async-promise-executor', severity: 'warning', message: 'This Promise executor is async' },
    ],
  },
  {
    file: 'src/rejections.ts',
    findings: [
      { line: 7, rule: 'return-await-in-try', severity: 'warning', message: 'The promise `load()` is returned without await inside `try`: a rejection skips the `catch` block' },
      {
        line: 15,
        rule: 'return-await-in-try',
        severity: 'warning',
        message: 'The promise `query()` is returned without await inside `try`: the `finally` block runs before it settles',
      },
    ],
  },
  {
    file: 'src/suppressions.ts',
    findings: [
      { line: 9, rule: 'unused-suppression', severity: 'hint', message: 'This suppression is unused: no finding of `no-floating-promises` was suppressed by it' },
      { line: 15, rule: FLOATING, severity: 'warning', message: 'The promise returned by `save()` is neither awaited' },
      { line: 15, rule: 'unused-suppression', severity: 'hint', message: '`no-floating-promise` is not an asynclint rule' },
    ],
  },
  {
    file: 'src/cpu.ts',
    findings: [
      { line: 6, rule: 'no-busy-wait', severity: 'hint', message: 'This loop busy-waits on `Date.now()` in the async function `retry`' },
      { line: 10, rule: 'no-slow-regex', severity: 'hint', message: '/(a+)+$/ backtracks exponentially' },
      { line: 15, rule: 'no-cpu-heavy-loop', severity: 'hint', message: 'For each element of `req.body.ids` (request data), this goes through all of `rows`' },
    ],
  },
  {
    file: 'src/blocking.ts',
    findings: [
      { line: 5, rule: 'no-blocking-call', severity: 'hint', message: '`readFileSync` blocks the event loop in the async function `handler`' },
      {
        line: 14,
        rule: 'no-blocking-call',
        severity: 'hint',
        message: '`loadTemplate` blocks the event loop in the async function `render`: it calls `readFileSync` (render → loadTemplate → readFileSync)',
      },
      { line: 18, rule: 'no-blocking-call', severity: 'hint', message: '`execSync` blocks the event loop in the setTimeout callback' },
    ],
  },
  {
    file: 'src/service.py',
    findings: [
      { line: 6, endLine: 7, rule: 'py-prefer-gather', severity: 'warning', message: 'These 2 awaits are independent reads run one after another' },
      { line: 13, rule: 'py-await-in-loop', severity: 'warning', message: 'Each iteration awaits client.get() before the next starts' },
      { line: 20, rule: 'py-blocking-call', severity: 'warning', message: 'time.sleep() blocks the event loop' },
      { line: 21, rule: 'py-unawaited-coroutine', severity: 'warning', message: 'save() returns a coroutine that is never awaited' },
      { line: 22, rule: 'py-dangling-task', severity: 'warning', message: 'The task asyncio.create_task() returns is not kept' },
      { line: 25, endLine: 26, rule: 'py-prefer-gather', severity: 'warning', message: 'These 2 awaits are independent reads run one after another' },
      { line: 27, rule: 'py-cpu-in-coroutine', severity: 'hint', message: 'This loop runs orders.json() for every item of users.json()' },
    ],
  },
];

const ORDERS = 'src/orders.ts';
const DASHBOARD = 'src/dashboard.ts';
const SCRATCH = 'src/scratch.ts';
const CONFIG = 'asynclint.config.json';
const findingsOf = (file) => {
  const entry = EXPECTED_FINDINGS.find((candidate) => candidate.file === file);
  assert.ok(entry, `${file} has no entry in EXPECTED_FINDINGS`);
  return entry.findings;
};
/** The squiggles `findings` show: one per line a finding covers; a hint only at its start. */
const squigglesFor = (findings) =>
  findings
    .flatMap(({ line, endLine = line, severity }) => {
      const last = severity === 'hint' ? line : endLine;
      return Array.from({ length: last - line + 1 }, (_, offset) => ({ line: line + offset, severity }));
    })
    .sort(compareSquiggles);
const squigglesOf = (file) => squigglesFor(findingsOf(file));
/** The Problems panel rows of `file`: no hints, the most severe first, then by line. */
const problemRowsOf = (file) =>
  findingsOf(file)
    .filter((finding) => finding.severity !== 'hint')
    .sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || a.line - b.line);
const readWorkspaceFile = (file) => fs.readFileSync(path.join(e2e.workspace, file), 'utf8');
/** How long the first analysis may take: the extension activates, its server starts and loads the project. */
const STARTUP_TIMEOUT = 60_000;

/** Opens a fixture file and waits for its expected squiggles (so every scenario can also run alone). */
async function openWithFindings(file) {
  await workbench.hidePanel();
  await workbench.openFile(file);
  await workbench.waitForSquiggles(file, squigglesOf(file), { timeout: STARTUP_TIMEOUT });
}

/** Asserts that the Problems rows of `file` are `expected` findings: position, source, rule, link, severity and message. */
function assertProblemRows(file, rows, expected) {
  const mine = rows.filter((row) => row.file === file);
  assert.deepEqual(
    mine.map((row) => row.line),
    expected.map((finding) => finding.line),
    `Problems rows of ${file}: ${JSON.stringify(rows)}`,
  );
  for (const [index, row] of mine.entries()) {
    const finding = expected[index];
    assert.equal(row.source, 'asynclint', `source of the problem on line ${row.line}`);
    assert.equal(row.code, finding.rule, `rule id of the problem on line ${row.line}`);
    assert.equal(row.codeHref, `${DOCS}${finding.rule}.md`, `documentation link of the problem on line ${row.line}`);
    assert.match(row.ariaLabel, new RegExp(`^${finding.severity}:`, 'i'));
    assert.ok(row.message.includes(finding.message), `message of the problem on line ${row.line}: ${row.message}`);
  }
}

/** Opens asynclint.config.json, replaces its text by typing `text` as a person would, and saves it. */
async function typeConfiguration(text) {
  await workbench.openFile(CONFIG);
  await workbench.waitForText(CONFIG, readWorkspaceFile(CONFIG));
  await workbench.page.keyboard.press('Control+A');
  await workbench.page.keyboard.press('Backspace');
  await workbench.page.keyboard.type(text);
  await workbench.waitForText(CONFIG, text);
  await workbench.page.keyboard.press('Control+S');
  await eventually(`${CONFIG} to be saved`, async () => {
    assert.ok(!(await workbench.isDirty(CONFIG)), 'the tab still shows unsaved changes');
    assert.equal(readWorkspaceFile(CONFIG), text);
  });
}

/** Closes the editor of asynclint.config.json (discarding unsaved changes), deletes the file and waits for the defaults to apply again. */
async function removeConfiguration() {
  await workbench.closeEditor(CONFIG);
  fs.rmSync(path.join(e2e.workspace, CONFIG), { force: true });
  await openWithFindings(ORDERS);
}

/** @type {Workbench} */
let workbench;

/**
 * A scenario: its own test. `body(defer)` may register clean-ups with `defer(async () => …)`; they
 * run after it, last first, whether it passed or not, so the next scenario finds the workspace as
 * it was. When it fails, a screenshot of the moment (before the clean-ups) and the browser console
 * are saved in .e2e-artifacts/.
 */
function scenario(name, body) {
  test(name, { timeout: 120_000 }, async () => {
    assert.ok(workbench, 'the workbench did not open (see the before hook)');
    const cleanups = [];
    let failure;
    try {
      await body((cleanup) => cleanups.push(cleanup));
    } catch (error) {
      failure = error;
      await workbench.saveFailure(name);
    }
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        if (failure) {
          console.error(`# the clean-up after the failure of "${name}" failed too: ${error instanceof Error ? error.stack : error}`);
        } else {
          failure = error;
          await workbench.saveFailure(name);
        }
      }
    }
    if (failure) throw failure;
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
    // Every rule the extension ships (its settings list them all) is shown by a fixture file.
    const shippedRules = Object.keys(manifest.contributes.configuration.properties['asynclint.rules'].properties).sort();
    const coveredRules = [...new Set(EXPECTED_FINDINGS.flatMap((entry) => entry.findings.map((finding) => finding.rule)))].sort();
    assert.deepEqual(coveredRules, shippedRules, 'EXPECTED_FINDINGS must have a finding of every rule the VSIX ships');

    for (const { file } of EXPECTED_FINDINGS) {
      await openWithFindings(file);
      // The whole file is on screen, so no squiggle can hide below it.
      await workbench.waitForText(file, readWorkspaceFile(file));

      const expected = problemRowsOf(file);
      const rows = await workbench.problems(
        (all) =>
          assert.deepEqual(
            all.filter((row) => row.file === file).map((row) => row.line),
            expected.map((finding) => finding.line),
            `Problems rows: ${JSON.stringify(all)}`,
          ),
        { filter: file },
      );
      assertProblemRows(file, rows, expected);
      await workbench.hidePanel();

      // Hints are not in the Problems panel: their hover tells what they say.
      for (const hint of findingsOf(file).filter((finding) => finding.severity === 'hint')) {
        const hover = await workbench.hoverSquiggle(file, hint.line, 'hint');
        assert.ok(hover.text.includes(hint.message), `hover of the hint on line ${hint.line}: ${hover.text}`);
        assert.ok(
          hover.links.some((link) => link.text === hint.rule && link.href === `${DOCS}${hint.rule}.md`),
          `links in the hover: ${JSON.stringify(hover.links)}`,
        );
      }
      await workbench.closeWidgets();
    }
  });

  scenario('hovering a squiggle shows the message and a link to the rule documentation', async () => {
    await openWithFindings(ORDERS);
    const [finding] = findingsOf(ORDERS);
    const hover = await workbench.hoverSquiggle(ORDERS, finding.line);
    assert.ok(hover.text.includes(finding.message), `hover text: ${hover.text}`);
    assert.ok(hover.text.includes('asynclint'), `hover names the source: ${hover.text}`);
    assert.deepEqual(hover.links, [{ text: FLOATING, href: `${DOCS}${FLOATING}.md` }]);
    // The link points at a page of this repository, so it must exist here.
    assert.ok(fs.existsSync(path.join(e2e.repo, 'docs', 'rules', `${FLOATING}.md`)), `the hover links to docs/rules/${FLOATING}.md, which this repository does not have`);
    if (e2e.screenshots) await workbench.screenshotEditor(e2e.screenshots, 'squiggle');
    await workbench.closeWidgets();
  });

  scenario("hovering a finding whose severity is not its rule's default says why", async () => {
    const file = 'src/blocking.ts';
    await openWithFindings(file);
    // no-blocking-call reports warnings, but this one is likely rather than proven: a hint.
    const [hint] = findingsOf(file);
    await workbench.hoverSquiggle(file, hint.line, 'hint');
    const text = await workbench.hoverText((now) => assert.ok(now.includes('why a hint'), `hover: ${now}`));
    assert.ok(text.includes(hint.message), `hover: ${text}`);
    assert.ok(text.includes('no-blocking-call reports a warning by default; this finding is likely but not proven'), `hover: ${text}`);
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
    await workbench.waitForSquiggles(
      ORDERS,
      squigglesOf(ORDERS).filter((squiggle) => squiggle.line !== 5),
    );
    assert.ok(await workbench.isDirty(ORDERS), 'the fix leaves the file unsaved');

    // Undo brings back the code and its finding.
    await workbench.page.keyboard.press('Control+Z');
    await workbench.waitForText(ORDERS, original);
    await workbench.waitForSquiggles(ORDERS, squigglesOf(ORDERS));

    // Outside an async function there is nothing to await.
    const inSync = await workbench.openQuickFixes(ORDERS, 11);
    assert.deepEqual(
      inSync.filter((title) => fixes.includes(title)),
      fixes.slice(1),
      `quick-fix menu: ${JSON.stringify(inSync)}`,
    );
    await workbench.closeWidgets();
  });

  scenario('a Python file: Ctrl+. on a blocking call offers its fix, and "Replace with await asyncio.sleep(...)" applies', async () => {
    const SERVICE = 'src/service.py';
    await openWithFindings(SERVICE);
    const original = await workbench.text(SERVICE);
    const menu = await workbench.openQuickFixes(SERVICE, 20);
    assert.equal(menu[0], 'Replace with await asyncio.sleep(...)', `quick-fix menu: ${JSON.stringify(menu)}`);
    await workbench.chooseQuickFix('Replace with await asyncio.sleep(...)');
    await workbench.waitForText(SERVICE, original.replace('    time.sleep(1)', '    await asyncio.sleep(1)'));
    await workbench.waitForSquiggles(
      SERVICE,
      squigglesOf(SERVICE).filter((squiggle) => squiggle.line !== 20),
    );
    await workbench.page.keyboard.press('Control+Z');
    await workbench.waitForText(SERVICE, original);
    await workbench.waitForSquiggles(SERVICE, squigglesOf(SERVICE));
  });

  scenario('"Disable `no-floating-promises` for this line" puts a suppression comment above; undo brings the squiggle back', async () => {
    await openWithFindings(ORDERS);
    const original = await workbench.text(ORDERS);
    const title = `Disable \`${FLOATING}\` for this line`;
    const menu = await workbench.openQuickFixes(ORDERS, 5);
    assert.ok(menu.includes(title), `quick-fix menu: ${JSON.stringify(menu)}`);
    await workbench.chooseQuickFix(title);

    // A comment line above line 5, indented like it, with a reason to fill in.
    const lines = original.split('\n');
    const suppressed = [...lines.slice(0, 4), `  // asynclint-disable-next-line ${FLOATING} -- reason`, ...lines.slice(4)].join('\n');
    await workbench.waitForText(ORDERS, suppressed);
    // The finding it suppresses is gone, the others moved down a line, and the comment itself is
    // used (no unused-suppression hint on it).
    const moved = squigglesOf(ORDERS)
      .filter((squiggle) => squiggle.line !== 5)
      .map((squiggle) => ({ ...squiggle, line: squiggle.line + 1 }));
    await workbench.waitForSquiggles(ORDERS, moved);
    assert.ok(await workbench.isDirty(ORDERS), 'the fix leaves the file unsaved');

    await workbench.page.keyboard.press('Control+Z');
    await workbench.waitForText(ORDERS, original);
    await workbench.waitForSquiggles(ORDERS, squigglesOf(ORDERS));
    assert.ok(!(await workbench.isDirty(ORDERS)), 'after undo the file is no longer modified');
  });

  scenario('"Show documentation for `no-floating-promises`" opens the page shipped in the extension, rendered', async (defer) => {
    await openWithFindings(ORDERS);
    const page = `${FLOATING}.md`;
    const shipped = path.join(e2e.extensionDir, 'docs', 'rules', page);
    assert.ok(fs.existsSync(shipped), `the VSIX has no ${path.relative(e2e.extensionDir, shipped)}`);
    // The page starts with a comment that says it is generated: a reader must not see it.
    assert.match(fs.readFileSync(shipped, 'utf8'), /^<!-- Generated from /);
    await workbench.openQuickFixes(ORDERS, 5);
    await workbench.chooseQuickFix(`Show documentation for \`${FLOATING}\``);
    defer(async () => {
      if ((await workbench.activeTabLabel()) === `Preview ${page}`) await workbench.closeActiveEditor();
      await eventually(`${ORDERS} to be the active editor again`, async () => assert.equal(await workbench.activeTab(), path.basename(ORDERS)));
    });
    // The Markdown preview of the shipped page (offline), not its source text.
    await eventually('the rendered page to open as the active editor', async () => assert.equal(await workbench.activeTabLabel(), `Preview ${page}`));
    const rendered = workbench.page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    await eventually('the page to render its title', async () => assert.equal((await rendered.locator('h1').first().textContent({ timeout: 1_000 }))?.trim(), FLOATING), {
      timeout: 30_000,
    });
    const body = (await rendered.locator('body').textContent()) ?? '';
    const comment = /^<!-- (.*) -->/.exec(fs.readFileSync(shipped, 'utf8'))[1];
    assert.ok(!body.includes(comment.replace(/`/g, '')) && !body.includes(comment), 'the generated-file comment shows in the rendered page');
    assert.ok(body.includes('Add await'), `the page's fixes section: ${body.slice(0, 200)}`);
    if (e2e.screenshots) await workbench.screenshotEditor(e2e.screenshots, 'documentation');
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

  scenario('the language status item ({} in the status bar) shows the server state, its projects and the last analysis', async () => {
    await openWithFindings(ORDERS);
    const status = await eventually('the asynclint status to be ready', async () => {
      const item = await workbench.languageStatus('asynclint');
      assert.equal(item.text, 'asynclint: ready · 1 project');
      return item;
    });
    const analysed = /^(\S+) in \d+ ms$/.exec(status.detail);
    assert.ok(analysed, `status detail: ${JSON.stringify(status.detail)}`);
    const fixtureNames = [...EXPECTED_FINDINGS.map((entry) => entry.file), SCRATCH].map((file) => path.basename(file));
    // A long name is shortened in the middle (its start and extension stay) so that the line fits the hover.
    const [head, tail = ''] = analysed[1].split('…');
    assert.ok(
      fixtureNames.some((name) => (analysed[1].includes('…') ? name.startsWith(head) && name.endsWith(tail) : name === head)),
      `the last analysis names ${analysed[1]}, not a fixture file`,
    );
    assert.equal(status.severity, 'information');
    assert.deepEqual(status.links, ['Show Output']);

    // Its link opens the asynclint output channel, where the server logs what it loaded. (A click
    // while the hover is still being laid out can miss: hover and click again until it shows.)
    const link = workbench.page.locator('.hover-language-status').filter({ hasText: 'asynclint:' }).locator('a.monaco-link', { hasText: 'Show Output' });
    const output = workbench.page.locator('.part.panel .monaco-editor[data-uri^="output:"]').first();
    const outputShows = async () => {
      assert.equal(await workbench.page.locator('.part.panel select.monaco-select-box').first().inputValue({ timeout: 1_000 }), 'asynclint');
      const text = (await output.locator('.view-lines').textContent({ timeout: 1_000 })) ?? '';
      assert.ok(text.replace(/\u00a0/g, ' ').includes(`loaded ${path.join(e2e.workspace, 'tsconfig.json')}`), `output: ${text}`);
    };
    await eventually(
      'the "Show Output" link to show the asynclint output channel',
      async () => {
        if (!(await link.isVisible())) await workbench.languageStatus('asynclint');
        await link.click({ timeout: 2_000 });
        await eventually('the output channel', outputShows, { timeout: 3_000 });
      },
      { timeout: 20_000 },
    );
    await workbench.hidePanel();
  });

  scenario('changing asynclint.rules in the workspace settings applies without a reload', async () => {
    const settingsFile = path.join(e2e.workspace, '.vscode', 'settings.json');
    const originalSettings = fs.readFileSync(settingsFile, 'utf8');
    const withRule = (severity) => JSON.stringify({ ...JSON.parse(originalSettings), 'asynclint.rules': { [FLOATING]: severity } }, null, 2) + '\n';
    await openWithFindings(ORDERS);
    const [pidBefore] = serverPids();
    try {
      fs.writeFileSync(settingsFile, withRule('error'));
      await workbench.waitForSquiggles(
        ORDERS,
        squigglesOf(ORDERS).map(({ line }) => ({ line, severity: 'error' })),
      );

      fs.writeFileSync(settingsFile, withRule('off'));
      await workbench.waitForSquiggles(ORDERS, []);
    } finally {
      fs.writeFileSync(settingsFile, originalSettings);
    }
    await workbench.waitForSquiggles(ORDERS, squigglesOf(ORDERS));
    assert.deepEqual(serverPids(), [pidBefore], 'the same server process applied the settings: nothing was restarted');
  });

  scenario('asynclint.config.json: its severities apply at once, "off" typed in the editor removes the squiggles', async (defer) => {
    const configFile = path.join(e2e.workspace, CONFIG);
    assert.ok(!fs.existsSync(configFile), `${CONFIG} is left over from an earlier scenario`);
    await openWithFindings(ORDERS);
    defer(removeConfiguration);
    // Created on disk (as by a checkout): the server sees it through its file watcher.
    fs.writeFileSync(configFile, `${JSON.stringify({ rules: { [FLOATING]: 'error' } }, null, 2)}\n`);
    await workbench.waitForSquiggles(
      ORDERS,
      squigglesOf(ORDERS).map(({ line }) => ({ line, severity: 'error' })),
    );

    // Edited and saved in the editor, with the schema's and the server's checks: nothing to report.
    await typeConfiguration(`{ "rules": { "${FLOATING}": "off" } }`);
    await workbench.waitForSquiggles(CONFIG, []);
    await workbench.openFile(ORDERS);
    await workbench.waitForSquiggles(ORDERS, []);
  });

  scenario('an invalid asynclint.config.json is reported in the file, and the last valid configuration stays in force', async (defer) => {
    const configFile = path.join(e2e.workspace, CONFIG);
    const configuration = (severity) => `${JSON.stringify({ rules: { [FLOATING]: severity } }, null, 2)}\n`;
    assert.ok(!fs.existsSync(configFile), `${CONFIG} is left over from an earlier scenario`);
    await openWithFindings(ORDERS);
    const asErrors = squigglesOf(ORDERS).map(({ line }) => ({ line, severity: 'error' }));
    defer(removeConfiguration);
    fs.writeFileSync(configFile, configuration('error'));
    await workbench.waitForSquiggles(ORDERS, asErrors);

    // A misspelt severity (line 3 of the file) does not change what applies: the findings stay errors.
    fs.writeFileSync(configFile, configuration('eror'));
    const serverProblem = (rows) => rows.find((row) => row.file === CONFIG && row.source === 'asynclint');
    const rows = await workbench.problems((all) => assert.ok(serverProblem(all), `Problems rows: ${JSON.stringify(all)}`), { filter: CONFIG });
    const fromServer = serverProblem(rows);
    assert.equal(fromServer.line, 3);
    assert.match(fromServer.ariaLabel, /^error:/i);
    assert.match(fromServer.message, /"no-floating-promises".*The last valid configuration stays in force/);
    await workbench.hidePanel();
    await workbench.waitForSquiggles(ORDERS, asErrors);

    // Opened in the editor, the file shows the mistake where it is: a warning from the bundled JSON
    // schema and the server's error.
    await workbench.openFile(CONFIG);
    await workbench.waitForText(CONFIG, configuration('eror'));
    await workbench.waitForSquiggles(CONFIG, [
      { line: 3, severity: 'error' },
      { line: 3, severity: 'warning' },
    ]);
    await workbench.problems(
      // The schema's warning comes from VS Code's JSON service, whose source this VS Code leaves empty.
      (all) =>
        assert.deepEqual(
          all
            .filter((row) => row.file === CONFIG)
            .map((row) => (row.source === 'asynclint' ? 'asynclint' : 'json schema'))
            .sort(),
          ['asynclint', 'json schema'],
          `Problems rows: ${JSON.stringify(all)}`,
        ),
      { filter: CONFIG },
    );
    await workbench.hidePanel();
  });

  scenario('"asynclint: Analyze Workspace" shows its progress, then a summary, and lists files that are not open in Problems', async (defer) => {
    // The server is up (so the command is there, even when this scenario runs alone); then no editor is open.
    await openWithFindings(ORDERS);
    await workbench.closeAllEditors();
    await workbench.recordNotifications();
    defer(async () => {
      await workbench.hidePanel();
      await workbench.clearNotifications();
    });
    await workbench.runCommand('asynclint: Analyze Workspace');

    const sourceFiles = fs.readdirSync(path.join(e2e.workspace, 'src')).filter((name) => /\.(ts|py)$/.test(name) && !name.endsWith('.d.ts'));
    // Counted as the Problems panel counts: hints (shown in the editor only) apart.
    const all = EXPECTED_FINDINGS.flatMap((entry) => entry.findings);
    const problems = all.filter((finding) => finding.severity !== 'hint').length;
    const hints = all.length - problems;
    const summary = `asynclint analysed ${sourceFiles.length} files and found ${problems} problems and ${hints} hints (shown in the editor only).`;
    const seen = await eventually(
      'the summary message',
      async () => {
        const now = await workbench.notificationsSeen();
        assert.ok(
          now.some((notification) => notification.text === summary),
          `expected ${JSON.stringify(summary)}; notifications: ${JSON.stringify(now)}`,
        );
        return now;
      },
      { timeout: STARTUP_TIMEOUT },
    );
    const progress = seen.filter((notification) => notification.text.startsWith('asynclint: analysing the workspace'));
    assert.ok(progress.length > 0, `no progress notification: ${JSON.stringify(seen)}`);
    for (const notification of progress) {
      assert.equal(notification.source, 'Source: asynclint');
      assert.ok(notification.progress, `no progress bar: ${JSON.stringify(notification)}`);
      assert.deepEqual(notification.buttons, ['Cancel']);
    }
    assert.ok(seen.indexOf(progress[0]) < seen.findIndex((notification) => notification.text === summary), 'the progress comes before the summary');
    assert.deepEqual(seen.find((notification) => notification.text === summary).buttons, ['Show Problems']);

    // "Show Problems" opens the panel, and the status bar counts what the summary counted.
    await workbench.page.locator('.notifications-toasts .monaco-button', { hasText: 'Show Problems' }).first().click();
    await workbench.page.locator('.markers-panel').waitFor();
    await eventually('the status bar to count the problems of the summary', async () => {
      const counts = ((await workbench.page.locator('#status\\.problems').first().textContent()) ?? '').match(/\d+/g)?.map(Number) ?? [];
      assert.equal(
        counts.reduce((sum, count) => sum + count, 0),
        problems,
        `status bar problems: ${JSON.stringify(counts)}`,
      );
    });
    await workbench.hidePanel();

    // No editor is open, yet the Problems panel lists the findings of the files.
    assert.deepEqual(await workbench.tabs(), []);
    for (const file of ['src/rejections.ts', 'src/blocking.ts']) {
      const expected = problemRowsOf(file);
      const rows = await workbench.problems(
        (all) =>
          assert.deepEqual(
            all.filter((row) => row.file === file).map((row) => row.line),
            expected.map((finding) => finding.line),
            `Problems rows: ${JSON.stringify(all)}`,
          ),
        { filter: file },
      );
      assertProblemRows(file, rows, expected);
    }
  });

  scenario("the Promise.all fix is laid out like the file: wider than the file's lines, it is broken one call per line", async () => {
    await openWithFindings(DASHBOARD);
    const original = await workbench.text(DASHBOARD);
    const title = 'Run together with Promise.all';
    const menu = await workbench.openQuickFixes(DASHBOARD, 5);
    assert.equal(menu[0], title, `quick-fix menu: ${JSON.stringify(menu)}`);
    await workbench.chooseQuickFix(title);
    // On one line it would be 112 characters, in a file whose lines keep to 100.
    const grouped = ['  const [profile, invoices] = await Promise.all([', '    fetchCustomerProfile(customerId),', '    fetchOutstandingInvoices(customerId),', '  ]);'].join('\n');
    await workbench.waitForText(
      DASHBOARD,
      original.replace('  const profile = await fetchCustomerProfile(customerId);\n  const invoices = await fetchOutstandingInvoices(customerId);', grouped),
    );
    await workbench.waitForSquiggles(DASHBOARD, []);
    if (e2e.screenshots) await workbench.screenshotEditor(e2e.screenshots, 'promise-all-fix');

    await eventually('undo to restore the original text', async () => {
      if ((await workbench.text(DASHBOARD)) !== original) await workbench.page.keyboard.press('Control+Z');
      await workbench.waitForText(DASHBOARD, original, { timeout: 1_000 });
    });
    await workbench.waitForSquiggles(DASHBOARD, squigglesOf(DASHBOARD));
  });

  scenario('"Fix All Auto-fixable Problems" says so when no fix is safe, and how many findings have suggestions', async (defer) => {
    await openWithFindings(ORDERS);
    const original = await workbench.text(ORDERS);
    await workbench.recordNotifications();
    defer(() => workbench.clearNotifications());
    await workbench.runCommand('asynclint: Fix All Auto-fixable Problems');
    const message = `asynclint: no safe fixes; ${findingsOf(ORDERS).length} findings have suggestions: use Ctrl+. on them to choose one.`;
    await eventually('the message', async () => {
      const seen = await workbench.notificationsSeen();
      assert.ok(
        seen.some((notification) => notification.text === message),
        `notifications: ${JSON.stringify(seen)}`,
      );
    });
    assert.equal(await workbench.text(ORDERS), original);
    assert.ok(!(await workbench.isDirty(ORDERS)), 'nothing was changed');
  });

  scenario('the first load of a large project shows in the language status item: which project, then how many files were parsed', async (defer) => {
    await openWithFindings(ORDERS);
    // A project of its own, large enough that parsing it takes seconds on a busy machine.
    const folder = path.join(e2e.workspace, 'big');
    fs.mkdirSync(path.join(folder, 'src'), { recursive: true });
    fs.writeFileSync(
      path.join(folder, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, lib: ['ES2022'] }, include: ['src'] }),
    );
    for (let index = 0; index < 60; index++) {
      const lines = Array.from({ length: 400 }, (_, line) => `export function f${index}_${line}(a: number, b: string): string { return b.repeat(a + ${line}) + ${index}; }`);
      fs.writeFileSync(path.join(folder, 'src', `module${index}.ts`), `${lines.join('\n')}\n`);
    }
    const entry = 'big/src/entry.ts';
    fs.writeFileSync(path.join(e2e.workspace, entry), 'declare function save(): Promise<void>;\nexport async function handler() {\n  save();\n}\n');
    defer(async () => {
      await workbench.closeEditor('entry.ts');
      fs.rmSync(folder, { recursive: true, force: true });
      await workbench.hidePanel();
    });
    await workbench.openFile(entry);
    const loading = await eventually(
      'the status item to say the project is loading',
      async () => {
        const item = await workbench.languageStatus('asynclint');
        assert.equal(item.text, 'asynclint: loading');
        return item;
      },
      { timeout: STARTUP_TIMEOUT, interval: 50 },
    );
    assert.match(loading.detail, /^big\/tsconfig\.json: (parsing 61 files|\d+ files parsed)$/);
    if (e2e.screenshots) await workbench.screenshot(e2e.screenshots, 'loading-progress');
    await workbench.waitForSquiggles(entry, [{ line: 3, severity: 'warning' }], { timeout: STARTUP_TIMEOUT });
    await eventually('the status item to be ready with both projects', async () => {
      const item = await workbench.languageStatus('asynclint');
      assert.equal(item.text, 'asynclint: ready · 2 projects');
    });
    await workbench.closeWidgets();
  });

  scenario('the "Show Output" link of the language status is not clipped, even after a file with a long name', async (defer) => {
    await openWithFindings(ORDERS);
    const file = 'src/notification-subscriptions-delivery.controller.ts';
    fs.writeFileSync(path.join(e2e.workspace, file), 'export const deliveries = 1;\n');
    const viewport = workbench.page.viewportSize();
    defer(async () => {
      await workbench.closeEditor(path.basename(file));
      fs.rmSync(path.join(e2e.workspace, file), { force: true });
      await workbench.page.setViewportSize(viewport);
    });
    await workbench.page.setViewportSize({ width: 1440, height: 900 });
    await workbench.openFile(file);
    // The other open files are analysed again when a file appears on disk: the long name must be the
    // last one analysed, so the file is edited (a space typed at its end) until the status names it.
    const status = await eventually(
      'the status to name the long file',
      async () => {
        const item = await workbench.languageStatus('asynclint');
        if (!/^notifi/.test(item.detail)) {
          await workbench.closeWidgets();
          await workbench.page.keyboard.press('Control+End');
          await workbench.page.keyboard.type(' ');
        }
        // Shortened in the middle to fit: the start of the name and its extension stay.
        assert.match(item.detail, /^notifi\S*…\S*ler\.ts in \d+ ms$/);
        return item;
      },
      { timeout: 30_000, interval: 1_000 },
    );
    assert.deepEqual(status.links, ['Show Output']);
    const hover = workbench.page
      .locator('.workbench-hover')
      .filter({ has: workbench.page.locator('.hover-language-status') })
      .first();
    const link = workbench.page.locator('.hover-language-status').filter({ hasText: 'asynclint:' }).locator('a.monaco-link', { hasText: 'Show Output' });
    const [hoverBox, linkBox] = [await hover.boundingBox(), await link.boundingBox()];
    assert.ok(hoverBox && linkBox, 'the hover and its link are on screen');
    assert.ok(linkBox.x >= hoverBox.x && linkBox.x + linkBox.width <= hoverBox.x + hoverBox.width, `link ${JSON.stringify(linkBox)} inside hover ${JSON.stringify(hoverBox)}`);
    assert.ok(linkBox.x + linkBox.width <= 1440, 'the link is inside the window');
    await workbench.closeWidgets();
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
    await workbench.waitForSquiggles(ORDERS, [...below, { line: 8, severity: 'warning' }].sort(compareSquiggles));
    await eventually('undo to restore the original text', async () => {
      if ((await workbench.text(ORDERS)) !== original) await workbench.page.keyboard.press('Control+Z');
      await workbench.waitForText(ORDERS, original, { timeout: 1_000 });
    });
    await workbench.waitForSquiggles(ORDERS, squigglesOf(ORDERS));
    assert.deepEqual(serverPids(), [restarted]);
  });
});
