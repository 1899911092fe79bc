/**
 * The content script of every frame: its first stage (lib/page/first-stage.ts).
 *
 * An unlisted script that wxt.config.ts declares as the manifest's content
 * script, rather than a WXT content-script entrypoint: WXT wraps those in a
 * ContentScriptContext, whose module reads `runtime.id` as it loads, and that
 * first touch of `runtime` costs every frame about a millisecond of Chrome's
 * API set-up (issue 17). The spotting stage creates the context once a page
 * has a candidate.
 */
import { browser } from 'wxt/browser';
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { answerEnvelopes, type EnvelopeListener, type RuntimeMessageEvent } from '@/lib/messaging/envelope';
import { checkSender } from '@/lib/messaging/sender';
import { startFirstStage } from '@/lib/page/first-stage';
import type { OnPageRequest } from '@/lib/page/page-requests';
import { readStoredStart, watchStoredStart } from '@/lib/page/first-stage-storage';
import { CANDIDATE_WALK_MODULE_PATH, type CandidateWalkModule } from '@/lib/page/candidate-walk-contract';
import { ownModuleLoader } from '@/lib/page/own-module';
import { SPOTTING_MODULE_PATH, type SpottingModule } from '@/lib/page/spotting-contract';

const loadCandidateWalk = ownModuleLoader<CandidateWalkModule>(CANDIDATE_WALK_MODULE_PATH, 'walkForCandidates');
const loadSpottingModule = ownModuleLoader<SpottingModule>(SPOTTING_MODULE_PATH, 'startSpotting');

export default defineUnlistedScript(() => {
  void startFirstStage({
    readStoredStart,
    watchStoredStart,
    // The popup asks the top frame only; child frames never listen, so never pay for `runtime`.
    onPageRequest: window.top === window ? answerExtensionPages() : undefined,
    isExtensionAlive: () => browser.runtime?.id !== undefined,
    loadCandidateWalk,
    startSpotting: async (handoff) => (await loadSpottingModule()).startSpotting(handoff),
  });
});

/** Requests from the extension's own pages (the popup), behind the sender check; nothing else may ask. */
function answerExtensionPages(): OnPageRequest {
  const listeners = new Map<string, EnvelopeListener>();
  answerEnvelopes(browser.runtime.onMessage as unknown as RuntimeMessageEvent, (type) => listeners.get(type));
  return (type, handler) => {
    listeners.set(type, async ({ data, sender }) => {
      checkSender(sender, 'extension-page', { id: browser.runtime.id, baseUrl: browser.runtime.getURL('/') });
      return handler(data);
    });
  };
}
