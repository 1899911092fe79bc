import { describe, expect, test } from 'vitest';
import { miniPack } from '@/tests/fixtures/mini-pack';
import type { EntryInput } from '@/lib/model';
import { exportOwnEntries, serialisePack } from '@/lib/packs/export';
import { importPackText } from '@/lib/packs/import';
import { validatePack } from '@/lib/packs/validate';
import { LensDatabase } from './database';
import { addNote, deleteNote, NoteError, updateNote } from './notes';
import { buildTermIndex, getTermsVersion } from './terms';
import { getEntryDetail } from './entry-detail';
import { installPack } from './packs';
import { listOwnEntries, saveOwnEntry } from './own-entries';
import { PackConflictError } from './errors';

async function freshDatabase() {
  const db = new LensDatabase(`test-${crypto.randomUUID()}`);
  await installPack(db, miniPack());
  return db;
}

describe('packs, terms, notes and own entries in the database', () => {
  test('installing a pack stores its entries and events and bumps the terms version', async () => {
    const db = new LensDatabase(`test-${crypto.randomUUID()}`);
    expect(await getTermsVersion(db)).toBe('0');
    const installed = await installPack(db, miniPack());
    expect(installed).toMatchObject({ id: 'mini', entryCount: 3, eventCount: 2 });
    expect(await db.entries.count()).toBe(3);
    expect(await getTermsVersion(db)).toBe('1');
  });

  test('the term index groups an alias shared by several entries', async () => {
    const db = await freshDatabase();
    const index = await buildTermIndex(db);
    const ohrid = index.terms.filter((term) => term.text === 'Ohrid');
    expect(ohrid).toHaveLength(1);
    expect(ohrid[0]!.entryIds.sort()).toEqual(['ohrid', 'ohrid-framework-agreement']);
    expect(index.terms.find((term) => term.text === 'KFOR')).toEqual({
      text: 'KFOR',
      case: 'auto',
      entryIds: ['kfor'],
    });
    expect(index.version).toBe('1');
  });

  test('entry detail has events in date order, related titles and notes', async () => {
    const db = await freshDatabase();
    await addNote(db, 'kfor', 'first');
    const detail = await getEntryDetail(db, 'kfor');
    expect(detail?.events.map((event) => event.date)).toEqual(['1999-06', '1999-06-12']);
    expect(detail?.related).toEqual([{ id: 'ohrid', kind: 'related', title: 'Ohrid', type: 'place' }]);
    expect(detail?.notes.map((note) => note.text)).toEqual(['first']);
    expect(await getEntryDetail(db, 'nothing')).toBeNull();
  });

  test('notes are trimmed, validated, updated and deleted', async () => {
    const db = await freshDatabase();
    const note = await addNote(db, 'kfor', '  <img src=x onerror=alert(1)>  ');
    expect(note.text).toBe('<img src=x onerror=alert(1)>');
    await expect(addNote(db, 'kfor', '   ')).rejects.toThrow(NoteError);
    await expect(addNote(db, 'no-such-entry', 'x')).rejects.toThrow(/No entry/);
    const updated = await updateNote(db, note.id, 'changed');
    expect(updated.text).toBe('changed');
    expect(updated.updated).toBeGreaterThan(note.updated - 1);
    await deleteNote(db, note.id);
    expect(await db.notes.count()).toBe(0);
    await expect(updateNote(db, note.id, 'gone')).rejects.toThrow(/no longer exists/);
  });

  test('reinstalling a newer pack replaces entries but keeps notes', async () => {
    const db = await freshDatabase();
    await addNote(db, 'kfor', 'keep me');
    const newer = miniPack({ version: '1.1.0' });
    newer.entries = newer.entries.filter((entry) => entry.id !== 'ohrid-framework-agreement');
    await installPack(db, newer);
    expect(await db.entries.get('ohrid-framework-agreement')).toBeUndefined();
    expect((await db.notes.toArray()).map((note) => note.text)).toEqual(['keep me']);
    expect(await getTermsVersion(db)).toBe('2');
  });

  test('a pack may not take the reserved "own" id or ids of another pack, and then writes nothing', async () => {
    const db = await freshDatabase();
    const before = JSON.stringify(await Promise.all(db.tables.map((table) => table.toArray())));
    await expect(installPack(db, miniPack({ id: 'own' }))).rejects.toThrow(PackConflictError);
    const thief = miniPack({ id: 'other' });
    const error: unknown = await installPack(db, thief).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PackConflictError);
    expect((error as PackConflictError).problems[0]).toEqual({
      path: 'entries[0].id',
      message: '"kfor" is already an entry of pack "mini"',
    });
    expect(JSON.stringify(await Promise.all(db.tables.map((table) => table.toArray())))).toBe(before);
  });
});

