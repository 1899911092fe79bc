/** Writing the reader's own entries: stored, then announced so open tabs spot with the new terms. */
import * as ownEntries from '../db/own-entries';
import type { Entry, EntryInput } from '../model';
import type { AppContext } from './app-context';

export async function saveOwnEntry(app: AppContext, input: EntryInput): Promise<Entry> {
  const entry = await ownEntries.saveOwnEntry(app.db, input);
  await app.announce.termsChanged(`own entry ${entry.id} saved`);
  return entry;
}

export async function deleteOwnEntry(app: AppContext, entryId: string): Promise<void> {
  await ownEntries.deleteOwnEntry(app.db, entryId);
  await app.announce.termsChanged(`own entry ${entryId} deleted`);
}
