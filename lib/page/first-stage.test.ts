/**
 * The content script's first stage through its dependencies: a real
 * prefilter compiled as the background does, stored settings and prefilter
 * changed by the test, the popup's requests called as the receiving end
 * would, and a spotting stage that only records that it was started.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { compilePageTermIndex } from '../background/page-term-index';
import type { PageProtocolMap, PageRequestType } from '../messaging/page-protocol';
import type { TermPrefilter } from '../messaging/protocol';
import type { Term } from '../model';
import { DEFAULT_SETTINGS, type Settings } from '../settings';
import { startFirstStage, type FirstStageDependencies, type StoredStartChange } from './first-stage';
import type { PageRequestHandler } from './page-requests';
import type { SpottingHandoff } from './spotting-contract';

const TERMS: Term[] = [{ text: 'KFOR', case: 'auto', entryIds: ['kfor'] }];

async function prefilterOf(version: string, terms: Term[]): Promise<TermPrefilter> {
  const { prefilter } = await compilePageTermIndex({ version, terms, links: {} });
  return { version, prefilter };
}

async function setUp(
  options: { settings?: Settings; published?: TermPrefilter | null; topFrame?: boolean; alive?: boolean } = {},
) {
  const settings = options.settings ?? { ...DEFAULT_SETTINGS };
  const published = options.published === undefined ? await prefilterOf('v1', TERMS) : options.published;
  let pushChange: (change: StoredStartChange) => void = () => undefined;
  const handlers = new Map<PageRequestType, PageRequestHandler<PageRequestType>>();
  let handoff: SpottingHandoff | undefined;
  const startSpotting = vi.fn(async (given: SpottingHandoff) => {
    handoff = given;
  });
  const readStoredStart = vi.fn(async () => ({ settings, prefilter: published ?? undefined }));
  const stopWatching = vi.fn();
  const lifetime = new AbortController();
  const deps: FirstStageDependencies = {
    readStoredStart,
    watchStoredStart: (onChange) => {
      pushChange = onChange;
      return stopWatching;
    },
    onPageRequest:
      options.topFrame === false
        ? undefined
        : (type, handler) => void handlers.set(type, handler as PageRequestHandler<PageRequestType>),
    isExtensionAlive: () => options.alive ?? true,
    startSpotting,
  };
  const settle = () => vi.advanceTimersByTimeAsync(50);
  return {
    lifetime,
    readStoredStart,
    startSpotting,
    stopWatching,
    settle,
    start: async () => {
      const started = startFirstStage(deps, document, lifetime.signal);
      await settle();
      await started;
      await settle();
    },
    hasPopupListener: () => handlers.size > 0,
    ask: <T extends PageRequestType>(type: T, data: unknown) => {
      const handler = handlers.get(type);
      if (!handler) throw new Error(`no handler for ${type}`);
      return handler(data) as ReturnType<PageProtocolMap[T]>;
    },
    /** What the first stage handed the spotting stage, once it was started. */
    handoff: () => handoff,
    change: async (change: StoredStartChange) => {
      pushChange(change);
      await settle();
    },
  };
}

