/**
 * The reader's notes, keyed by entry id so they survive pack updates. These
 * only store: lib/app/notes.ts saves and tells the open tabs.
 */
import * as v from 'valibot';
import type { LensDatabase } from './database';
import { NoteTextSchema, type Note } from '../model';
import { guarded } from './errors';

export class NoteError extends Error {
  override name = 'NoteError';
}

function parseNoteText(text: unknown): string {
  const result = v.safeParse(NoteTextSchema, text);
  if (!result.success) throw new NoteError(`Note text ${result.issues[0].message}`);
  return result.output;
}

export async function addNote(db: LensDatabase, entryId: string, text: string): Promise<Note> {
  const noteText = parseNoteText(text);
  return guarded(db, () =>
    db.transaction('rw', [db.entries, db.notes], async () => {
      if (!(await db.entries.get(entryId))) throw new NoteError(`No entry "${entryId}" to attach the note to`);
      const now = Date.now();
      const note: Note = { id: crypto.randomUUID(), entryId, text: noteText, created: now, updated: now };
      await db.notes.add(note);
      return note;
    }),
  );
}

export async function updateNote(db: LensDatabase, noteId: string, text: string): Promise<Note> {
  const noteText = parseNoteText(text);
  return guarded(db, () =>
    db.transaction('rw', db.notes, async () => {
      const note = await db.notes.get(noteId);
      if (!note) throw new NoteError('That note no longer exists');
      const updated: Note = { ...note, text: noteText, updated: Math.max(Date.now(), note.updated + 1) };
      await db.notes.put(updated);
      return updated;
    }),
  );
}

/** Ids of the entries that have notes, the most recently noted first (for the popup's empty search). */
export async function listNotedEntryIds(db: LensDatabase): Promise<string[]> {
  const notes = await guarded(db, () => db.notes.orderBy('updated').reverse().toArray());
  return [...new Set(notes.map((note) => note.entryId))];
}

/** Deletes a note and returns it, or undefined when there was no such note (already deleted elsewhere). */
export async function deleteNote(db: LensDatabase, noteId: string): Promise<Note | undefined> {
  return guarded(db, () =>
    db.transaction('rw', db.notes, async () => {
      const note = await db.notes.get(noteId);
      if (note) await db.notes.delete(noteId);
      return note;
    }),
  );
}

/**
 * Notes whose entry is gone: a pack update dropped it, or the reader deleted
 * an own entry. They are kept (notes are never deleted behind the reader's
 * back) and listed here so the options page can show them as
 * "entry removed from pack"; they re-attach if the entry comes back.
 */
export async function listOrphanedNotes(db: LensDatabase): Promise<Note[]> {
  return guarded(db, () =>
    db.transaction('r', [db.entries, db.notes], async () => {
      const notes = await db.notes.orderBy('updated').toArray();
      const entryIds = [...new Set(notes.map((note) => note.entryId))];
      const entries = await db.entries.bulkGet(entryIds);
      const missing = new Set(entryIds.filter((_, i) => !entries[i]));
      return notes.filter((note) => missing.has(note.entryId));
    }),
  );
}
