/**
 * The spotting stage's module (content-scripts/spotting.js, see
 * spotting-contract.ts): everything the content script needs once the page
 * may mention a term. Imported into the content script's isolated world, so
 * it has the same `browser`, messaging and storage as the first stage.
 */
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { sendMessage } from '../messaging/messenger';
import type { PageTermIndex } from '../model';
import { NOTE_EDITOR_PATH, noteEditorUrl } from '../note-editor-link';
import { loadSettings, watchSettings } from '../settings';
import { watchNoteChanges, watchTermsChanges } from '../signals';
import { loadCardModule } from './card-loader';
import type { OnPageRequest } from './page-requests';
import type { SpottingModule } from './spotting-contract';
import { Spotter } from './spotter';
import { fetchTermIndex } from './term-index-transfer';

export const startSpotting: SpottingModule['startSpotting'] = async (
  ctx: ContentScriptContext,
  onPageRequest: OnPageRequest,
  termIndex: Promise<PageTermIndex | null>,
) => {
  const noteEditorPage = browser.runtime.getURL(NOTE_EDITOR_PATH);
  let prefetched: Promise<PageTermIndex | null> | undefined = termIndex;
  const spotter = new Spotter(ctx, {
    candidateSeen: true,
    fetchTermPrefilter: (knownVersion) => sendMessage('getTermPrefilter', { knownVersion }),
    fetchTermIndex: (knownVersion) => {
      // The first request is the one the first stage already sent.
      const index = knownVersion === null && prefetched ? prefetched : fetchTermIndex(knownVersion);
      prefetched = undefined;
      return index;
    },
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
    onPageRequest,
  });
  await spotter.start();
};
