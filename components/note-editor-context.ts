import { createContext } from 'preact';

/**
 * Set by the card (which runs inside web pages): the address of the note
 * editor page for a note, or for a new note when `noteId` is null, and its origin. When set,
 * Notes edits in that isolated page instead of in a textarea of its own; the
 * popup, an extension page already, leaves it unset.
 */
export const NoteEditorUrlContext = createContext<NoteEditorLink | null>(null);

export interface NoteEditorLink {
  url(noteId: string | null): string;
  /** The origin the editor's document has, to hand it the message port and no one else. */
  origin: string;
}
