/**
 * The "seen on" reading memory: for each entry, the pages where it was
 * spotted. It stays in this browser, can be switched off and cleared, and is
 * bounded so it cannot grow without limit: the newest pages per entry are
 * kept, and the oldest records overall are pruned past a total.
 */
import type { LensDatabase } from './database';
import type { Sighting } from '../model';

export const SIGHTINGS_PER_ENTRY = 20;
export const SIGHTINGS_TOTAL = 5000;

export interface PageVisit {
  url: string;
  title: string;
  entryIds: readonly string[];
}

/** Addresses are remembered without their fragment: #comments and the page itself are one page. */
export function pageAddress(url: string): string | null {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
    parsed.hash = '';
    return parsed.href;
  } catch {
    return null;
  }
}

export async function recordSightings(
  db: LensDatabase,
  visit: PageVisit,
  now = Date.now(),
  limits = { perEntry: SIGHTINGS_PER_ENTRY, total: SIGHTINGS_TOTAL },
): Promise<number> {
  const url = pageAddress(visit.url);
  if (!url || visit.entryIds.length === 0) return 0;
  const title = visit.title.trim().slice(0, 300) || url;
  const entryIds = [...new Set(visit.entryIds)];
  return db.transaction('rw', [db.sightings, db.entries], async () => {
    // Only entries that exist: a stale tab must not plant records for ids that are gone.
    const known = (await db.entries.bulkGet(entryIds)).flatMap((entry) => (entry ? [entry.id] : []));
    await db.sightings.bulkPut(known.map((entryId): Sighting => ({ entryId, url, title, seenAt: now })));
    for (const entryId of known) {
      const count = await db.sightings.where('entryId').equals(entryId).count();
      if (count <= limits.perEntry) continue;
      const stale = await db.sightings.where('entryId').equals(entryId).sortBy('seenAt');
      await db.sightings.bulkDelete(stale.slice(0, count - limits.perEntry).map((s) => [s.entryId, s.url]));
    }
    const total = await db.sightings.count();
    if (total > limits.total) {
      const oldest = await db.sightings
        .orderBy('seenAt')
        .limit(total - limits.total)
        .primaryKeys();
      await db.sightings.bulkDelete(oldest);
    }
    return known.length;
  });
}

export async function listSightings(db: LensDatabase, entryId: string): Promise<Sighting[]> {
  const sightings = await db.sightings.where('entryId').equals(entryId).sortBy('seenAt');
  return sightings.reverse();
}

export async function clearSightings(db: LensDatabase): Promise<void> {
  await db.sightings.clear();
}
