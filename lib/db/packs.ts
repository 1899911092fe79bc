/** Installed packs: installing (or replacing) one whole, and listing them. */
import { liveQuery } from 'dexie';
import type { InstalledPack, LensDatabase } from './database';
import { OWN_ID_PREFIX, OWN_PACK_ID, type Pack } from '../model';
import type { PackProblem } from '../packs/validate';
import { guarded, PackConflictError } from './errors';
import { bumpTermsVersion } from './terms';

/**
 * Ids are global keys, so a pack must not reuse an entry or event id of
 * another pack or of the reader's own entries: the put would silently move
 * that record into this pack. Runs inside the install transaction.
 */
async function findConflicts(db: LensDatabase, pack: Pack): Promise<PackProblem[]> {
  const problems: PackProblem[] = [];
  if (pack.id === OWN_PACK_ID) {
    problems.push({ path: 'id', message: `"${OWN_PACK_ID}" is reserved for your own entries` });
  }
  const [entries, events] = await Promise.all([
    db.entries.bulkGet(pack.entries.map((entry) => entry.id)),
    db.events.bulkGet(pack.events.map((event) => event.id)),
  ]);
  pack.entries.forEach((entry, i) => {
    if (entry.id.startsWith(OWN_ID_PREFIX)) {
      problems.push({
        path: `entries[${i}].id`,
        message: `ids starting with "${OWN_ID_PREFIX}" are reserved for your own entries`,
      });
    }
    const existing = entries[i];
    if (existing && existing.packId !== pack.id) {
      problems.push({
        path: `entries[${i}].id`,
        message: `"${entry.id}" is already an entry of pack "${existing.packId}"`,
      });
    }
  });
  pack.events.forEach((event, i) => {
    const existing = events[i];
    if (existing && existing.packId !== pack.id) {
      problems.push({
        path: `events[${i}].id`,
        message: `"${event.id}" is already an event of pack "${existing.packId}"`,
      });
    }
  });
  return problems;
}

/**
 * Installs a validated pack, replacing an earlier version of the same pack.
 * Notes are keyed by entry id and are not touched, so they survive updates;
 * the reader's own entries (pack "own") are never touched by a pack install.
 * Throws PackConflictError (and writes nothing) when the pack would take over
 * ids of another pack.
 */
export async function installPack(db: LensDatabase, pack: Pack): Promise<InstalledPack> {
  const { entries, events, ...meta } = pack;
  const installed: InstalledPack = {
    ...meta,
    installedAt: Date.now(),
    entryCount: entries.length,
    eventCount: events.length,
  };
  await guarded(db, () =>
    db.transaction('rw', [db.packs, db.entries, db.events, db.meta], async () => {
      const conflicts = await findConflicts(db, pack);
      // Throwing inside the transaction aborts it, so the checks and the writes see one state.
      if (conflicts.length) throw new PackConflictError(conflicts);
      await db.entries.where('packId').equals(pack.id).delete();
      await db.events.where('packId').equals(pack.id).delete();
      await db.entries.bulkPut(entries.map((entry) => ({ ...entry, packId: pack.id })));
      await db.events.bulkPut(events.map((event) => ({ ...event, packId: pack.id })));
      await db.packs.put(installed);
      await bumpTermsVersion(db);
    }),
  );
  return installed;
}

export function getInstalledPack(db: LensDatabase, packId: string): Promise<InstalledPack | undefined> {
  return guarded(db, () => db.packs.get(packId));
}

/** Every installed pack, by name (the reader's own entries are not a pack and are not listed). */
export function listInstalledPacks(db: LensDatabase): Promise<InstalledPack[]> {
  return guarded(db, () => db.packs.orderBy('id').toArray());
}

/**
 * Calls back whenever packs, own entries or notes change, in any page of the
 * extension origin or the background (Dexie's liveQuery); for the options
 * page, which may open before the bundled pack is installed. Returns the
 * unsubscribe function.
 */
export function watchPacksAndNotes(db: LensDatabase, onChange: () => void): () => void {
  const subscription = liveQuery(() =>
    Promise.all([
      db.packs.toArray(),
      db.entries.where('packId').equals(OWN_PACK_ID).primaryKeys(),
      db.notes.toCollection().primaryKeys(),
    ]),
  ).subscribe({ next: () => onChange(), error: () => onChange() });
  return () => subscription.unsubscribe();
}
