/** One entry with everything the card and the popup show beside it. */
import type { LensDatabase } from './database';
import type { EntryDetail } from '../model';
import { guarded } from './errors';

/** Partial ISO dates sort correctly as strings: "1999" < "1999-06" < "1999-06-10". */
function byDate<T extends { date: string }>(a: T, b: T): number {
  return a.date < b.date ? -1 : a.date > b.date ? 1 : 0;
}

export async function getEntryDetail(db: LensDatabase, entryId: string): Promise<EntryDetail | null> {
  return guarded(db, () =>
    db.transaction('r', [db.entries, db.events, db.notes, db.sightings], async () => {
      const entry = await db.entries.get(entryId);
      if (!entry) return null;
      const [events, notes, relatedEntries, sightings] = await Promise.all([
        db.events.where('entries').equals(entryId).toArray(),
        db.notes.where('entryId').equals(entryId).sortBy('created'),
        db.entries.bulkGet(entry.related.map((relation) => relation.id)),
        db.sightings.where('entryId').equals(entryId).sortBy('seenAt'),
      ]);
      const related = entry.related.flatMap((relation, i) => {
        const target = relatedEntries[i];
        return target ? [{ id: target.id, kind: relation.kind, title: target.title, type: target.type }] : [];
      });
      return { entry, events: events.sort(byDate), notes, related, sightings: sightings.reverse() };
    }),
  );
}
