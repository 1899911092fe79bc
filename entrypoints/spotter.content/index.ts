import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { sendMessage } from '@/lib/messaging/messenger';
import { pageMessenger } from '@/lib/messaging/page-protocol';
import { checkSender } from '@/lib/messaging/sender';
import { loadCardModule } from '@/lib/page/card-loader';
import { Spotter } from '@/lib/page/spotter';
import { NOTE_EDITOR_PATH, noteEditorUrl } from '@/lib/note-editor-link';
import { guardContentScriptContext, scriptStartedEventName } from '@/lib/page/context-guard';
import { loadSettings, watchSettings } from '@/lib/settings';
import { watchNoteChanges, watchTermsChanges } from '@/lib/signals';

export default defineContentScript({
  matches: ['<all_urls>'],
  // Same-origin frames get their own spotter and card. Cross-origin frames get the script too (a
  // manifest cannot tell them apart), but the spotter stops there at once (lib/page/frame-gate.ts).
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
    const noteEditorPage = browser.runtime.getURL(NOTE_EDITOR_PATH);
    const self = { id: browser.runtime.id, baseUrl: browser.runtime.getURL('/') };
    const spotter = new Spotter(ctx, {
      fetchTermPrefilter: (knownVersion) => sendMessage('getTermPrefilter', { knownVersion }),
      fetchTermIndex: (knownVersion) => sendMessage('getTermIndex', { knownVersion }),
      watchTermsChanges,
      reportSightings: (title, entryIds) => sendMessage('recordSightings', { title: title.slice(0, 1000), entryIds }),
      loadSettings,
      watchSettings,
      loadCardModule,
      cardData: {
        loadDetail: (entryId) => sendMessage('getEntryDetail', { entryId }),
        deleteNote: (noteId) => sendMessage('deleteNote', { noteId }),
        watchNoteChanges,
        // Notes are typed and saved in an extension page inside the card, where the page's key listeners
        // cannot read them; this script only deletes them.
        noteEditor: {
          url: (entryId, noteId) => noteEditorUrl(noteEditorPage, { entryId, noteId }),
          // Chrome serves the page from a per-session address, but its document has the extension's own origin.
          origin: new URL(browser.runtime.getURL('/')).origin,
        },
      },
      // Only the extension's own pages and background may ask a tab about its page.
      onPageRequest: (type, handler) =>
        pageMessenger.onMessage(type, ({ data, sender }) => {
          checkSender(sender, 'extension-page', self);
          return handler(data);
        }),
    });
    await spotter.start();
  },
});
