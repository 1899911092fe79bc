/**
 * Updating the extension over a profile with data, in real Chromium: the
 * built extension is copied to a directory and loaded from there as version
 * 0.1.0 ("old"); the reader writes a note, an own entry and changed settings
 * through the UI; then the directory's contents are replaced by the same
 * build stamped 0.2.0 ("new") and the extension is reloaded from disk (the
 * developer reload of chrome://extensions), which unloads the old version and
 * loads the new one the way Chrome applies an update. Afterwards:
 * - everything the reader wrote is still there, read by the new version;
 * - the old content script in the tab that stayed open goes quiet: its
 *   underlines go at the reader's first move, no card opens, and the page's
 *   console gets no error (no "Extension context invalidated");
 * - a page opened after the update is spotted by the new version, own entry
 *   and note included.
 * Both builds carry the same database schema (the schema upgrades have their
 * own unit tests that seed the previous version); this test checks that the
 * update itself loses nothing.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Page, type Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  canRunChromium,
  centreOfText,
  EXTENSION_DIR,
  findChromium,
  readCardText,
  startFixtureServer,
  type FixtureServer,
} from './harness';

/** The part of chrome://extensions' private API that the reload uses. */
interface DeveloperPrivate {
  updateProfileConfiguration(update: { inDeveloperMode: boolean }, done: () => void): void;
  reload(id: string, options: { failQuietly: boolean }, done: () => void): void;
}

const OLD_VERSION = '0.1.0';
const NEW_VERSION = '0.2.0';

/** A copy of the build with `version` stamped into its manifest. */
function stampedBuild(into: string, version: string): string {
  cpSync(EXTENSION_DIR, into, { recursive: true });
  const manifestPath = join(into, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { version: string };
  writeFileSync(manifestPath, JSON.stringify({ ...manifest, version }));
  return into;
}

/** Replaces the loaded directory's contents in place: the extension keeps its path, hence its id. */
function replaceContents(directory: string, withBuild: string): void {
  // The directory itself stays: Chrome knows the extension by it.
  for (const name of readdirSync(directory)) rmSync(join(directory, name), { recursive: true, force: true });
  cpSync(withBuild, directory, { recursive: true });
}

/**
 * Everything that reaches a page's console or goes uncaught, in any of its
 * worlds (the content script's isolated world included), read through the
 * DevTools protocol rather than Playwright's page events, which cover the
 * main world.
 */
async function watchAllErrors(page: Page): Promise<{ session: CDPSession; errors: string[] }> {
  const session = await page.context().newCDPSession(page);
  const errors: string[] = [];
  session.on(
    'Runtime.exceptionThrown',
    (event: { exceptionDetails: { text: string; exception?: { description?: string } } }) =>
      errors.push(`exception: ${event.exceptionDetails.exception?.description ?? event.exceptionDetails.text}`),
  );
  session.on(
    'Runtime.consoleAPICalled',
    (event: { type: string; args: Array<{ value?: unknown; description?: string }> }) => {
      if (event.type === 'error' || event.type === 'warning') {
        errors.push(`console.${event.type}: ${event.args.map((arg) => arg.value ?? arg.description).join(' ')}`);
      }
    },
  );
  session.on('Log.entryAdded', (event: { entry: { level: string; text: string; url?: string } }) => {
    // The fixture server has no favicon; the browser's request for it is not ours.
    if (event.entry.level === 'error' && !event.entry.url?.endsWith('/favicon.ico')) {
      errors.push(`log: ${event.entry.text}`);
    }
  });
  await session.send('Runtime.enable');
  await session.send('Log.enable');
  return { session, errors };
}

/** The texts of every range our highlights hold, whichever style the reader chose. */
function spottedTexts(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    ['context-lens-term', 'context-lens-term-background'].flatMap((name) => {
      const highlight = CSS.highlights.get(name);
      return highlight ? [...highlight].map((range) => (range as Range).toString()) : [];
    }),
  );
}

function readDatabase(page: Page): Promise<{ notes: string[]; ownEntries: string[]; version: number }> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('context-lens');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const all = <T>(store: string) =>
      new Promise<T[]>((resolve, reject) => {
        const request = db.transaction(store).objectStore(store).getAll();
        request.onsuccess = () => resolve(request.result as T[]);
        request.onerror = () => reject(request.error);
      });
    const notes = await all<{ text: string }>('notes');
    const entries = await all<{ id: string; title: string; packId: string }>('entries');
    const version = db.version;
    db.close();
    return {
      notes: notes.map((note) => note.text),
      ownEntries: entries.filter((entry) => entry.packId === 'own').map((entry) => entry.title),
      version,
    };
  });
}