describe('the first stage', () => {
  let page: Awaited<ReturnType<typeof setUp>> | undefined;
  beforeEach(() => {
    vi.useFakeTimers();
    document.body.innerHTML = '<p>Nothing to see here, in the north.</p>';
  });
  afterEach(() => {
    page?.lifetime.abort();
    page = undefined;
    vi.useRealTimers();
  });

  test('on a page without terms reads storage once, and tells the popup there are none', async () => {
    page = await setUp();
    await page.start();
    expect(page.readStoredStart).toHaveBeenCalledTimes(1);
    expect(page.startSpotting).not.toHaveBeenCalled();
    expect(page.ask('getPageTerms', {})).toMatchObject({ url: document.location.href, active: true, terms: [] });
    expect(page.ask('revealTerm', { entryId: 'kfor' })).toBe(false);
    expect(page.ask('moveToTerm', { direction: 'next' })).toBe(false);
    expect(() => page!.ask('moveToTerm', { direction: 'up' })).toThrow(/direction/);
    // The popup's "Add to glossary" reads the selection without the spotting stage.
    const selection = document.createRange();
    selection.selectNodeContents(document.querySelector('p')!);
    document.getSelection()!.removeAllRanges();
    document.getSelection()!.addRange(selection);
    expect(page.ask('getSelection', {})).toEqual({
      text: 'Nothing to see here, in the north.',
      url: document.location.href,
    });
  });

  test('a child frame does not listen for the popup', async () => {
    page = await setUp({ topFrame: false });
    await page.start();
    expect(page.hasPopupListener()).toBe(false);
    expect(page.readStoredStart).toHaveBeenCalledTimes(1);
  });

  test('hands the page to the spotting stage at the first candidate, with its settings; the stage then answers the popup', async () => {
    const settings = { ...DEFAULT_SETTINGS, hoverDelayMs: 120 };
    page = await setUp({ settings });
    await page.start();
    document.body.insertAdjacentHTML('beforeend', '<p>Then KFOR arrived. KFOR stayed.</p>');
    await page.settle();
    expect(page.startSpotting).toHaveBeenCalledTimes(1);
    expect(page.handoff()!.settings).toEqual(settings);
    page.handoff()!.onPageRequest('revealTerm', () => true);
    expect(page.ask('revealTerm', { entryId: 'kfor' })).toBe(true);
    // Once handed over, changes are the spotting stage's to follow.
    expect(page.stopWatching).toHaveBeenCalled();
    await page.change({
      prefilter: await prefilterOf('v2', [...TERMS, { text: 'north', case: 'auto', entryIds: ['north'] }]),
    });
    expect(page.startSpotting).toHaveBeenCalledTimes(1);
  });

  test('a newly published prefilter naming a term the page mentions starts the spotting stage', async () => {
    page = await setUp();
    await page.start();
    expect(page.startSpotting).not.toHaveBeenCalled();
    await page.change({
      prefilter: await prefilterOf('v2', [...TERMS, { text: 'north', case: 'auto', entryIds: ['north'] }]),
    });
    expect(page.startSpotting).toHaveBeenCalledTimes(1);
  });

  test('with nothing published yet the frame waits for the first prefilter', async () => {
    page = await setUp({ published: null });
    document.body.insertAdjacentHTML('beforeend', '<p>KFOR</p>');
    await page.start();
    expect(page.startSpotting).not.toHaveBeenCalled();
    await page.change({ prefilter: await prefilterOf('v1', TERMS) });
    expect(page.startSpotting).toHaveBeenCalledTimes(1);
  });

  test('a damaged prefilter stops the walk with an error in the console, and nothing is started', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    page = await setUp({ published: { version: 'v1', prefilter: { format: 'something else' } } as never });
    document.body.insertAdjacentHTML('beforeend', '<p>KFOR</p>');
    await page.start();
    expect(page.startSpotting).not.toHaveBeenCalled();
    expect(logged).toHaveBeenCalledWith('Context Lens: the prefilter could not be read', expect.any(Error));
    logged.mockRestore();
  });

  test('spotting off: nothing is walked, the popup hears the page is off, and switching on walks', async () => {
    page = await setUp({ settings: { ...DEFAULT_SETTINGS, enabled: false } });
    document.body.insertAdjacentHTML('beforeend', '<p>KFOR</p>');
    await page.start();
    expect(page.startSpotting).not.toHaveBeenCalled();
    expect(page.ask('getPageTerms', {})).toMatchObject({ active: false, terms: [] });
    await page.change({ settings: { ...DEFAULT_SETTINGS, enabled: true } });
    expect(page.startSpotting).toHaveBeenCalledTimes(1);
  });

  test('an orphan of an updated extension starts nothing at its candidate', async () => {
    page = await setUp({ alive: false });
    document.body.insertAdjacentHTML('beforeend', '<p>KFOR</p>');
    await page.start();
    expect(page.startSpotting).not.toHaveBeenCalled();
    expect(page.stopWatching).toHaveBeenCalled();
  });
});
