/** The whole timeline for the popup: every stored event, newest first. */
import type { StoredEvent } from '../model';
import type { LensDatabase } from './database';

/**
 * Partial ISO dates compare correctly as strings ("1999" < "1999-06" < "1999-06-10"),
 * so the `date` index gives the order; ties keep a stable order by id.
 */
export async function listTimeline(db: LensDatabase): Promise<StoredEvent[]> {
  const events = await db.events.orderBy('date').toArray();
  return events.reverse();
}
