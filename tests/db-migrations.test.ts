/**
 * The schema history of the database. Versions are append-only: for each
 * version n > 1 there must be a test here that seeds version n - 1 with raw
 * Dexie (declared as it was released), reopens it with LensDatabase and
 * checks every record. Version 1 is the first, so it is checked from empty
 * and against a database written by a raw version-1 declaration.
 */
import Dexie from 'dexie';
import { describe, expect, test } from 'vitest';
import { BLOCKED_UPGRADE_TIMEOUT_MS, DatabaseBlockedError, LensDatabase, SCHEMA_VERSION } from '@/lib/db/database';
import { buildTermIndex, listEntries } from '@/lib/db/terms';
import { getEntryDetail } from '@/lib/db/entry-detail';
import { listOrphanedNotes } from '@/lib/db/notes';

/** Version 1 exactly as released; never change it (add RELEASED_V2 below it instead). */
const RELEASED_V1 = {
  packs: 'id',
  entries: 'id, packId, type',
  events: 'id, packId, *entries, date',
  notes: 'id, entryId, updated',
  meta: 'key',
};

/** Version 2 as released: version 1 plus the "seen on" memory. Never change it. */
const RELEASED_V2 = {
  ...RELEASED_V1,
  sightings: '[entryId+url], entryId, seenAt',
};

/** Version 3 as released: version 2 plus pack subscriptions. Never change it. */
const RELEASED_V3 = {
  ...RELEASED_V2,
  subscriptions: 'url',
};

/** Version 4 as released: version 3 plus the sync replica's record versions. Never change it. */
const RELEASED_V4 = {
  ...RELEASED_V3,
  syncRecords: 'key',
};

function schemaOf(db: Dexie) {
  return Object.fromEntries(
    db.tables.map((table) => [
      table.name,
      [table.schema.primKey.src, ...table.schema.indexes.map((index) => index.src)].join(', '),
    ]),
  );
}

