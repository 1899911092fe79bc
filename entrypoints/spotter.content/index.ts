import { defineContentScript } from 'wxt/utils/define-content-script';
import { sendMessage } from '@/lib/messaging/protocol';
import { startSpotter } from '@/lib/page/spotter';
import '@/components/card.css';

export default defineContentScript({
  matches: ['<all_urls>'],
  runAt: 'document_idle',
  // The card's styles go into its shadow root, never into the page.
  cssInjectionMode: 'ui',
  async main(ctx) {
    await startSpotter(ctx, {
      fetchTermIndex: () => sendMessage('getTermIndex', { knownVersion: null }),
      cardData: {
        loadDetail: (entryId) => sendMessage('getEntryDetail', { entryId }),
        addNote: async (entryId, text) => void (await sendMessage('addNote', { entryId, text })),
        updateNote: async (noteId, text) => void (await sendMessage('updateNote', { noteId, text })),
        deleteNote: (noteId) => sendMessage('deleteNote', { noteId }),
      },
    });
  },
});
