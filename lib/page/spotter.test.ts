/**
 * The spotter's lifecycle through the dependencies it is given
 * (SpotterDependencies): a real term index compiled as the background does,
 * settings and term changes pushed by the test, the popup's requests called
 * as the messenger would, and fake timers for the sightings report's delay
 * and the scanner's pauses.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { compilePageTermIndex } from '../background/page-term-index';
import { matcherFromCompiled } from '../matcher/compiled';
import type { PageProtocolMap, PageRequestType } from '../messaging/page-protocol';
import type { PageTermIndex, Term } from '../model';
import { DEFAULT_SETTINGS, type Settings } from '../settings';
import type { CardHost, CardModule } from './card-contract';
import type { PageRequestHandler } from './page-requests';
import { Spotter, type SpotterDependencies } from './spotter';

const TERMS: Term[] = [
  { text: 'KFOR', case: 'auto', entryIds: ['kfor'] },
  { text: 'EULEX', case: 'auto', entryIds: ['eulex'] },
];
/** After this long without new spots the page's sightings are reported (spotter.ts). */
const REPORT_DELAY = 2000;

/** Compiled as the background does, decoded as the transfer does (term-index-transfer.ts, tested on its own). */
async function termIndex(version: string, terms = TERMS): Promise<PageTermIndex> {
  const { matcher, ...facts } = await compilePageTermIndex({ version, terms, links: {} });
  return { ...facts, matcher: matcherFromCompiled(matcher) };
}

async function setUp({ settings = { ...DEFAULT_SETTINGS } as Settings } = {}) {
  const ctx = new ContentScriptContext('spotter-test', { noScriptStartedPostMessage: true });
  let current = await termIndex('v1');
  const fetchTermIndex = vi.fn(async (known: string | null) => (known === current.version ? null : current));
  let pushSettings: (settings: Settings) => void = () => undefined;
  let pushTermsChange: () => void = () => undefined;
  const handlers = new Map<PageRequestType, PageRequestHandler<PageRequestType>>();
  const shown: string[][] = [];
  const host: CardHost = {
    show: (_anchor, candidates) => void shown.push([...candidates]),
    reveal: () => undefined,
    hide: () => undefined,
    contains: () => false,
    hasFocus: () => false,
  };
  const reportSightings = vi.fn(async (_title: string, _entryIds: string[]): Promise<unknown> => undefined);
  const deps: SpotterDependencies = {
    fetchTermIndex,
    watchTermsChanges: (onChange) => {
      pushTermsChange = onChange;
      return () => undefined;
    },
    reportSightings,
    loadSettings: async () => settings,
    watchSettings: (onChange) => {
      pushSettings = onChange;
      return () => undefined;
    },
    loadCardModule: async (): Promise<CardModule> => ({ createCardHost: () => host }),
    cardData: {
      loadDetail: async () => null,
      deleteNote: async () => undefined,
      noteEditor: { url: () => 'about:blank', origin: 'chrome-extension://test' },
    },
    onPageRequest: (type, handler) => void handlers.set(type, handler as PageRequestHandler<PageRequestType>),
  };
  const spotter = new Spotter(ctx, deps, document);
  /** Lets the scanner's pauses and the content script's timers run. */
  const settle = (ms = 50) => vi.advanceTimersByTimeAsync(ms);
  const start = async () => {
    const started = spotter.start();
    await settle();
    await started;
    await settle();
  };
  const ask = <T extends PageRequestType>(type: T, data: unknown) => {
    const handler = handlers.get(type);
    if (!handler) throw new Error(`no handler for ${type}`);
    return handler(data) as ReturnType<PageProtocolMap[T]>;
  };
  return {
    ctx,
    spotter,
    start,
    settle,
    ask,
    shown,
    fetchTermIndex,
    reportSightings,
    changeSettings: async (changes: Partial<Settings>) => {
      settings = { ...settings, ...changes };
      pushSettings(settings);
      await settle();
    },
    changeTerms: async (version: string, terms: Term[]) => {
      current = await termIndex(version, terms);
      pushTermsChange();
      await settle();
    },
  };
}

const spottedTexts = (report: { terms: Array<{ text: string; count: number }> }) =>
  report.terms.map(({ text, count }) => `${text}×${count}`);

