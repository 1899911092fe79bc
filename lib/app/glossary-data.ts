/** The glossary as the popup sees it: read from the database it shares with the background, written through lib/app. */
import { getEntryDetail } from '../db/entry-detail';
import { listEntries } from '../db/terms';
import type { Entry, EntryDetail } from '../model';
import type { AppContext } from './app-context';
import { addNote, deleteNote, updateNote } from './notes';
import { deleteOwnEntry } from './own-entries';

/** What the popup (components/Popup.tsx) reads and writes of the glossary. */
export interface GlossaryData {
  listEntries(): Promise<Entry[]>;
  loadDetail(entryId: string): Promise<EntryDetail | null>;
  addNote(entryId: string, text: string): Promise<void>;
  updateNote(noteId: string, text: string): Promise<void>;
  deleteNote(noteId: string): Promise<void>;
  /** The reader's own entries can be edited (in the editor page) and deleted; pack entries cannot. */
  editOwnEntry?(entryId: string): void;
  deleteOwnEntry?(entryId: string): Promise<void>;
}

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
