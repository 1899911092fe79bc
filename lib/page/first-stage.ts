/**
 * The content script's first stage, which runs in every frame of every page
 * and so holds only what a page without any term needs (issue 17): the frame
 * gate, the settings check, the prefilter (a few KB, lib/matcher/prefilter.ts)
 * and its walk of the reading text, and the popup's questions answered as
 * "nothing spotted". At the first candidate it hands the page to the spotting
 * stage (spotting-contract.ts), a module imported only then, which fetches
 * the term index, underlines and opens cards.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { prefilterFromCompiled, type Prefilter } from '../matcher/prefilter';
import { parsePageRequest, type PageRequestType } from '../messaging/page-protocol';
import type { TermPrefilter } from '../messaging/protocol';
import { isActiveOn, type Settings } from '../settings';
import { watchForCandidates } from './candidate-watch';
import { CARD_HOST_NAME } from './card-contract';
import { safeStop } from './context-guard';
import { whenFrameWorthSpotting } from './frame-gate';
import { pageSelection } from './page-selection';
import type { OnPageRequest, PageRequestHandler } from './page-requests';

export interface FirstStageDependencies {
  /** The prefilter of the term index, or null when `knownVersion` is still current. */
  fetchTermPrefilter(knownVersion: string | null): Promise<TermPrefilter | null>;
  /** Calls back when entries or aliases changed anywhere (own entry saved, pack imported). */
  watchTermsChanges(onChange: () => void): () => void;
  loadSettings(): Promise<Settings>;
  watchSettings(onChange: (settings: Settings) => void): () => void;
  /** Registers a handler for requests from the extension's own pages (sender checks happen there). */
  onPageRequest: OnPageRequest;
  /** Loads the spotting stage and starts it on this frame; it answers the popup through `onPageRequest`. */
  startSpotting(onPageRequest: OnPageRequest): Promise<void>;
}

/** Resolves once the frame is settled: left alone, watched with the prefilter, or handed to the spotting stage. */
export async function startFirstStage(
  ctx: ContentScriptContext,
  deps: FirstStageDependencies,
  document: Document = window.document,
): Promise<void> {
  // Before any message: cross-origin and ad frames stop here, hidden and tiny ones wait to be shown.
  if (!(await whenFrameWorthSpotting(document.defaultView ?? window, ctx.signal))) return;
  let settings = await deps.loadSettings();
  const isActive = () => isActiveOn(settings, document.location?.hostname ?? '');
  let prefilter: { version: string; filter: Prefilter } | undefined;
  let walk: AbortController | undefined;
  let handedOver = false;

  // The popup's questions go to every frame of a tab and the first answer wins, so only the top frame answers.
  // A type can have one handler only, so the spotting stage's answers are relayed through these.
  const spottingAnswers = new Map<PageRequestType, PageRequestHandler<PageRequestType>>();
  if (window.top === window) {
    const relay = <T extends PageRequestType>(type: T, beforeSpotting: PageRequestHandler<T>) =>
      deps.onPageRequest(type, (data) => {
        const handler = spottingAnswers.get(type) as PageRequestHandler<T> | undefined;
        return handler ? handler(data) : beforeSpotting(data);
      });
    relay('getPageTerms', (data) => {
      parsePageRequest('getPageTerms', data);
      const { href: url, hostname } = document.location;
      return { url, hostname, title: document.title, active: isActive(), terms: [] };
    });
    relay('getSelection', (data) => {
      parsePageRequest('getSelection', data);
      return pageSelection(document);
    });
    // Nothing is underlined yet, so there is no term to reveal or move to.
    relay('revealTerm', (data) => (parsePageRequest('revealTerm', data), false));
    relay('moveToTerm', (data) => (parsePageRequest('moveToTerm', data), false));
  }

  const stopWatching = () => {
    walk?.abort();
    walk = undefined;
  };
  const watch = async () => {
    if (!prefilter) {
      const received = await deps.fetchTermPrefilter(null);
      if (!received || ctx.isInvalid) return;
      prefilter ??= { version: received.version, filter: decodedOnFirstText(received.prefilter) };
    }
    if (!isActive() || walk || handedOver) return;
    walk = new AbortController();
    watchForCandidates(document.body ?? document.documentElement, prefilter.filter, {
      ownHostName: CARD_HOST_NAME,
      signal: AbortSignal.any([ctx.signal, walk.signal]),
      onCandidate: () => void handOver(),
    });
  };
  const stopWatchingSettings = deps.watchSettings((changed) => {
    settings = changed;
    if (!isActive()) stopWatching();
    else void watch();
  });
  const stopWatchingTerms = deps.watchTermsChanges(async () => {
    if (handedOver) return;
    const newer = await deps.fetchTermPrefilter(prefilter?.version ?? null);
    if (!newer || ctx.isInvalid || handedOver) return;
    prefilter = { version: newer.version, filter: decodedOnFirstText(newer.prefilter) };
    // The new terms may be on the page already: walk it again with them.
    stopWatching();
    if (isActive()) await watch();
  });
  const stopFollowing = () => {
    safeStop(stopWatchingSettings)();
    safeStop(stopWatchingTerms)();
  };
  ctx.onInvalidated(() => {
    stopWatching();
    stopFollowing();
  });

  // The spotting stage follows the settings and the terms itself from here on.
  const handOver = async () => {
    if (handedOver) return;
    handedOver = true;
    stopWatching();
    stopFollowing();
    await deps.startSpotting((type, handler) => {
      spottingAnswers.set(type, handler as PageRequestHandler<PageRequestType>);
    });
  };

  if (isActive()) await watch();
}

/**
 * The prefilter of `payload`, decoded when the walk first meets reading text:
 * a frame without text (blank, or only an empty shell so far) never needs it,
 * and decoding took about 2.6 ms of the empty page's CPU (bench/pages.bench.ts). A
 * payload that is not a prefilter throws there, and the walk stops.
 */
function decodedOnFirstText(payload: unknown): Prefilter {
  let decoded: Prefilter | undefined;
  return { mayMatch: (text) => (decoded ??= prefilterFromCompiled(payload)).mayMatch(text) };
}
