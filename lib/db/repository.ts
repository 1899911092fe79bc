/**
 * Reads and writes over the database. Every function takes the database as
 * its first argument so tests can pass a fresh one, and every multi-table
 * write runs in one transaction so it lands whole or not at all.
 */
import * as v from 'valibot';
import type { LensDatabase, InstalledPack } from './database';
import {
  NoteTextSchema,
  aliasCase,
  aliasText,
  type Entry,
  type EntryDetail,
  type Note,
  type Pack,
  type Term,
  type TermIndex,
} from '../model';

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
 * Installs a validated pack, replacing an earlier version of the same pack.
 * Notes are keyed by entry id and are not touched, so they survive updates.
 */
export async function installPack(db: LensDatabase, pack: Pack): Promise<InstalledPack> {
  const { entries, events, ...meta } = pack;
  const installed: InstalledPack = {
    ...meta,
    installedAt: Date.now(),
    entryCount: entries.length,
    eventCount: events.length,
  };
  await db.transaction('rw', [db.packs, db.entries, db.events, db.meta], async () => {
    await db.entries.where('packId').equals(pack.id).delete();
    await db.events.where('packId').equals(pack.id).delete();
    await db.entries.bulkPut(entries.map((entry) => ({ ...entry, packId: pack.id })));
    await db.events.bulkPut(events.map((event) => ({ ...event, packId: pack.id })));
    await db.packs.put(installed);
    await bumpTermsVersion(db);
  });
  return installed;
}

export function getInstalledPack(db: LensDatabase, packId: string): Promise<InstalledPack | undefined> {
  return db.packs.get(packId);
}

export function listEntries(db: LensDatabase): Promise<Entry[]> {
  return db.entries.toArray();
}

/**
 * The term index: every title and alias with the entries it names. Aliases
 * are grouped by their exact text and case rule; the matcher merges the ones
 * that fold to the same key (Priština and Pristina).
 */
export async function buildTermIndex(db: LensDatabase): Promise<TermIndex> {
  return db.transaction('r', [db.entries, db.meta], async () => {
    const version = await getTermsVersion(db);
    const byKey = new Map<string, Term>();
    await db.entries.each((entry) => {
      for (const alias of [entry.title, ...entry.aliases]) {
        const text = aliasText(alias);
        const caseMode = aliasCase(alias);
        const key = `${caseMode}\u0000${text}`;
        const term = byKey.get(key);
        if (!term) byKey.set(key, { text, case: caseMode, entryIds: [entry.id] });
        else if (!term.entryIds.includes(entry.id)) term.entryIds.push(entry.id);
      }
    });
    return { version, terms: [...byKey.values()] };
  });
}

/** Partial ISO dates sort correctly as strings: "1999" < "1999-06" < "1999-06-10". */
function byDate<T extends { date: string }>(a: T, b: T): number {
  return a.date < b.date ? -1 : a.date > b.date ? 1 : 0;
}

export async function getEntryDetail(db: LensDatabase, entryId: string): Promise<EntryDetail | null> {
  return db.transaction('r', [db.entries, db.events, db.notes], async () => {
    const entry = await db.entries.get(entryId);
    if (!entry) return null;
    const [events, notes, relatedEntries] = await Promise.all([
      db.events.where('entries').equals(entryId).toArray(),
      db.notes.where('entryId').equals(entryId).sortBy('created'),
      db.entries.bulkGet(entry.related.map((relation) => relation.id)),
    ]);
    const related = entry.related.flatMap((relation, i) => {
      const target = relatedEntries[i];
      return target ? [{ id: target.id, kind: relation.kind, title: target.title, type: target.type }] : [];
    });
    return { entry, events: events.sort(byDate), notes, related };
  });
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
  return db.transaction('rw', [db.entries, db.notes], async () => {
    if (!(await db.entries.get(entryId))) throw new NoteError(`No entry "${entryId}" to attach the note to`);
    const now = Date.now();
    const note: Note = { id: crypto.randomUUID(), entryId, text: noteText, created: now, updated: now };
    await db.notes.add(note);
    return note;
  });
}

export async function updateNote(db: LensDatabase, noteId: string, text: string): Promise<Note> {
  const noteText = parseNoteText(text);
  return db.transaction('rw', db.notes, async () => {
    const note = await db.notes.get(noteId);
    if (!note) throw new NoteError('That note no longer exists');
    const updated: Note = { ...note, text: noteText, updated: Math.max(Date.now(), note.updated + 1) };
    await db.notes.put(updated);
    return updated;
  });
}

export async function deleteNote(db: LensDatabase, noteId: string): Promise<void> {
  await db.notes.delete(noteId);
}
