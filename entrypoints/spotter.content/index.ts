import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { sendMessage } from '@/lib/messaging/messenger';
import { pageMessenger } from '@/lib/messaging/page-protocol';
import { checkSender } from '@/lib/messaging/sender';
import { guardContentScriptContext, scriptStartedEventName } from '@/lib/page/context-guard';
import { startFirstStage } from '@/lib/page/first-stage';
import { fetchTermIndex } from '@/lib/page/term-index-transfer';
import { ownModuleLoader } from '@/lib/page/own-module';
import { SPOTTING_MODULE_PATH, type SpottingModule } from '@/lib/page/spotting-contract';
import { loadSettings, watchSettings } from '@/lib/settings';
import { watchTermsChanges } from '@/lib/signals';

const loadSpottingModule = ownModuleLoader<SpottingModule>(SPOTTING_MODULE_PATH, 'startSpotting');

export default defineContentScript({
  matches: ['<all_urls>'],
  // Same-origin frames get their own spotter and card. Cross-origin frames get the script too (a
  // manifest cannot tell them apart), but it stops there at once (lib/page/frame-gate.ts).
  allFrames: true,
  runAt: 'document_idle',
  // No stylesheet of this script's own: the card's styles come with its module
  // (components/card-host.tsx) and go into its shadow root, never into the page.
  cssInjectionMode: 'manual',
  // WXT would otherwise announce each start with a window.postMessage that every page script
  // hears, and whose type carries the extension id (a fingerprint). Its custom event remains.
  noScriptStartedPostMessage: true,
  async main(ctx) {
    // First, before any listener of ours: pages must not end this script, and a dead one must go quiet.
    guardContentScriptContext(ctx, scriptStartedEventName(browser.runtime.id, 'spotter'));
    const self = { id: browser.runtime.id, baseUrl: browser.runtime.getURL('/') };
    // This script runs in every frame, so it holds only the prefilter's first stage; the spotting
    // stage (term index, underlines, cards) is imported at the first candidate (lib/page/first-stage.ts).
    await startFirstStage(ctx, {
      fetchTermPrefilter: (knownVersion) => sendMessage('getTermPrefilter', { knownVersion }),
      watchTermsChanges,
      loadSettings,
      watchSettings,
      // Only the extension's own pages and background may ask a tab about its page.
      onPageRequest: (type, handler) =>
        pageMessenger.onMessage(type, ({ data, sender }) => {
          checkSender(sender, 'extension-page', self);
          return handler(data);
        }),
      startSpotting: async (onPageRequest) => {
        // Asked for while the module loads: the term index is the longer wait (about 550 KB in chunks at 10,000 aliases).
        const termIndex = fetchTermIndex(null);
        // Handled by the spotting stage once it awaits it; this keeps a failure from going unhandled before then.
        termIndex.catch(() => undefined);
        return (await loadSpottingModule()).startSpotting(ctx, onPageRequest, termIndex);
      },
    });
  },
});
