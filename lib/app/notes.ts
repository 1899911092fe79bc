/** Writing the reader's notes: stored, then announced so every card showing the entry reloads them. */
import * as notes from '../db/notes';
import type { Note } from '../model';
import type { AppContext } from './app-context';

export async function addNote(app: AppContext, entryId: string, text: string): Promise<Note> {
  const note = await notes.addNote(app.db, entryId, text);
  await app.announce.notesChanged(note.entryId);
  return note;
}

export async function updateNote(app: AppContext, noteId: string, text: string): Promise<Note> {
  const note = await notes.updateNote(app.db, noteId, text);
  await app.announce.notesChanged(note.entryId);
  return note;
}

/** Returns the deleted note, or undefined when it was gone already (then nothing changed and nothing is announced). */
export async function deleteNote(app: AppContext, noteId: string): Promise<Note | undefined> {
  const note = await notes.deleteNote(app.db, noteId);
  if (note) await app.announce.notesChanged(note.entryId);
  return note;
}
