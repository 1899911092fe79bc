import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { getDatabase } from '@/lib/db/database';
import { BUNDLED_PACK_PATH } from '@/lib/packs/bundled';
import { createAppContext } from '@/lib/app/app-context';
import { ensureBundledPack } from '@/lib/app/packs';
import { createBackgroundService } from '@/lib/background/service';
import { keepPrefilterPublished } from '@/lib/background/prefilter-publisher';
import { getTermsVersion } from '@/lib/db/terms';
import { readLocal, writeLocal } from '@/lib/local-storage';
import { PUBLISHED_PREFILTER_KEY } from '@/lib/published-prefilter';
import { watchTermsChanges } from '@/lib/signals';
import { listenForRequests } from '@/lib/messaging/handlers';
import { pageMessenger } from '@/lib/messaging/page-messenger';
import { offerAddToGlossaryMenu } from '@/lib/background/add-to-glossary-menu';
import { t } from '@/lib/i18n';
import { startSubscriptionChecks } from '@/lib/subscriptions/browser-service';
import { startSync } from '@/lib/sync/browser-service';

export default defineBackground(() => {
  const app = createAppContext(getDatabase());
  // Checked at every start, not only on install: cheap when current, and it
  // repairs a database that lost the pack (cleared storage, failed update).
  // Open tabs hear of a new pack and spot with its terms straight away.
  const ready = ensureBundledPack(app, async () => {
    const response = await fetch(browser.runtime.getURL(BUNDLED_PACK_PATH));
    return response.json();
  }).catch((error: unknown) => {
    console.error('Context Lens: the bundled pack could not be loaded', error);
  });

  const { handlers, currentPrefilter } = createBackgroundService(app, ready);
  // Our own receiving end (not the messenger's): unknown and prototype-named types get a plain refusal.
  listenForRequests(chrome.runtime.onMessage, handlers, {
    id: browser.runtime.id,
    baseUrl: browser.runtime.getURL('/'),
  });

  // Every frame's first stage reads the prefilter from storage with the settings, asking nothing of this worker.
  keepPrefilterPublished({
    termsVersion: async () => (await ready, getTermsVersion(app.db)),
    currentPrefilter,
    readPublished: () => readLocal(PUBLISHED_PREFILTER_KEY),
    publish: (prefilter) => writeLocal(PUBLISHED_PREFILTER_KEY, prefilter),
    watchTermsChanges,
    reportError: (error) => console.error('Context Lens: the term prefilter could not be published', error),
  });

  // Followed packs are checked once a day; with no subscription nothing is scheduled or fetched.
  startSubscriptionChecks(app);

  // Notes, own entries and settings follow the reader through storage.sync (on unless switched off).
  startSync(app).catch((error: unknown) => console.error('Context Lens: sync could not start', error));

  // "Add “…” to the glossary" on a selection opens the editor prefilled with it and the page's address;
  // %s is where the browser puts the selected text. Not on Firefox for Android, which has no context menus.
  offerAddToGlossaryMenu(browser, t('contextMenuAdd'));

  // Keyboard navigation between spotted terms: the command arrives here, the work happens in the tab.
  browser.commands?.onCommand.addListener((command, tab) => {
    if (tab?.id === undefined || (command !== 'next-term' && command !== 'previous-term')) return;
    const direction = command === 'next-term' ? 'next' : 'previous';
    pageMessenger.sendMessage('moveToTerm', { direction }, tab.id).catch(() => {
      // No content script in this tab (a browser page, or not loaded yet): nothing to move to.
    });
  });
});
