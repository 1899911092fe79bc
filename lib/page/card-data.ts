/**
 * What the card reads and does, supplied by the content script (through the
 * background) and by tests. It lives in lib/ because the page side builds it
 * and the card component only receives it.
 */
import type { EntryDetail } from '../model';

export interface CardData {
  loadDetail(entryId: string): Promise<EntryDetail | null>;
  /** An already-fetched detail, so the card can render it in its first frame. */
  peekDetail?(entryId: string): EntryDetail | null | undefined;
  /** Notes are deleted from the card; they are written only in the note editor page (`noteEditor`). */
  deleteNote(noteId: string): Promise<void>;
  /** Calls back with an entry id whenever that entry's notes change anywhere (another tab, the popup). */
  watchNoteChanges?(onChange: (entryId: string) => void): () => void;
  /**
   * The isolated note editor's address (lib/note-editor-link.ts). The card runs
   * inside web pages, so what the reader types never goes into it: the editor
   * page saves notes itself, and the card hears of them through watchNoteChanges.
   */
  noteEditor: { url(entryId: string, noteId: string | null): string; origin: string };
}
