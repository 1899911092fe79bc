/**
 * The page side in real Chromium: text added later is spotted, shadow DOM
 * of the page's own components is read, settings apply to open tabs at once,
 * keyboard navigation, the Ohrid ranking and the before/since split.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import {
  centreOfText,
  evaluateInCard,
  highlightedTexts,
  launchWithExtension,
  readCardText,
  sendPageRequest,
  startFixtureServer,
  type ExtensionBrowser,
  canRunChromium,
} from './harness';

describe.runIf(canRunChromium)('spotting on live pages', () => {
  let browser: ExtensionBrowser;
  let server: Awaited<ReturnType<typeof startFixtureServer>>;
  let extensionPage: Page;

  beforeAll(async () => {
    server = await startFixtureServer();
    browser = await launchWithExtension();
    extensionPage = await browser.context.newPage();
    await extensionPage.goto(`chrome-extension://${browser.extensionId}/popup.html`);
  });

  // Every test starts from the default settings, whatever the previous one left.
  beforeEach(() => setSettings({}));

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function setSettings(settings: Record<string, unknown>) {
    await extensionPage.evaluate((value) => chrome.storage.local.set({ settings: value }), settings);
  }

  async function open(path: string, expected = 'KFOR'): Promise<Page> {
    const page = await browser.context.newPage();
    await page.goto(`${server.origin}/${path}`);
    await expect.poll(() => highlightedTexts(page), { timeout: 15_000 }).toContain(expected);
    return page;
  }

  test('text added, changed and removed after load is followed', async () => {
    const page = await open('kosovo-article.html');
    await page.evaluate(() => {
      const paragraph = document.createElement('p');
      paragraph.id = 'late';
      paragraph.textContent = 'Later, the Banjska monastery was reopened to visitors.';
      document.querySelector('article')?.append(paragraph);
    });
    // "Banjska monastery" is itself an alias, and the longest match wins.
    await expect.poll(() => highlightedTexts(page)).toContain('Banjska monastery');
    await page.evaluate(() => {
      const text = document.querySelector('#late')?.firstChild as Text;
      text.data = 'Later, the monastery was reopened; UNMIK said nothing.';
    });
    await expect.poll(() => highlightedTexts(page)).toContain('UNMIK');
    expect(await highlightedTexts(page)).not.toContain('Banjska monastery');
    await page.evaluate(() => document.querySelector('#late')?.remove());
    // Removal is swept on the next batch of changes.
    await page.evaluate(() => document.querySelector('article')?.append(document.createElement('hr')));
    await expect.poll(() => highlightedTexts(page)).not.toContain('UNMIK');
    await page.close();
  });

  test('reads the open shadow roots of the page’s own components', async () => {
    const page = await open('ohrid-talks.html', 'Ohrid');
    await expect.poll(() => highlightedTexts(page)).toContain('EULEX');
    await page.close();
  });

  test('settings apply to an open tab at once: site off, first mention only', async () => {
    const page = await open('kosovo-article.html');
    const all = (await highlightedTexts(page)).length;
    await setSettings({ firstMentionOnly: true });
    await expect.poll(async () => (await highlightedTexts(page)).length).toBeLessThan(all);
    // KFOR is mentioned as "KFOR mission", "KFOR's" and "KFOR": only the first stays underlined.
    const firstOnly = await highlightedTexts(page);
    expect(firstOnly.filter((text) => text.startsWith('KFOR'))).toEqual(['KFOR mission']);
    await setSettings({ disabledSites: ['127.0.0.1'] });
    await expect.poll(() => highlightedTexts(page)).toEqual([]);
    await setSettings({});
    await expect.poll(async () => (await highlightedTexts(page)).length).toBe(all);
    await page.close();
  });

  test('keyboard navigation opens the next term’s card with focus; Escape gives focus back', async () => {
    const page = await open('kosovo-article.html');
    const session = await page.context().newCDPSession(page);
    const first = await sendPageRequest<boolean>(extensionPage, page, 'moveToTerm', { direction: 'next' });
    expect(first).toBe(true);
    await expect.poll(() => readCardText(session)).toMatch(/NATO/);
    expect(await page.evaluate(() => document.activeElement?.localName)).toBe('context-lens-card');
    expect(await evaluateInCard(session, 'function () { return this.activeElement?.className; }')).toBe('cl-card');
    await page.keyboard.press('Escape');
    await expect.poll(() => readCardText(session)).toBeNull();
    expect(await page.evaluate(() => document.activeElement?.localName)).not.toBe('context-lens-card');
    await page.close();
  });

  test('"Ohrid" in a Kosovo–Serbia article means the 2023 agreement first, and events split at the article date', async () => {
    const page = await open('ohrid-talks.html', 'Ohrid');
    const session = await page.context().newCDPSession(page);
    const point = await centreOfText(page, '#lead', 'Ohrid');
    await page.mouse.move(point.x, point.y);
    await expect
      .poll(() =>
        evaluateInCard<string[]>(
          session,
          'function () { return [...this.querySelectorAll(".cl-candidate")].map((b) => b.getAttribute("aria-selected") + ":" + b.textContent); }',
        ),
      )
      .toEqual(expect.arrayContaining([expect.stringMatching(/^true:.*(Normali[sz]ation|2023)/)]));
    await page.screenshot({ path: 'e2e/artifacts/card-ohrid.png' });
    await page.mouse.move(5, 5);
    await expect.poll(() => readCardText(session)).toBeNull();

    const vucic = await centreOfText(page, '#lead', 'Vučić');
    await page.mouse.move(vucic.x, vucic.y);
    await expect.poll(() => readCardText(session)).toMatch(/Before this article/);
    expect(await readCardText(session)).toMatch(/Since this article/);
    await page.close();
  });

  test('the popup protocol reports the terms of the page with counts', async () => {
    const page = await open('kosovo-article.html');
    const report = await sendPageRequest<{ active: boolean; terms: Array<{ entryIds: string[]; count: number }> }>(
      extensionPage,
      page,
      'getPageTerms',
      {},
    );
    expect(report.active).toBe(true);
    const kfor = report.terms.find((term) => term.entryIds.includes('kfor'));
    expect(kfor?.count).toBeGreaterThanOrEqual(2);
    await page.close();
  });

  test('an own entry saved in the editor is spotted in an open tab at once', async () => {
    const page = await open('kosovo-article.html');
    expect(await highlightedTexts(page)).not.toContain('patrols');
    const editor = await browser.context.newPage();
    const params = new URLSearchParams({ title: 'patrols', source: page.url() });
    await editor.goto(`chrome-extension://${browser.extensionId}/editor.html?${params}`);
    await editor.getByLabel('What it is').fill('Regular movements of troops through an area.');
    await editor.getByRole('button', { name: 'Save entry' }).click();
    await editor.getByText(/is in your glossary/).waitFor();
    await editor.screenshot({ path: 'e2e/artifacts/editor.png' });
    await expect.poll(() => highlightedTexts(page), { timeout: 10_000 }).toContain('patrols');
    await editor.close();
    await page.close();
  });

  test('remembers where entries were seen, unless the reader switched it off', async () => {
    const readSightings = () =>
      extensionPage.evaluate(
        () =>
          new Promise<Array<{ entryId: string; url: string; title: string }>>((resolve, reject) => {
            const request = indexedDB.open('context-lens');
            request.onerror = () => reject(request.error);
            request.onsuccess = () => {
              const all = request.result.transaction('sightings').objectStore('sightings').getAll();
              all.onsuccess = () => resolve(all.result);
              all.onerror = () => reject(all.error);
            };
          }),
      );
    // The tabs whose sightings report reached the background, heard by a listener of the test's own beside
    // the extension's: the positive signal that the report was sent and refused, not merely not sent yet.
    const worker = browser.context.serviceWorkers()[0] ?? (await browser.context.waitForEvent('serviceworker'));
    await worker.evaluate(() => {
      const scope = self as unknown as { contextLensReportsFrom?: string[] };
      scope.contextLensReportsFrom ??= [];
      chrome.runtime.onMessage.addListener((message: { type?: string }, sender) => {
        if (message.type === 'recordSightings' && sender.url) scope.contextLensReportsFrom!.push(sender.url);
      });
    });
    const reportsFrom = (url: string) =>
      worker.evaluate(
        (from) => (self as unknown as { contextLensReportsFrom: string[] }).contextLensReportsFrom.includes(from),
        url,
      );

    await setSettings({ rememberPages: false });
    // An address of its own: earlier tests open ohrid-talks.html with the memory on, and their reports
    // (2 s after the scan) land or not depending on how long those tabs stayed open.
    const unremembered = await open('ohrid-talks.html?memory=off', 'Ohrid');
    await expect.poll(() => reportsFrom(unremembered.url()), { timeout: 15_000 }).toBe(true);
    expect((await readSightings()).filter((s) => s.url === unremembered.url())).toEqual([]);
    await unremembered.close();

    await setSettings({});
    const page = await open('kosovo-article.html');
    await expect
      .poll(async () => (await readSightings()).filter((s) => s.url === page.url()).map((s) => s.entryId), {
        timeout: 10_000,
      })
      .toEqual(expect.arrayContaining(['kfor', 'kosovo-security-force', 'eulex']));
    expect((await readSightings()).find((s) => s.entryId === 'kfor' && s.url === page.url())?.title).toBe(
      'Tensions ease in the north as talks resume',
    );
    // The popup's entry view lists the page under "Seen on".
    const popup = await browser.context.newPage();
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    await popup.getByLabel('Search the glossary').fill('EULEX');
    await popup.getByRole('list', { name: 'Results' }).getByRole('button').first().click();
    await popup
      .getByRole('region', { name: 'Seen on' })
      .getByRole('link', { name: 'Tensions ease in the north as talks resume' })
      .waitFor({ timeout: 10_000 });
    await popup.screenshot({ path: 'e2e/artifacts/popup-seen-on.png', fullPage: true });
    await popup.close();
    await page.close();
  });
});
