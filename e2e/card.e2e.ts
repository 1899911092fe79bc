/**
 * The card in real Chromium under conditions readers meet: notes edited in
 * one tab appear in another, page CSS that targets everything, a strict CSP,
 * and an accessibility audit with axe-core.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { CDPSession, Page } from 'playwright-core';
import {
  auditCardWithAxe,
  centreOfText,
  evaluateInCard,
  highlightedTexts,
  readCardText,
  canRunChromium,
  EXTENSION_DIR,
  useExtensionBrowser,
} from './harness';

describe.runIf(canRunChromium)('the card', () => {
  const { browser, server } = useExtensionBrowser();

  async function open(path: string): Promise<{ page: Page; session: CDPSession }> {
    const page = await browser.context.newPage();
    await page.goto(`${server.origin}/${path}`);
    await expect.poll(() => highlightedTexts(page), { timeout: 15_000 }).toContain('KFOR');
    return { page, session: await page.context().newCDPSession(page) };
  }

  async function hover(page: Page, session: CDPSession, selector: string, text: string) {
    const point = await centreOfText(page, selector, text);
    await page.mouse.move(point.x, point.y);
    await expect.poll(() => readCardText(session), { timeout: 10_000 }).not.toBeNull();
  }

  /** The card's box in the viewport, or null if it is not rendered. */
  function cardBox(session: CDPSession) {
    return evaluateInCard<{ x: number; y: number; width: number; height: number; visible: boolean }>(
      session,
      `function () {
        const card = this.querySelector('.cl-card');
        if (!card) return null;
        const r = card.getBoundingClientRect();
        const style = getComputedStyle(card);
        return { x: r.x, y: r.y, width: r.width, height: r.height, visible: style.display !== 'none' && style.visibility !== 'hidden' && style.opacity !== '0' };
      }`,
    );
  }

  /**
   * Records, in every animation frame from now on, what the reader could see
   * of the card: nothing, a hidden card, or a shown one with its title, and
   * whether the pointer would hit it. Read back with frameSamples().
   */
  async function sampleFrames(session: CDPSession): Promise<void> {
    await evaluateInCard(
      session,
      `function () {
        const root = this;
        const samples = (window.cardFrameSamples = []);
        const step = (time) => {
          const card = root.querySelector('.cl-card');
          if (!card) samples.push({ time, state: 'none' });
          else {
            const box = card.getBoundingClientRect();
            const hit = document.elementFromPoint(box.x + box.width / 2, box.y + Math.min(box.height / 2, 20));
            samples.push({
              time,
              state: getComputedStyle(card).visibility === 'hidden' ? 'hidden' : 'shown',
              title: card.querySelector('.cl-title')?.textContent ?? null,
              hitsCard: hit === root.host,
            });
          }
          if (window.cardFrameSamples === samples) requestAnimationFrame(step);
        };
        requestAnimationFrame(step);
      }`,
    );
  }

  interface FrameSample {
    time: number;
    state: 'none' | 'hidden' | 'shown';
    title?: string | null;
    hitsCard?: boolean;
  }

  function frameSamples(page: Page): Promise<FrameSample[]> {
    return page.evaluate(() => {
      const holder = window as unknown as { cardFrameSamples?: FrameSample[] };
      const samples = holder.cardFrameSamples ?? [];
      holder.cardFrameSamples = undefined;
      return samples;
    });
  }

  /** Collapses runs of equal samples: the sequence of states the reader saw. */
  function stateSequence(samples: FrameSample[]): string[] {
    const states = samples.map((sample) => (sample.state === 'shown' ? `shown:${sample.title}` : sample.state));
    return states.filter((state, i) => state !== states[i - 1]);
  }

  /**
   * Opens and closes one card first, so its code is loaded and its shadow root
   * exists for the sampler to watch, then samples every frame from there.
   */
  async function sampleFramesFromClosedCard(page: Page, session: CDPSession) {
    await hover(page, session, '#p-more', 'EULEX');
    await page.mouse.move(2, 2);
    await expect.poll(() => readCardText(session)).toBeNull();
    await sampleFrames(session);
  }

  describe('opening and closing by pointer', () => {
    test('a card drawn during the delay is hidden from the pointer until it is shown, then shown once', async () => {
      const { page, session } = await open('kosovo-article.html');
      await sampleFramesFromClosedCard(page, session);
      const point = await centreOfText(page, '#p-kfor', 'KFOR');
      await page.mouse.move(point.x, point.y);
      await expect.poll(() => readCardText(session), { timeout: 10_000 }).toMatch(/Kosovo Force/);
      await page.waitForTimeout(100);
      const samples = await frameSamples(page);
      // Never a flash of another card or an empty one: nothing, perhaps hidden for a frame or two, then KFOR's.
      const seen = stateSequence(samples).filter((state) => state !== 'hidden');
      expect(seen).toHaveLength(2);
      expect(seen[0]).toBe('none');
      expect(seen[1]).toMatch(/^shown:KFOR/);
      // While hidden it does not take the pointer; once shown it does.
      expect(samples.filter((sample) => sample.state === 'hidden').every((sample) => !sample.hitsCard)).toBe(true);
      expect(samples.at(-1)).toMatchObject({ state: 'shown', hitsCard: true });
      await page.close();
    });

    test('moving between neighbouring terms swaps the card without a frame of nothing', async () => {
      const { page, session } = await open('kosovo-article.html');
      await hover(page, session, '#p-kfor', 'KFOR');
      await expect.poll(() => readCardText(session)).toMatch(/Kosovo Force/);
      await sampleFrames(session);
      const neighbour = await centreOfText(page, '#p-kfor', 'Zvečan');
      await page.mouse.move(neighbour.x, neighbour.y, { steps: 8 });
      // By its title: KFOR's card mentions Zvečan too.
      const title = () =>
        evaluateInCard<string>(session, 'function () { return this.querySelector(".cl-title")?.textContent; }');
      await expect.poll(title, { timeout: 10_000 }).toMatch(/^Zve[čc]an/);
      await page.waitForTimeout(100);
      const sequence = stateSequence(await frameSamples(page));
      expect(sequence[0]).toMatch(/^shown:KFOR/);
      expect(sequence.at(-1)).toMatch(/^shown:Zve[čc]an/);
      expect(sequence).toHaveLength(2);
      await page.close();
    });

    test('the card stays open while the pointer is in it, and Escape closes it', async () => {
      const { page, session } = await open('kosovo-article.html');
      await hover(page, session, '#p-kfor', 'KFOR');
      const box = await cardBox(session);
      // Into the card, through the gap between term and card, and rest there past the close delay.
      await page.mouse.move(box!.x + 40, box!.y + 30, { steps: 6 });
      await page.waitForTimeout(700);
      expect(await readCardText(session)).toMatch(/Kosovo Force/);
      await page.keyboard.press('Escape');
      await expect.poll(() => readCardText(session)).toBeNull();
      await page.close();
    });

    test('Escape, also during the delay, keeps the card shut until the pointer leaves the term', async () => {
      const { page, session } = await open('kosovo-article.html');
      await sampleFramesFromClosedCard(page, session);
      const point = await centreOfText(page, '#p-kfor', 'KFOR');
      // Escape well inside the 300 ms delay, then small movements on the term for longer than the delay.
      await page.mouse.move(point.x, point.y);
      await page.keyboard.press('Escape');
      for (const dx of [1, -1, 2, 0]) {
        await page.mouse.move(point.x + dx, point.y);
        await page.waitForTimeout(200);
      }
      expect(stateSequence(await frameSamples(page)).filter((state) => state.startsWith('shown'))).toEqual([]);
      expect(await readCardText(session)).toBeNull();

      // Open, then dismissed with Escape: the same.
      await page.mouse.move(2, 2);
      await hover(page, session, '#p-kfor', 'KFOR');
      await page.keyboard.press('Escape');
      await expect.poll(() => readCardText(session)).toBeNull();
      await page.mouse.move(point.x + 1, point.y);
      await page.waitForTimeout(700);
      expect(await readCardText(session)).toBeNull();

      // Off the term and back: it opens again.
      await page.mouse.move(2, 2);
      await page.mouse.move(point.x, point.y);
      await expect.poll(() => readCardText(session), { timeout: 10_000 }).toMatch(/Kosovo Force/);
      await page.close();
    });

    test('follows the hover delay setting, also when it is shorter than a frame', async () => {
      const settingsPage = await browser.context.newPage();
      await settingsPage.goto(`chrome-extension://${browser.extensionId}/popup.html`);
      const setDelay = (hoverDelayMs: number | undefined) =>
        settingsPage.evaluate(
          (value) => chrome.storage.local.set({ settings: value === undefined ? {} : { hoverDelayMs: value } }),
          hoverDelayMs,
        );
      try {
        const { page, session } = await open('kosovo-article.html');
        await page.evaluate(() =>
          addEventListener('pointermove', (event) => ((window as { lastMove?: number }).lastMove = event.timeStamp)),
        );
        /** Hovers `text` and returns how long after the pointer's move the card was shown. */
        const shownAfter = async (text: string) => {
          await page.mouse.move(2, 2);
          await expect.poll(() => readCardText(session)).toBeNull();
          await page.evaluate(() => performance.clearMarks());
          const point = await centreOfText(page, '#p-more', text);
          await page.mouse.move(point.x, point.y);
          await expect.poll(() => readCardText(session), { timeout: 10_000 }).not.toBeNull();
          return page.evaluate(
            () =>
              performance.getEntriesByName('context-lens:card-painted', 'mark')[0]!.startTime -
              (window as { lastMove?: number }).lastMove!,
          );
        };
        // A setting applies to open tabs at once (storage.onChanged); give the message a moment.
        await setDelay(0);
        await page.waitForTimeout(200);
        // Well before the default 300 ms; the margin is for a loaded machine.
        expect(await shownAfter('EULEX')).toBeLessThan(250);
        await setDelay(900);
        await page.waitForTimeout(200);
        // Not before the delay (less half a frame), however loaded the machine is.
        expect(await shownAfter('EULEX')).toBeGreaterThan(900 - 9);
        await page.close();
      } finally {
        await setDelay(undefined);
        await settingsPage.close();
      }
    });
  });

  test('a note added in one tab appears in an open card in another', async () => {
    const first = await open('kosovo-article.html');
    const second = await open('kosovo-article.html');
    await hover(first.page, first.session, '#p-more', 'EULEX');
    await hover(second.page, second.session, '#p-more', 'EULEX');
    const note = `Seen in tab one ${Date.now()}`;
    await first.page.bringToFront();
    // The note is typed in the card's note editor, an extension page framed inside the card.
    await evaluateInCard(first.session, 'function () { this.querySelector("[data-add-note]").click(); }');
    await expect.poll(() => first.page.frames().some((frame) => frame.url().includes('note-editor.html'))).toBe(true);
    const editor = first.page.frames().find((frame) => frame.url().includes('note-editor.html'))!;
    await editor.locator('textarea').fill(note);
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => readCardText(first.session)).toContain(note);
    await expect.poll(() => readCardText(second.session), { timeout: 10_000 }).toContain(note);
    await first.page.close();
    await second.page.close();
  });

  test('page CSS that targets everything cannot hide or restyle the card', async () => {
    const { page, session } = await open('hostile.html');
    await hover(page, session, '#text', 'KFOR');
    const box = await cardBox(session);
    expect(box?.visible).toBe(true);
    expect(box?.width).toBeGreaterThan(250);
    expect(box?.height).toBeGreaterThan(100);
    const font = await evaluateInCard<string>(
      session,
      'function () { return getComputedStyle(this.querySelector(".cl-summary")).fontFamily; }',
    );
    expect(font).not.toMatch(/Georgia/);
    await page.screenshot({ path: 'e2e/artifacts/card-hostile.png' });
    await page.close();
  });

  test('works on a page with a strict Content Security Policy', async () => {
    const { page, session } = await open('strict-csp.html');
    await hover(page, session, '#text', 'KFOR');
    const box = await cardBox(session);
    expect(box?.visible).toBe(true);
    // The card's own stylesheet applied despite style-src 'none' (a styled card has a border radius).
    expect(
      await evaluateInCard<string>(
        session,
        'function () { return getComputedStyle(this.querySelector(".cl-card")).borderTopLeftRadius; }',
      ),
    ).toBe('10px');
    await page.close();
  });

  test.each(['light', 'dark'] as const)('passes an axe-core audit in %s mode', async (colorScheme) => {
    const page = await browser.context.newPage();
    await page.emulateMedia({ colorScheme });
    await page.goto(`${server.origin}/kosovo-article.html`);
    await expect.poll(() => highlightedTexts(page), { timeout: 15_000 }).toContain('KFOR');
    const session = await page.context().newCDPSession(page);
    await hover(page, session, '#p-kfor', 'KFOR');
    const violations = await auditCardWithAxe(page, session);
    expect(violations).toEqual([]);
    await page.close();
  });

  describe('the card module, loaded on demand', () => {
    const cardModuleSource = () => readFileSync(resolve(EXTENSION_DIR, 'content-scripts', 'card.js'), 'utf8');

    test('is loaded only once a card may open, and the page learns nothing it could fetch', async () => {
      const page = await browser.context.newPage();
      const scriptRequests: string[] = [];
      page.on('request', (request) => {
        if (request.url().endsWith('/content-scripts/card.js')) scriptRequests.push(request.url());
      });
      await page.goto(`${server.origin}/kosovo-article.html`);
      await expect.poll(() => highlightedTexts(page), { timeout: 15_000 }).toContain('KFOR');
      // Spotting alone does not load the card's code.
      expect(scriptRequests).toEqual([]);
      const session = await page.context().newCDPSession(page);
      await hover(page, session, '#p-kfor', 'KFOR');
      // Chrome gives the content script a per-session address, not the extension's fixed one
      // (which it then serves internally, hence a second request to that).
      expect(scriptRequests.length).toBeGreaterThan(0);
      expect(scriptRequests[0]).not.toContain(browser.extensionId);

      const seenByPage = await page.evaluate(async (staticUrl) => {
        // Resource timing would hand the page the per-session address.
        const timed = performance.getEntriesByType('resource').map((entry) => entry.name);
        const fetchStatic = await fetch(staticUrl).then(
          (response) => `status ${response.status}`,
          () => 'refused',
        );
        return { timed: timed.filter((name) => name.includes('card.js')), fetchStatic };
      }, `chrome-extension://${browser.extensionId}/content-scripts/card.js`);
      expect(seenByPage).toEqual({ timed: [], fetchStatic: 'refused' });
      await page.close();
    });

    test('imported by a page, it runs nothing and exposes nothing', async () => {
      const page = await browser.context.newPage();
      await page.goto(`${server.origin}/bench-empty.html`);
      // As source text: the test runner would rewrite an import() inside a function it serialises.
      const effect = await page.evaluate(`(async (source) => {
        const globalsBefore = new Set(Object.getOwnPropertyNames(window));
        const domBefore = document.documentElement.outerHTML;
        const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
        const module = await import(url);
        await new Promise((done) => setTimeout(done, 50));
        return {
          exports: Object.keys(module),
          newGlobals: Object.getOwnPropertyNames(window).filter((name) => !globalsBefore.has(name)),
          domChanged: document.documentElement.outerHTML !== domBefore,
        };
      })(${JSON.stringify(cardModuleSource())})`);
      expect(effect).toEqual({ exports: ['createCardHost'], newGlobals: [], domChanged: false });
      await page.close();
    });
  });

  describe('placement', () => {
    /** The card's box and the viewport, to check it stays fully visible. */
    async function placement(page: Page, session: CDPSession) {
      const box = await cardBox(session);
      const viewport = await page.evaluate(() => ({ width: innerWidth, height: innerHeight }));
      return { box, viewport };
    }

    function expectInside(
      box: { x: number; y: number; width: number; height: number } | null,
      viewport: { width: number; height: number },
    ) {
      expect(box).not.toBeNull();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.y).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(viewport.width);
      expect(box!.y + box!.height).toBeLessThanOrEqual(viewport.height);
    }

    async function openPlacement() {
      const page = await browser.context.newPage();
      await page.goto(`${server.origin}/placement.html`);
      await expect.poll(() => highlightedTexts(page), { timeout: 15_000 }).toContain('NATO');
      return { page, session: await page.context().newCDPSession(page) };
    }

    test('below the term in right-to-left text, inside the viewport', async () => {
      const { page, session } = await openPlacement();
      const term = await centreOfText(page, '#top', 'KFOR');
      await page.mouse.move(term.x, term.y);
      await expect.poll(() => readCardText(session), { timeout: 10_000 }).toMatch(/Kosovo Force/);
      const { box, viewport } = await placement(page, session);
      expectInside(box, viewport);
      expect(box!.y).toBeGreaterThan(term.y);
      await page.screenshot({ path: 'e2e/artifacts/card-rtl.png' });
      await page.close();
    });

    test('flips above a term at the bottom edge and shifts in from the right edge', async () => {
      const { page, session } = await openPlacement();
      const bottom = await centreOfText(page, '#bottom', 'NATO');
      await page.mouse.move(bottom.x, bottom.y);
      await expect.poll(() => readCardText(session), { timeout: 10_000 }).toMatch(/NATO/);
      let { box, viewport } = await placement(page, session);
      expectInside(box, viewport);
      expect(box!.y + box!.height).toBeLessThan(bottom.y);

      await page.mouse.move(2, 2);
      await expect.poll(() => readCardText(session)).toBeNull();
      const right = await centreOfText(page, '#right', 'UNMIK');
      await page.mouse.move(right.x, right.y);
      await expect.poll(() => readCardText(session), { timeout: 10_000 }).toMatch(/UNMIK/);
      ({ box, viewport } = await placement(page, session));
      expectInside(box, viewport);
      await page.close();
    });

    test('next to a term in zoomed text', async () => {
      const { page, session } = await openPlacement();
      const term = await centreOfText(page, '#zoomed', 'EULEX');
      await page.mouse.move(term.x, term.y);
      await expect.poll(() => readCardText(session), { timeout: 10_000 }).toMatch(/EULEX/);
      const { box, viewport } = await placement(page, session);
      expectInside(box, viewport);
      // Placed just below the term (offset 6 px), not where an unzoomed layout would put it.
      expect(Math.abs(box!.y - term.y)).toBeLessThan(60);
      await page.close();
    });

    test('inside a same-origin iframe', async () => {
      const page = await browser.context.newPage();
      await page.goto(`${server.origin}/iframe-host.html`);
      const frame = page.frameLocator('#explainer');
      await frame.locator('body').waitFor();
      const session = await page.context().newCDPSession(page);
      const frameHandle = page.frames().find((candidate) => candidate.url().endsWith('iframe-content.html'));
      expect(frameHandle).toBeDefined();
      await expect
        .poll(() => frameHandle!.evaluate(() => CSS.highlights.get('context-lens-term')?.size ?? 0), {
          timeout: 15_000,
        })
        .toBeGreaterThan(0);
      const point = await frameHandle!.evaluate(() => {
        const range = [...(CSS.highlights.get('context-lens-term') ?? [])][0] as Range;
        const rect = range.getBoundingClientRect();
        return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
      });
      const offset = await page.evaluate(() => {
        const rect = document.querySelector('#explainer')!.getBoundingClientRect();
        return { x: rect.left, y: rect.top };
      });
      await page.mouse.move(offset.x + point.x, offset.y + point.y);
      await expect.poll(() => readCardText(session), { timeout: 10_000 }).not.toBeNull();
      await page.close();
    });
  });
});
