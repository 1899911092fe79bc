/**
 * Shared set-up for the end-to-end tests: a static server on 127.0.0.1 and a
 * real Chromium with the built extension loaded.
 */
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

export const EXTENSION_DIR = resolve(import.meta.dirname, '..', '.output', 'chrome-mv3');
const FIXTURES_DIR = resolve(import.meta.dirname, 'fixtures');
const SHARED_PAGES_DIR = resolve(import.meta.dirname, '..', '..', 'shared', 'pages');

export function findChromium(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((path): path is string => Boolean(path && existsSync(path)));
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.json': 'application/json',
};

/** Serves e2e/fixtures at / and ../shared/pages at /shared/, only on the loopback interface. */
export async function startFixtureServer(): Promise<{ origin: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    const [root, relative] = path.startsWith('/shared/')
      ? [SHARED_PAGES_DIR, path.slice('/shared/'.length)]
      : [FIXTURES_DIR, path.slice(1)];
    const file = normalize(join(root, relative));
    if (!file.startsWith(root) || !existsSync(file)) {
      response.writeHead(404).end('not found');
      return;
    }
    const headers: Record<string, string> = {
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    };
    // Pages named strict-csp*.html get a policy that forbids every script, style and connection of their own.
    if (file.includes('strict-csp')) headers['content-security-policy'] = "default-src 'none'";
    response.writeHead(200, headers);
    response.end(readFileSync(file));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the fixture server has no port');
  return {
    origin: `http://127.0.0.1:${address.port}`,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  close(): Promise<void>;
}

/**
 * Makes every host name except the loopback address (and localhost, mapped to it: another site on
 * the same server, for cross-origin frames) fail to resolve at once.
 * Saved real-world pages reference the whole web; without this each of their
 * requests would wait for a network this machine does not have.
 */
export const OFFLINE_ARGS = ['--host-resolver-rules=MAP localhost 127.0.0.1, MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'];

const COMMON_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface LaunchOptions {
  /** More Chromium switches, such as OFFLINE_ARGS. */
  extraArgs?: string[];
  /** Another unpacked extension to load instead of the built one (bench/content-script-floor.ts). */
  extensionDir?: string;
  /** The emulated device: a phone's viewport, touch, mobile layout (e2e/phone.e2e.ts). Desktop 1100×800 without. */
  device?: { viewport: { width: number; height: number }; hasTouch?: boolean; isMobile?: boolean };
}

export async function launchWithExtension(options: LaunchOptions = {}): Promise<ExtensionBrowser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error('No Chromium found (install Debian’s chromium or set CHROMIUM_PATH)');
  const extensionDir = options.extensionDir ?? EXTENSION_DIR;
  if (!existsSync(join(extensionDir, 'manifest.json'))) throw new Error(`No built extension in ${extensionDir}`);
  const userDataDir = mkdtempSync(join(tmpdir(), 'context-lens-e2e-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    viewport: { width: 1100, height: 800 },
    ...options.device,
    args: [
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      ...COMMON_ARGS,
      ...(options.extraArgs ?? []),
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    extensionId,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** The same browser without the extension: the baseline of with/without comparisons. */
export async function launchWithoutExtension(
  options: LaunchOptions = {},
): Promise<Omit<ExtensionBrowser, 'extensionId'>> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error('No Chromium found (install Debian’s chromium or set CHROMIUM_PATH)');
  const userDataDir = mkdtempSync(join(tmpdir(), 'context-lens-e2e-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    viewport: { width: 1100, height: 800 },
    args: [...COMMON_ARGS, ...(options.extraArgs ?? [])],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** The texts of all ranges in the extension's highlight, read from the page's own world. */
export function highlightedTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const highlight = CSS.highlights.get('context-lens-term');
    return highlight ? [...highlight].map((range) => (range as Range).toString()) : [];
  });
}

/**
 * Viewport centre of the first occurrence of `text` inside the element matched by `selector`.
 * Runs in the page; the Firefox suite passes it to puppeteer, the others use centreOfText.
 */
export function centreOfTextInPage({ selector, text }: { selector: string; text: string }): { x: number; y: number } {
  const root = document.querySelector(selector);
  if (!root) throw new Error(`no ${selector}`);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const index = (node as Text).data.indexOf(text);
    if (index < 0) continue;
    const range = document.createRange();
    range.setStart(node, index);
    range.setEnd(node, index + text.length);
    const rect = range.getBoundingClientRect();
    return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
  }
  throw new Error(`no "${text}" in ${selector}`);
}

export function centreOfText(page: Page, selector: string, text: string): Promise<{ x: number; y: number }> {
  return page.evaluate(centreOfTextInPage, { selector, text });
}

/**
 * The card lives in a closed shadow root that page scripts (and Playwright's
 * selectors) cannot enter. The DevTools protocol can, so the tests read the
 * card the way a debugger would: `fn` runs with `this` bound to the shadow root.
 * Returns null when no card is shown.
 */
export async function evaluateInCard<T>(session: CDPSession, fn: string): Promise<T | null> {
  const { root } = (await session.send('DOM.getDocument', { depth: -1, pierce: true })) as {
    root: CdpNode;
  };
  const host = findNode(root, (node) => node.localName === 'context-lens-card');
  const shadow = host?.shadowRoots?.[0];
  if (!shadow) return null;
  const { object } = await session.send('DOM.resolveNode', { backendNodeId: shadow.backendNodeId });
  const { result } = await session.send('Runtime.callFunctionOn', {
    objectId: object.objectId,
    functionDeclaration: fn,
    returnByValue: true,
    awaitPromise: true,
  });
  return (result.value as T | undefined) ?? null;
}

/**
 * The text of the card the reader sees, or null. A card drawn hidden during
 * the hover delay (lib/page/hover-intent.ts) is not open yet, so it reads as null.
 */
export function readCardText(session: CDPSession): Promise<string | null> {
  return evaluateInCard<string>(
    session,
    `function () {
      const card = this.querySelector(".cl-card");
      return card && getComputedStyle(card).visibility !== "hidden" ? card.textContent : null;
    }`,
  );
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** An axe-core finding, reduced to what a failed assertion should show. */
export interface AxeViolation {
  id: string;
  help: string;
  nodes: number;
  html?: string;
}

/**
 * Audits the open card with axe-core. axe cannot enter a closed shadow root, so
 * the card's markup and styles are copied into an open one on the same page and
 * audited there. `rules` switches axe rules on or off (e.g. `target-size` on a phone).
 */
export async function auditCardWithAxe(
  page: Page,
  session: CDPSession,
  rules: Record<string, { enabled: boolean }> = {},
): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await evaluateInCard<AxeViolation[]>(
    session,
    `async function () {
      const copyHost = document.createElement('div');
      const copy = copyHost.attachShadow({ mode: 'open' });
      for (const child of this.children) copy.append(child.cloneNode(true));
      document.body.append(copyHost);
      try {
        const result = await axe.run(copyHost, { resultTypes: ['violations'], rules: ${JSON.stringify(rules)} });
        return result.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.length, html: v.nodes.map((n) => n.html).join(" | ") }));
      } catch (error) {
        return [{ id: 'axe-error', help: String(error), nodes: 0 }];
      } finally {
        copyHost.remove();
      }
    }`,
  );
  return violations ?? [{ id: 'no-card', help: 'no card was open to audit', nodes: 0 }];
}

/**
 * Sends a request of the page protocol (lib/messaging/page-protocol.ts) to the
 * content script of `page`'s tab, from an extension page, the way the popup
 * does: to the active tab (the extension has no `tabs` permission, so it
 * cannot look tabs up by address). Uses the @webext-core/messaging envelope.
 */
export async function sendPageRequest<T>(extensionPage: Page, page: Page, type: string, data: unknown): Promise<T> {
  await page.bringToFront();
  return extensionPage.evaluate(
    async ({ type, data }) => {
      const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
      if (tab?.id === undefined) throw new Error('no active tab');
      const message = { id: Date.now(), type, data, timestamp: Date.now() };
      const response = (await chrome.tabs.sendMessage(tab.id, message)) as {
        res?: unknown;
        err?: { message?: string };
      };
      if (response?.err) throw new Error(response.err.message ?? 'request failed');
      return response?.res as T;
    },
    { type, data },
  ) as Promise<T>;
}

interface CdpNode {
  backendNodeId: number;
  localName?: string;
  children?: CdpNode[];
  shadowRoots?: CdpNode[];
  contentDocument?: CdpNode;
}

function findNode(node: CdpNode, predicate: (node: CdpNode) => boolean): CdpNode | undefined {
  if (predicate(node)) return node;
  // Frames' documents too: a term inside a same-origin iframe opens its card in that frame.
  const inner = node.contentDocument ? [node.contentDocument] : [];
  for (const child of [...(node.children ?? []), ...(node.shadowRoots ?? []), ...inner]) {
    const found = findNode(child, predicate);
    if (found) return found;
  }
  return undefined;
}

/** Chromium suites run where a Chromium is installed; under CI a missing one must fail them, not skip them. */
const MONTH = '(January|February|March|April|May|June|July|August|September|October|November|December)';
/**
 * A day's date as the card writes it in English: "12 June 1999" under a
 * British browser language, "June 12, 1999" under a US one (the browsers in
 * these tests run in whatever language the machine gives them).
 */
export const ENGLISH_DAY_DATE = new RegExp(`\\b(\\d{1,2} ${MONTH} \\d{4}|${MONTH} \\d{1,2}, \\d{4})\\b`);

export const canRunChromium = Boolean(findChromium()) || process.env.CI === 'true';

export type FixtureServer = Awaited<ReturnType<typeof startFixtureServer>>;

/**
 * For the enclosing describe block: a fixture server and a Chromium with the
 * extension, started before its tests and closed after them. The objects are
 * returned at once and filled in by the beforeAll hook, so tests use them as
 * plain constants (`browser.context`, `server.origin`).
 */
export function useExtensionBrowser(options: LaunchOptions = {}): { browser: ExtensionBrowser; server: FixtureServer } {
  const browser = {} as ExtensionBrowser;
  const server = {} as FixtureServer;
  beforeAll(async () => {
    Object.assign(server, await startFixtureServer());
    Object.assign(browser, await launchWithExtension(options));
  });
  afterAll(async () => {
    await browser.close?.();
    await server.close?.();
  });
  return { browser, server };
}