describe.runIf(canRunChromium)('updating over a profile with data', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'context-lens-update-'));
  const loadedDir = join(workDir, 'extension');
  const newBuild = join(workDir, 'new-build');
  const userDataDir = join(workDir, 'profile');
  let context: BrowserContext;
  let server: FixtureServer;
  let extensionId: string;

  beforeAll(async () => {
    stampedBuild(loadedDir, OLD_VERSION);
    stampedBuild(newBuild, NEW_VERSION);
    server = await startFixtureServer();
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: findChromium(),
      headless: true,
      viewport: { width: 1100, height: 800 },
      args: [
        `--disable-extensions-except=${loadedDir}`,
        `--load-extension=${loadedDir}`,
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    extensionId = new URL(worker.url()).host;
  });

  afterAll(async () => {
    await context?.close();
    await server?.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  const extensionPage = async (path: string) => {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/${path}`);
    return page;
  };

  const runningVersion = (worker: Worker) => worker.evaluate(() => chrome.runtime.getManifest().version);

  /**
   * chrome://extensions' own reload (developerPrivate), as a developer's "reload" button does.
   * Chromium disables a reloaded unpacked extension ("unsupported developer extension") unless
   * developer mode is on, so it is switched on first; chrome.runtime.reload() meets the same rule.
   */
  async function reloadFromDisk(): Promise<void> {
    const extensionsPage = await context.newPage();
    await extensionsPage.goto('chrome://extensions');
    const outcome = await extensionsPage.evaluate(async (id) => {
      const api = (chrome as unknown as { developerPrivate: DeveloperPrivate }).developerPrivate;
      await new Promise((done) => api.updateProfileConfiguration({ inDeveloperMode: true }, () => done(undefined)));
      return new Promise<string>((done) =>
        api.reload(id, { failQuietly: false }, () => done(chrome.runtime.lastError?.message ?? 'reloaded')),
      );
    }, extensionId);
    expect(outcome).toBe('reloaded');
    await extensionsPage.close();
  }

  async function findWorker(version: string): Promise<Worker> {
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      for (const worker of context.serviceWorkers()) {
        if ((await runningVersion(worker).catch(() => null)) === version) return worker;
      }
      await new Promise((done) => setTimeout(done, 250));
    }
    const versions = await Promise.all(context.serviceWorkers().map((worker) => runningVersion(worker).catch(String)));
    throw new Error(`no service worker of version ${version}; running: ${versions.join(', ')}`);
  }

  test('notes, own entries and settings survive, and the old content script goes quiet', async () => {
    const firstWorker = context.serviceWorkers()[0]!;
    expect(await runningVersion(firstWorker)).toBe(OLD_VERSION);
    const note = `Note before the update ${Math.random().toString(36).slice(2, 8)}`;

    // The reader's data, written through the old version's UI.
    const popup = await extensionPage('popup.html');
    await popup.getByLabel('Search the glossary').fill('KFOR');
    await popup.getByRole('button', { name: 'KFOR (Kosovo Force) (Mission)' }).click();
    await popup.getByLabel('New note').fill(note);
    await popup.getByRole('button', { name: 'Add note' }).click();
    await expect.poll(async () => (await readDatabase(popup)).notes).toContain(note);

    const editor = await extensionPage(
      `editor.html?title=${encodeURIComponent('Gazivode Lake')}&source=${encodeURIComponent('https://example.org/gazivode')}`,
    );
    await editor
      .getByLabel('What it is')
      .fill('A reservoir in northern Kosovo that supplies water to Serbia and Kosovo.');
    await editor.getByRole('button', { name: 'Save entry' }).click();
    await expect.poll(async () => (await readDatabase(popup)).ownEntries).toContain('Gazivode Lake');
    await editor.close();

    const options = await extensionPage('options.html');
    await options.getByLabel('How spotted terms look').selectOption('background');
    await options.getByLabel('Hover delay before the card opens (milliseconds)').fill('150');
    await options.getByLabel('Hover delay before the card opens (milliseconds)').blur();
    await expect
      .poll(() => options.evaluate(async () => (await chrome.storage.local.get('settings')).settings))
      .toMatchObject({ hoverDelayMs: 150 });
    const settingsBefore = await options.evaluate(async () => (await chrome.storage.local.get('settings')).settings);
    expect(settingsBefore).toMatchObject({ underlineStyle: 'background', hoverDelayMs: 150 });
    await options.close();
    const before = await readDatabase(popup);
    await popup.close();

    // A reader's tab, spotted by the old version, that stays open across the update.
    const oldTab = await context.newPage();
    const { session: oldSession, errors } = await watchAllErrors(oldTab);
    await oldTab.goto(`${server.origin}/kosovo-article.html`);
    await expect.poll(() => spottedTexts(oldTab), { timeout: 15_000 }).toContain('KFOR');
    const kfor = await centreOfText(oldTab, '#p-kfor', 'KFOR');
    // Control: before the update the old script opens its card here. It stays open across the update.
    await oldTab.mouse.move(5, 5);
    await oldTab.mouse.move(kfor.x, kfor.y, { steps: 3 });
    await expect.poll(() => readCardText(oldSession), { timeout: 10_000 }).toContain(note);

    // The update: new files in place, then the extension reloads itself as Chrome does to apply one.
    replaceContents(loadedDir, newBuild);
    await reloadFromDisk();
    // The new version's worker, started by its install event (or by opening one of its pages).
    const worker = await findWorker(NEW_VERSION);
    expect(await runningVersion(worker)).toBe(NEW_VERSION);

    // Everything the reader wrote is still there, as the new version reads it.
    const after = await extensionPage('popup.html');
    await expect.poll(async () => (await readDatabase(after)).notes).toEqual(before.notes);
    const afterDb = await readDatabase(after);
    expect(afterDb).toEqual(before);
    expect(await after.evaluate(async () => (await chrome.storage.local.get('settings')).settings)).toEqual(
      settingsBefore,
    );
    await after.getByLabel('Search the glossary').fill('Gazivode');
    await after
      .getByRole('button', { name: /Gazivode Lake/ })
      .first()
      .waitFor();
    await after.getByLabel('Search the glossary').fill('KFOR');
    await after.getByRole('button', { name: 'KFOR (Kosovo Force) (Mission)' }).click();
    await expect.poll(() => after.locator('.cl-notes').textContent()).toContain(note);
    await after.close();

    // The old tab: at the reader's next move the dead script closes its card and lets go of its
    // underlines; moving over the term again opens nothing.
    await oldTab.mouse.move(kfor.x + 1, kfor.y, { steps: 2 });
    await expect.poll(() => spottedTexts(oldTab)).toEqual([]);
    await expect.poll(() => readCardText(oldSession)).toBeNull();
    await oldTab.mouse.move(5, 5);
    await oldTab.mouse.move(kfor.x, kfor.y, { steps: 5 });
    await oldTab.waitForTimeout(1_500);
    expect(await readCardText(oldSession)).toBeNull();
    await oldTab.keyboard.press('Escape');
    await oldTab.mouse.click(kfor.x, kfor.y);
    expect(await readCardText(oldSession)).toBeNull();
    expect(errors).toEqual([]);

    // A page opened now is spotted by the new version, with the reader's own entry and note.
    const newTab = await context.newPage();
    const { session: newSession, errors: newErrors } = await watchAllErrors(newTab);
    await newTab.goto(`${server.origin}/kosovo-article.html`);
    await expect.poll(() => spottedTexts(newTab), { timeout: 15_000 }).toContain('KFOR');
    const point = await centreOfText(newTab, '#p-kfor', 'KFOR');
    await newTab.mouse.move(5, 5);
    await newTab.mouse.move(point.x, point.y, { steps: 3 });
    await expect.poll(() => readCardText(newSession), { timeout: 10_000 }).toContain(note);
    expect(newErrors).toEqual([]);
    console.info(
      `[update] ${OLD_VERSION} → ${NEW_VERSION}: ${afterDb.notes.length} note(s), ${afterDb.ownEntries.length} own entr(y/ies), database version ${afterDb.version}, settings kept; old tab quiet with 0 errors`,
    );
  }, 120_000);
});