describe('own entries related to pack entries', () => {
  function ownEntry(id: string, related: string[]): EntryInput {
    return {
      id,
      type: 'concept',
      title: `Title of ${id}`,
      summary: 'Written by the reader.',
      related: related.map((target) => ({ id: target })),
      source: { url: 'https://example.org/own' },
      checked: '2026-11-29',
    };
  }

  test('an own entry relates to a pack entry, and the card lists it', async () => {
    const db = await freshDatabase();
    await saveOwnEntry(db, ownEntry('own:bridge', ['kfor']));
    const detail = await getEntryDetail(db, 'own:bridge');
    expect(detail?.related).toEqual([{ id: 'kfor', kind: 'related', title: 'Kosovo Force', type: 'mission' }]);
    // The link also ranks ambiguous terms on a page, in both directions.
    expect((await buildTermIndex(db)).links['kfor']).toContain('own:bridge');
  });

  test('a relation to an entry that does not exist, to itself or listed twice is refused', async () => {
    const db = await freshDatabase();
    await expect(saveOwnEntry(db, ownEntry('own:bridge', ['nowhere']))).rejects.toThrow(/no entry "nowhere"/);
    await expect(saveOwnEntry(db, ownEntry('own:bridge', ['own:bridge']))).rejects.toThrow(/itself/);
    await expect(saveOwnEntry(db, ownEntry('own:bridge', ['kfor', 'kfor']))).rejects.toThrow(/twice/);
    expect(await listOwnEntries(db)).toEqual([]);
  });

  test('the relation survives a pack update that keeps the entry', async () => {
    const db = await freshDatabase();
    await saveOwnEntry(db, ownEntry('own:bridge', ['kfor']));
    const update = miniPack({ version: '2.0.0' });
    update.entries[0]!.title = 'Kosovo Force (KFOR)';
    await installPack(db, update);
    expect((await getEntryDetail(db, 'own:bridge'))?.related.map((item) => item.title)).toEqual([
      'Kosovo Force (KFOR)',
    ]);
  });

  test('when the pack is gone the card skips the relation, editing keeps it, and it returns with the pack', async () => {
    const db = await freshDatabase();
    await saveOwnEntry(db, ownEntry('own:bridge', ['kfor', 'ohrid']));
    // A pack is removed by a restore or by hand: its entries vanish, the own entry stays as it was.
    await db.transaction('rw', [db.packs, db.entries, db.events], async () => {
      await db.entries.where('packId').equals('mini').delete();
      await db.events.where('packId').equals('mini').delete();
      await db.packs.delete('mini');
    });
    expect((await getEntryDetail(db, 'own:bridge'))?.related).toEqual([]);
    expect((await buildTermIndex(db)).terms.map((term) => term.text)).toEqual(['Title of own:bridge']);
    // Saving the entry again with its dangling relation works; adding a new dangling one does not.
    await saveOwnEntry(db, { ...ownEntry('own:bridge', ['kfor']), summary: 'Edited.' });
    await expect(saveOwnEntry(db, ownEntry('own:bridge', ['kfor', 'ohrid']))).rejects.toThrow(/no entry "ohrid"/);
    await installPack(db, miniPack());
    expect((await getEntryDetail(db, 'own:bridge'))?.related.map((item) => item.id)).toEqual(['kfor']);
  });

  test('own entries with pack relations export as a valid pack and import where the pack is missing', async () => {
    const db = await freshDatabase();
    await saveOwnEntry(db, ownEntry('own:a', []));
    await saveOwnEntry(db, ownEntry('own:b', ['kfor', 'own:a']));
    const exported = await exportOwnEntries(db);
    expect(validatePack(exported).ok).toBe(true);
    // Relations between own entries must still resolve inside the file.
    const broken = { ...exported, entries: exported.entries.filter((entry) => entry.id !== 'own:a') };
    expect(validatePack(broken).ok).toBe(false);

    const empty = new LensDatabase(`test-${crypto.randomUUID()}`);
    await importPackText(empty, serialisePack(exported));
    const detail = await getEntryDetail(empty, 'own:b');
    expect(detail?.entry.related.map((relation) => relation.id)).toEqual(['kfor', 'own:a']);
    expect(detail?.related.map((item) => item.id)).toEqual(['own:a']);
  });
});
