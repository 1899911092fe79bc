/** Filtering of the popup's timeline. Pure functions over events and the entries they name. */
import { foldKey } from '@/lib/matcher';
import { aliasText, type Entry, type EntryType, type StoredEvent } from '@/lib/model';

export interface TimelineFilter {
  fromYear: number | null;
  toYear: number | null;
  /** Part of the title or an alias of an entry the event names, folded ("zvecan" finds Zvečan). */
  entryText: string;
  type: EntryType | null;
}

export const NO_TIMELINE_FILTER: TimelineFilter = { fromYear: null, toYear: null, entryText: '', type: null };

/** Every name of each entry, folded once, joined by a separator no query contains. */
export function foldedNamesById(entries: readonly Entry[]): Map<string, string> {
  return new Map(
    entries.map((entry) => [entry.id, [entry.title, ...entry.aliases.map(aliasText)].map(foldKey).join('\u0000')]),
  );
}

export function yearOf(event: Pick<StoredEvent, 'date'>): number {
  return Number(event.date.slice(0, 4));
}

export function filterTimeline(
  events: readonly StoredEvent[],
  entriesById: ReadonlyMap<string, Pick<Entry, 'type'>>,
  namesById: ReadonlyMap<string, string>,
  filter: TimelineFilter,
): StoredEvent[] {
  const text = foldKey(filter.entryText);
  return events.filter((event) => {
    const year = yearOf(event);
    if (filter.fromYear !== null && year < filter.fromYear) return false;
    if (filter.toYear !== null && year > filter.toYear) return false;
    if (filter.type !== null && !event.entries.some((id) => entriesById.get(id)?.type === filter.type)) return false;
    if (text && !event.entries.some((id) => namesById.get(id)?.includes(text))) return false;
    return true;
  });
}

/** The years from the oldest to the newest event, newest first, for the range pickers. */
export function yearSpan(events: readonly StoredEvent[]): number[] {
  if (events.length === 0) return [];
  const years = events.map(yearOf);
  const newest = Math.max(...years);
  const oldest = Math.min(...years);
  return Array.from({ length: newest - oldest + 1 }, (_, i) => newest - i);
}
