// Drives the VS Code workbench that scripts/e2e/run-e2e.mjs serves (code-server) through
// headless Chromium, and reads back what a person would see: squiggles, hovers, quick-fix menus,
// the Problems panel and the editor's text. Every read that waits does so on a condition with a
// timeout (see `eventually`), never on a fixed sleep alone.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium } from 'playwright-core';

/** Where things are; set by scripts/e2e/run-e2e.mjs. */
export const e2e = readEnvironment();

function readEnvironment() {
  const names = ['URL', 'WORKSPACE', 'EXTENSIONS_DIR', 'EXTENSION_DIR', 'ARTIFACTS', 'REPO'];
  const missing = names.filter((name) => !process.env[`ASYNCLINT_E2E_${name}`]);
  if (missing.length > 0) {
    throw new Error(
      `missing ${missing.map((name) => `ASYNCLINT_E2E_${name}`).join(', ')}: run the end-to-end suite with \`npm run test:e2e\`, which starts code-server and sets them`,
    );
  }
  const get = (name) => process.env[`ASYNCLINT_E2E_${name}`];
  return {
    url: get('URL'),
    workspace: get('WORKSPACE'),
    extensionsDir: get('EXTENSIONS_DIR'),
    extensionDir: get('EXTENSION_DIR'),
    artifacts: get('ARTIFACTS'),
    repo: get('REPO'),
    screenshots: process.env.ASYNCLINT_E2E_SCREENSHOTS === '1' ? path.join(get('REPO'), 'test', 'e2e', 'screenshots') : undefined,
    chromium: process.env.ASYNCLINT_E2E_CHROMIUM || '/usr/bin/chromium',
    headed: process.env.ASYNCLINT_E2E_HEADED === '1',
  };
}

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Severities, most severe first: the order squiggles on one line are listed in. */
export const SEVERITIES = ['error', 'warning', 'info', 'hint'];

/** Orders squiggles ({ line, severity }) by line, then the most severe first. */
export function compareSquiggles(a, b) {
  return a.line - b.line || SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity);
}

/**
 * Retries `probe` until it returns without throwing (assertions included) and returns its value;
 * after `timeout` ms it throws the last failure, prefixed with `what`.
 */
