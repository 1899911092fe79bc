/**
 * The one home of every write (DESIGN.md rule 7). lib/db stores; lib/app
 * stores and then tells every open tab and the popup what changed, so no
 * caller can save and forget the signal. The background, the popup, the
 * options page and the entry editor all write through lib/app, and so must
 * whatever comes next: a sync replica merging notes from `storage.sync`, or a
 * pack subscription installing a fetched pack, gets a function here beside
 * the ones below rather than its own path to lib/db.
 */
import type { LensDatabase } from '../db/database';
import { announceNoteChange, announceTermsChange } from '../signals';

/** What a write tells the rest of the extension; only ids and reasons, never note text. */
export interface ChangeAnnouncer {
  /** The notes of this entry changed: a card or popup showing it reloads them. */
  notesChanged(entryId: string): Promise<void>;
  /** Entries or aliases changed: tabs fetch the new term index and spot again. `reason` is for debugging. */
  termsChanged(reason: string): Promise<void>;
}

/** The signals every extension context hears (lib/signals.ts). */
export const announceToOpenTabs: ChangeAnnouncer = {
  notesChanged: announceNoteChange,
  termsChanged: announceTermsChange,
};

/** Where writes are stored and whom they are announced to; tests pass a recording announcer. */
export interface AppContext {
  readonly db: LensDatabase;
  readonly announce: ChangeAnnouncer;
}

export function createAppContext(db: LensDatabase, announce: ChangeAnnouncer = announceToOpenTabs): AppContext {
  return { db, announce };
}
