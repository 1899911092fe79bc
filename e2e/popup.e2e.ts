/**
 * The toolbar popup in real Chromium, opened as a page of the built
 * extension at the popup's width: search typed key by key, keyboard
 * navigation, the entry view with a note, the empty box's recent and noted
 * entries, timeline filters, and "On this page" against a real article.
 * Screenshots of each view go to e2e/artifacts/.
 */
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { highlightedTexts, readCardText, canRunChromium, useExtensionBrowser } from './harness';

describe.runIf(canRunChromium)('the popup in Chromium', () => {
  const { browser, server } = useExtensionBrowser();

  async function openPopup(): Promise<Page> {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 400, height: 600 });
    await page.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    // The background installs the bundled pack on first start; wait until the popup has it.
    await expect
      .poll(() => page.locator('.cl-popup-header .cl-muted').textContent(), { timeout: 15_000 })
      .toMatch(/^[1-9][\d,.\s\u202f]*\d entries$/);
    return page;
  }

  const results = (page: Page) => page.getByRole('list', { name: 'Results' }).getByRole('button');

  test('search follows each keystroke, arrow keys and Enter open an entry, a note is kept', async () => {
    const page = await openPopup();
    const box = page.getByLabel('Search the glossary');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')))
      .toBe('Search the glossary');
    await page.getByText(/Type a name, a place or an acronym/).waitFor();
    await page.screenshot({ path: 'e2e/artifacts/popup-first-open.png' });
    await box.pressSequentially('Zve');
    await expect.poll(() => results(page).first().getAttribute('aria-label')).toBe('Zvečan (Place)');
    await box.pressSequentially('can');
    await expect.poll(() => results(page).first().getAttribute('aria-label')).toBe('Zvečan (Place)');
    await page.screenshot({ path: 'e2e/artifacts/popup-glossary-search.png' });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: 'e2e/artifacts/popup-glossary-search-dark.png' });
    await page.emulateMedia({ colorScheme: 'light' });

    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Zvečan (Place)');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Zvečan' }).waitFor();

    await page.getByLabel('New note').fill('The bridge over the Ibar — check the <b>date</b>');
    await page.getByRole('button', { name: 'Add note' }).click();
    await expect
      .poll(() => page.locator('.cl-note-text').allTextContents())
      .toEqual(['The bridge over the Ibar — check the <b>date</b>']);
    // Notes carry their date in the popup.
    expect(await page.locator('.cl-note-actions').first().textContent()).toMatch(/\d/);
    await page.screenshot({ path: 'e2e/artifacts/popup-entry-view.png', fullPage: true });

    // Escape goes back, to the search as it was.
    await page.getByRole('heading', { name: 'Zvečan' }).click();
    await page.keyboard.press('Escape');
    await expect.poll(() => box.inputValue()).toBe('Zvecan');

    // A fresh popup with an empty box offers the entry again: opened lately, and noted.
    await page.reload();
    const recent = page.getByRole('list', { name: 'Recently opened' }).getByRole('button');
    await expect.poll(() => recent.first().getAttribute('aria-label')).toBe('Zvečan (Place)');
    expect(await recent.first().textContent()).toContain('noted');
    await page.screenshot({ path: 'e2e/artifacts/popup-empty.png' });
    await page.close();
  });

  test('the timeline lists events newest first and filters by year, entry and type', async () => {
    const page = await openPopup();
    await page.getByRole('tab', { name: 'Timeline' }).click();
    const events = page.getByRole('list', { name: 'Events' });
    await events.waitFor();
    const dates = () =>
      events.locator('time').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('datetime') ?? ''));
    const shown = await dates();
    expect(shown.length).toBeGreaterThan(10);
    expect(shown).toEqual([...shown].sort().reverse());
    await page.screenshot({ path: 'e2e/artifacts/popup-timeline.png' });
    // The header and tabs stay in view while the list scrolls.
    await page.mouse.wheel(0, 900);
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
    expect(await page.getByRole('tab', { name: 'Timeline' }).isVisible()).toBe(true);
    expect((await page.getByRole('tab', { name: 'Timeline' }).boundingBox())?.y).toBeLessThan(60);
    await page.screenshot({ path: 'e2e/artifacts/popup-timeline-scrolled.png' });
    await page.evaluate(() => window.scrollTo(0, 0));

    await page.getByLabel('From').selectOption('2008');
    await page.getByLabel('To').selectOption('2008');
    await expect.poll(async () => (await dates()).every((date) => date.startsWith('2008'))).toBe(true);
    const in2008 = (await dates()).length;
    expect(in2008).toBeGreaterThan(1);

    await page.getByLabel('Entry').fill('Kosovo');
    await page.getByLabel('Type').selectOption('Place');
    await expect.poll(async () => (await dates()).length).toBeGreaterThan(0);
    expect((await dates()).length).toBeLessThanOrEqual(in2008);
    expect(
      await page
        .getByRole('status')
        .filter({ hasText: /of \d+ events/ })
        .textContent(),
    ).toMatch(/^\d+ of \d+ events$/);
    await page.screenshot({ path: 'e2e/artifacts/popup-timeline-filtered.png' });

    // Every event links to its entries.
    await events.getByRole('button', { name: 'Kosovo', exact: true }).first().click();
    await page.getByRole('heading', { name: 'Kosovo', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Back to the timeline' }).click();
    expect(await page.getByLabel('Entry').inputValue()).toBe('Kosovo');
    await page.close();
  });

  test('"On this page" lists the article’s terms and explains tabs it cannot read', async () => {
    const popup = await openPopup();
    // Without another tab in front, the active tab is the popup page itself: no content script there.
    await popup.getByRole('tab', { name: 'On this page' }).click();
    await popup.getByText('Context Lens cannot read this tab.').waitFor();
    await popup.screenshot({ path: 'e2e/artifacts/popup-page-unavailable.png' });

    const article = await browser.context.newPage();
    await article.goto(`${server.origin}/kosovo-article.html`);
    await expect.poll(() => highlightedTexts(article), { timeout: 15_000 }).toContain('KFOR');
    await article.bringToFront();
    // Open the panel afresh so it asks the article, now the active tab.
    await popup.reload();
    await popup.getByRole('tab', { name: 'On this page' }).click();
    const terms = popup.getByRole('list', { name: 'Terms on this page' });
    await terms.waitFor({ timeout: 10_000 });
    await expect
      .poll(() => terms.getByRole('button', { name: /^KFOR \(Kosovo Force\), \d+ mentions/ }).count())
      .toBe(1);
    await popup.screenshot({ path: 'e2e/artifacts/popup-on-this-page.png' });

    await popup.getByRole('switch', { name: 'Off on this site' }).check();
    await popup.getByText(/Terms are not underlined on 127\.0\.0\.1/).waitFor();
    await expect.poll(() => highlightedTexts(article), { timeout: 10_000 }).toEqual([]);
    await popup.getByRole('switch', { name: 'Off on this site' }).uncheck();
    await expect.poll(() => highlightedTexts(article), { timeout: 10_000 }).toContain('KFOR');

    // Choosing a term scrolls the article to it and opens its card; the popup closes so the card is seen.
    const session = await article.context().newCDPSession(article);
    await article.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await terms.getByRole('button', { name: /^Kosovo Security Force, \d+ mentions?/ }).click();
    await expect.poll(() => readCardText(session), { timeout: 10_000 }).toMatch(/Kosovo Security Force/);
    await expect.poll(() => popup.isClosed()).toBe(true);
    await article.screenshot({ path: 'e2e/artifacts/popup-revealed-term.png' });
    await article.close();
  });

  test('"On this page" lists each mention of an ambiguous name under the meaning it was given', async () => {
    const popup = await openPopup();
    const article = await browser.context.newPage();
    await article.goto(`${server.origin}/ohrid-both.html`);
    await expect.poll(() => highlightedTexts(article), { timeout: 15_000 }).toContain('Ohrid');
    await article.bringToFront();
    await popup.reload();
    await popup.getByRole('tab', { name: 'On this page' }).click();
    const terms = popup.getByRole('list', { name: 'Terms on this page' });
    await terms.waitFor({ timeout: 10_000 });
    // The town by "the old town of"; the agreements by "implementation", the 2023 one by the year beside it.
    await terms.getByRole('button', { name: /^Ohrid, 1 mention/ }).waitFor();
    await terms.getByRole('button', { name: /^Agreement on the Path to Normalisation.*, 1 mention/ }).waitFor();
    await popup.screenshot({ path: 'e2e/artifacts/popup-meanings-on-this-page.png' });

    // Choosing the agreement shows the mention given that meaning, not the first "Ohrid".
    const session = await article.context().newCDPSession(article);
    await terms.getByRole('button', { name: /^Agreement on the Path to Normalisation/ }).click();
    await expect
      .poll(() => readCardText(session), { timeout: 10_000 })
      .toMatch(/Chosen because the text mentions 2023/);
    await article.close();
  });

  test('an own entry relates to a pack entry, and the popup follows the link', async () => {
    // Wait for the bundled pack first: the editor's picker searches the whole glossary.
    await (await openPopup()).close();
    const editor = await browser.context.newPage();
    const address = new URLSearchParams({ title: 'Zvečan bridge', source: `${server.origin}/kosovo-article.html` });
    await editor.goto(`chrome-extension://${browser.extensionId}/editor.html?${address}`);
    await editor.getByLabel('What it is').fill('The bridge over the Ibar in Mitrovica.');
    await editor.getByLabel('Find an entry to link').fill('kfor');
    await editor.getByRole('button', { name: /^KFOR \(Kosovo Force\) · Mission/ }).click();
    await editor.getByRole('button', { name: 'Save entry' }).click();
    await editor.getByText(/is in your glossary/).waitFor();
    expect(await editor.title()).toBe('Add to your glossary · Context Lens');
    await editor.screenshot({ path: 'e2e/artifacts/editor-related-pack-entry.png', fullPage: true });
    await editor.close();

    const page = await openPopup();
    await page.getByLabel('Search the glossary').fill('Zvečan bridge');
    await results(page).filter({ hasText: 'Zvečan bridge' }).first().click();
    await page.getByRole('heading', { name: 'Zvečan bridge' }).waitFor();
    await page
      .getByRole('region', { name: 'Related entries' })
      .getByRole('button', { name: 'KFOR (Kosovo Force)' })
      .click();
    await page.getByRole('heading', { name: 'KFOR (Kosovo Force)' }).waitFor();
    await page.close();
  });

  test('the options page shows its text, not message names', async () => {
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/options.html`);
    await page.getByRole('row', { name: /Western Balkans/ }).waitFor({ timeout: 15_000 });
    expect(await page.title()).toBe('Context Lens options');
    expect(await page.locator('body').innerText()).not.toMatch(/__MSG_|\b[a-z]+[A-Z][A-Za-z]+\b/);
    await page.screenshot({ path: 'e2e/artifacts/options-page.png', fullPage: true });
    await page.close();
  });
});
