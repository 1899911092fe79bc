/** The reader's own entries as the editor page sees them; saving goes through lib/app, which tells open tabs. */
import { freeOwnEntryId, listRelatableEntries } from '../db/own-entries';
import type { Entry, EntryInput } from '../model';
import type { AppContext } from './app-context';
import { saveOwnEntry } from './own-entries';

/** What the entry editor (components/EntryEditor.tsx) reads and saves. */
export interface EntryEditorData {
  /** Every entry an own entry may relate to: own entries and those of installed packs. */
  listRelatableEntries(): Promise<Entry[]>;
  /** A fresh id for a title that does not overwrite an existing entry. */
  newIdFor(title: string): Promise<string>;
  save(entry: EntryInput): Promise<Entry>;
}

export function createEntryEditorData(app: AppContext): EntryEditorData {
  return {
    listRelatableEntries: () => listRelatableEntries(app.db),
    newIdFor: (title) => freeOwnEntryId(app.db, title),
    save: (input) => saveOwnEntry(app, input),
  };
}
