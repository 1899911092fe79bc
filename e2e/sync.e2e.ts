/**
 * Sync between two browser profiles, each with the built extension. No
 * browser account is signed in here, so the test plays the browser's sync
 * service: it reads profile A's storage.sync from an extension page and
 * writes the items into profile B's, the way Chrome Sync would deliver them,
 * and back. Each profile's own engine then merges what arrived.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CDPSession, Page } from 'playwright-core';
import {
  canRunChromium,
  centreOfText,
  highlightedTexts,
  launchWithExtension,
  readCardText,
  startFixtureServer,
  type ExtensionBrowser,
  type FixtureServer,
} from './harness';

type Items = Record<string, unknown>;

describe.runIf(canRunChromium)('sync between two profiles', () => {
  let a: ExtensionBrowser;
  let b: ExtensionBrowser;
  let server: FixtureServer;

  beforeAll(async () => {
    server = await startFixtureServer();
    [a, b] = await Promise.all([launchWithExtension(), launchWithExtension()]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await server?.close();
  });

  async function extensionPage(profile: ExtensionBrowser, path = 'popup.html'): Promise<Page> {
    const page = await profile.context.newPage();
    await page.goto(`chrome-extension://${profile.extensionId}/${path}`);
    return page;
  }

  async function openPopup(profile: ExtensionBrowser): Promise<Page> {
    const page = await extensionPage(profile);
    await expect
      .poll(() => page.locator('.cl-popup-header .cl-muted').textContent(), { timeout: 15_000 })
      .toMatch(/^[1-9][\d,.\s\u202f]*\d entries$/);
    return page;
  }

  const readSync = (page: Page): Promise<Items> => page.evaluate(() => chrome.storage.sync.get(null));
  const writeSync = (page: Page, items: Items): Promise<void> =>
    page.evaluate((values) => chrome.storage.sync.set(values), items);

  /** Waits until the profile's engine has written records that satisfy `ready`, and returns the whole area. */
  async function syncedItems(profile: ExtensionBrowser, ready: (items: Items) => boolean): Promise<Items> {
    const page = await extensionPage(profile, 'options.html');
    await expect.poll(async () => ready(await readSync(page)), { timeout: 20_000 }).toBe(true);
    const items = await readSync(page);
    await page.close();
    return items;
  }

  /**
   * Delivers items into a profile's storage.sync, as the browser's sync service would, and waits until that
   * profile's engine has merged them (the popup does not follow note changes while it is open).
   */
  async function deliver(profile: ExtensionBrowser, items: Items): Promise<void> {
    const page = await extensionPage(profile, 'options.html');
    const deliveredAt = Date.now();
    await writeSync(page, items);
    await expect
      .poll(
        () =>
          page.evaluate(async () => {
            const { syncStatus } = await chrome.storage.local.get('syncStatus');
            return (syncStatus as { lastReceivedAt?: number } | undefined)?.lastReceivedAt ?? 0;
          }),
        { timeout: 20_000 },
      )
      .toBeGreaterThan(deliveredAt);
    await page.close();
  }

  async function openEntry(page: Page, query: string, title: RegExp) {
    await page.getByLabel('Search the glossary').fill(query);
    await page.getByRole('list', { name: 'Results' }).getByRole('button', { name: title }).first().click();
  }

  async function cardTextOnArticle(profile: ExtensionBrowser): Promise<string | null> {
    const page = await profile.context.newPage();
    await page.goto(`${server.origin}/kosovo-article.html`);
    await expect.poll(() => highlightedTexts(page), { timeout: 15_000 }).toContain('KFOR');
    const session: CDPSession = await page.context().newCDPSession(page);
    const point = await centreOfText(page, '#p-kfor', 'KFOR');
    // Hover again on each try: the note may arrive after a card without it was drawn.
    await expect
      .poll(
        async () => {
          await page.mouse.move(2, 2);
          await page.mouse.move(point.x, point.y);
          await page.waitForTimeout(800);
          return (await readCardText(session)) ?? '';
        },
        { timeout: 20_000 },
      )
      .toContain('Synced from A');
    const text = await readCardText(session);
    await page.close();
    return text;
  }

  const noteKeys = (items: Items) => Object.keys(items).filter((key) => key.startsWith('n:'));
  const isLive = (item: unknown) => typeof item === 'object' && item !== null && 'b' in item;

  test("A's note and own entry reach B's card and popup; B's deletion reaches A", async () => {
    // On A: a note on KFOR from the popup, an own entry from the editor.
    const popupA = await openPopup(a);
    await openEntry(popupA, 'KFOR', /^KFOR/);
    await popupA.getByLabel('New note').fill('Synced from A: patrols doubled');
    await popupA.getByRole('button', { name: 'Add note' }).click();
    await expect
      .poll(() => popupA.locator('.cl-note-text').allTextContents())
      .toEqual(['Synced from A: patrols doubled']);
    await popupA.close();
    const editor = await extensionPage(
      a,
      `editor.html?${new URLSearchParams({ title: 'Ibar footbridge', source: `${server.origin}/kosovo-article.html` })}`,
    );
    await editor.getByLabel('What it is').fill('The footbridge over the Ibar in Mitrovica.');
    await editor.getByRole('button', { name: 'Save entry' }).click();
    await editor.getByText(/is in your glossary/).waitFor();
    await editor.close();

    const fromA = await syncedItems(a, (items) => 'e:ibar-footbridge' in items && noteKeys(items).length === 1);
    // Only notes, own entries, settings and sites travel (the reading memory stays: lib/sync/engine.test.ts).
    expect(Object.keys(fromA).every((key) => /^(n:|e:|site:|s:settings$)/.test(key))).toBe(true);

    // B is a fresh profile: wait for its bundled pack, then deliver A's items.
    await (await openPopup(b)).close();
    await deliver(b, fromA);
    expect(await cardTextOnArticle(b)).toContain('Synced from A: patrols doubled');
    const popupB = await openPopup(b);
    await openEntry(popupB, 'Ibar footbridge', /^Ibar footbridge/);
    await popupB.getByText('The footbridge over the Ibar in Mitrovica.').first().waitFor();

    await popupB.close();

    // Delete the note on B; B's engine writes a tombstone, which goes back to A.
    const deleting = await openPopup(b);
    await openEntry(deleting, 'KFOR', /^KFOR/);
    await deleting.locator('.cl-notes').getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => deleting.locator('.cl-note-text').count()).toBe(0);
    await deleting.close();
    const fromB = await syncedItems(b, (items) => noteKeys(items).some((key) => !isLive(items[key])));
    await deliver(a, fromB);

    const check = await openPopup(a);
    await openEntry(check, 'KFOR', /^KFOR/);
    await expect.poll(() => check.locator('.cl-note-text').count(), { timeout: 15_000 }).toBe(0);
    await check.close();
  });
});
