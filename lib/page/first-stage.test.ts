/**
 * The content script's first stage through its dependencies: a real
 * prefilter compiled as the background does, settings and term changes
 * pushed by the test, the popup's requests called as the messenger would,
 * and a spotting stage that only records that it was started.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { compilePageTermIndex } from '../background/page-term-index';
import type { PageProtocolMap, PageRequestType } from '../messaging/page-protocol';
import type { Term } from '../model';
import { DEFAULT_SETTINGS, type Settings } from '../settings';
import { startFirstStage, type FirstStageDependencies } from './first-stage';
import type { OnPageRequest, PageRequestHandler } from './page-requests';

const TERMS: Term[] = [{ text: 'KFOR', case: 'auto', entryIds: ['kfor'] }];

async function setUp(settings: Settings = { ...DEFAULT_SETTINGS }) {
  const ctx = new ContentScriptContext('first-stage-test', { noScriptStartedPostMessage: true });
  let current = await compilePageTermIndex({ version: 'v1', terms: TERMS, links: {} });
  const fetchTermPrefilter = vi.fn(async (known: string | null) =>
    known === current.version ? null : { version: current.version, prefilter: current.prefilter },
  );
  let pushTermsChange: () => void = () => undefined;
  const handlers = new Map<PageRequestType, PageRequestHandler<PageRequestType>>();
  let spottingAnswers: OnPageRequest | undefined;
  const startSpotting = vi.fn(async (onPageRequest: OnPageRequest) => {
    spottingAnswers = onPageRequest;
  });
  const deps: FirstStageDependencies = {
    fetchTermPrefilter,
    watchTermsChanges: (onChange) => {
      pushTermsChange = onChange;
      return () => undefined;
    },
    loadSettings: async () => settings,
    watchSettings: () => () => undefined,
    onPageRequest: (type, handler) => void handlers.set(type, handler as PageRequestHandler<PageRequestType>),
    startSpotting,
  };
  const settle = () => vi.advanceTimersByTimeAsync(50);
  return {
    ctx,
    fetchTermPrefilter,
    startSpotting,
    settle,
    start: async () => {
      const started = startFirstStage(ctx, deps, document);
      await settle();
      await started;
      await settle();
    },
    ask: <T extends PageRequestType>(type: T, data: unknown) => {
      const handler = handlers.get(type);
      if (!handler) throw new Error(`no handler for ${type}`);
      return handler(data) as ReturnType<PageProtocolMap[T]>;
    },
    /** The spotting stage's own answers, once it has been started. */
    spottingAnswers: () => spottingAnswers,
    changeTerms: async (terms: Term[]) => {
      current = await compilePageTermIndex({ version: 'v2', terms, links: {} });
      pushTermsChange();
      await settle();
    },
  };
}

describe('the first stage', () => {
  let ctx: ContentScriptContext | undefined;
  beforeEach(() => {
    vi.useFakeTimers();
    document.body.innerHTML = '<p>Nothing to see here, in the north.</p>';
  });
  afterEach(() => {
    ctx?.notifyInvalidated();
    vi.useRealTimers();
  });

  test('on a page without terms asks only for the prefilter, and tells the popup there are none', async () => {
    const page = await setUp();
    ctx = page.ctx;
    await page.start();
    expect(page.fetchTermPrefilter.mock.calls).toEqual([[null]]);
    expect(page.startSpotting).not.toHaveBeenCalled();
    expect(page.ask('getPageTerms', {})).toMatchObject({ url: document.location.href, active: true, terms: [] });
    expect(page.ask('revealTerm', { entryId: 'kfor' })).toBe(false);
    expect(page.ask('moveToTerm', { direction: 'next' })).toBe(false);
    expect(() => page.ask('moveToTerm', { direction: 'up' })).toThrow(/direction/);
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

  test('hands the page to the spotting stage at the first candidate, which then answers the popup', async () => {
    const page = await setUp();
    ctx = page.ctx;
    await page.start();
    document.body.insertAdjacentHTML('beforeend', '<p>Then KFOR arrived. KFOR stayed.</p>');
    await page.settle();
    expect(page.startSpotting).toHaveBeenCalledTimes(1);
    page.spottingAnswers()!('getPageTerms', () => ({ url: '', hostname: '', title: '', active: true, terms: [] }));
    page.spottingAnswers()!('revealTerm', () => true);
    expect(page.ask('revealTerm', { entryId: 'kfor' })).toBe(true);
    // Once handed over, term changes are the spotting stage's to follow.
    await page.changeTerms([...TERMS, { text: 'north', case: 'auto', entryIds: ['north'] }]);
    expect(page.fetchTermPrefilter).toHaveBeenCalledTimes(1);
  });

  test('a term added to the glossary that the page mentions starts the spotting stage', async () => {
    const page = await setUp();
    ctx = page.ctx;
    await page.start();
    expect(page.startSpotting).not.toHaveBeenCalled();
    await page.changeTerms([...TERMS, { text: 'north', case: 'auto', entryIds: ['north'] }]);
    expect(page.fetchTermPrefilter.mock.calls).toEqual([[null], ['v1']]);
    expect(page.startSpotting).toHaveBeenCalledTimes(1);
  });

  test('spotting off: no prefilter is asked for, and the popup hears the page is off', async () => {
    const page = await setUp({ ...DEFAULT_SETTINGS, enabled: false });
    ctx = page.ctx;
    await page.start();
    expect(page.fetchTermPrefilter).not.toHaveBeenCalled();
    expect(page.ask('getPageTerms', {})).toMatchObject({ active: false, terms: [] });
  });
});
