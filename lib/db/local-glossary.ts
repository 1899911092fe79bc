/** The glossary as extension pages see it: straight from the database they share with the background. */
import type { GlossaryData } from '@/components/Popup';
import type { LensDatabase } from './database';
import { addNote, deleteNote, getEntryDetail, listEntries, updateNote } from './repository';

export function createLocalGlossary(db: LensDatabase): GlossaryData {
  return {
    listEntries: () => listEntries(db),
    loadDetail: (entryId) => getEntryDetail(db, entryId),
    addNote: async (entryId, text) => void (await addNote(db, entryId, text)),
    updateNote: async (noteId, text) => void (await updateNote(db, noteId, text)),
    deleteNote: (noteId) => deleteNote(db, noteId),
  };
}
