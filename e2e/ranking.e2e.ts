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

  async function selectedMeaning(path: string): Promise<string | undefined> {
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
    await page.close();
    return selected;
  }

  test('a Kosovo–Serbia article with NATO, the EU and North Macedonia in its related posts opens on 2023', async () => {
    expect(await selectedMeaning('ohrid-seed.html')).toMatch(/Normali[sz]ation|2023/);
  });

  test('a travel article opens on the city', async () => {
    expect(await selectedMeaning('ohrid-travel.html')).toMatch(/^true:Ohrid$/);
  });

  test('a 2001 article opens on the Framework Agreement', async () => {
    expect(await selectedMeaning('ohrid-2001.html')).toMatch(/Framework/);
  });
});
