/**
 * The content script's first stage, which runs in every frame of every page
 * and so holds only what a page without any term needs (issue 17). In order,
 * each step only for a frame the one before let through:
 *
 * 1. the frame gate (cross-origin, ad-slot, hidden and tiny frames);
 * 2. text: a frame with none yet (blank, an app shell, images only) waits
 *    for some with one MutationObserver (text-presence.ts);
 * 3. one storage read of the settings and the prefilter the background
 *    published (lib/published-prefilter.ts);
 * 4. the prefilter's walk of the reading text, a module imported only now
 *    (candidate-walk-contract.ts);
 * 5. at the first candidate, the spotting stage (spotting-contract.ts), a
 *    module that fetches the term index, underlines and opens cards.
 *
 * The top frame also answers the popup's questions from the start, as
 * "nothing spotted" until the spotting stage takes them over.
 *
 * What it does not do is as deliberate: it sends no message and, in child
 * frames, touches no `runtime` API before step 4. Chrome sets up each
 * extension API namespace the first time a content script touches it, at
 * about a millisecond each, and compiles every byte of the script in every
 * frame, whatever the frame then does. WXT's ContentScriptContext reads
 * `runtime.id` when its module loads, so it belongs to the spotting stage;
 * this stage's lifetime is its own AbortController, ended when a candidate
 * finds the extension gone (updated or reloaded under the page).
 */
import { parsePageRequest, type PageRequestType } from '../messaging/page-protocol';
import type { TermPrefilter } from '../messaging/protocol';
import { isActiveOn, type Settings } from '../settings';
import type { CandidateWalkModule } from './candidate-walk-contract';
import { CARD_HOST_NAME } from './card-contract';
import { whenFrameWorthSpotting } from './frame-gate';
import { pageSelection } from './page-selection';
import type { OnPageRequest, PageRequestHandler } from './page-requests';
import type { SpottingHandoff } from './spotting-contract';
import { whenHoldingText } from './text-presence';

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
  /** Loads the prefilter walk (once; later calls share the first load). */
  loadCandidateWalk(): Promise<CandidateWalkModule>;
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

  // Until the settings are read (a frame without text never reads them), the popup's answer reads them itself.
  let settings: Settings | undefined;
  const isActiveNow = async () =>
    isActiveOn(settings ?? (await deps.readStoredStart()).settings, document.location?.hostname ?? '');
  // The spotting stage's answers are relayed through these: a request type can have one handler only.
  const spottingAnswers = new Map<PageRequestType, PageRequestHandler<PageRequestType>>();
  if (deps.onPageRequest) answerThePopup(deps.onPageRequest, spottingAnswers, document, isActiveNow);

  const root = document.body ?? document.documentElement;
  if (!(await whenHoldingText(root, stopped))) return;

  let stored: StoredStart;
  try {
    stored = await deps.readStoredStart();
  } catch (error) {
    // A frame can wait for text for a long time: the extension may have been updated or removed meanwhile.
    if (!deps.isExtensionAlive()) return;
    throw error;
  }
  settings = stored.settings;
  const isActive = () => isActiveOn(settings!, document.location?.hostname ?? '');
  let prefilter = stored.prefilter?.prefilter;
  let walk: AbortController | undefined;
  let handedOver = false;

  const stopWatching = () => {
    walk?.abort();
    walk = undefined;
  };
  const watch = () => {
    if (!prefilter || !isActive() || walk || handedOver || stopped.aborted) return;
    const thisWalk = (walk = new AbortController());
    const walkSignal = AbortSignal.any([stopped, thisWalk.signal]);
    const payload = prefilter;
    void (async () => {
      const { walkForCandidates } = await deps.loadCandidateWalk();
      // Stopped while the module loaded: a new walk (or none) replaces this one.
      if (walkSignal.aborted) return;
      walkForCandidates(document.body ?? document.documentElement, payload, {
        ownHostName: CARD_HOST_NAME,
        signal: walkSignal,
        onCandidate: () => void handOver(),
      });
    })().catch((error: unknown) => {
      if (walk === thisWalk) walk = undefined;
      // An orphan of an updated or removed extension can load nothing more, and that is no error.
      if (deps.isExtensionAlive()) console.error('Context Lens: the prefilter walk could not be loaded', error);
    });
  };
  const stopFollowing = deps.watchStoredStart((change) => {
    if (handedOver) return;
    if (change.settings) settings = change.settings;
    if (change.prefilter !== undefined) {
      prefilter = change.prefilter?.prefilter ?? undefined;
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
      settings: settings!,
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
  isActiveNow: () => Promise<boolean>,
): void {
  const relay = <T extends PageRequestType>(type: T, beforeSpotting: PageRequestHandler<T>) =>
    onPageRequest(type, (data) => {
      const handler = spottingAnswers.get(type) as PageRequestHandler<T> | undefined;
      return handler ? handler(data) : beforeSpotting(data);
    });
  relay('getPageTerms', async (data) => {
    parsePageRequest('getPageTerms', data);
    const { href: url, hostname } = document.location;
    return { url, hostname, title: document.title, active: await isActiveNow(), terms: [] };
  });
  relay('getSelection', (data) => {
    parsePageRequest('getSelection', data);
    return pageSelection(document);
  });
  // Nothing is underlined yet, so there is no term to reveal or move to.
  relay('revealTerm', (data) => (parsePageRequest('revealTerm', data), false));
  relay('moveToTerm', (data) => (parsePageRequest('moveToTerm', data), false));
}
