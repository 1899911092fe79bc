/**
 * What the sync replica brings in (lib/sync/), stored and then announced
 * like every other write, so open cards, the popup and every tab's spotting
 * follow a change made on another device.
 */
import { applySyncChanges, type AppliedSync, type SyncChange } from '../db/sync';
import type { AppContext } from './app-context';

export async function applySyncedChanges(app: AppContext, changes: readonly SyncChange[]): Promise<AppliedSync> {
  const applied = await applySyncChanges(app.db, changes);
  for (const entryId of applied.notedEntries) await app.announce.notesChanged(entryId);
  if (applied.ownEntriesChanged) await app.announce.termsChanged('own entries synced');
  return applied;
}
