/** The glossary as extension pages see it: straight from the database they share with the background. */
import type { GlossaryData } from '@/components/Popup';
import type { LensDatabase } from './database';
import { announceNoteChange } from '../signals';
import { addNote, deleteNote, updateNote } from './notes';
import { getEntryDetail } from './entry-detail';
import { listEntries } from './terms';

export function createLocalGlossary(db: LensDatabase): GlossaryData {
  return {
    listEntries: () => listEntries(db),
    loadDetail: (entryId) => getEntryDetail(db, entryId),
    // Every note write is announced so cards open in tabs show it at once.
    addNote: async (entryId, text) => announceNoteChange((await addNote(db, entryId, text)).entryId),
    updateNote: async (noteId, text) => announceNoteChange((await updateNote(db, noteId, text)).entryId),
    deleteNote: async (noteId) => {
      const note = await db.notes.get(noteId);
      await deleteNote(db, noteId);
      if (note) await announceNoteChange(note.entryId);
    },
  };
}