describe('database migrations', () => {
  test(`every schema version up to ${SCHEMA_VERSION} is covered here`, () => {
    // Adding version(4) without a seeding test below makes this fail on purpose.
    expect(SCHEMA_VERSION).toBe(4);
    expect(new LensDatabase('probe').verno).toBe(SCHEMA_VERSION);
  });

  test('the current version opens from an empty browser with every table and index', async () => {
    const db = new LensDatabase(`migrate-${crypto.randomUUID()}`);
    await db.open();
    expect(db.verno).toBe(4);
    expect(schemaOf(db)).toEqual(RELEASED_V4);
    expect(await listEntries(db)).toEqual([]);
    db.close();
  });

  test('records written by raw version 1 are read by the current class (version 1 → 2)', async () => {
    const name = `migrate-${crypto.randomUUID()}`;
    const raw = new Dexie(name);
    raw.version(1).stores(RELEASED_V1);
    await raw.open();
    await raw.table('packs').add({
      format: 1,
      id: 'old',
      name: 'Old pack',
      version: '0.9.0',
      language: 'en',
      license: 'CC0',
      installedAt: 1,
      entryCount: 2,
      eventCount: 1,
    });
    const entry = {
      type: 'mission',
      aliases: ['KFOR'],
      related: [],
      summary: 'Summary',
      source: { url: 'https://example.org' },
      checked: '2020-01-01',
      packId: 'old',
    };
    await raw.table('entries').bulkAdd([
      { ...entry, id: 'kfor', title: 'Kosovo Force', related: [{ id: 'unmik', kind: 'related' }] },
      { ...entry, id: 'unmik', title: 'UNMIK', aliases: [] },
    ]);
    await raw.table('events').add({
      id: 'e1',
      date: '1999-06',
      title: 'Arrival',
      entries: ['kfor', 'unmik'],
      source: { url: 'https://example.org' },
      checked: '2020-01-01',
      packId: 'old',
    });
    await raw.table('notes').bulkAdd([
      { id: crypto.randomUUID(), entryId: 'kfor', text: 'kept', created: 1, updated: 1 },
      { id: crypto.randomUUID(), entryId: 'removed-entry', text: 'orphan', created: 2, updated: 2 },
    ]);
    await raw.table('meta').put({ key: 'termsVersion', value: 7 });
    raw.close();

    const db = new LensDatabase(name);
    const detail = await getEntryDetail(db, 'kfor');
    expect(detail?.entry.title).toBe('Kosovo Force');
    expect(detail?.events.map((event) => event.id)).toEqual(['e1']);
    expect(detail?.notes.map((note) => note.text)).toEqual(['kept']);
    expect(detail?.related).toEqual([{ id: 'unmik', kind: 'related', title: 'UNMIK', type: 'mission' }]);
    const index = await buildTermIndex(db);
    expect(index.version).toBe('7');
    expect(index.terms.map((term) => term.text).sort()).toEqual(['KFOR', 'Kosovo Force', 'UNMIK']);
    expect((await listOrphanedNotes(db)).map((note) => note.text)).toEqual(['orphan']);
    // The upgrades added the empty "seen on" and subscription tables and moved nothing else.
    expect(db.verno).toBe(4);
    expect(schemaOf(db)).toEqual(RELEASED_V4);
    expect(await db.sightings.count()).toBe(0);
    expect(await db.subscriptions.count()).toBe(0);
    expect(await db.notes.count()).toBe(2);
    db.close();
  });

  test('records written by raw version 2 are read by the current class (version 2 → 3)', async () => {
    const name = `migrate-${crypto.randomUUID()}`;
    const raw = new Dexie(name);
    raw.version(2).stores(RELEASED_V2);
    await raw.open();
    await raw.table('packs').add({
      format: 1,
      id: 'old',
      name: 'Old pack',
      version: '1.0.0',
      language: 'en',
      license: 'CC0',
      installedAt: 1,
      entryCount: 1,
      eventCount: 0,
    });
    await raw.table('entries').add({
      id: 'kfor',
      type: 'mission',
      title: 'Kosovo Force',
      aliases: ['KFOR'],
      related: [],
      summary: 'Summary',
      source: { url: 'https://example.org' },
      checked: '2020-01-01',
      packId: 'old',
    });
    await raw.table('notes').add({ id: 'n1', entryId: 'kfor', text: 'kept', created: 1, updated: 1 });
    await raw.table('sightings').add({ entryId: 'kfor', url: 'https://news.example/a', title: 'A', seenAt: 5 });
    raw.close();

    const db = new LensDatabase(name);
    await db.open();
    expect(db.verno).toBe(4);
    expect(schemaOf(db)).toEqual(RELEASED_V4);
    expect((await getEntryDetail(db, 'kfor'))?.notes.map((note) => note.text)).toEqual(['kept']);
    expect(await db.sightings.toArray()).toEqual([
      { entryId: 'kfor', url: 'https://news.example/a', title: 'A', seenAt: 5 },
    ]);
    expect((await db.packs.get('old'))?.version).toBe('1.0.0');
    // The new table starts empty and takes subscriptions.
    expect(await db.subscriptions.count()).toBe(0);
    await db.subscriptions.add({ url: 'https://packs.example/old.descriptor.json', addedAt: 9 });
    expect(await db.subscriptions.get('https://packs.example/old.descriptor.json')).toEqual({
      url: 'https://packs.example/old.descriptor.json',
      addedAt: 9,
    });
    db.close();
  });

  test('records written by raw version 3 are read by the current class (version 3 → 4)', async () => {
    const name = `migrate-${crypto.randomUUID()}`;
    const raw = new Dexie(name);
    raw.version(3).stores(RELEASED_V3);
    await raw.open();
    await raw.table('entries').add({
      id: 'own:bridge',
      type: 'place',
      title: 'Bridge',
      aliases: [],
      related: [],
      summary: 'A bridge.',
      source: { url: 'https://example.org' },
      checked: '2020-01-01',
      packId: 'own',
    });
    await raw.table('notes').add({ id: 'n1', entryId: 'own:bridge', text: 'kept', created: 1, updated: 2 });
    await raw.table('sightings').add({ entryId: 'own:bridge', url: 'https://news.example/a', title: 'A', seenAt: 5 });
    await raw.table('subscriptions').add({ url: 'https://packs.example/a.descriptor.json', addedAt: 3 });
    raw.close();

    const db = new LensDatabase(name);
    await db.open();
    expect(db.verno).toBe(4);
    expect(schemaOf(db)).toEqual(RELEASED_V4);
    expect((await getEntryDetail(db, 'own:bridge'))?.notes.map((note) => note.text)).toEqual(['kept']);
    expect(await db.sightings.count()).toBe(1);
    expect(await db.subscriptions.count()).toBe(1);
    // Nothing is versioned for sync yet: the first sync round does that from the notes and entries themselves.
    expect(await db.syncRecords.count()).toBe(0);
    await db.syncRecords.put({ key: 'n:n1', vv: { a: 1 }, t: 2, d: 'a', body: { e: 'own:bridge', x: 'kept', c: 1 } });
    expect((await db.syncRecords.get('n:n1'))?.t).toBe(2);
    db.close();
  });
});

describe('a blocked upgrade', () => {
  test('gives up within a few seconds by default', () => {
    expect(BLOCKED_UPGRADE_TIMEOUT_MS).toBeGreaterThanOrEqual(1000);
    expect(BLOCKED_UPGRADE_TIMEOUT_MS).toBeLessThanOrEqual(5000);
  });

  test('fails within the timeout with a clear message instead of hanging, then recovers', async () => {
    const name = `blocked-${crypto.randomUUID()}`;
    // An older connection (native version 1, below Dexie's 10) that never closes, like a stale extension page.
    // It must use the factory Dexie captured when it was loaded, not the per-test global.
    const stale = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = Dexie.dependencies.indexedDB.open(name, 1);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const db = new LensDatabase(name, { blockedTimeoutMs: 300 });
    const started = Date.now();
    await expect(listEntries(db)).rejects.toThrow(DatabaseBlockedError);
    expect(Date.now() - started).toBeLessThan(3000);
    await expect(listEntries(db)).rejects.toThrow(/older copy of it is still open/);

    // Once the old connection is gone the next call opens the database normally.
    stale.close();
    await expect(listEntries(db)).resolves.toEqual([]);
    db.close();
  });
});
