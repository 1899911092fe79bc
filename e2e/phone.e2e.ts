/**
 * Reading on a phone: Chromium emulating a 390×844 touch screen (mobile
 * layout, touch events through the DevTools protocol). A tap opens the card
 * as a bottom sheet, which stays above what covers the bottom of the screen,
 * a tap outside closes it, a linked term keeps its link one tap away, a note
 * is written with the thumb, axe audits the sheet, and the popup and options
 * pages fit a phone's width as tabs.
 */
import { describe, expect, test } from 'vitest';
import type { CDPSession, Page } from 'playwright-core';
import {
  auditCardWithAxe,
  centreOfText,
  evaluateInCard,
  highlightedTexts,
  readCardText,
  canRunChromium,
  sendPageRequest,
  useExtensionBrowser,
} from './harness';

const PHONE = { width: 390, height: 844 };

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

describe.runIf(canRunChromium)('on a phone', () => {
  const { browser, server } = useExtensionBrowser({
    device: { viewport: PHONE, hasTouch: true, isMobile: true },
  });

  async function open(colorScheme: 'light' | 'dark' = 'light'): Promise<{ page: Page; session: CDPSession }> {
    const page = await browser.context.newPage();
    await page.emulateMedia({ colorScheme });
    await page.goto(`${server.origin}/phone-article.html`);
    await expect.poll(() => highlightedTexts(page), { timeout: 15_000 }).toContain('KFOR');
    return { page, session: await page.context().newCDPSession(page) };
  }

  /**
   * A finger tap through the DevTools protocol, 60 ms from touch to lift by the
   * events' own timestamps: on this shared machine the two commands may be
   * processed far enough apart to read as a long-press otherwise.
   */
  async function tap(page: Page, x: number, y: number) {
    const session = await page.context().newCDPSession(page);
    const start = Date.now() / 1000;
    const touchPoints = [{ x, y, id: 1, radiusX: 4, radiusY: 4, force: 1 }];
    await session.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints, timestamp: start });
    await session.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [], timestamp: start + 0.06 });
    await session.detach();
  }

  async function tapText(page: Page, selector: string, text: string) {
    const point = await centreOfText(page, selector, text);
    await tap(page, point.x, point.y);
  }

  /** The sheet's box in the layout viewport, or null when no card is shown. */
  function sheetBox(session: CDPSession) {
    return evaluateInCard<Box>(
      session,
      `function () {
        const card = this.querySelector('.cl-sheet-layout .cl-card');
        if (!card || getComputedStyle(card).visibility === 'hidden') return null;
        const { x, y, width, height } = card.getBoundingClientRect();
        return { x, y, width, height };
      }`,
    );
  }

  /** The centre of the first element in the card matching `selector`, to tap it. */
  async function centreInCard(session: CDPSession, selector: string) {
    const box = await evaluateInCard<Box>(
      session,
      `function () {
        const element = this.querySelector(${JSON.stringify(selector)});
        // Scrolled into the sheet's view first, as a reader's thumb would.
        element.scrollIntoView({ block: 'nearest' });
        const { x, y, width, height } = element.getBoundingClientRect();
        return { x, y, width, height };
      }`,
    );
    if (!box) throw new Error(`no ${selector} in the card`);
    return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  }

  async function tapInCard(page: Page, session: CDPSession, selector: string) {
    const point = await centreInCard(session, selector);
    await tap(page, point.x, point.y);
  }

  test('a tap opens the card as a bottom sheet: full width, on screen, 16px text, 44 px targets', async () => {
    const { page, session } = await open();
    await tapText(page, '#p-kfor', 'KFOR');
    await expect.poll(() => readCardText(session), { timeout: 10_000 }).toMatch(/Kosovo Force/);
    const box = (await sheetBox(session))!;
    expect(box.x).toBe(0);
    expect(box.width).toBe(PHONE.width);
    expect(box.y).toBeGreaterThan(0);
    expect(Math.abs(box.y + box.height - PHONE.height)).toBeLessThanOrEqual(1);
    const layout = await evaluateInCard<{ summaryFont: number; smallTargets: string[]; scrolls: boolean }>(
      session,
      `function () {
        const card = this.querySelector('.cl-card');
        const smallTargets = [...card.querySelectorAll('button, a[href], [role=tab]')]
          .filter((element) => {
            const { width, height } = element.getBoundingClientRect();
            return width < 44 || height < 44;
          })
          .map((element) => element.outerHTML.slice(0, 80));
        return {
          summaryFont: parseFloat(getComputedStyle(card.querySelector('.cl-summary')).fontSize),
          smallTargets,
          scrolls: getComputedStyle(card).overflowY === 'auto' && card.style.maxHeight !== '',
        };
      }`,
    );
    expect(layout).toEqual({ summaryFont: 16, smallTargets: [], scrolls: true });
    await page.close();
  });

  test('the sheet stays above what covers the bottom of the screen (the on-screen keyboard)', async () => {
    const { page, session } = await open();
    await tapText(page, '#p-kfor', 'KFOR');
    await expect.poll(() => sheetBox(session), { timeout: 10_000 }).not.toBeNull();
    // Headless Chromium has no on-screen keyboard. What one does to a page is shrink the visual
    // viewport while the layout viewport, to which position: fixed refers, keeps its size;
    // zooming in does the same, so the visual viewport is shrunk that way.
    await session.send('Emulation.setPageScaleFactor', { pageScaleFactor: 1.6 });
    const visible = () =>
      page.evaluate(() => {
        const viewport = window.visualViewport!;
        return { top: viewport.offsetTop, bottom: viewport.offsetTop + viewport.height, height: viewport.height };
      });
    await expect.poll(async () => (await visible()).height).toBeLessThan(PHONE.height - 200);
    const { top, bottom } = await visible();
    await expect
      .poll(async () => {
        const box = await sheetBox(session);
        return box && Math.abs(box.y + box.height - bottom) <= 1 && box.y >= top;
      })
      .toBe(true);
    await session.send('Emulation.setPageScaleFactor', { pageScaleFactor: 1 });
    await expect
      .poll(async () => {
        const box = await sheetBox(session);
        return box && Math.round(box.y + box.height);
      })
      .toBe(PHONE.height);
    await page.close();
  });

  test('a tap outside the sheet closes it; a tap inside does not', async () => {
    const { page, session } = await open();
    await tapText(page, '#p-kfor', 'KFOR');
    await expect.poll(() => readCardText(session), { timeout: 10_000 }).not.toBeNull();
    await tapInCard(page, session, '.cl-title');
    await page.waitForTimeout(300);
    expect(await readCardText(session)).not.toBeNull();
    await tap(page, PHONE.width / 2, 30);
    await expect.poll(() => readCardText(session)).toBeNull();
    await page.close();
  });

  test('a linked term: the first tap opens the card, whose "Open link" follows the link', async () => {
    const { page, session } = await open();
    const before = page.url();
    await tapText(page, '#related-link', 'EULEX');
    await expect.poll(() => readCardText(session), { timeout: 10_000 }).toMatch(/Open link/);
    await page.waitForTimeout(300);
    expect(page.url()).toBe(before);
    await page.screenshot({ path: 'e2e/artifacts/phone-sheet-link.png' });
    await tapInCard(page, session, '.cl-page-control');
    await page.waitForURL(/kosovo-article\.html$/);
    await page.close();
  });

  test('a linked term: a second tap on it while its card is open follows the link', async () => {
    const { page, session } = await open();
    await tapText(page, '#related-link', 'EULEX');
    await expect.poll(() => readCardText(session), { timeout: 10_000 }).toMatch(/Open link/);
    // The page scrolled the term above the sheet, smoothly.
    await expect
      .poll(async () => (await centreOfText(page, '#related-link', 'EULEX')).y < (await sheetBox(session))!.y - 16)
      .toBe(true);
    // The smooth scroll has ended (the scroll position holds over two frames), so the tap lands on the term.
    await expect
      .poll(() =>
        page.evaluate(
          () =>
            new Promise<boolean>((resolve) => {
              const y = scrollY;
              requestAnimationFrame(() => requestAnimationFrame(() => resolve(scrollY === y)));
            }),
        ),
      )
      .toBe(true);
    await tapText(page, '#related-link', 'EULEX');
    await page.waitForURL(/kosovo-article\.html$/);
    await page.close();
  });

  test('a note is written in the sheet with thumb-sized controls', async () => {
    const { page, session } = await open();
    await tapText(page, '#p-more', 'EULEX');
    await expect.poll(() => readCardText(session), { timeout: 10_000 }).toMatch(/rule-of-law|EULEX/);
    await tapInCard(page, session, '[data-add-note]');
    await expect.poll(() => page.frames().some((frame) => frame.url().includes('note-editor.html'))).toBe(true);
    const editor = page.frames().find((frame) => frame.url().includes('note-editor.html'))!;
    await editor.locator('textarea').waitFor();
    const editorLayout = await editor.evaluate(() => {
      const save = [...document.querySelectorAll('button')].find((button) => button.textContent === 'Save')!;
      const { width, height } = save.getBoundingClientRect();
      return {
        font: getComputedStyle(document.querySelector('textarea')!).fontSize,
        save: [width >= 44, height >= 44],
      };
    });
    expect(editorLayout).toEqual({ font: '16px', save: [true, true] });
    const note = `Written on the phone ${Date.now()}`;
    await editor.locator('textarea').fill(note);
    // In the page's coordinates (Playwright adds the frame's position).
    const saveButton = editor.getByRole('button', { name: 'Save' });
    await saveButton.scrollIntoViewIfNeeded();
    const save = (await saveButton.boundingBox())!;
    await tap(page, save.x + save.width / 2, save.y + save.height / 2);
    await expect.poll(() => readCardText(session), { timeout: 10_000 }).toContain(note);
    await page.close();
  });

  test.each(['light', 'dark'] as const)('the sheet passes axe-core in %s mode, target sizes too', async (scheme) => {
    const { page, session } = await open(scheme);
    await tapText(page, '#p-kfor', 'KFOR');
    await expect.poll(() => readCardText(session), { timeout: 10_000 }).toMatch(/Kosovo Force/);
    // The sheet slides in: photographed once its transitions (shadow trees included) have ended.
    await page.waitForFunction(() => document.getAnimations().every((animation) => animation.playState !== 'running'));
    await page.screenshot({ path: `e2e/artifacts/phone-sheet-${scheme}.png` });
    const violations = await auditCardWithAxe(page, session, { 'target-size': { enabled: true } });
    expect(violations).toEqual([]);
    await page.close();
  });

  test("without a context menu, the popup asks the page for the reader's selection", async () => {
    const { page } = await open();
    // What a long-press leaves behind: a selection on the page.
    await page.evaluate(() => {
      const text = document.querySelector('#p-more')!.firstChild!;
      const start = text.textContent!.indexOf('North Mitrovica');
      getSelection()!.setBaseAndExtent(text, start, text, start + 'North Mitrovica'.length);
    });
    const popup = await browser.context.newPage();
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    const selection = await sendPageRequest<{ text: string; url: string }>(popup, page, 'getSelection', {});
    expect(selection).toEqual({ text: 'North Mitrovica', url: `${server.origin}/phone-article.html` });
    await popup.close();
    await page.close();
  });

  test.each([360, 420])('the popup and options pages fit a %s px wide tab', async (width) => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width, height: PHONE.height });
    for (const name of ['popup', 'options']) {
      await page.goto(`chrome-extension://${browser.extensionId}/${name}.html`);
      // Measured once the content is drawn: a page still saying 'Loading…' cannot overflow.
      if (name === 'popup')
        await expect
          .poll(() => page.locator('.cl-popup-header .cl-muted').textContent(), { timeout: 15_000 })
          .toMatch(/^[1-9][\d,.\s\u202f]*\d entries$/);
      else await page.locator('tr[data-pack-id="western-balkans"]').waitFor({ timeout: 15_000 });
      // Against the screen's width, not innerWidth: a mobile browser widens the layout viewport to what overflows.
      const overflow = await page.evaluate((screenWidth) => {
        const sticksOut = [...document.body.querySelectorAll('*')].filter(
          (element) => element.getBoundingClientRect().right > screenWidth + 0.5,
        );
        return {
          by: Math.max(0, document.documentElement.scrollWidth - screenWidth),
          // Said on failure: the outermost elements that stick out.
          elements: sticksOut
            .filter((element) => !sticksOut.includes(element.parentElement!))
            .map((element) => `${element.tagName.toLowerCase()}.${element.className}`),
        };
      }, width);
      await page.screenshot({ path: `e2e/artifacts/phone-${name}-${width}.png`, fullPage: name === 'popup' });
      expect({ name, overflow: overflow.by, elements: overflow.by ? overflow.elements : [] }).toEqual({
        name,
        overflow: 0,
        elements: [],
      });
    }
    await page.close();
  });
});
