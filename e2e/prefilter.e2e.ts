/**
 * Near-zero cost where nothing matches (lib/matcher/prefilter.ts, lib/page/frame-gate.ts):
 * what each frame asks the background for, seen from the background itself.
 * A listener of the test's own, added to the service worker beside the
 * extension's, records every message that comes from a tab, with its frame.
 */
import { describe, expect, test } from 'vitest';
import type { Page, Worker } from 'playwright-core';
import { canRunChromium, highlightedTexts, useExtensionBrowser } from './harness';

interface Seen {
  type: string;
  /** The tab's address, which tells the tests' pages apart. */
  tabUrl: string;
  url: string;
  frameId: number;
}

describe.runIf(canRunChromium)('the prefilter', () => {
  const { browser, server } = useExtensionBrowser();
  let visits = 0;

  async function worker(): Promise<Worker> {
    const found = browser.context.serviceWorkers()[0] ?? (await browser.context.waitForEvent('serviceworker'));
    await found.evaluate(() => {
      const scope = self as unknown as { contextLensSeen?: Seen[] };
      if (scope.contextLensSeen) return;
      const seen: Seen[] = [];
      scope.contextLensSeen = seen;
      chrome.runtime.onMessage.addListener((message: { type?: string }, sender) => {
        if (!sender.tab) return;
        seen.push({
          type: String(message.type),
          tabUrl: sender.tab.url ?? '',
          url: sender.url ?? '',
          frameId: sender.frameId ?? -1,
        });
      });
    });
    return found;
  }

  /**
   * The kinds of requests the frames of `page` sent to the background so far, as "type path", in the order
   * first seen. Repeats are dropped: a frame asks again whenever the glossary changes (as it does once while
   * a fresh profile installs the bundled pack), and gets null while its version is current.
   */
  async function requestsOf(page: Page): Promise<string[]> {
    const seen = await (
      await worker()
    ).evaluate(() => (self as unknown as { contextLensSeen: Seen[] }).contextLensSeen);
    const kinds = seen
      .filter((request) => request.tabUrl === page.url())
      .map((request) => `${request.type} ${new URL(request.url).pathname}${request.frameId === 0 ? '' : ' (frame)'}`);
    return [...new Set(kinds)];
  }

  test('a page with no terms gets only the prefilter; text with a term added later is spotted', async () => {
    await worker();
    const page = await browser.context.newPage();
    await page.goto(`${server.origin}/no-terms.html?visit=${++visits}`);
    await expect.poll(() => requestsOf(page), { timeout: 15_000 }).toEqual(['getTermPrefilter /no-terms.html']);
    // Time enough for a full index to be asked for and decoded, were it going to be.
    await page.waitForTimeout(1500);
    expect(await requestsOf(page)).toEqual(['getTermPrefilter /no-terms.html']);
    expect(await highlightedTexts(page)).toEqual([]);

    // An infinite-scroll page appends a story that names a term.
    await page.evaluate(() => {
      const story = document.createElement('p');
      story.textContent = 'Later that day, KFOR patrols reached the bridge.';
      document.querySelector('#feed')!.append(story);
    });
    await expect.poll(() => highlightedTexts(page), { timeout: 15_000 }).toEqual(['KFOR']);
    // The index comes as a head and its chunks (lib/messaging/term-index-wire.ts).
    expect(await requestsOf(page)).toEqual([
      'getTermPrefilter /no-terms.html',
      'getTermIndex /no-terms.html',
      'getTermIndexChunk /no-terms.html',
    ]);
    await page.close();
  });

  test('a hidden frame waits until it is shown, an ad-slot frame never starts', async () => {
    await worker();
    const page = await browser.context.newPage();
    await page.goto(`${server.origin}/no-terms.html?visit=${++visits}`);
    await expect.poll(() => requestsOf(page), { timeout: 15_000 }).toContain('getTermPrefilter /no-terms.html');
    await page.waitForTimeout(1500);
    // Both frames hold terms (EULEX, UNMIK), yet neither asked for anything.
    expect(await requestsOf(page)).toEqual(['getTermPrefilter /no-terms.html']);

    await page.evaluate(() => {
      document.querySelector<HTMLIFrameElement>('#hidden-frame')!.style.display = 'block';
    });
    await expect
      .poll(() => requestsOf(page), { timeout: 15_000 })
      .toEqual([
        'getTermPrefilter /no-terms.html',
        'getTermPrefilter /iframe-content.html (frame)',
        'getTermIndex /iframe-content.html (frame)',
        'getTermIndexChunk /iframe-content.html (frame)',
      ]);
    const shown = (await (await page.$('#hidden-frame'))!.contentFrame())!;
    const underlined = () =>
      shown.evaluate(() => [...(CSS.highlights.get('context-lens-term') ?? [])].map((range) => String(range)));
    await expect.poll(underlined, { timeout: 15_000 }).toEqual(['EULEX', 'UNMIK']);
    await page.close();
  });
});
