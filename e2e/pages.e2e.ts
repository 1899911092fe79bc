/**
 * Page safety: the extension must be invisible to the pages it reads.
 *
 * Every saved real-world page in ../shared/pages is opened twice, in a
 * browser with the extension and in the same browser without it, and the two
 * are compared: no new page or console errors, the same `document.body.innerText`,
 * and no DOM mutation at all outside the card's own host element (observed
 * from the page's main world, installed before any page script runs). Where
 * the page's text mentions a term of the bundled pack, at least one range
 * must be highlighted.
 *
 * Then fixture pages of our own for the ways pages live: a server-rendered
 * page that hydrates after the scan, an infinite-scroll feed, a same-origin
 * iframe and a contenteditable editor.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { compileMatcher, type Matcher } from '../lib/matcher';
import { aliasCase, aliasText, type Pack, type Term } from '../lib/model';
import {
  OFFLINE_ARGS,
  highlightedTexts,
  launchWithExtension,
  launchWithoutExtension,
  startFixtureServer,
  type ExtensionBrowser,
  canRunChromium,
} from './harness';

const SHARED_PAGES_DIR = resolve(import.meta.dirname, '..', '..', 'shared', 'pages');
const PACK_PATH = resolve(import.meta.dirname, '..', 'public', 'packs', 'western-balkans.json');
const CARD_HOST = 'context-lens-card';
/** Name of the main-world array the mutation observer fills. */
const MUTATION_LOG = '__contextLensTestMutations';

const sharedPages = readdirSync(SHARED_PAGES_DIR)
  .filter((file) => file.endsWith('.html'))
  .map((file) => file.slice(0, -'.html'.length))
  .sort();

/** The pack's titles and aliases as the background's term index lists them. */
function bundledTerms(): Term[] {
  const pack = JSON.parse(readFileSync(PACK_PATH, 'utf8')) as Pack;
  return pack.entries.flatMap((entry) =>
    [entry.title, ...entry.aliases].map((alias) => ({
      text: aliasText(alias),
      case: aliasCase(alias),
      entryIds: [entry.id],
    })),
  );
}

/**
 * Installed before any page script: records every mutation of the document
 * as a short signature, except those of our own UI host (the card is
 * appended to the page when it first opens, and lives in a closed shadow
 * root). Recording starts at DOMContentLoaded: before it the parser is
 * building the document (every node arrives as a mutation), and the content
 * script, which runs at document_idle, cannot have run yet.
 */
function observeMutations({ logName, hostName }: { logName: string; hostName: string }): void {
  const log: string[] = [];
  const isOurs = (node: Node): boolean => {
    for (let current: Node | null = node; current;) {
      if (current.nodeName.toLowerCase() === hostName) return true;
      current = current.parentNode ?? (current instanceof ShadowRoot ? current.host : null);
    }
    return false;
  };
  const describeNode = (node: Node): string => {
    if (node instanceof CharacterData)
      return `${node.nodeName} in ${node.parentNode?.nodeName} "${node.data.slice(0, 40)}"`;
    return node.nodeName + (node instanceof Element && node.id ? `#${node.id}` : '');
  };
  const record = (records: MutationRecord[]) => {
    for (const mutation of records) {
      const touched = [mutation.target, ...mutation.addedNodes, ...mutation.removedNodes];
      if (touched.some(isOurs)) continue;
      log.push(
        [
          mutation.type,
          describeNode(mutation.target),
          mutation.attributeName ?? '',
          [...mutation.addedNodes].map(describeNode).join(','),
          [...mutation.removedNodes].map(describeNode).join(','),
        ].join(' | '),
      );
    }
  };
  let recording = false;
  const observer = new MutationObserver((records) => {
    if (recording) record(records);
  });
  observer.observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
  // Registered before any page script, so this listener runs first.
  document.addEventListener(
    'DOMContentLoaded',
    () => {
      observer.takeRecords();
      recording = true;
    },
    { once: true },
  );
  Object.defineProperty(window, logName, { value: log });
}

