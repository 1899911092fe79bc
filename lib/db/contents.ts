/**
 * Whole-database reads and writes, for backups and for tests that must prove
 * a failed write changed nothing.
 */
import type { InstalledPack, LensDatabase } from './database';
import type { Entry, Note, Sighting, StoredEvent } from '../model';
import { guarded } from './errors';
import { bumpTermsVersion } from './terms';

/** Every record the reader would miss, as stored. The term version counter is left out: it only ever grows. */
export interface DatabaseContents {
  packs: InstalledPack[];
  entries: Entry[];
  events: StoredEvent[];
  notes: Note[];
  sightings: Sighting[];
}

export function readAllData(db: LensDatabase): Promise<DatabaseContents> {
  return guarded(db, () =>
    db.transaction('r', [db.packs, db.entries, db.events, db.notes, db.sightings], async () => ({
      packs: await db.packs.toArray(),
      entries: await db.entries.toArray(),
      events: await db.events.toArray(),
      notes: await db.notes.toArray(),
      sightings: await db.sightings.toArray(),
    })),
  );
}

/**
 * Replaces all packs, entries, events, notes and sightings with `contents` in one
 * transaction (a restore). The term version moves forward, never back, so
 * every cached term index is seen as stale.
 */
export async function replaceAllData(db: LensDatabase, contents: DatabaseContents): Promise<void> {
  await guarded(db, () =>
    db.transaction('rw', [db.packs, db.entries, db.events, db.notes, db.sightings, db.meta], async () => {
      await Promise.all([
        db.packs.clear(),
        db.entries.clear(),
        db.events.clear(),
        db.notes.clear(),
        db.sightings.clear(),
      ]);
      await db.packs.bulkAdd(contents.packs);
      await db.entries.bulkAdd(contents.entries);
      await db.events.bulkAdd(contents.events);
      await db.notes.bulkAdd(contents.notes);
      await db.sightings.bulkAdd(contents.sightings);
      await bumpTermsVersion(db);
    }),
  );
}
