/**
 * The built extension in real Chromium, on an article of our own served from
 * 127.0.0.1: terms underlined, the card on hover, form fields untouched, and
 * the popup's search and notes.
 */
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import {
  centreOfText,
  ENGLISH_DAY_DATE,
  highlightedTexts,
  readCardText,
  canRunChromium,
  useExtensionBrowser,
} from './harness';

describe.runIf(canRunChromium)('the extension in Chromium', () => {
  const { browser, server } = useExtensionBrowser();

  async function openArticle(): Promise<Page> {
    const page = await browser.context.newPage();
    await page.goto(`${server.origin}/kosovo-article.html`);
    await expect.poll(() => highlightedTexts(page), { timeout: 15_000 }).toContain('KFOR');
    return page;
  }

  test('underlines KFOR, the Kosovo Security Force and Ohrid without touching the page', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.origin}/kosovo-article.html`);
    const articleBefore = await page.evaluate(() => document.querySelector('article')?.innerHTML);
    await expect.poll(() => highlightedTexts(page), { timeout: 15_000 }).toContain('KFOR');
    const texts = await highlightedTexts(page);
    expect(texts).toEqual(expect.arrayContaining(['KFOR', 'Kosovo Security Force', 'Ohrid', 'Zvečan', 'EULEX']));
    // The article's markup is exactly what the server sent: underlines are painted, not inserted.
    expect(await page.evaluate(() => document.querySelector('article')?.innerHTML)).toBe(articleBefore);
    await page.close();
  });

  test('leaves textareas, inputs and editors alone', async () => {
    const page = await openArticle();
    const insideFields = await page.evaluate(() => {
      const highlight = CSS.highlights.get('context-lens-term');
      const fields = [...document.querySelectorAll('textarea, input, [contenteditable]')];
      return [...(highlight ?? [])].filter((range) =>
        fields.some((field) => field.contains((range as Range).startContainer)),
      ).length;
    });
    expect(insideFields).toBe(0);
    expect(await page.inputValue('#comment')).toBe('KFOR and EULEX written inside a textarea must not be touched.');
    await page.close();
  });

  test('hovering KFOR opens a card with its summary and a dated event', async () => {
    const page = await openArticle();
    const session = await page.context().newCDPSession(page);
    const point = await centreOfText(page, '#p-kfor', 'KFOR');
    await page.mouse.move(point.x, point.y);
    await expect.poll(() => readCardText(session), { timeout: 10_000 }).toMatch(/Kosovo Force/);
    const card = (await readCardText(session)) ?? '';
    expect(card).toMatch(/NATO/);
    // Events are shown with a formatted date such as "12 June 1999" (or "June 12, 1999" in US English).
    expect(card).toMatch(ENGLISH_DAY_DATE);
    await page.screenshot({ path: 'e2e/artifacts/card.png' });
    // Moving away closes it again.
    await page.mouse.move(5, 5);
    await expect.poll(() => readCardText(session), { timeout: 5_000 }).toBeNull();
    await page.close();
  });

  test('the popup finds "Stoltenburg" and keeps a note on the entry', async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 400, height: 600 });
    await page.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    await page.getByLabel('Search the glossary').fill('Stoltenburg');
    const result = page.getByRole('button', { name: 'Jens Stoltenberg (Person)' });
    await result.waitFor({ timeout: 10_000 });
    await page.screenshot({ path: 'e2e/artifacts/popup-search.png' });
    await result.click();
    await page.getByLabel('New note').fill('Met him at <b>the</b> summit');
    await page.getByRole('button', { name: 'Add note' }).click();
    await expect.poll(() => page.locator('.cl-note-text').allTextContents()).toEqual(['Met him at <b>the</b> summit']);
    await page.screenshot({ path: 'e2e/artifacts/popup-entry.png' });
    // The note is stored, not just shown: a fresh popup still has it.
    await page.reload();
    await page.getByLabel('Search the glossary').fill('Stoltenberg');
    await page.getByRole('button', { name: 'Jens Stoltenberg (Person)' }).click();
    await expect.poll(() => page.locator('.cl-note-text').allTextContents()).toEqual(['Met him at <b>the</b> summit']);
    await page.close();
  });
});