/** The items of `observed` left over once every item of `baseline` has been matched once. */
function extraItems(observed: readonly string[], baseline: readonly string[]): string[] {
  const remaining = new Map<string, number>();
  for (const item of baseline) remaining.set(item, (remaining.get(item) ?? 0) + 1);
  return observed.filter((item) => {
    const count = remaining.get(item) ?? 0;
    if (count === 0) return true;
    remaining.set(item, count - 1);
    return false;
  });
}

/** Where two texts first differ, with a little context from each, or null if they are equal. */
function firstDifference(actual: string, expected: string): { at: number; actual: string; expected: string } | null {
  if (actual === expected) return null;
  let at = 0;
  while (at < actual.length && at < expected.length && actual[at] === expected[at]) at++;
  const around = (text: string) => text.slice(Math.max(0, at - 40), at + 40);
  return { at, actual: around(actual), expected: around(expected) };
}

interface PageVisit {
  page: Page;
  errors: string[];
}

async function visit(context: BrowserContext, url: string): Promise<PageVisit> {
  const origin = new URL(url).origin;
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    // A saved page's requests to the web fail here by design (OFFLINE_ARGS), and how many
    // it makes depends on its own timers: those are not errors of the page or of ours.
    const source = message.location().url;
    if (message.text().includes('net::ERR_NAME_NOT_RESOLVED') && source && !source.startsWith(origin)) return;
    // The saved pages also ask the fixture server for files it does not have (a web app manifest,
    // say), whenever the browser gets round to it: a 404 of the page's own request is not ours.
    if (/status of 404|Manifest fetch from .* failed/.test(message.text()) && source?.startsWith(origin)) return;
    errors.push(`console: ${message.text()} (${source})`);
  });
  await page.addInitScript(observeMutations, { logName: MUTATION_LOG, hostName: CARD_HOST });
  await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
  return { page, errors };
}

function highlightCount(page: Page): Promise<number> {
  return page.evaluate(() => CSS.highlights.get('context-lens-term')?.size ?? 0);
}

/**
 * Waits until the extension's highlight has stopped growing: the count is the
 * same over `quietMs` (and at least `minimumMs` have passed since the call,
 * enough for the content script to start at document_idle and ask for the index).
 */
async function waitForSettledHighlights(page: Page, minimumMs = 1500, quietMs = 600): Promise<number> {
  const started = Date.now();
  let last = -1;
  let stableSince = Date.now();
  for (;;) {
    const count = await highlightCount(page);
    if (count !== last) {
      last = count;
      stableSince = Date.now();
    }
    if (Date.now() - started >= minimumMs && Date.now() - stableSince >= quietMs) return count;
    if (Date.now() - started > 20_000) return count;
    await page.waitForTimeout(150);
  }
}

/**
 * The page's rendered text, its mutation log, and the reading text its text nodes hold as written:
 * innerText applies CSS (an uppercased "Uk" reads "UK") and includes text the spotter rightly skips.
 */
function readState(page: Page): Promise<{ innerText: string; writtenText: string; mutations: string[] }> {
  return page.evaluate((logName) => {
    const log = (window as unknown as Record<string, string[] | undefined>)[logName] ?? [];
    const walker = document.createTreeWalker(document.body ?? document.documentElement, NodeFilter.SHOW_TEXT);
    const parts: string[] = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      // Not reading text (DESIGN.md rule 4): the spotter skips these, so they promise no underline.
      const skipped = 'script,style,noscript,template,textarea,select,[hidden],[aria-hidden="true"],[contenteditable]';
      if (!node.parentElement?.closest(skipped)) parts.push(node.nodeValue ?? '');
    }
    return { innerText: document.body?.innerText ?? '', writtenText: parts.join('\n'), mutations: [...log] };
  }, MUTATION_LOG);
}

