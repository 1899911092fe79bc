/**
 * The entries the reader opened last in the popup, newest first, so an empty
 * search box can offer them again. Kept in extension storage, not IndexedDB:
 * it is a short list of ids, and losing it loses nothing of the glossary.
 */
import * as v from 'valibot';
import { storage } from 'wxt/utils/storage';
import { EntryIdSchema } from './model';

/** Enough to find one's way back; a longer list would only push noted entries off the popup. */
export const RECENT_LIMIT = 8;

const RecentSchema = v.array(EntryIdSchema);

export const recentItem = storage.defineItem<unknown>('local:recentEntries', { fallback: [] });

/** A damaged or foreign record reads as no history rather than as an error. */
function parseRecent(stored: unknown): string[] {
  const result = v.safeParse(RecentSchema, stored);
  return result.success ? result.output.slice(0, RECENT_LIMIT) : [];
}

export async function loadRecent(): Promise<string[]> {
  return parseRecent(await recentItem.getValue());
}

/** Moves the entry to the front of the list, dropping the oldest beyond the limit. */
export async function rememberOpened(entryId: string): Promise<string[]> {
  const recent = [entryId, ...(await loadRecent()).filter((id) => id !== entryId)].slice(0, RECENT_LIMIT);
  await recentItem.setValue(recent);
  return recent;
}

export async function clearRecent(): Promise<void> {
  await recentItem.setValue([]);
}
