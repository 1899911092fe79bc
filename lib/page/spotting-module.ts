/**
 * The spotting stage's module (content-scripts/spotting.js, see
 * spotting-contract.ts): everything the content script needs once the page
 * may mention a term. Imported into the content script's isolated world, so
 * it has the same `browser`, messaging and storage as the first stage.
 */
import { browser } from 'wxt/browser';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { sendMessage } from '../messaging/messenger';
import type { PageTermIndex } from '../model';
import { NOTE_EDITOR_PATH, noteEditorUrl } from '../note-editor-link';
import { loadSettings, watchSettings } from '../settings';
import { watchNoteChanges, watchTermsChanges } from '../signals';
import { loadCardModule } from './card-loader';
import { guardContentScriptContext, scriptStartedEventName } from './context-guard';
import type { SpottingModule } from './spotting-contract';
import { Spotter } from './spotter';
import { fetchTermIndex } from './term-index-transfer';

/** The name WXT would give this content script; its context's events carry it. */
const SCRIPT_NAME = 'spotter';

export const startSpotting: SpottingModule['startSpotting'] = async ({ settings, onPageRequest }) => {
  // Asked for first: the term index is the longest wait (a head and about 550 KB of chunks at 10,000
  // aliases). The first stage does not ask for it itself: its transfer and decoding code would cost every frame.
  let prefetched: Promise<PageTermIndex | null> | undefined = fetchTermIndex(null);
  // Awaited by the Spotter's start below; this keeps a failure from going unhandled before then.
  prefetched.catch(() => undefined);
  // The spotting stage's lifetime is WXT's context (the first stage does without it, see first-stage.ts).
  // WXT would otherwise announce the start with a window.postMessage that every page script hears,
  // and whose type carries the extension id (a fingerprint). Its custom event remains.
  const ctx = new ContentScriptContext(SCRIPT_NAME, { noScriptStartedPostMessage: true });
  // First, before any listener of ours: pages must not end this script, and a dead one must go quiet.
  guardContentScriptContext(ctx, scriptStartedEventName(browser.runtime.id, SCRIPT_NAME));
  let handedSettings: typeof settings | undefined = settings;
  const noteEditorPage = browser.runtime.getURL(NOTE_EDITOR_PATH);
  const spotter = new Spotter(ctx, {
    fetchTermIndex: (knownVersion) => {
      // The first request is the one sent above, before the Spotter was built.
      const index = knownVersion === null && prefetched ? prefetched : fetchTermIndex(knownVersion);
      prefetched = undefined;
      return index;
    },
    watchTermsChanges,
    reportSightings: (title, entryIds) => sendMessage('recordSightings', { title: title.slice(0, 1000), entryIds }),
    // The first read is the first stage's; later ones (after the reader changes a setting) are fresh.
    loadSettings: async () => {
      const first = handedSettings;
      handedSettings = undefined;
      return first ?? loadSettings();
    },
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
    onPageRequest,
  });
  await spotter.start();
};