describe('Spotter', () => {
  let ctx: ContentScriptContext | undefined;
  beforeEach(() => {
    vi.useFakeTimers();
    document.title = 'Patrols';
    document.body.innerHTML = '<p>KFOR patrols the north. KFOR and EULEX met.</p>';
  });
  afterEach(() => {
    ctx?.notifyInvalidated();
    vi.useRealTimers();
  });

  test('fetches the term index once, and again only when the terms change', async () => {
    const page = await setUp();
    ctx = page.ctx;
    await page.start();
    expect(page.fetchTermIndex.mock.calls).toEqual([[null]]);
    // Switched off and on again: the index it has is still current.
    await page.changeSettings({ enabled: false });
    await page.changeSettings({ enabled: true });
    expect(page.fetchTermIndex).toHaveBeenCalledTimes(1);
    expect(spottedTexts(page.ask('getPageTerms', {}))).toEqual(['KFOR×2', 'EULEX×1']);
    // A term added elsewhere: it asks for anything newer than what it has, and spots the page again.
    await page.changeTerms('v2', [...TERMS, { text: 'north', case: 'auto', entryIds: ['north'] }]);
    expect(page.fetchTermIndex.mock.calls).toEqual([[null], ['v1']]);
    expect(spottedTexts(page.ask('getPageTerms', {}))).toEqual(['KFOR×2', 'north×1', 'EULEX×1']);
  });

  test('a newer index that fails to arrive leaves the one in use', async () => {
    const page = await setUp();
    ctx = page.ctx;
    await page.start();
    page.fetchTermIndex.mockRejectedValueOnce(new Error('Term index transfer failed: the data does not inflate'));
    await page.changeTerms('v2', [{ text: 'north', case: 'auto', entryIds: ['north'] }]);
    expect(page.fetchTermIndex.mock.calls).toEqual([[null], ['v1']]);
    expect(spottedTexts(page.ask('getPageTerms', {}))).toEqual(['KFOR×2', 'EULEX×1']);
    // The next change asks again, for anything newer than the index still in use.
    await page.changeTerms('v3', [{ text: 'north', case: 'auto', entryIds: ['north'] }]);
    expect(page.fetchTermIndex.mock.calls).toEqual([[null], ['v1'], ['v1']]);
    expect(spottedTexts(page.ask('getPageTerms', {}))).toEqual(['north×1']);
  });

  test('a term in text added later is spotted with the index it has', async () => {
    document.body.innerHTML = '<p>Nothing to see here.</p>';
    const page = await setUp();
    ctx = page.ctx;
    await page.start();
    expect(page.ask('getPageTerms', {})).toMatchObject({ terms: [] });
    document.body.insertAdjacentHTML('beforeend', '<p>Then KFOR arrived.</p>');
    await page.settle();
    await page.spotter.idle();
    expect(page.fetchTermIndex.mock.calls).toEqual([[null]]);
    expect(spottedTexts(page.ask('getPageTerms', {}))).toEqual(['KFOR×1']);
  });

  test('applies settings changes: off, on, and off for this site', async () => {
    const page = await setUp();
    ctx = page.ctx;
    await page.start();
    expect(page.ask('getPageTerms', {})).toMatchObject({ active: true, title: 'Patrols' });
    await page.changeSettings({ enabled: false });
    expect(page.ask('getPageTerms', {})).toMatchObject({ active: false, terms: [] });
    await page.changeSettings({ enabled: true });
    expect(spottedTexts(page.ask('getPageTerms', {}))).toEqual(['KFOR×2', 'EULEX×1']);
    await page.changeSettings({ disabledSites: [document.location.hostname] });
    expect(page.ask('getPageTerms', {})).toMatchObject({ active: false, terms: [] });
  });

  test('spotting off from the start: no term index is fetched', async () => {
    const page = await setUp({ settings: { ...DEFAULT_SETTINGS, enabled: false } });
    ctx = page.ctx;
    await page.start();
    expect(page.fetchTermIndex).not.toHaveBeenCalled();
    expect(page.ask('getPageTerms', {})).toMatchObject({ active: false, terms: [] });
  });

  test("answers the popup's requests, and rejects malformed ones", async () => {
    const page = await setUp();
    ctx = page.ctx;
    await page.start();
    expect(page.ask('getPageTerms', {})).toMatchObject({
      url: document.location.href,
      terms: [
        { entryIds: ['kfor'], text: 'KFOR', count: 2 },
        { entryIds: ['eulex'], text: 'EULEX', count: 1 },
      ],
    });
    expect(page.ask('revealTerm', { entryId: 'eulex' })).toBe(true);
    expect(page.ask('revealTerm', { entryId: 'unmo' })).toBe(false);
    await page.settle();
    expect(page.shown).toEqual([['eulex']]);
    // Next and previous go through the terms in document order, wrapping around.
    expect(page.ask('moveToTerm', { direction: 'next' })).toBe(true);
    expect(page.ask('moveToTerm', { direction: 'previous' })).toBe(true);
    await page.settle();
    expect(page.shown).toEqual([['eulex'], ['kfor'], ['eulex']]);
    expect(() => page.ask('revealTerm', { entryId: 'kfor', extra: 1 })).toThrow(/unknown field/);
    expect(() => page.ask('moveToTerm', { direction: 'up' })).toThrow(/direction/);
  });

  test('reports each sighting once, a while after scanning settles', async () => {
    const page = await setUp();
    ctx = page.ctx;
    await page.start();
    expect(page.reportSightings).not.toHaveBeenCalled();
    await page.settle(REPORT_DELAY);
    expect(page.reportSightings.mock.calls).toEqual([['Patrols', ['kfor', 'eulex']]]);
    // New text with a known and a new entry: only the new one is reported.
    document.body.insertAdjacentHTML('beforeend', '<p>EULEX and KFOR again, and KFOR in the north.</p>');
    await page.changeTerms('v2', [...TERMS, { text: 'north', case: 'auto', entryIds: ['north'] }]);
    await page.settle(REPORT_DELAY);
    expect(page.reportSightings.mock.calls).toEqual([
      ['Patrols', ['kfor', 'eulex']],
      ['Patrols', ['north']],
    ]);
  });

  test('a report that failed is sent again with the next one', async () => {
    const page = await setUp();
    ctx = page.ctx;
    page.reportSightings.mockRejectedValueOnce(new Error('worker restarting'));
    await page.start();
    await page.settle(REPORT_DELAY);
    document.body.insertAdjacentHTML('beforeend', '<p>EULEX again.</p>');
    await page.settle(REPORT_DELAY);
    expect(page.reportSightings.mock.calls).toEqual([
      ['Patrols', ['kfor', 'eulex']],
      ['Patrols', ['kfor', 'eulex']],
    ]);
  });
});
