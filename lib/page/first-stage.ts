/**
 * The content script's first stage, which runs in every frame of every page
 * and so holds only what a page without any term needs (issue 17): the frame
 * gate, one storage read of the settings and the prefilter the background
 * published (lib/published-prefilter.ts), the prefilter's walk of the reading
 * text, and in the top frame the popup's questions answered as "nothing
 * spotted". At the first candidate it hands the page to the spotting stage
 * (spotting-contract.ts), a module imported only then, which fetches the
 * term index, underlines and opens cards.
 *
 * What it does not do is as deliberate: it sends no message and, in child
 * frames, touches no `runtime` API. Chrome sets up each extension API
 * namespace the first time a content script touches it, at about a
 * millisecond each; `storage` is the only one a page without terms pays
 * for, and the top frame also pays for `runtime` to hear the popup. WXT's
 * ContentScriptContext reads `runtime.id` when its module loads, so it
 * belongs to the spotting stage; this stage's lifetime is its own
 * AbortController, ended when a candidate finds the extension gone (updated
 * or reloaded under the page).
 */
import { prefilterFromCompiled, type Prefilter } from '../matcher/prefilter';
import { parsePageRequest, type PageRequestType } from '../messaging/page-protocol';
import type { TermPrefilter } from '../messaging/protocol';
import { isActiveOn, type Settings } from '../settings';
import { watchForCandidates } from './candidate-watch';
import { CARD_HOST_NAME } from './card-contract';
import { whenFrameWorthSpotting } from './frame-gate';
import { pageSelection } from './page-selection';
import type { OnPageRequest, PageRequestHandler } from './page-requests';
import type { SpottingHandoff } from './spotting-contract';

/** What a frame needs from storage to start: both are read together, in one storage call. */
export interface StoredStart {
  settings: Settings;
  /** Undefined until the background has published one (just installed), or when the stored one is damaged. */
  prefilter: TermPrefilter | undefined;
}

/** A change of either: `settings` when they changed, `prefilter` when a new one was published (null: removed or damaged). */
export interface StoredStartChange {
  settings?: Settings;
  prefilter?: TermPrefilter | null;
}

export interface FirstStageDependencies {
  readStoredStart(): Promise<StoredStart>;
  watchStoredStart(onChange: (change: StoredStartChange) => void): () => void;
  /**
   * Registers a handler for the popup's requests (sender checks happen there).
   * Only the top frame is given one: the popup's first answer wins, and a child
   * frame that never listens never pays for the `runtime` API.
   */
  onPageRequest?: OnPageRequest;
  /** False once the extension was updated, reloaded or removed under this page. */
  isExtensionAlive(): boolean;
  /** Loads the spotting stage and starts it on this frame. */
  startSpotting(handoff: SpottingHandoff): Promise<void>;
}

/** Resolves once the frame is settled: left alone, watched with the prefilter, or handed to the spotting stage. */
export async function startFirstStage(
  deps: FirstStageDependencies,
  document: Document = window.document,
  signal: AbortSignal = new AbortController().signal,
): Promise<void> {
  const lifetime = new AbortController();
  const stopped = AbortSignal.any([signal, lifetime.signal]);
  // Before any storage read: cross-origin and ad frames stop here, hidden and tiny ones wait to be shown.
  if (!(await whenFrameWorthSpotting(document.defaultView ?? window, stopped))) return;
  const stored = await deps.readStoredStart();
  let settings = stored.settings;
  const isActive = () => isActiveOn(settings, document.location?.hostname ?? '');
  let prefilter = stored.prefilter && decodedOnFirstText(stored.prefilter.prefilter);
  let walk: AbortController | undefined;
  let handedOver = false;

  // The spotting stage's answers are relayed through these: a request type can have one handler only.
  const spottingAnswers = new Map<PageRequestType, PageRequestHandler<PageRequestType>>();
  if (deps.onPageRequest) answerThePopup(deps.onPageRequest, spottingAnswers, document, isActive);

  const stopWatching = () => {
    walk?.abort();
    walk = undefined;
  };
  const watch = () => {
    if (!prefilter || !isActive() || walk || handedOver || stopped.aborted) return;
    walk = new AbortController();
    watchForCandidates(document.body ?? document.documentElement, prefilter, {
      ownHostName: CARD_HOST_NAME,
      signal: AbortSignal.any([stopped, walk.signal]),
      onCandidate: () => void handOver(),
    });
  };
  const stopFollowing = deps.watchStoredStart((change) => {
    if (handedOver) return;
    if (change.settings) settings = change.settings;
    if (change.prefilter !== undefined) {
      prefilter = change.prefilter ? decodedOnFirstText(change.prefilter.prefilter) : undefined;
      // The new terms may be on the page already: walk it again with them.
      stopWatching();
    }
    if (!isActive()) stopWatching();
    watch();
  });
  stopped.addEventListener('abort', () => {
    stopWatching();
    stopFollowing();
  });

  // The spotting stage follows the settings and the terms itself from here on.
  const handOver = async () => {
    if (handedOver) return;
    handedOver = true;
    stopWatching();
    stopFollowing();
    // An orphan of an updated or removed extension must not start anything: the new version runs its own.
    if (!deps.isExtensionAlive()) {
      lifetime.abort();
      return;
    }
    await deps.startSpotting({
      settings,
      onPageRequest: (type, handler) => {
        spottingAnswers.set(type, handler as PageRequestHandler<PageRequestType>);
      },
    });
  };

  watch();
}

/** The popup's questions before any term is spotted, relayed to the spotting stage once it answers them. */
function answerThePopup(
  onPageRequest: OnPageRequest,
  spottingAnswers: ReadonlyMap<PageRequestType, PageRequestHandler<PageRequestType>>,
  document: Document,
  isActive: () => boolean,
): void {
  const relay = <T extends PageRequestType>(type: T, beforeSpotting: PageRequestHandler<T>) =>
    onPageRequest(type, (data) => {
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

/**
 * The prefilter of `payload`, read when the walk first meets reading text:
 * a frame without text (blank, or only an empty shell so far) never needs it,
 * nor the fold tables (384 KB) that reading it allocates (fold.ts). A
 * payload that is not a prefilter throws there, and the walk stops.
 */
function decodedOnFirstText(payload: unknown): Prefilter {
  let decoded: Prefilter | undefined;
  return { mayMatch: (text) => (decoded ??= prefilterFromCompiled(payload)).mayMatch(text) };
}
