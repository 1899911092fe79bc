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
import * as candidateWalkModule from './candidate-walk-module';
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
  const loadCandidateWalk = vi.fn(async () => candidateWalkModule);
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
    loadCandidateWalk,
    startSpotting,
  };
  const settle = () => vi.advanceTimersByTimeAsync(50);
  return {
    deps,
    lifetime,
    readStoredStart,
    loadCandidateWalk,
    startSpotting,
    stopWatching,
    settle,
    start: async () => {
      const started = startFirstStage(deps, document, lifetime.signal);
      await settle();
      await started;
      await settle();
    },
    /** Starts it without waiting for it to settle: a frame without text stays unsettled until text comes. */
    launch: async () => {
      void startFirstStage(deps, document, lifetime.signal);
      await settle();
    },
    hasPopupListener: () => handlers.size > 0,
    ask: <T extends PageRequestType>(type: T, data: unknown) => {
      const handler = handlers.get(type);
      if (!handler) throw new Error(`no handler for ${type}`);
      return handler(data) as ReturnType<PageProtocolMap[T]> | Promise<ReturnType<PageProtocolMap[T]>>;
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
    await expect(page.ask('getPageTerms', {})).resolves.toMatchObject({
      url: document.location.href,
      active: true,
      terms: [],
    });
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

  test('a frame without text reads nothing and loads no walk until text arrives', async () => {
    document.body.innerHTML = '<!-- an app shell --><div><img alt=""></div><script>var x = 1;</script>';
    page = await setUp({ settings: { ...DEFAULT_SETTINGS, enabled: false } });
    await page.launch();
    expect(page.readStoredStart).not.toHaveBeenCalled();
    expect(page.loadCandidateWalk).not.toHaveBeenCalled();
    // The popup's answer reads the settings itself then.
    await expect(page.ask('getPageTerms', {})).resolves.toMatchObject({ active: false, terms: [] });
    expect(page.readStoredStart).toHaveBeenCalledTimes(1);
    document.querySelector('script')!.textContent = 'var y = "KFOR";';
    await page.settle();
    expect(page.loadCandidateWalk).not.toHaveBeenCalled();
    document.querySelector('div')!.insertAdjacentHTML('beforeend', '<p>Then KFOR arrived.</p>');
    await page.settle();
    expect(page.readStoredStart).toHaveBeenCalledTimes(2);
    // Spotting is off: the settings were read, but no walk is loaded for them.
    expect(page.loadCandidateWalk).not.toHaveBeenCalled();
    await page.change({ settings: { ...DEFAULT_SETTINGS, enabled: true } });
    expect(page.loadCandidateWalk).toHaveBeenCalledTimes(1);
    expect(page.startSpotting).toHaveBeenCalledTimes(1);
  });

  test('a walk stopped while its module loads does not start', async () => {
    page = await setUp();
    let release: () => void = () => undefined;
    page.loadCandidateWalk.mockImplementationOnce(
      () => new Promise((resolve) => (release = () => resolve(candidateWalkModule))),
    );
    document.body.insertAdjacentHTML('beforeend', '<p>KFOR</p>');
    await page.start();
    // Switched off while the first load is pending, then the module arrives.
    await page.change({ settings: { ...DEFAULT_SETTINGS, enabled: false } });
    release();
    await page.settle();
    expect(page.startSpotting).not.toHaveBeenCalled();
    await page.change({ settings: { ...DEFAULT_SETTINGS, enabled: true } });
    expect(page.startSpotting).toHaveBeenCalledTimes(1);
  });

  test('a walk that cannot be loaded is reported, and tried again at the next change', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    page = await setUp();
    page.loadCandidateWalk.mockRejectedValueOnce(new Error('Failed to fetch dynamically imported module'));
    document.body.insertAdjacentHTML('beforeend', '<p>KFOR</p>');
    await page.start();
    expect(logged).toHaveBeenCalledWith('Context Lens: the prefilter walk could not be loaded', expect.any(Error));
    expect(page.startSpotting).not.toHaveBeenCalled();
    await page.change({ settings: { ...DEFAULT_SETTINGS, hoverDelayMs: 200 } });
    expect(page.startSpotting).toHaveBeenCalledTimes(1);
    logged.mockRestore();
  });

  test('an orphan that waited for text stops quietly when storage is gone with its extension', async () => {
    document.body.innerHTML = '';
    page = await setUp({ alive: false });
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    page.readStoredStart.mockRejectedValue(new Error('Extension context invalidated.'));
    const settled = vi.fn();
    const started = startFirstStage(page.deps, document, page.lifetime.signal).then(settled);
    await page.settle();
    document.body.insertAdjacentHTML('beforeend', '<p>KFOR</p>');
    await page.settle();
    await started;
    expect(settled).toHaveBeenCalled();
    expect(page.loadCandidateWalk).not.toHaveBeenCalled();
    expect(logged).not.toHaveBeenCalled();
    logged.mockRestore();
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
    await expect(page.ask('getPageTerms', {})).resolves.toMatchObject({ active: false, terms: [] });
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
