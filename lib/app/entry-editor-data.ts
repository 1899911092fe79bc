/** The reader's own entries as the editor page sees them; saving goes through lib/app, which tells open tabs. */
import type { EntryEditorData } from '@/components/EntryEditor';
import { freeOwnEntryId, listRelatableEntries } from '../db/own-entries';
import type { AppContext } from './app-context';
import { saveOwnEntry } from './own-entries';

export function createEntryEditorData(app: AppContext): EntryEditorData {
  return {
    listRelatableEntries: () => listRelatableEntries(app.db),
    newIdFor: (title) => freeOwnEntryId(app.db, title),
    save: (input) => saveOwnEntry(app, input),
  };
}
