/**
 * The Firefox build (.output/firefox-mv2) in Debian's firefox-esr, driven by
 * puppeteer-core over WebDriver BiDi: terms underlined, the card on hover, a
 * note typed into the card and saved, and the popup's search finding the entry
 * with that note. `npm run test:e2e` builds both browsers before this runs.
 *
 * Two things Firefox does not give puppeteer's public API, and how we get them
 * through the standard WebDriver BiDi commands instead:
 * - Extension pages: BiDi refuses to navigate to moz-extension:// unless
 *   Firefox is started with --remote-allow-system-access, and puppeteer's
 *   navigation tracking loses the tab when it moves into the extension
 *   process. So we pin the extension's internal UUID with the
 *   `extensions.webextensions.uuids` preference and navigate with a raw
 *   `browsingContext.navigate`.
 * - The card's closed shadow root: BiDi serialises it when asked with
 *   `includeShadowTree: 'all'` (the way a debugger sees it), and the shadow
 *   root's shared id can then be passed as `this` to `script.callFunction`.
 *   Page scripts still get null from `host.shadowRoot`, which is asserted.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { centreOfTextInPage, ENGLISH_DAY_DATE, startFixtureServer } from './harness';

const FIREFOX_EXTENSION_DIR = resolve(import.meta.dirname, '..', '.output', 'firefox-mv2');
const ARTIFACTS_DIR = resolve(import.meta.dirname, 'artifacts');
/** Any fixed UUID: Firefox gives the extension this one instead of a random one, so its pages have known URLs. */
const EXTENSION_UUID = '6f1c3a52-8d3e-4c1b-9a77-2f0f6c1e5b10';
const EXTENSION_ORIGIN = `moz-extension://${EXTENSION_UUID}`;

