/**
 * Time from the end of the hover-intent delay to the card painted with its
 * entry, in real Chromium with the built extension: p50 and p95 over many
 * hovers, and again right after the MV3 service worker was stopped (the card
 * must still open; the first request then wakes the worker), and the first
 * hover on fresh pages, before the card's code was loaded in them.
 *
 * Run: npx vite-node bench/card.bench.ts   (needs a build: npm run build:chrome)
 * Prints JSON. It measures; it asserts nothing.
 */
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { centreOfText, launchWithExtension, readCardText, startFixtureServer } from '../e2e/harness';

const HOVERS = 60;
const WORKER_STOPS = 10;
/** Fresh pages, each hovered once: the first card of a page (its code and host not created yet). */
const FRESH_PAGES = 8;
const TERMS: Array<[string, string]> = [
  ['#p-kfor', 'KFOR'],
  ['#p-kfor', 'Zvečan'],
  ['#p-ohrid', 'Ohrid'],
  ['#p-more', 'EULEX'],
  ['#p-more', 'Aleksandar Vučić'],
  ['#p-ohrid', 'Belgrade'],
];

interface Summary {
  count: number;
  p50: number;
  p95: number;
  max: number;
}

function summarise(values: number[]): Summary {
  return {
    count: values.length,
    p50: round(percentile(values, 50)),
    p95: round(percentile(values, 95)),
    max: round(Math.max(...values)),
  };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const round = (value: number) => Math.round(value * 100) / 100;

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Hovers one term and returns open→painted in ms, from the content script's user-timing marks. */
async function timeOneHover(page: Page, session: CDPSession, selector: string, text: string): Promise<number> {
  await page.mouse.move(2, 2);
  await waitFor(async () => (await readCardText(session)) === null);
  await page.evaluate(() => performance.clearMarks());
  const point = await centreOfText(page, selector, text);
  await page.mouse.move(point.x, point.y);
  await waitFor(async () =>
    page.evaluate(() => performance.getEntriesByName('context-lens:card-painted', 'mark').length > 0),
  );
  return page.evaluate(() => {
    const open = performance.getEntriesByName('context-lens:card-open', 'mark')[0];
    const painted = performance.getEntriesByName('context-lens:card-painted', 'mark')[0];
    return painted && open ? painted.startTime - open.startTime : NaN;
  });
}

/** Opens the article in a new tab and waits until its terms are underlined. */
async function openArticle(context: BrowserContext, origin: string): Promise<{ page: Page; session: CDPSession }> {
  const page = await context.newPage();
  await page.goto(`${origin}/kosovo-article.html`);
  const session = await page.context().newCDPSession(page);
  await waitFor(() => page.evaluate(() => (CSS.highlights.get('context-lens-term')?.size ?? 0) > 0));
  return { page, session };
}

async function main() {
  const server = await startFixtureServer();
  const browser = await launchWithExtension();
  try {
    // First, while nothing of the card exists yet in any tab: one hover on each fresh page.
    const firstHovers: number[] = [];
    for (let i = 0; i < FRESH_PAGES; i++) {
      const fresh = await openArticle(browser.context, server.origin);
      firstHovers.push(await timeOneHover(fresh.page, fresh.session, '#p-kfor', 'KFOR'));
      await fresh.page.close();
    }

    const { page, session } = await openArticle(browser.context, server.origin);
    // The marks are set in the content script's world; check the page can see them at all.
    const warm: number[] = [];
    for (let i = 0; i < 5; i++) warm.push(await timeOneHover(page, session, '#p-kfor', 'KFOR'));

    const hovers: number[] = [];
    for (let i = 0; i < HOVERS; i++) {
      const [selector, text] = TERMS[i % TERMS.length]!;
      const ms = await timeOneHover(page, session, selector, text);
      hovers.push(ms);
      if (process.env.BENCH_DEBUG) console.error(text, ms.toFixed(1));
    }

    await session.send('ServiceWorker.enable');
    const afterStop: number[] = [];
    for (let i = 0; i < WORKER_STOPS; i++) {
      await session.send('ServiceWorker.stopAllWorkers');
      const [selector, text] = TERMS[i % TERMS.length]!;
      afterStop.push(await timeOneHover(page, session, selector, text));
    }

    console.log(
      JSON.stringify(
        {
          benchmark: 'card: hover-intent end → card painted (ms)',
          hovers: summarise(hovers),
          afterWorkerStopped: summarise(afterStop),
          firstHoverOnFreshPage: summarise(firstHovers),
          target: { p95: 16 },
        },
        null,
        2,
      ),
    );
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
