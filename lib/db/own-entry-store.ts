/** The reader's own entries as the editor page sees them; saving tells open tabs to spot again. */
import type { EntryEditorData } from '@/components/EntryEditor';
import { announceTermsChange } from '../signals';
import type { LensDatabase } from './database';
import { listRelatableEntries, ownEntryIdFor, saveOwnEntry } from './own-entries';

export function createOwnEntryStore(db: LensDatabase): EntryEditorData {
  return {
    listRelatableEntries: () => listRelatableEntries(db),
    async newIdFor(title) {
      const base = ownEntryIdFor(title);
      // Two entries with the same title must not overwrite each other.
      for (let n = 1; ; n++) {
        const id = n === 1 ? base : `${base}-${n}`;
        if (!(await db.entries.get(id))) return id;
      }
    },
    async save(input) {
      const entry = await saveOwnEntry(db, input);
      await announceTermsChange(`own entry ${entry.id}`);
      return entry;
    },
  };
}