describe.runIf(canRunChromium)('the extension is invisible to real pages', () => {
  let withExtension: ExtensionBrowser;
  let withoutExtension: Awaited<ReturnType<typeof launchWithoutExtension>>;
  let server: Awaited<ReturnType<typeof startFixtureServer>>;
  let matcher: Matcher;

  beforeAll(async () => {
    server = await startFixtureServer();
    [withExtension, withoutExtension] = await Promise.all([
      launchWithExtension({ extraArgs: OFFLINE_ARGS }),
      launchWithoutExtension({ extraArgs: OFFLINE_ARGS }),
    ]);
    matcher = compileMatcher(bundledTerms());
  });

  afterAll(async () => {
    await withExtension?.close();
    await withoutExtension?.close();
    await server?.close();
  });

  /** A mention counts when it is both shown (innerText) and written so in the page's text nodes. */
  function mentionsIn(state: { innerText: string; writtenText: string }): string[] {
    const found = (text: string) => new Set(matcher.find(text).map((match) => text.slice(match.start, match.end)));
    const written = found(state.writtenText);
    return [...found(state.innerText)].filter((mention) => written.has(mention));
  }

  test.each(sharedPages)('%s: same text, same DOM, no new errors, terms underlined', async (name) => {
    const url = `${server.origin}/shared/${name}.html`;
    // Both at once: the page's own timers then run over the same stretch of time in both browsers.
    const [extended, baseline] = await Promise.all([
      visit(withExtension.context, url),
      visit(withoutExtension.context, url),
    ]);
    try {
      // A page that mentions a term is not settled before its first underline: under load the content
      // script may start after the settling's fixed minimum, which then read 0 underlines.
      if (mentionsIn(await readState(baseline.page)).length > 0) {
        await expect.poll(() => highlightCount(extended.page), { timeout: 20_000 }).toBeGreaterThan(0);
      }
      const highlights = await waitForSettledHighlights(extended.page);
      const [after, before] = await Promise.all([readState(extended.page), readState(baseline.page)]);

      expect(extraItems(extended.errors, baseline.errors), 'errors only with the extension').toEqual([]);
      // Compared as the first difference, not as two whole texts: a diff of a megabyte of text says nothing.
      expect(firstDifference(after.innerText, before.innerText), 'document.body.innerText differs').toBeNull();
      expect(extraItems(after.mutations, before.mutations), 'DOM mutations only with the extension').toEqual([]);

      const mentions = mentionsIn(before);
      if (mentions.length > 0) {
        expect(highlights, `the page mentions ${mentions.join(', ')}`).toBeGreaterThan(0);
      }
    } finally {
      await Promise.all([extended.page.close(), baseline.page.close()]);
    }
  });
});

