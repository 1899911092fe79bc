/**
 * The entries as the matcher sees them: the term index, and the version
 * counter that tells cached indexes they are stale.
 */
import { liveQuery } from 'dexie';
import type { LensDatabase } from './database';
import { addEntryTerms, type Entry, type Term, type TermIndex } from '../model';
import { guarded } from './errors';
import type { EntryFacts } from '../ranking-context';

const TERMS_VERSION_KEY = 'termsVersion';

/** Bumped inside every transaction that changes entries, so cached term indexes can tell they are stale. */
export async function bumpTermsVersion(db: LensDatabase): Promise<void> {
  const current = await db.meta.get(TERMS_VERSION_KEY);
  const next = typeof current?.value === 'number' ? current.value + 1 : 1;
  await db.meta.put({ key: TERMS_VERSION_KEY, value: next });
}

export async function getTermsVersion(db: LensDatabase): Promise<string> {
  const record = await db.meta.get(TERMS_VERSION_KEY);
  return String(typeof record?.value === 'number' ? record.value : 0);
}
export function listEntries(db: LensDatabase): Promise<Entry[]> {
  return guarded(db, () => db.entries.toArray());
}

/**
 * The term index: every title and alias with the entries it names. Aliases
 * are grouped by their exact text and case rule; the matcher merges the ones
 * that fold to the same key (Priština and Pristina). `links` connects each
 * entry to the entries it relates to (either direction) or shares an event
 * with, so the page can rank the meanings of an ambiguous term.
 */
export async function buildTermIndex(db: LensDatabase): Promise<TermIndex> {
  return guarded(db, () =>
    db.transaction('r', [db.entries, db.events, db.meta], async () => {
      const version = await getTermsVersion(db);
      const byKey = new Map<string, Term>();
      const linkSets = new Map<string, Set<string>>();
      const facts: Record<string, EntryFacts> = {};
      const link = (a: string, b: string) => {
        if (a === b) return;
        let set = linkSets.get(a);
        if (!set) linkSets.set(a, (set = new Set()));
        set.add(b);
      };
      await db.entries.each((entry) => {
        addEntryTerms(byKey, entry);
        facts[entry.id] = { type: entry.type, title: entry.title, eventYears: [] };
        for (const relation of entry.related) {
          link(entry.id, relation.id);
          link(relation.id, entry.id);
        }
      });
      await db.events.each((event) => {
        for (const a of event.entries) for (const b of event.entries) link(a, b);
        const year = Number(event.date.slice(0, 4));
        for (const id of event.entries) if (Object.hasOwn(facts, id)) facts[id]!.eventYears.push(year);
      });
      const links: Record<string, string[]> = {};
      for (const [id, set] of linkSets) links[id] = [...set];
      return { version, terms: [...byKey.values()], links, facts };
    }),
  );
}

/**
 * Calls back with every entry now and whenever the entry table changes, in
 * any page of the extension origin or the background (Dexie's liveQuery).
 * Returns the unsubscribe function.
 */
export function watchEntries(
  db: LensDatabase,
  onChange: (entries: Entry[]) => void,
  onError: (error: unknown) => void,
): () => void {
  const subscription = liveQuery(() => db.entries.toArray()).subscribe({ next: onChange, error: onError });
  return () => subscription.unsubscribe();
}
