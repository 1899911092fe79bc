/**
 * The reader's own entries: stored beside pack entries (packId "own") so the
 * matcher, the search and the card treat them alike. These only store:
 * lib/app/own-entries.ts saves and tells the open tabs.
 */
import * as v from 'valibot';
import type { LensDatabase } from './database';
import { EntrySchema, OWN_ID_PREFIX, OWN_PACK_ID, type Entry, type EntryInput, type Pack } from '../model';
import { issuePath } from '../issue-path';
import { guarded, PackConflictError } from './errors';
import { bumpTermsVersion, listEntries } from './terms';

export class OwnEntryError extends Error {
  override name = 'OwnEntryError';
}

/** A readable, valid own-entry id from a title: "Zvečan bridge" -> "own:zvecan-bridge". */
export function ownEntryIdFor(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  return `${OWN_ID_PREFIX}${slug || crypto.randomUUID().slice(0, 8)}`;
}

export function listOwnEntries(db: LensDatabase): Promise<Entry[]> {
  return guarded(db, () => db.entries.where('packId').equals(OWN_PACK_ID).toArray());
}

/**
 * Creates or replaces one own entry. It is validated with the pack schema.
 * Its relations may name any entry, own or from a pack: the reader connects
 * what they learn to the glossary they have. A new relation must name an
 * entry that exists now. A relation the entry already had is kept even if its
 * target is gone (a pack update dropped it, the pack was replaced): like notes,
 * it comes back to life if the entry returns, and the card simply skips it
 * meanwhile. Exported own entries still validate as a pack on their own, since
 * relations to ids outside "own:" are allowed to point outside the file.
 */
export async function saveOwnEntry(db: LensDatabase, input: EntryInput): Promise<Entry> {
  const parsed = v.safeParse(EntrySchema, input);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    throw new OwnEntryError(`${issuePath(issue, 'entry')}: ${issue.message}`);
  }
  const entry: Entry = { ...parsed.output, packId: OWN_PACK_ID };
  if (!entry.id.startsWith(OWN_ID_PREFIX)) {
    throw new OwnEntryError(`entry.id: your own entries have ids starting with "${OWN_ID_PREFIX}"`);
  }
  return guarded(db, () =>
    db.transaction('rw', [db.entries, db.meta], async () => {
      const [previous, ...related] = await db.entries.bulkGet([
        entry.id,
        ...entry.related.map((relation) => relation.id),
      ]);
      const kept = new Set(previous?.packId === OWN_PACK_ID ? previous.related.map((relation) => relation.id) : []);
      const seen = new Set<string>();
      entry.related.forEach((relation, i) => {
        if (relation.id === entry.id)
          throw new OwnEntryError(`entry.related[${i}].id: an entry cannot relate to itself`);
        if (seen.has(relation.id)) throw new OwnEntryError(`entry.related[${i}].id: "${relation.id}" is listed twice`);
        seen.add(relation.id);
        if (!related[i] && !kept.has(relation.id)) {
          throw new OwnEntryError(`entry.related[${i}].id: there is no entry "${relation.id}" in your glossary`);
        }
      });
      await db.entries.put(entry);
      await bumpTermsVersion(db);
      return entry;
    }),
  );
}

/** Every entry an own entry may relate to: the reader's own and those of every installed pack. */
export function listRelatableEntries(db: LensDatabase): Promise<Entry[]> {
  return listEntries(db);
}

/** Deletes an own entry and the relations other own entries had to it. Its notes stay (as orphaned notes). */
export async function deleteOwnEntry(db: LensDatabase, entryId: string): Promise<void> {
  await guarded(db, () =>
    db.transaction('rw', [db.entries, db.meta], async () => {
      const entry = await db.entries.get(entryId);
      if (entry?.packId !== OWN_PACK_ID) throw new OwnEntryError(`"${entryId}" is not one of your own entries`);
      await db.entries.delete(entryId);
      await db.entries
        .where('packId')
        .equals(OWN_PACK_ID)
        .modify((other) => {
          other.related = other.related.filter((relation) => relation.id !== entryId);
        });
      await bumpTermsVersion(db);
    }),
  );
}

/**
 * Adds or replaces own entries from an exported "own" pack in one
 * transaction. Own entries already stored and not in the file are kept.
 */
export async function mergeOwnEntries(db: LensDatabase, entries: readonly Pack['entries'][number][]): Promise<number> {
  return guarded(db, () =>
    db.transaction('rw', [db.entries, db.meta], async () => {
      const existing = await db.entries.bulkGet(entries.map((entry) => entry.id));
      existing.forEach((found, i) => {
        if (found && found.packId !== OWN_PACK_ID) {
          throw new PackConflictError([
            { path: `entries[${i}].id`, message: `"${found.id}" is already an entry of pack "${found.packId}"` },
          ]);
        }
      });
      await db.entries.bulkPut(entries.map((entry) => ({ ...entry, packId: OWN_PACK_ID })));
      await bumpTermsVersion(db);
      return entries.length;
    }),
  );
}

/** The own entry with this id, or undefined when there is none (or the id is a pack entry's). */
export async function getOwnEntry(db: LensDatabase, entryId: string): Promise<Entry | undefined> {
  const entry = await guarded(db, () => db.entries.get(entryId));
  return entry?.packId === OWN_PACK_ID ? entry : undefined;
}

/** `ownEntryIdFor(title)`, numbered on when taken: two entries with the same title must not overwrite each other. */
export async function freeOwnEntryId(db: LensDatabase, title: string): Promise<string> {
  const base = ownEntryIdFor(title);
  for (let n = 1; ; n++) {
    const id = n === 1 ? base : `${base}-${n}`;
    if (!(await guarded(db, () => db.entries.get(id)))) return id;
  }
}
