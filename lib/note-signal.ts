/**
 * Tells every open tab that the notes of an entry changed, so a card showing
 * that entry reloads them: a note written in one tab or in the popup appears
 * in all others at once. It travels through extension storage, which every
 * extension context (content scripts included) hears without any tab list or
 * permission; only the entry id is sent, never the note text.
 */
import { storage } from 'wxt/utils/storage';

interface NoteChange {
  entryId: string;
  /** Makes two changes to the same entry distinct, so the second one still fires. */
  at: number;
}

const lastNoteChange = storage.defineItem<NoteChange | null>('local:lastNoteChange', { fallback: null });

export async function announceNoteChange(entryId: string): Promise<void> {
  await lastNoteChange.setValue({ entryId, at: Date.now() + Math.random() });
}

export function watchNoteChanges(onChange: (entryId: string) => void): () => void {
  return lastNoteChange.watch((change) => {
    if (change && typeof change.entryId === 'string') onChange(change.entryId);
  });
}