function findFirefox(): string | undefined {
  const candidates = [process.env.FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/bin/firefox'];
  return candidates.find((path): path is string => Boolean(path && existsSync(path)));
}

// Without Firefox the suite is skipped on a developer machine, but under CI it must fail.
const canRun = Boolean(findFirefox()) || process.env.CI === 'true';

/** The gecko id the build declares (wxt.config.ts), which the UUID preference is keyed by. */
function geckoId(): string {
  const manifest = JSON.parse(readFileSync(resolve(FIREFOX_EXTENSION_DIR, 'manifest.json'), 'utf8')) as {
    browser_specific_settings?: { gecko?: { id?: string } };
  };
  const id = manifest.browser_specific_settings?.gecko?.id;
  if (!id) throw new Error('the Firefox build declares no browser_specific_settings.gecko.id');
  return id;
}

/** A WebDriver BiDi remote value, as far as these tests read it. */
interface RemoteValue {
  type: string;
  sharedId?: string;
  value?: unknown;
}
interface SerialisedNode {
  nodeType?: number;
  localName?: string;
  nodeValue?: string;
  mode?: 'open' | 'closed';
  children?: RemoteValue[];
  shadowRoot?: RemoteValue | null;
}
type ScriptResult =
  { type: 'success'; result: RemoteValue } | { type: 'exception'; exceptionDetails: { text: string } };

/** The one method of puppeteer's BiDi connection used here: send a standard command, get its result. */
interface BidiChannel {
  send(method: string, params: object): Promise<{ result: unknown }>;
}

/**
 * puppeteer's Firefox browser keeps its BiDi connection on a `connection`
 * getter that its public types do not list. Checked at run time, so a
 * puppeteer upgrade that moves it fails here with a clear message.
 */
function bidiChannel(browser: Browser): BidiChannel {
  const connection: unknown = Reflect.get(browser, 'connection');
  if (typeof connection !== 'object' || connection === null || typeof Reflect.get(connection, 'send') !== 'function') {
    throw new Error('puppeteer-core no longer exposes its WebDriver BiDi connection as browser.connection');
  }
  return connection as BidiChannel;
}

/** The BiDi browsing context id of a page's main frame (puppeteer's frame `_id`). */
function contextId(page: Page): string {
  const id: unknown = Reflect.get(page.mainFrame(), '_id');
  if (typeof id !== 'string') throw new Error('puppeteer-core no longer keeps the BiDi context id as frame._id');
  return id;
}

async function evaluate(channel: BidiChannel, page: Page, expression: string, depth = 0): Promise<RemoteValue> {
  const { result } = await channel.send('script.evaluate', {
    expression,
    target: { context: contextId(page) },
    awaitPromise: false,
    resultOwnership: 'none',
    serializationOptions: { maxDomDepth: depth, includeShadowTree: 'all' },
  });
  const outcome = result as ScriptResult;
  if (outcome.type === 'exception') throw new Error(outcome.exceptionDetails.text);
  return outcome.result;
}

/**
 * Runs `fn` in the page with `this` bound to the card's closed shadow root,
 * like harness.ts's evaluateInCard does over CDP. Its result travels as JSON
 * (BiDi's own serialisation of objects is a list of pairs). Null when there is no card.
 */
async function evaluateInCard<T>(channel: BidiChannel, page: Page, fn: string): Promise<T | null> {
  const host = await evaluate(channel, page, "document.querySelector('context-lens-card')", 1);
  const shadow = (host.value as SerialisedNode | undefined)?.shadowRoot;
  if (!shadow?.sharedId) return null;
  const { result } = await channel.send('script.callFunction', {
    functionDeclaration: `async function () { return JSON.stringify((await (${fn}).call(this)) ?? null); }`,
    this: { sharedId: shadow.sharedId },
    target: { context: contextId(page) },
    awaitPromise: true,
    resultOwnership: 'none',
  });
  const outcome = result as ScriptResult;
  if (outcome.type === 'exception') throw new Error(outcome.exceptionDetails.text);
  return JSON.parse(String(outcome.result.value)) as T | null;
}

function readCardText(channel: BidiChannel, page: Page): Promise<string | null> {
  return evaluateInCard<string>(
    channel,
    page,
    // A card drawn hidden during the hover delay (lib/page/hover-intent.ts) is not shown yet.
    `function () {
      const card = this.querySelector(".cl-card");
      return card && getComputedStyle(card).visibility !== "hidden" ? card.textContent : null;
    }`,
  );
}

function highlightedTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const highlight = CSS.highlights.get('context-lens-term');
    return highlight ? [...highlight].map((range) => (range as Range).toString()) : [];
  });
}

function centreOfText(page: Page, selector: string, text: string): Promise<{ x: number; y: number }> {
  return page.evaluate(centreOfTextInPage, { selector, text });
}