export async function eventually(what, probe, { timeout = 15_000, interval = 100 } = {}) {
  const deadline = Date.now() + timeout;
  let lastError;
  for (;;) {
    try {
      return await probe();
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
  const detail = lastError instanceof Error ? lastError.message : String(lastError);
  const error = new Error(`timed out after ${timeout} ms waiting for ${what}: ${detail}`);
  error.cause = lastError;
  throw error;
}

/** Ids of the running asynclint language servers started from the installed VSIX (Linux /proc). */
export function serverPids() {
  const serverModule = path.join(e2e.extensionDir, 'dist', 'server.js');
  const pids = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const argv = fs.readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
      if (argv.includes(serverModule)) pids.push(Number(name));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

export class Workbench {
  /** @param {import('playwright-core').Browser} browser @param {import('playwright-core').Page} page */
  constructor(browser, page) {
    this.browser = browser;
    this.page = page;
    /** Browser console errors and page errors, saved with the failure artifacts. */
    this.consoleLog = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') this.consoleLog.push(`[${message.type()}] ${message.text()}`);
    });
    page.on('pageerror', (error) => this.consoleLog.push(`[pageerror] ${error.stack ?? error.message}`));
  }

  static async open() {
    const browser = await chromium.launch({ executablePath: e2e.chromium, headless: !e2e.headed, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
      const workbench = new Workbench(browser, page);
      await page.goto(`${e2e.url}/?folder=${encodeURIComponent(e2e.workspace)}`);
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      // The explorer shows the folder once the remote file system answers.
      await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
      return workbench;
    } catch (error) {
      await browser.close();
      throw error;
    }
  }

  async close() {
    await this.browser.close();
  }

  // --- Editors ---------------------------------------------------------------------------------

  /** The editor showing `file` (a path relative to the workspace). */
  editor(file) {
    return this.page.locator(`.part.editor .monaco-editor[data-uri$="/${file}"]`).first();
  }

  /** Opens `file` with Quick Open (Ctrl+P) and waits until its editor is the focused one. */
  async openFile(file) {
    const name = path.basename(file);
    const folder = path.dirname(file);
    // Quick Open lists the files it found when it opened: a file created since then (by a scenario,
    // on disk) may be missing at first, so it is closed and opened again until it offers the file.
    await eventually(
      `Quick Open to offer ${file}`,
      async () => {
        await this.closeWidgets();
        await this.page.keyboard.press('Control+P');
        const input = this.page.locator('.quick-input-widget input');
        await input.waitFor();
        await input.fill(file);
        // It first lists recently opened files, then filters as it searches: wait until the list is
        // filtered and the file is the focused entry, or Enter opens whatever was first before.
        await eventually(
          `the list to show ${file}`,
          async () => {
            const rows = await this.page
              .locator('.quick-input-list .monaco-list-row')
              .evaluateAll((elements) => elements.map((element) => ({ label: element.getAttribute('aria-label') ?? '', focused: element.classList.contains('focused') })));
            assert.ok(rows.length > 0 && rows.every((row) => row.label.includes(name)), `rows: ${JSON.stringify(rows)}`);
            const focused = rows.find((row) => row.focused);
            assert.ok(focused?.label.startsWith(folder === '.' ? name : `${name} ${folder}`), `focused: ${JSON.stringify(focused)}`);
          },
          { timeout: 3_000 },
        );
      },
      { timeout: 20_000 },
    );
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    const editor = this.editor(file);
    await editor.waitFor();
    await eventually(`the editor of ${file} to have focus`, async () => {
      assert.ok(await editor.evaluate((element) => element.classList.contains('focused')), 'editor not focused');
    });
  }

  /** Closes pop-ups (hovers, menus, quick input) with Escape and parks the mouse where it hovers nothing. */
  async closeWidgets() {
    await this.page.mouse.move(1, 400);
    for (let i = 0; i < 3; i++) {
      const open = await this.page.locator('.action-widget:visible, .quick-input-widget:visible, .monaco-hover:not(.hidden):visible').count();
      if (open === 0) return;
      await this.page.keyboard.press('Escape');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /**
   * What the editor of `file` renders, keyed by line number (1-based): the text of each visible line
   * and the squiggles on it. Monaco gives the line-number gutter, the text lines and the decoration
   * overlays the same `top`, which is how a squiggle is tied to its line.
   */
  async render(file) {
    return this.editor(file).evaluate((editor, severities) => {
      const lineAt = new Map();
      for (const row of editor.querySelectorAll('.margin-view-overlays > div')) {
        const number = row.querySelector('.line-numbers')?.textContent?.trim();
        if (number) lineAt.set(/** @type {HTMLElement} */ (row).style.top, Number(number));
      }
      const lines = [];
      for (const row of editor.querySelectorAll('.view-lines > .view-line')) {
        const line = lineAt.get(/** @type {HTMLElement} */ (row).style.top);
        if (line) lines.push({ line, text: row.textContent.replace(/\u00a0/g, ' ') });
      }
      lines.sort((a, b) => a.line - b.line);
      const squiggles = [];
      for (const element of editor.querySelectorAll('.view-overlays [class*="squiggly-"]')) {
        const severity = severities.find((name) => element.classList.contains(`squiggly-${name}`));
        if (!severity) continue;
        const line = lineAt.get(element.parentElement.style.top);
        squiggles.push({ line: line ?? -1, severity });
      }
      return { lines, squiggles };
    }, SEVERITIES);
  }

  /**
   * The squiggles in the editor of `file`, one { line, severity } per rendered line a diagnostic
   * covers (a finding over several lines squiggles each of them; a hint shows as three dots at its
   * start only), by line and then the most severe first.
   */
  async squiggles(file) {
    return (await this.render(file)).squiggles.sort(compareSquiggles);
  }

  /** The editor's current text, from the rendered lines: Monaco renders only what is on screen, so keep fixture files short. */
  async text(file) {
    const { lines } = await this.render(file);
    lines.forEach(({ line }, index) => assert.equal(line, index + 1, `${file} does not fit on the screen: line ${index + 1} is not rendered`));
    return lines.map((line) => line.text).join('\n');
  }

  /** Waits until the squiggles in `file` are exactly `expected` ([{ line, severity }], ordered by `compareSquiggles`). */
  async waitForSquiggles(file, expected, { timeout = 15_000 } = {}) {
    return eventually(
      `squiggles ${JSON.stringify(expected)} in ${file}`,
      async () => {
        const actual = await this.squiggles(file);
        assert.deepEqual(actual, expected, `squiggles now: ${JSON.stringify(actual)}`);
        return actual;
      },
      { timeout },
    );
  }

  async waitForText(file, expected, { timeout = 10_000 } = {}) {
    return eventually(`the text of ${file} to be as expected`, async () => assert.equal(await this.text(file), expected), { timeout });
  }

  /** True when the tab of `file` shows unsaved changes. */
  async isDirty(file) {
    const tab = this.page.locator(`.part.editor .tab[data-resource-name="${path.basename(file)}"]`).first();
    return tab.evaluate((element) => element.classList.contains('dirty'));
  }

  /** The on-screen box of the squiggle on `line` (of that `severity`, when given). */
  async squiggleBox(file, line, severity) {
    const editor = this.editor(file);
    const top = await editor.evaluate((element, wanted) => {
      for (const row of element.querySelectorAll('.margin-view-overlays > div')) {
        if (row.querySelector('.line-numbers')?.textContent?.trim() === String(wanted)) return /** @type {HTMLElement} */ (row).style.top;
      }
      return undefined;
    }, line);
    assert.ok(top, `line ${line} of ${file} is not on screen`);
    const squiggle = editor.locator(`.view-overlays > div[style*="top:${top};"] [class*="squiggly-${severity ?? ''}"]`).first();
    const box = await squiggle.boundingBox();
    assert.ok(box, `no ${severity ?? ''} squiggle on line ${line} of ${file}`);
    return box;
  }

  /** Moves the cursor to `line`:`column` with Go to Line (Ctrl+G). */
  async goTo(line, column = 1) {
    await this.page.keyboard.press('Control+G');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor();
    // Ctrl+G opens Quick Open with the ":" prefix of Go to Line; replacing the whole value keeps it.
    await input.fill(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    await eventually(`the cursor to be on line ${line}`, async () => assert.equal((await this.cursor()).line, line));
  }

  /** The cursor position the status bar shows ("Ln 5, Col 3"). */
  async cursor() {
    const text = (await this.page.locator('#status\\.editor\\.selection').first().textContent()) ?? '';
    const match = /Ln (\d+), Col (\d+)/.exec(text);
    assert.ok(match, `status bar selection: ${JSON.stringify(text)}`);
    return { line: Number(match[1]), column: Number(match[2]) };
  }

  // --- Hovers and quick-fixes --------------------------------------------------------------------

  /** Hovers the squiggle on `line` (of that `severity`, when given) with the mouse; returns the problem part of the hover that opens. */
  async hoverSquiggle(file, line, severity) {
    await this.closeWidgets();
    const box = await this.squiggleBox(file, line, severity);
    await this.page.mouse.move(box.x + Math.min(box.width / 2, 40), box.y + box.height / 2, { steps: 3 });
    const marker = this.page.locator('.monaco-hover:not(.hidden) .hover-row .marker.hover-contents').first();
    await marker.waitFor({ timeout: 10_000 });
    return marker.evaluate((element) => ({
      text: element.textContent ?? '',
      links: [...element.querySelectorAll('a')].map((link) => ({ text: link.textContent ?? '', href: link.getAttribute('href') ?? '' })),
    }));
  }

  /** The whole text of the hover on screen (the problem part and what hover providers add), once `ready(text)` holds. */
  async hoverText(ready, { timeout = 10_000 } = {}) {
    return eventually(
      'the hover to show the expected text',
      async () => {
        const text = ((await this.page.locator('.monaco-hover:not(.hidden)').first().textContent({ timeout: 1_000 })) ?? '').replace(/\u00a0/g, ' ');
        ready(text);
        return text;
      },
      { timeout },
    );
  }

  /** Puts the cursor on the squiggle on `line` (a click) and opens the quick-fix menu (Ctrl+.); returns its entries. */
  async openQuickFixes(file, line) {
    await this.closeWidgets();
    // A click right after another widget closed is sometimes taken as a mere focus change: click
    // again until the status bar shows the cursor on the squiggle's line.
    await eventually(`a click to put the cursor on line ${line}`, async () => {
      const box = await this.squiggleBox(file, line);
      await this.page.mouse.click(box.x + 3, box.y + box.height / 2);
      await eventually('the status bar to follow', async () => assert.equal((await this.cursor()).line, line), { timeout: 1_000 });
    });
    await this.closeWidgets();
    await this.page.keyboard.press('Control+.');
    const rows = this.page.locator('.action-widget .monaco-list-row.action');
    await rows.first().waitFor({ timeout: 10_000 });
    return rows.evaluateAll((elements) => elements.map((element) => element.getAttribute('aria-label') ?? element.textContent ?? ''));
  }

  /** Chooses `title` in the open quick-fix menu with the arrow keys and Enter, as a keyboard user would. */
  async chooseQuickFix(title) {
    const count = await this.page.locator('.action-widget .monaco-list-row.action').count();
    for (let i = 0; i <= count; i++) {
      const focused = await this.page.locator('.action-widget .monaco-list-row.focused').first().getAttribute('aria-label');
      if (focused === title) {
        await this.page.keyboard.press('Enter');
        await this.page.locator('.action-widget').waitFor({ state: 'hidden' });
        return;
      }
      await this.page.keyboard.press('ArrowDown');
    }
    throw new Error(`no quick-fix titled ${JSON.stringify(title)} in the menu`);
  }

  // --- Problems panel -------------------------------------------------------------------------

  /**
   * Opens the Problems panel (Ctrl+Shift+M) and returns its problem rows, once `ready(rows)` holds.
   * The panel renders only the rows that fit on screen, so `filter` (typed into its filter box, e.g.
   * a file's path, and cleared again afterwards) narrows it down to what the caller looks at.
   * Hints are never listed there: the Problems panel shows errors, warnings and infos only.
   */
  async problems(ready, { timeout = 15_000, filter = '' } = {}) {
    await this.closeWidgets();
    await this.page.keyboard.press('Control+Shift+M');
    await this.page.locator('.markers-panel').waitFor();
    const filterBox = this.page.locator('.part.panel input[aria-label="Filter Problems"]');
    await filterBox.fill(filter);
    try {
      return await this.readProblems(ready, timeout);
    } finally {
      await filterBox.fill('');
    }
  }

  async readProblems(ready, timeout) {
    return eventually(
      'the Problems panel to list the expected problems',
      async () => {
        const rows = await this.page.locator('.markers-panel .monaco-list-row').evaluateAll((elements) => {
          const problems = [];
          let file = '';
          const ordered = [...elements].sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index));
          for (const element of ordered) {
            const details = element.querySelector('.marker-message-details-container');
            const ariaLabel = element.getAttribute('aria-label') ?? '';
            if (!details) {
              // A file row: "3 problems in file orders.ts of folder src".
              const resource = / in file (.+?)(?: of folder (.+))?$/.exec(ariaLabel);
              if (resource) file = resource[2] && resource[2] !== '.' ? `${resource[2]}/${resource[1]}` : resource[1];
              continue;
            }
            const position = /\[Ln (\d+), Col (\d+)\]/.exec(details.textContent ?? '');
            const code = details.querySelector('.marker-code');
            problems.push({
              file,
              message: element.querySelector('.marker-message')?.textContent ?? '',
              source: details.querySelector('.marker-source')?.textContent ?? '',
              code: code?.textContent ?? '',
              codeHref: code?.closest('a')?.getAttribute('href') ?? '',
              line: position ? Number(position[1]) : -1,
              column: position ? Number(position[2]) : -1,
              ariaLabel,
            });
          }
          return problems;
        });
        ready(rows);
        return rows;
      },
      { timeout },
    );
  }

  /** Hides the panel area (Problems) again with "View: Toggle Panel Visibility" (Ctrl+J). */
  async hidePanel() {
    if (!(await this.page.locator('.part.panel:visible').count())) return;
    await this.page.keyboard.press('Control+J');
    await this.page.locator('.part.panel').waitFor({ state: 'hidden' });
  }

  // --- Commands, notifications, the status bar ---------------------------------------------------

  /** Runs `title` (e.g. "asynclint: Analyze Workspace") from the command palette (Ctrl+Shift+P). */
  async runCommand(title, { timeout = 15_000 } = {}) {
    // The palette filters as it is typed: Enter only once the command is the focused entry. An
    // extension's commands are listed once the workbench has read its manifest: until then the
    // palette is closed and opened again.
    await eventually(
      `the command palette to offer ${JSON.stringify(title)}`,
      async () => {
        await this.closeWidgets();
        await this.page.keyboard.press('Control+Shift+P');
        const input = this.page.locator('.quick-input-widget input');
        await input.waitFor();
        await input.fill(`>${title}`);
        await eventually(
          'the list to filter',
          async () => {
            const focused = await this.page.locator('.quick-input-list .monaco-list-row.focused').first().getAttribute('aria-label', { timeout: 1_000 });
            assert.ok(focused === title || focused?.startsWith(`${title}, `), `focused: ${JSON.stringify(focused)}`);
          },
          { timeout: 3_000 },
        );
      },
      { timeout },
    );
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  }

  /**
   * Starts recording every notification toast the workbench shows from now on (a progress
   * notification of a quick task may come and go between two looks); `notificationsSeen()` reads them.
   */
  async recordNotifications() {
    await this.page.evaluate(() => {
      const seen = [];
      const record = () => {
        for (const toast of document.querySelectorAll('.notifications-toasts .monaco-list-row')) {
          const text = toast.querySelector('.notification-list-item-message')?.textContent ?? '';
          const source = toast.querySelector('.notification-list-item-source')?.textContent ?? '';
          const progress = toast.querySelector('.monaco-progress-container.active') !== null;
          const buttons = [...toast.querySelectorAll('.notification-list-item-buttons-container .monaco-button')].map((button) => button.textContent ?? '');
          if (text && !seen.some((entry) => entry.text === text && entry.source === source)) seen.push({ text, source, progress, buttons });
        }
      };
      globalThis.__asynclintObserver?.disconnect();
      globalThis.__asynclintObserver = new MutationObserver(record);
      globalThis.__asynclintObserver.observe(document.body, { childList: true, subtree: true, characterData: true });
      globalThis.__asynclintNotifications = seen;
      record();
    });
  }

  /** The notifications shown since `recordNotifications()`: [{ text, source ("Source: …"), progress (a progress bar runs), buttons }], in the order they appeared. */
  async notificationsSeen() {
    return this.page.evaluate(() => globalThis.__asynclintNotifications ?? []);
  }

  /** Dismisses every notification ("Notifications: Clear All Notifications"). */
  async clearNotifications() {
    await this.runCommand('Notifications: Clear All Notifications');
    await this.page.locator('.notifications-toasts .notification-list-item').first().waitFor({ state: 'detached' });
  }

  /**
   * Hovers the language status indicator (the `{}` next to the language mode in the status bar) and
   * returns the entry named `name`: { text, detail, severity, links }, as its hover shows it.
   */
  async languageStatus(name) {
    await this.closeWidgets();
    const indicator = this.page.locator('#status\\.languageStatus');
    await indicator.waitFor();
    await indicator.hover();
    const entry = this.page
      .locator('.hover-language-status')
      .filter({ hasText: `${name}:` })
      .first();
    await entry.waitFor({ timeout: 10_000 });
    return entry.evaluate((element) => {
      const left = element.querySelector('.left');
      const separator = left?.querySelector('.separator');
      const textNodes = [...(left?.childNodes ?? [])];
      const before = separator ? textNodes.slice(0, textNodes.indexOf(separator)) : textNodes;
      const after = separator ? textNodes.slice(textNodes.indexOf(separator) + 1) : [];
      const severity = /\bsev(\d)\b/.exec(element.querySelector('.severity')?.className ?? '')?.[1];
      return {
        text: before
          .map((node) => node.textContent)
          .join('')
          .trim(),
        detail: after
          .map((node) => node.textContent)
          .join('')
          .trim(),
        severity: { 0: 'information', 1: 'information', 2: 'warning', 3: 'error' }[severity] ?? severity,
        links: [...element.querySelectorAll('.right a.monaco-link')].map((link) => link.textContent ?? ''),
      };
    });
  }

  // --- Editor tabs ----------------------------------------------------------------------------

  /** The file name on the active editor tab. */
  async activeTab() {
    return this.page.locator('.part.editor .tab.active').first().getAttribute('data-resource-name');
  }

  /** The label of the active editor tab (a preview's tab has no file name of its own). */
  async activeTabLabel() {
    return ((await this.page.locator('.part.editor .tab.active .label-name').first().textContent()) ?? '').trim();
  }

  /** Closes the active editor (Ctrl+W), e.g. a preview, which has no file behind its tab. */
  async closeActiveEditor() {
    const before = await this.page.locator('.part.editor .tab').count();
    await this.closeWidgets();
    await this.page.keyboard.press('Control+W');
    await eventually('the editor to close', async () => assert.equal(await this.page.locator('.part.editor .tab').count(), before - 1));
  }

  /** Names on the open editor tabs. */
  async tabs() {
    return this.page.locator('.part.editor .tab').evaluateAll((elements) => elements.map((element) => element.getAttribute('data-resource-name')));
  }

  /** Closes every editor ("View: Close All Editors"); they must have no unsaved changes. */
  async closeAllEditors() {
    await this.runCommand('View: Close All Editors');
    await eventually('every editor to close', async () => assert.deepEqual(await this.tabs(), []));
  }

  /** Closes the editor of `file` (a name on a tab) if it is open, reverting unsaved changes first. */
  async closeEditor(name) {
    const tab = this.page.locator(`.part.editor .tab[data-resource-name="${name}"]`).first();
    if ((await tab.count()) === 0) return;
    await this.closeWidgets();
    await tab.click();
    await eventually(`${name} to be the active tab`, async () => assert.equal(await this.activeTab(), name));
    if (await tab.evaluate((element) => element.classList.contains('dirty'))) await this.runCommand('File: Revert File');
    await this.page.keyboard.press('Control+W');
    await tab.waitFor({ state: 'detached' });
  }

  // --- Artifacts ------------------------------------------------------------------------------

  /** Saves a screenshot of the window (or of `locator`) to `directory`/`name`.png. */
  async screenshot(directory, name, locator) {
    fs.mkdirSync(directory, { recursive: true });
    const file = path.join(directory, `${name}.png`);
    if (locator) await locator.screenshot({ path: file });
    else await this.page.screenshot({ path: file });
    return file;
  }

  /** Saves the top of the editor area (where the small fixture files and their pop-ups are) for the README. */
  async screenshotEditor(directory, name) {
    const box = await this.page.locator('.part.editor').boundingBox();
    assert.ok(box, 'no editor area on screen');
    fs.mkdirSync(directory, { recursive: true });
    const file = path.join(directory, `${name}.png`);
    await this.page.screenshot({ path: file, clip: { x: box.x, y: box.y, width: box.width, height: Math.min(box.height, 470) } });
    return file;
  }

  /** On a failed scenario: a screenshot and the browser console, in .e2e-artifacts/. */
  async saveFailure(name) {
    const safe = name
      .replace(/[^a-z0-9]+/gi, '-')
      .replace(/^-|-$/g, '')
      .toLowerCase();
    try {
      await this.screenshot(e2e.artifacts, `failed-${safe}`);
    } catch (error) {
      console.error(`could not save a screenshot: ${error}`);
    }
    fs.mkdirSync(e2e.artifacts, { recursive: true });
    fs.writeFileSync(path.join(e2e.artifacts, `failed-${safe}-browser-console.log`), this.consoleLog.join('\n') + '\n');
  }
}
