/**
 * Reads and writes over the database. Every function takes the database as
 * its first argument so tests can pass a fresh one, and every multi-table
 * write runs in one transaction so it lands whole or not at all.
 */
import * as v from 'valibot';
import { DatabaseBlockedError, type LensDatabase, type InstalledPack } from './database';
import {
  EntrySchema,
  NoteTextSchema,
  addEntryTerms,
  type Entry,
  type EntryDetail,
  type EntryInput,
  type Note,
  type Pack,
  type Sighting,
  type StoredEvent,
  type Term,
  type TermIndex,
} from '../model';
import type { PackProblem } from '../packs/validate';

/** The pack id of the reader's own entries; their entry ids are `own:<slug>`. No pack may use either. */
export const OWN_PACK_ID = 'own';
export const OWN_ID_PREFIX = `${OWN_PACK_ID}:`;

/** The browser refused a write for lack of space. Transactions abort whole, so nothing partial is left. */
export class StorageFullError extends Error {
  override name = 'StorageFullError';
  constructor() {
    super(
      'The browser has no room left for Context Lens data, so nothing was saved. ' +
        'Free some disk space on this computer, then try again.',
    );
  }
}

/** A pack would overwrite entries or events that belong to another pack (ids are global keys). */
export class PackConflictError extends Error {
  override name = 'PackConflictError';
  constructor(readonly problems: PackProblem[]) {
    super(problems.map((problem) => `${problem.path}: ${problem.message}`).join('\n'));
  }
}

/** Walks Dexie's wrappers (`inner`, BulkError `failures`) looking for the browser's quota error. */
function isQuotaError(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  const { name, inner, failures } = error as { name?: unknown; inner?: unknown; failures?: unknown };
  if (name === 'QuotaExceededError') return true;
  if (isQuotaError(inner, depth + 1)) return true;
  const failureList = failures && typeof failures === 'object' ? Object.values(failures) : [];
  return failureList.some((failure) => isQuotaError(failure, depth + 1));
}

/** Replaces the browser's and Dexie's terse errors with ones a reader can act on. */
export function explainDatabaseError(db: LensDatabase, error: unknown): unknown {
  if (isQuotaError(error)) return new StorageFullError();
  if (db.blockedOpenFailed && error instanceof Error && error.name === 'DatabaseClosedError') {
    return new DatabaseBlockedError();
  }
  return error;
}

/**
 * Runs one repository operation: re-opens a database whose last open gave up
 * because it was blocked (the other connection may be gone by now), and
 * explains quota and blocked failures.
 */
async function guarded<T>(db: LensDatabase, work: () => Promise<T>): Promise<T> {
  try {
    if (db.blockedOpenFailed && !db.isOpen()) await db.reopenAfterBlocked();
    return await work();
  } catch (error) {
    throw explainDatabaseError(db, error);
  }
}

const TERMS_VERSION_KEY = 'termsVersion';

/** Bumped inside every transaction that changes entries, so cached term indexes can tell they are stale. */
async function bumpTermsVersion(db: LensDatabase): Promise<void> {
  const current = await db.meta.get(TERMS_VERSION_KEY);
  const next = typeof current?.value === 'number' ? current.value + 1 : 1;
  await db.meta.put({ key: TERMS_VERSION_KEY, value: next });
}

export async function getTermsVersion(db: LensDatabase): Promise<string> {
  const record = await db.meta.get(TERMS_VERSION_KEY);
  return String(typeof record?.value === 'number' ? record.value : 0);
}

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
      const link = (a: string, b: string) => {
        if (a === b) return;
        let set = linkSets.get(a);
        if (!set) linkSets.set(a, (set = new Set()));
        set.add(b);
      };
      await db.entries.each((entry) => {
        addEntryTerms(byKey, entry);
        for (const relation of entry.related) {
          link(entry.id, relation.id);
          link(relation.id, entry.id);
        }
      });
      await db.events.each((event) => {
        for (const a of event.entries) for (const b of event.entries) link(a, b);
      });
      const links: Record<string, string[]> = {};
      for (const [id, set] of linkSets) links[id] = [...set];
      return { version, terms: [...byKey.values()], links };
    }),
  );
}

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

export class NoteError extends Error {
  override name = 'NoteError';
}

function parseNoteText(text: unknown): string {
  const result = v.safeParse(NoteTextSchema, text);
  if (!result.success) throw new NoteError(`Note text ${result.issues[0].message}`);
  return result.output;
}

export async function addNote(db: LensDatabase, entryId: string, text: string): Promise<Note> {
  const noteText = parseNoteText(text);
  return guarded(db, () =>
    db.transaction('rw', [db.entries, db.notes], async () => {
      if (!(await db.entries.get(entryId))) throw new NoteError(`No entry "${entryId}" to attach the note to`);
      const now = Date.now();
      const note: Note = { id: crypto.randomUUID(), entryId, text: noteText, created: now, updated: now };
      await db.notes.add(note);
      return note;
    }),
  );
}

export async function updateNote(db: LensDatabase, noteId: string, text: string): Promise<Note> {
  const noteText = parseNoteText(text);
  return guarded(db, () =>
    db.transaction('rw', db.notes, async () => {
      const note = await db.notes.get(noteId);
      if (!note) throw new NoteError('That note no longer exists');
      const updated: Note = { ...note, text: noteText, updated: Math.max(Date.now(), note.updated + 1) };
      await db.notes.put(updated);
      return updated;
    }),
  );
}

/** Ids of the entries that have notes, the most recently noted first (for the popup's empty search). */
export async function listNotedEntryIds(db: LensDatabase): Promise<string[]> {
  const notes = await guarded(db, () => db.notes.orderBy('updated').reverse().toArray());
  return [...new Set(notes.map((note) => note.entryId))];
}

export async function deleteNote(db: LensDatabase, noteId: string): Promise<void> {
  await guarded(db, () => db.notes.delete(noteId));
}

/**
 * Notes whose entry is gone: a pack update dropped it, or the reader deleted
 * an own entry. They are kept (notes are never deleted behind the reader's
 * back) and listed here so the options page can show them as
 * "entry removed from pack"; they re-attach if the entry comes back.
 */
export async function listOrphanedNotes(db: LensDatabase): Promise<Note[]> {
  return guarded(db, () =>
    db.transaction('r', [db.entries, db.notes], async () => {
      const notes = await db.notes.orderBy('updated').toArray();
      const entryIds = [...new Set(notes.map((note) => note.entryId))];
      const entries = await db.entries.bulkGet(entryIds);
      const missing = new Set(entryIds.filter((_, i) => !entries[i]));
      return notes.filter((note) => missing.has(note.entryId));
    }),
  );
}

/* ---------------------------------------------------------------------------
 * The reader's own entries: stored beside pack entries (packId "own") so the
 * matcher, the search and the card treat them alike.
 */

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
    const where = issue.path?.map((item) => (typeof item.key === 'number' ? `[${item.key}]` : `.${String(item.key)}`));
    throw new OwnEntryError(`${where ? `entry${where.join('')}` : 'entry'}: ${issue.message}`);
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

/* ---------------------------------------------------------------------------
 * Whole-database reads and writes, for backups and for tests that must prove
 * a failed write changed nothing.
 */

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
