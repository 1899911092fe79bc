/** The glossary as the popup sees it: read from the database it shares with the background, written through lib/app. */
import type { GlossaryData } from '@/components/Popup';
import { getEntryDetail } from '../db/entry-detail';
import { listEntries } from '../db/terms';
import type { AppContext } from './app-context';
import { addNote, deleteNote, updateNote } from './notes';
import { deleteOwnEntry } from './own-entries';

/** Everything but opening the editor, which is the entrypoint's (it opens a tab). */
export function createGlossaryData(app: AppContext): Omit<GlossaryData, 'editOwnEntry'> {
  return {
    listEntries: () => listEntries(app.db),
    loadDetail: (entryId) => getEntryDetail(app.db, entryId),
    addNote: async (entryId, text) => void (await addNote(app, entryId, text)),
    updateNote: async (noteId, text) => void (await updateNote(app, noteId, text)),
    deleteNote: async (noteId) => void (await deleteNote(app, noteId)),
    deleteOwnEntry: (entryId) => deleteOwnEntry(app, entryId),
  };
}
