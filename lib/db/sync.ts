/**
 * The database side of the sync replica (lib/sync/): one consistent read of
 * what sync needs, and one transaction that stores what a sync round merged.
 * These only store: lib/app/sync.ts applies and tells the open tabs.
 */
import type { Entry, Note } from '../model';
import { OWN_PACK_ID } from '../model';
import type { SyncRecord } from '../sync/records';
import type { LensDatabase } from './database';
import { guarded } from './errors';
import { bumpTermsVersion } from './terms';

export interface SyncSnapshot {
  notes: Note[];
  ownEntries: Entry[];
  /** The last version this device knew of each record. */
  known: SyncRecord[];
}

export function readSyncSnapshot(db: LensDatabase): Promise<SyncSnapshot> {
  return guarded(db, () =>
    db.transaction('r', [db.notes, db.entries, db.syncRecords], async () => ({
      notes: await db.notes.toArray(),
      ownEntries: await db.entries.where('packId').equals(OWN_PACK_ID).toArray(),
      known: await db.syncRecords.toArray(),
    })),
  );
}

/** One record's effect on the local tables, with what the table held when the round read it. */
export type SyncChange =
  | { kind: 'note'; record: SyncRecord; noteId: string; note?: Note; readUpdated?: number }
  | { kind: 'entry'; record: SyncRecord; entryId: string; entry?: Entry; readJson?: string }
  /** Settings and sites live in extension storage, or a body this version cannot read: only the version is stored. */
  | { kind: 'version-only'; record: SyncRecord };

export interface AppliedSync {
  /** Entries whose notes changed. */
  notedEntries: string[];
  ownEntriesChanged: boolean;
  /** Keys left alone because the reader changed them while the round ran; the next round merges them. */
  skipped: string[];
}

const entryJson = (entry: Entry | undefined) => (entry ? JSON.stringify(entry) : undefined);

/**
 * Stores merged records and their versions at once. A note or own entry that
 * changed locally since the round read it is skipped, version included, so
 * the reader's edit is merged (never overwritten) in the next round.
 */
export function applySyncChanges(db: LensDatabase, changes: readonly SyncChange[]): Promise<AppliedSync> {
  return guarded(db, () =>
    db.transaction('rw', [db.notes, db.entries, db.meta, db.syncRecords], async () => {
      const result: AppliedSync = { notedEntries: [], ownEntriesChanged: false, skipped: [] };
      for (const change of changes) {
        if (change.kind === 'note') {
          const current = await db.notes.get(change.noteId);
          if (current?.updated !== change.readUpdated) {
            result.skipped.push(change.record.key);
            continue;
          }
          if (change.note) await db.notes.put(change.note);
          else await db.notes.delete(change.noteId);
          result.notedEntries.push(change.note?.entryId ?? current?.entryId ?? '');
        } else if (change.kind === 'entry') {
          const current = await db.entries.get(change.entryId);
          const currentOwn = current?.packId === OWN_PACK_ID ? current : undefined;
          // An id a pack took meanwhile is never overwritten by an own entry.
          if (entryJson(currentOwn) !== change.readJson || (current && !currentOwn)) {
            result.skipped.push(change.record.key);
            continue;
          }
          if (change.entry) await db.entries.put(change.entry);
          else await db.entries.delete(change.entryId);
          result.ownEntriesChanged = true;
        }
        await db.syncRecords.put(change.record);
      }
      if (result.ownEntriesChanged) await bumpTermsVersion(db);
      result.notedEntries = [...new Set(result.notedEntries.filter(Boolean))];
      return result;
    }),
  );
}

/** Stores versions alone: this device's own edits, which changed no local data. */
export function saveSyncVersions(db: LensDatabase, records: readonly SyncRecord[]): Promise<void> {
  return guarded(db, async () => void (await db.syncRecords.bulkPut([...records])));
}

/** Forgets versions (expired tombstones). */
export function forgetSyncVersions(db: LensDatabase, keys: readonly string[]): Promise<void> {
  return guarded(db, () => db.syncRecords.bulkDelete([...keys]));
}
