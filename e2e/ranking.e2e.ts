/**
 * Ranking on served pages (issue 14): "Ohrid" opens on the meaning the
 * article uses, whatever a related-posts sidebar names.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  canRunChromium,
  centreOfText,
  evaluateInCard,
  highlightedTexts,
  launchWithExtension,
  startFixtureServer,
  type ExtensionBrowser,
} from './harness';

describe.runIf(canRunChromium)('the meaning an article uses comes first', () => {
  let browser: ExtensionBrowser;
  let server: Awaited<ReturnType<typeof startFixtureServer>>;

  beforeAll(async () => {
    server = await startFixtureServer();
    browser = await launchWithExtension();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** The selected meaning's tab, "true:<title>", and the reason line under the tabs. */
  async function openCard(path: string): Promise<{ selected?: string; reason?: string | null }> {
    const page = await browser.context.newPage();
    await page.goto(`${server.origin}/${path}`);
    await expect.poll(() => highlightedTexts(page), { timeout: 15_000 }).toContain('Ohrid');
    const session = await page.context().newCDPSession(page);
    const point = await centreOfText(page, '#lead', 'Ohrid');
    await page.mouse.move(point.x, point.y);
    let selected: string | undefined;
    await expect
      .poll(async () => {
        const candidates = await evaluateInCard<string[]>(
          session,
          'function () { return [...this.querySelectorAll(".cl-candidate")].map((b) => b.getAttribute("aria-selected") + ":" + b.textContent); }',
        );
        selected = candidates?.find((text) => text.startsWith('true:'));
        return selected;
      })
      .toBeTruthy();
    // The reason names entries whose titles load after the card opens.
    let reason: string | null = null;
    await expect
      .poll(async () => {
        reason = await evaluateInCard<string | null>(
          session,
          'function () { return this.querySelector(".cl-reason")?.textContent ?? null; }',
        );
        return reason;
      })
      .toBeTruthy();
    await page.close();
    return { selected, reason };
  }

  test('a Kosovo–Serbia article with NATO, the EU and North Macedonia in its related posts opens on 2023', async () => {
    const { selected, reason } = await openCard('ohrid-seed.html');
    expect(selected).toMatch(/Normali[sz]ation|2023/);
    // The reason names what decided it, and nothing from the sidebar.
    expect(reason).toBe('Chosen because this page mentions Belgrade–Pristina dialogue');
  });

  test('a travel article opens on the city, because of the word before it', async () => {
    const { selected, reason } = await openCard('ohrid-travel.html');
    expect(selected).toMatch(/^true:Ohrid$/);
    expect(reason).toBe('Chosen because the text says “town”');
  });

  test('a 2001 article opens on the Framework Agreement', async () => {
    const { selected, reason } = await openCard('ohrid-2001.html');
    expect(selected).toMatch(/Framework/);
    expect(reason).toBe('Chosen because the text says “deal”');
  });
});
