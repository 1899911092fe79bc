/**
 * Near-zero cost where nothing matches (lib/matcher/prefilter.ts, lib/page/frame-gate.ts,
 * lib/page/first-stage.ts): what each frame asks the background for, seen from
 * the background itself. A listener of the test's own, added to the service
 * worker beside the extension's, records every message that comes from a tab,
 * with its frame. A frame's first stage reads the prefilter the background
 * published in storage (lib/published-prefilter.ts) and sends nothing; only a
 * frame whose text may hold a term asks for the term index.
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

  /** Waits until the background has published the prefilter, which every frame reads at its start. */
  async function prefilterPublished(): Promise<void> {
    const found = await worker();
    await expect
      .poll(
        () => found.evaluate(async () => Boolean((await chrome.storage.local.get('termPrefilter')).termPrefilter)),
        {
          timeout: 15_000,
        },
      )
      .toBe(true);
  }

  /** Long enough for a frame to walk a small page and ask for the index, were it going to (a negative check). */
  const SETTLE_MS = 1000;

  test('a page with no terms asks nothing; text with a term added later is spotted', async () => {
    await prefilterPublished();
    const page = await browser.context.newPage();
    await page.goto(`${server.origin}/no-terms.html?visit=${++visits}`);
    await page.waitForTimeout(SETTLE_MS);
    expect(await requestsOf(page)).toEqual([]);
    expect(await highlightedTexts(page)).toEqual([]);

    // An infinite-scroll page appends a story that names a term: the first stage's prefilter sees it.
    await page.evaluate(() => {
      const story = document.createElement('p');
      story.textContent = 'Later that day, KFOR patrols reached the bridge.';
      document.querySelector('#feed')!.append(story);
    });
    await expect.poll(() => highlightedTexts(page), { timeout: 15_000 }).toEqual(['KFOR']);
    // The index comes as a head and its chunks (lib/messaging/term-index-wire.ts).
    expect(await requestsOf(page)).toEqual(['getTermIndex /no-terms.html', 'getTermIndexChunk /no-terms.html']);
    await page.close();
  });

  test('a page without text loads no walk until a story is rendered into it, which is spotted', async () => {
    await prefilterPublished();
    const page = await browser.context.newPage();
    // The extension's own files the content script imports show up as the frame's requests (each twice in Chrome).
    const modules = new Set<string>();
    page.on('request', (request) => {
      if (request.url().startsWith('chrome-extension://')) modules.add(new URL(request.url()).pathname);
    });
    await page.goto(`${server.origin}/bench-empty.html?visit=${++visits}`);
    await page.waitForTimeout(SETTLE_MS);
    expect([...modules]).toEqual([]);
    expect(await requestsOf(page)).toEqual([]);

    // As an app shell renders its content after load.
    await page.evaluate(() => {
      const story = document.createElement('article');
      story.innerHTML = '<h1>Border</h1><p>EULEX officers crossed the border at dawn.</p>';
      document.body.append(story);
    });
    await expect.poll(() => highlightedTexts(page), { timeout: 15_000 }).toEqual(['EULEX']);
    expect([...modules]).toEqual(['/content-scripts/candidate-walk.js', '/content-scripts/spotting.js']);
    await page.close();
  });

  test('a hidden frame waits until it is shown, an ad-slot frame never starts', async () => {
    await prefilterPublished();
    const page = await browser.context.newPage();
    await page.goto(`${server.origin}/no-terms.html?visit=${++visits}`);
    await page.waitForTimeout(SETTLE_MS);
    // Both frames hold terms (EULEX, UNMIK), yet neither asked for anything.
    expect(await requestsOf(page)).toEqual([]);

    await page.evaluate(() => {
      document.querySelector<HTMLIFrameElement>('#hidden-frame')!.style.display = 'block';
    });
    await expect
      .poll(() => requestsOf(page), { timeout: 15_000 })
      .toEqual(['getTermIndex /iframe-content.html (frame)', 'getTermIndexChunk /iframe-content.html (frame)']);
    const shown = (await (await page.$('#hidden-frame'))!.contentFrame())!;
    const underlined = () =>
      shown.evaluate(() => [...(CSS.highlights.get('context-lens-term') ?? [])].map((range) => String(range)));
    await expect.poll(underlined, { timeout: 15_000 }).toEqual(['EULEX', 'UNMIK']);
    await page.close();
  });

  test('a page opened before the prefilter is published spots once it is', async () => {
    await prefilterPublished();
    const found = await worker();
    // As on a fresh install, or after the stored copy was lost: the frame starts without one.
    await found.evaluate(() => chrome.storage.local.remove('termPrefilter'));
    const page = await browser.context.newPage();
    await page.goto(`${server.origin}/kosovo-article.html?visit=${++visits}`);
    await page.waitForTimeout(SETTLE_MS);
    expect(await highlightedTexts(page)).toEqual([]);
    // A change of the terms (here only its signal) makes the background publish again; the open page hears it.
    await found.evaluate(() => chrome.storage.local.set({ lastTermsChange: { subject: 'e2e', at: Date.now() } }));
    await expect.poll(async () => (await highlightedTexts(page)).length, { timeout: 15_000 }).toBeGreaterThan(0);
    await page.close();
  });
});