describe.runIf(canRun)('the extension in Firefox', () => {
  let browser: Browser;
  let channel: BidiChannel;
  let server: Awaited<ReturnType<typeof startFixtureServer>>;
  const note = `Seen in Firefox ${Date.now()}`;

  beforeAll(async () => {
    const executablePath = findFirefox();
    if (!executablePath) throw new Error('No Firefox found (install Debian’s firefox-esr or set FIREFOX_PATH)');
    if (!existsSync(resolve(FIREFOX_EXTENSION_DIR, 'manifest.json'))) {
      throw new Error(`No Firefox build in ${FIREFOX_EXTENSION_DIR} (run npm run build)`);
    }
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    server = await startFixtureServer();
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath,
      headless: true,
      // Lets BiDi open moz-extension:// pages (the popup); web pages get no extra rights from it.
      args: ['--remote-allow-system-access'],
      extraPrefsFirefox: { 'extensions.webextensions.uuids': JSON.stringify({ [geckoId()]: EXTENSION_UUID }) },
    });
    channel = bidiChannel(browser);
    const installedId = await browser.installExtension(FIREFOX_EXTENSION_DIR);
    expect(installedId).toBe(geckoId());
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function openArticle(): Promise<Page> {
    const page = await browser.newPage();
    await page.setViewport({ width: 1100, height: 800 });
    await page.goto(`${server.origin}/kosovo-article.html`);
    // The first tab may wait for the background to install the bundled pack.
    await expect.poll(() => highlightedTexts(page), { timeout: 20_000 }).toContain('KFOR');
    return page;
  }

  async function hoverKfor(page: Page, selector = '#p-kfor'): Promise<void> {
    const point = await centreOfText(page, selector, 'KFOR');
    // From outside the term (after a reload the pointer may still rest on it, and a
    // move to where it already is reaches no listener), in steps as a hand moves.
    await page.mouse.move(5, 5);
    await page.mouse.move(point.x, point.y, { steps: 4 });
    await expect.poll(() => readCardText(channel, page), { timeout: 10_000 }).toMatch(/Kosovo Force/);
  }

  test('underlines KFOR, the Kosovo Security Force, Ohrid, Zvečan and EULEX without touching the markup', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.origin}/kosovo-article.html`);
    const articleBefore = await page.evaluate(() => document.querySelector('article')?.innerHTML);
    await expect.poll(() => highlightedTexts(page), { timeout: 20_000 }).toContain('KFOR');
    expect(await highlightedTexts(page)).toEqual(
      expect.arrayContaining(['KFOR', 'Kosovo Security Force', 'Ohrid', 'Zvečan', 'EULEX']),
    );
    expect(await page.evaluate(() => document.querySelector('article')?.innerHTML)).toBe(articleBefore);
    await page.close();
  });

  test('hovering KFOR opens the card in a closed shadow root', async () => {
    const page = await openArticle();
    await hoverKfor(page);
    const card = (await readCardText(channel, page)) ?? '';
    expect(card).toMatch(/NATO/);
    expect(card).toMatch(ENGLISH_DAY_DATE);
    // Painted, not just present: the card has a box of its own inside the viewport.
    const box = await evaluateInCard<{ width: number; height: number; top: number }>(
      channel,
      page,
      'function () { const r = this.querySelector(".cl-card").getBoundingClientRect(); return { width: r.width, height: r.height, top: r.top }; }',
    );
    expect(box?.width).toBeGreaterThan(150);
    expect(box?.height).toBeGreaterThan(80);
    // The page itself sees the host but not into it.
    expect(await page.evaluate(() => document.querySelector('context-lens-card')?.shadowRoot)).toBeNull();
    await page.screenshot({ path: resolve(ARTIFACTS_DIR, 'firefox-card.png') });
    await page.mouse.move(5, 5);
    await expect.poll(() => readCardText(channel, page), { timeout: 5_000 }).toBeNull();
    await page.close();
  });

  test('a page that overrides DOM prototypes in its main world neither breaks nor sees the card', async () => {
    const page = await browser.newPage();
    await page.setViewport({ width: 1100, height: 800 });
    // Before any page script: content scripts see the page's DOM through Xray wrappers, which
    // ignore main-world changes to prototypes, so none of these hooks should fire for us.
    await page.evaluateOnNewDocument(() => {
      const calls: string[] = [];
      Object.assign(window, { __hookCalls: calls });
      const hook = (target: object, name: string) => {
        const original = Reflect.get(target, name) as (...args: unknown[]) => unknown;
        Object.defineProperty(target, name, {
          configurable: true,
          writable: true,
          value: function (this: unknown, ...args: unknown[]) {
            const ours =
              name === 'attachShadow' ||
              args.some((arg) => arg instanceof Element && arg.localName === 'context-lens-card') ||
              (this instanceof Element && this.localName === 'context-lens-card');
            if (ours) calls.push(name);
            return original.apply(this, args);
          },
        });
      };
      hook(Element.prototype, 'attachShadow');
      hook(Node.prototype, 'appendChild');
      hook(Element.prototype, 'append');
      hook(EventTarget.prototype, 'addEventListener');
      Object.defineProperty(Element.prototype, 'getBoundingClientRect', {
        configurable: true,
        value: () => {
          throw new Error('page broke getBoundingClientRect');
        },
      });
    });
    const errors: string[] = [];
    page.on('pageerror', (error: unknown) => errors.push(error instanceof Error ? error.message : String(error)));
    await page.goto(`${server.origin}/kosovo-article.html`);
    await expect.poll(() => highlightedTexts(page), { timeout: 20_000 }).toContain('KFOR');
    await hoverKfor(page);
    expect(await page.evaluate(() => (window as unknown as { __hookCalls: string[] }).__hookCalls)).toEqual([]);
    // Control: the same calls from the page's own world are caught.
    const pageCalls = await page.evaluate(() => {
      document.body.appendChild(document.createElement('context-lens-card')).attachShadow({ mode: 'closed' });
      return (window as unknown as { __hookCalls: string[] }).__hookCalls;
    });
    expect(pageCalls).toEqual(['appendChild', 'attachShadow']);
    expect(errors).toEqual([]);
    await page.close();
  });

  test('a note typed into the card is saved and is there after a reload', async () => {
    const page = await openArticle();
    await hoverKfor(page);
    // The note is typed in the card's note editor, an extension page framed inside the card, which
    // takes focus when it has loaded: the keys go to it, and Ctrl+Enter saves.
    await evaluateInCard(channel, page, 'function () { this.querySelector("[data-add-note]").click(); }');
    // The card focuses the frame once the editor has loaded (BiDi does not list extension frames here).
    await expect
      .poll(() => evaluateInCard(channel, page, 'function () { return this.activeElement?.localName ?? null; }'), {
        timeout: 10_000,
      })
      .toBe('iframe');
    await page.keyboard.type(note);
    await page.keyboard.down('Control');
    await page.keyboard.press('Enter');
    await page.keyboard.up('Control');
    await expect.poll(() => readCardText(channel, page), { timeout: 10_000 }).toContain(note);
    // Saving ended editing: the frame is gone and "Add note" is back.
    await expect
      .poll(() =>
        evaluateInCard(channel, page, 'function () { return Boolean(this.querySelector("[data-add-note]")); }'),
      )
      .toBe(true);
    // Stored by the background, not only shown: a fresh page's card has it.
    await page.reload();
    await expect.poll(() => highlightedTexts(page), { timeout: 20_000 }).toContain('KFOR');
    await hoverKfor(page);
    expect(await readCardText(channel, page)).toContain(note);
    await page.close();
  });

  test('on a page whose policy forbids every script, style and frame of its own, the card is styled and takes a note', async () => {
    const page = await browser.newPage();
    await page.setViewport({ width: 1100, height: 800 });
    const response = await page.goto(`${server.origin}/strict-csp.html`);
    expect(response?.headers()['content-security-policy']).toBe("default-src 'none'");
    await expect.poll(() => highlightedTexts(page), { timeout: 20_000 }).toContain('KFOR');
    await hoverKfor(page, '#text');
    // The card's own stylesheet applied despite default-src 'none' (a styled card has a border radius).
    expect(
      await evaluateInCard(
        channel,
        page,
        'function () { return getComputedStyle(this.querySelector(".cl-card")).borderTopLeftRadius; }',
      ),
    ).toBe('10px');
    // The note editor is an extension page: the page's frame-src 'none' does not keep it out.
    const cspNote = `Under a strict policy ${Date.now()}`;
    await evaluateInCard(channel, page, 'function () { this.querySelector("[data-add-note]").click(); }');
    await expect
      .poll(() => evaluateInCard(channel, page, 'function () { return this.activeElement?.localName ?? null; }'), {
        timeout: 10_000,
      })
      .toBe('iframe');
    await page.keyboard.type(cspNote);
    await page.keyboard.down('Control');
    await page.keyboard.press('Enter');
    await page.keyboard.up('Control');
    await expect.poll(() => readCardText(channel, page), { timeout: 10_000 }).toContain(cspNote);
    await page.close();
  });

  test('the popup finds "Stoltenburg" and KFOR, and shows the note saved from the card', async () => {
    const page = await browser.newPage();
    await page.setViewport({ width: 400, height: 600 });
    await channel.send('browsingContext.navigate', {
      context: contextId(page),
      url: `${EXTENSION_ORIGIN}/popup.html`,
      wait: 'complete',
    });
    const search = await page.waitForSelector('input[aria-label="Search the glossary"]', { timeout: 15_000 });
    // A typo still finds the entry: the search is fuzzy.
    await search!.type('Stoltenburg');
    await page.waitForSelector('button[aria-label="Jens Stoltenberg (Person)"]', { timeout: 10_000 });
    await page.screenshot({ path: resolve(ARTIFACTS_DIR, 'firefox-popup-search.png') });
    await search!.click({ count: 3 });
    await page.keyboard.press('Backspace');
    await search!.type('KFOR');
    const result = await page.waitForSelector('button[aria-label="KFOR (Kosovo Force) (Mission)"]', {
      timeout: 10_000,
    });
    await result!.click();
    await page.waitForFunction(
      (text) => [...document.querySelectorAll('.cl-note-text')].some((element) => element.textContent === text),
      { timeout: 10_000 },
      note,
    );
    await page.screenshot({ path: resolve(ARTIFACTS_DIR, 'firefox-popup-entry.png') });
    await page.close();
  });

  test('sync: the note goes to storage.sync, and a deletion arriving there from another device removes it', async () => {
    const page = await browser.newPage();
    await channel.send('browsingContext.navigate', {
      context: contextId(page),
      url: `${EXTENSION_ORIGIN}/options.html`,
      wait: 'complete',
    });
    type Item = { v: Record<string, number>; t: number; d: string; b?: { x: string } };
    const readSync = () =>
      page.evaluate(() => {
        const api = Reflect.get(globalThis, 'browser') as typeof chrome;
        return api.storage.sync.get(null) as Promise<Record<string, Item>>;
      });
    // The engine writes a few seconds after the note was saved (it waits for a burst of edits to end).
    let synced: [string, Item] | undefined;
    await expect
      .poll(
        async () =>
          (synced = Object.entries(await readSync()).find(([key, item]) => key.startsWith('n:') && item.b?.x === note)),
        { timeout: 20_000 },
      )
      .toBeDefined();
    const [key, item] = synced!;
    // What another device's deletion looks like once Firefox Sync delivers it: a tombstone that has seen this version.
    const tombstone = { v: { ...item.v, zzzzzzzz: 1 }, t: item.t + 1, d: 'zzzzzzzz' };
    const deliveredAt = Date.now();
    await page.evaluate((items) => (Reflect.get(globalThis, 'browser') as typeof chrome).storage.sync.set(items), {
      [key]: tombstone,
    });
    // The popup does not follow note changes while open, so it is opened once the engine has merged the delivery.
    await expect
      .poll(
        () =>
          page.evaluate(async () => {
            const api = Reflect.get(globalThis, 'browser') as typeof chrome;
            const { syncStatus } = await api.storage.local.get('syncStatus');
            return (syncStatus as { lastReceivedAt?: number } | undefined)?.lastReceivedAt ?? 0;
          }),
        { timeout: 20_000 },
      )
      .toBeGreaterThan(deliveredAt);

    await channel.send('browsingContext.navigate', {
      context: contextId(page),
      url: `${EXTENSION_ORIGIN}/popup.html`,
      wait: 'complete',
    });
    const search = await page.waitForSelector('input[aria-label="Search the glossary"]', { timeout: 15_000 });
    await search!.type('KFOR');
    const result = await page.waitForSelector('button[aria-label="KFOR (Kosovo Force) (Mission)"]', {
      timeout: 10_000,
    });
    await result!.click();
    await page.waitForSelector('.cl-notes', { timeout: 10_000 });
    await expect
      .poll(
        () =>
          page.evaluate(() => [...document.querySelectorAll('.cl-note-text')].map((element) => element.textContent)),
        { timeout: 15_000 },
      )
      .not.toContain(note);
    await page.close();
  });
});
