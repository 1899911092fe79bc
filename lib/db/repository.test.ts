import { describe, expect, test } from 'vitest';
import { miniPack } from '@/tests/fixtures/mini-pack';
import { LensDatabase } from './database';
import {
  addNote,
  buildTermIndex,
  deleteNote,
  getEntryDetail,
  getTermsVersion,
  installPack,
  NoteError,
  PackConflictError,
  updateNote,
} from './repository';

async function freshDatabase() {
  const db = new LensDatabase(`test-${crypto.randomUUID()}`);
  await installPack(db, miniPack());
  return db;
}

describe('repository', () => {
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