describe.runIf(canRunChromium)('pages that change under the extension', () => {
  let browser: ExtensionBrowser;
  let server: Awaited<ReturnType<typeof startFixtureServer>>;

  beforeAll(async () => {
    server = await startFixtureServer();
    browser = await launchWithExtension({ extraArgs: OFFLINE_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  test('a server-rendered page hydrates after the scan without a mismatch', async () => {
    const { page, errors } = await visit(browser.context, `${server.origin}/hydration.html`);
    await expect
      .poll(() => highlightedTexts(page), { timeout: 15_000 })
      .toEqual(expect.arrayContaining(['Zvečan', 'KFOR', 'Kosovo Police', 'EULEX']));
    // Nothing on this page mutates its DOM before hydration, so any mutation so far is the extension's.
    expect((await readState(page)).mutations).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { hydrateNow(): string }).hydrateNow())).toBe('hydrated');
    await page.click('#likes');
    await page.click('#likes');
    expect(await page.textContent('#likes')).toBe('Likes: 2');
    expect(errors).toEqual([]);
    await page.close();
  });

  test('stories appended by an infinite-scroll feed are spotted', async () => {
    const { page, errors } = await visit(browser.context, `${server.origin}/infinite-scroll.html`);
    await expect.poll(() => highlightedTexts(page), { timeout: 15_000 }).toContain('KFOR');
    const expected = ['UNMIK', 'EULEX', 'Kosovo Security Force', 'Ohrid Framework Agreement', 'Republika Srpska'];
    for (const [index, term] of expected.entries()) {
      // Generous timeouts: a loaded CI machine can take seconds to fire scroll handlers and slices.
      // The feed loads when its sentinel enters the viewport, so each poll takes the sentinel out of
      // view and back (a scroll while it is still visible loads nothing); one pass may load more than one.
      await expect
        .poll(
          async () => {
            await page.evaluate(() => window.scrollTo(0, 0));
            await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
            await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
            return page.locator('#feed article').count();
          },
          { timeout: 10_000 },
        )
        .toBeGreaterThanOrEqual(index + 2);
      await expect.poll(() => highlightedTexts(page), { timeout: 10_000 }).toContain(term);
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  test('the text of a same-origin iframe is spotted in the frame', async () => {
    const { page, errors } = await visit(browser.context, `${server.origin}/iframe-host.html`);
    await expect.poll(() => highlightedTexts(page), { timeout: 15_000 }).toContain('KFOR');
    const frame = page.frames().find((candidate) => candidate.url().endsWith('/iframe-content.html'));
    if (!frame) throw new Error('the iframe did not load');
    const frameHighlights = () =>
      frame.evaluate(() => {
        const highlight = CSS.highlights.get('context-lens-term');
        return highlight ? [...highlight].map((range) => (range as Range).toString()) : [];
      });
    await expect.poll(frameHighlights, { timeout: 15_000 }).toEqual(expect.arrayContaining(['EULEX', 'UNMIK']));
    expect(errors).toEqual([]);
    await page.close();
  });

  test('a contenteditable editor: typing, caret and undo work, nothing inside is underlined', async () => {
    const { page, errors } = await visit(browser.context, `${server.origin}/editor.html`);
    await expect
      .poll(() => highlightedTexts(page), { timeout: 15_000 })
      .toEqual(expect.arrayContaining(['KFOR', 'Zvečan']));
    const rangesInsideEditor = () =>
      page.evaluate(() => {
        const editor = document.getElementById('editor')!;
        const highlight = CSS.highlights.get('context-lens-term');
        return highlight
          ? [...highlight].filter((range) => editor.contains((range as Range).startContainer)).length
          : 0;
      });
    expect(await rangesInsideEditor()).toBe(0);

    // Put the caret right after "KFOR" in the editor, as a click would, and type there.
    await page.evaluate(() => {
      const text = document.querySelector('#editor p')!.firstChild as Text;
      const offset = text.data.indexOf('KFOR') + 'KFOR'.length;
      (document.getElementById('editor') as HTMLElement).focus();
      getSelection()!.collapse(text, offset);
    });
    await page.keyboard.type(' (EULEX, UNMIK)');
    const afterTyping = () =>
      page.evaluate(() => {
        const selection = getSelection()!;
        const text = document.querySelector('#editor p')!.firstChild as Text;
        return { text: text.data, caretInText: selection.anchorNode === text, caret: selection.anchorOffset };
      });
    const typed = 'My comment about KFOR (EULEX, UNMIK) and EULEX';
    expect(await afterTyping()).toEqual({ text: typed, caretInText: true, caret: typed.indexOf(' and EULEX') });
    // Give the scanner time to see the edit; it must still leave the editor alone.
    await page.waitForTimeout(500);
    expect(await rangesInsideEditor()).toBe(0);
    expect((await afterTyping()).caret).toBe(typed.indexOf(' and EULEX'));

    await page.keyboard.press('Control+Z');
    await expect.poll(() => page.textContent('#editor p')).toBe('My comment about KFOR and EULEX');
    expect(errors).toEqual([]);
    await page.close();
  });
});
