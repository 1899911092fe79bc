/**
 * The engine end to end on two devices: each with its own database and
 * settings, one fake storage.sync area between them, and rounds run by hand.
 */
import { afterEach, describe, expect, test, vi } from 'vitest';
import { miniPack } from '@/tests/fixtures/mini-pack';
import { createAppContext, type AppContext } from '../app/app-context';
import { addNote, updateNote, deleteNote } from '../app/notes';
import { deleteOwnEntry, saveOwnEntry } from '../app/own-entries';
import { LensDatabase } from '../db/database';
import { getEntryDetail } from '../db/entry-detail';
import { installPack } from '../db/packs';
import { recordSightings } from '../db/sightings';
import type { EntryInput } from '../model';
import { checkSettings, DEFAULT_SETTINGS, type Settings } from '../settings';
import { itemBytes } from './items';
import {
  MIN_WRITE_INTERVAL_MS,
  retryDelay,
  SyncEngine,
  type SyncArea,
  type SyncReplica,
  type SyncStatus,
} from './engine';
import type { LocalItem } from './reconcile';
import { canonicalJson, type SyncRecord } from './records';
import { QUOTA_BYTES } from './plan';
import { createReplica } from './replica';

class FakeArea implements SyncArea {
  items: Record<string, unknown> = {};
  failures: string[] = [];
  writes = 0;
  /** Like Chrome, hands objects back with their keys in another order than they were written in. */
  async get() {
    return JSON.parse(canonicalJson(this.items)) as Record<string, unknown>;
  }
  async set(items: Record<string, unknown>) {
    const failure = this.failures.shift();
    if (failure) throw new Error(failure);
    this.writes++;
    Object.assign(this.items, structuredClone(items));
  }
  async remove(keys: string[]) {
    this.writes++;
    for (const key of keys) delete this.items[key];
  }
}

interface Device {
  app: AppContext;
  engine: SyncEngine;
  settings: { value: Settings };
  status: () => SyncStatus;
}

let clock = Date.UTC(2026, 11, 4);
/** Each read of the clock moves it on, so rounds are never held back by the write interval. */
const tick = () => (clock += MIN_WRITE_INTERVAL_MS);

async function device(area: SyncArea, id: string): Promise<Device> {
  const app = createAppContext(new LensDatabase(`sync-${id}-${crypto.randomUUID()}`), {
    notesChanged: async () => undefined,
    termsChanged: async () => undefined,
  });
  await installPack(app.db, miniPack());
  const settings = { value: { ...DEFAULT_SETTINGS, disabledSites: [] as string[] } };
  let last: SyncStatus | undefined;
  const engine = new SyncEngine({
    area,
    device: id,
    now: tick,
    replica: createReplica(app, {
      load: async () => structuredClone(settings.value),
      update: async (change) => (settings.value = checkSettings({ ...settings.value, ...change })),
    }),
    onStatus: (status) => (last = status),
  });
  return { app, engine, settings, status: () => last! };
}

const ownEntry: EntryInput = {
  id: 'own:ibar-bridge',
  type: 'place',
  title: 'Ibar bridge',
  aliases: ['Mitrovica bridge'],
  summary: 'The bridge over the Ibar in Mitrovica.',
  related: [{ id: 'kfor', kind: 'related' }],
  source: { url: 'https://news.example/bridge' },
  checked: '2026-12-01',
};

const notesOf = async (d: Device, entryId: string) =>
  ((await getEntryDetail(d.app.db, entryId))?.notes ?? []).map((note) => note.text).sort();

afterEach(() => vi.useRealTimers());

describe('sync between two devices', () => {
  test('a note, an own entry, settings and a switched-off site reach the other device; deletions come back', async () => {
    const area = new FakeArea();
    const a = await device(area, 'aaaaaaaa');
    const b = await device(area, 'bbbbbbbb');
    const note = await addNote(a.app, 'kfor', 'Seen at the bridge');
    await saveOwnEntry(a.app, ownEntry);
    a.settings.value = { ...a.settings.value, hoverDelayMs: 700, disabledSites: ['sport.example'] };
    await recordSightings(a.app.db, { entryIds: ['kfor'], url: 'https://news.example/a', title: 'A' });
    await a.engine.runRound();
    // The reading memory never leaves the device.
    expect(JSON.stringify(area.items)).not.toContain('news.example/a');

    await b.engine.runRound();
    expect(await notesOf(b, 'kfor')).toEqual(['Seen at the bridge']);
    expect((await getEntryDetail(b.app.db, 'own:ibar-bridge'))?.entry.aliases).toEqual(['Mitrovica bridge']);
    expect(b.settings.value.hoverDelayMs).toBe(700);
    expect(b.settings.value.disabledSites).toEqual(['sport.example']);
    expect(await b.app.db.sightings.count()).toBe(0);

    await deleteNote(b.app, note.id);
    await deleteOwnEntry(b.app, ownEntry.id);
    b.settings.value = { ...b.settings.value, disabledSites: [] };
    await b.engine.runRound();
    await a.engine.runRound();
    expect(await notesOf(a, 'kfor')).toEqual([]);
    expect(await getEntryDetail(a.app.db, 'own:ibar-bridge')).toBeNull();
    expect(a.settings.value.disabledSites).toEqual([]);
    expect(a.status().lastReceivedAt).toBeDefined();
    expect(b.status().lastSentAt).toBeDefined();
  });

  test('a record read back in another key order is not taken for an edit', async () => {
    const area = new FakeArea();
    const a = await device(area, 'aaaaaaaa');
    const b = await device(area, 'bbbbbbbb');
    await addNote(a.app, 'kfor', 'once');
    await saveOwnEntry(a.app, ownEntry);
    await a.engine.runRound();
    await b.engine.runRound();
    await b.engine.runRound();
    await a.engine.runRound();
    const versions = Object.values(area.items).map((item) => (item as { v: Record<string, number> }).v);
    expect(versions).toEqual([{ aaaaaaaa: 1 }, { aaaaaaaa: 1 }]);
  });

  test('two devices editing the same note both keep both texts', async () => {
    const area = new FakeArea();
    const a = await device(area, 'aaaaaaaa');
    const b = await device(area, 'bbbbbbbb');
    const note = await addNote(a.app, 'ohrid', 'first');
    await a.engine.runRound();
    await b.engine.runRound();
    await updateNote(a.app, note.id, 'from A');
    await updateNote(b.app, note.id, 'from B');
    await a.engine.runRound();
    await b.engine.runRound();
    await a.engine.runRound();
    await b.engine.runRound();
    expect(await notesOf(a, 'ohrid')).toEqual(['from A', 'from B']);
    expect(await notesOf(b, 'ohrid')).toEqual(['from A', 'from B']);
  });

  test('an edit made while a round runs is merged in the next round, not overwritten', async () => {
    const area = new FakeArea();
    const a = await device(area, 'aaaaaaaa');
    const b = await device(area, 'bbbbbbbb');
    const note = await addNote(a.app, 'kfor', 'one');
    await a.engine.runRound();
    await b.engine.runRound();
    await updateNote(a.app, note.id, 'two');
    await a.engine.runRound();
    // B's reader edits between B's read and B's write: the area's "two" must not overwrite "mine".
    const getArea = area.get.bind(area);
    area.get = async () => {
      const items = await getArea();
      await updateNote(b.app, note.id, 'mine');
      area.get = getArea;
      return items;
    };
    await b.engine.runRound();
    expect(await notesOf(b, 'kfor')).toEqual(['mine']);
    await b.engine.runRound();
    await a.engine.runRound();
    expect(await notesOf(b, 'kfor')).toEqual(['mine', 'two']);
    expect(await notesOf(a, 'kfor')).toEqual(['mine', 'two']);
  });

  test('when notes outgrow the quota, the newest sync, the rest stay local and are counted', async () => {
    const area = new FakeArea();
    const a = await device(area, 'aaaaaaaa');
    for (let i = 0; i < 30; i++) await addNote(a.app, 'kfor', `${i} ${'ж'.repeat(1990)}`);
    await a.engine.runRound();
    const bytes = Object.entries(area.items).reduce((sum, [key, value]) => sum + itemBytes(key, value), 0);
    expect(bytes).toBeLessThanOrEqual(QUOTA_BYTES);
    expect(a.status().notesLeftOut).toBeGreaterThan(0);
    expect(a.status().bytesInUse).toBe(bytes);
    expect(await a.app.db.notes.count()).toBe(30);
  });
});

/** A replica in memory, so the retry test runs on a fake clock without IndexedDB's own timers. */
function memoryReplica(current: Map<string, LocalItem>): SyncReplica {
  const known = new Map<string, SyncRecord>();
  return {
    read: async () => ({ known: new Map(known), current: new Map(current) }),
    saveVersions: async (records) => records.forEach((record) => known.set(record.key, record)),
    apply: async (records) => {
      records.forEach((record) => known.set(record.key, record));
      return { held: [] };
    },
    forget: async (keys) => keys.forEach((key) => known.delete(key)),
  };
}

describe('retries', () => {
  test('a rate error is retried after a minute, a quota error with backoff, and the change goes out then', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const area = new FakeArea();
    area.failures.push('MAX_WRITE_OPERATIONS_PER_MINUTE quota exceeded', 'QUOTA_BYTES quota exceeded');
    const note = { body: { e: 'kfor', x: 'kept through errors', c: 1 }, t: Date.now() };
    let status: SyncStatus | undefined;
    const engine = new SyncEngine({
      area,
      device: 'aaaaaaaa',
      replica: memoryReplica(new Map([['n:1', note]])),
      onStatus: (next) => (status = next),
    });
    await engine.runRound();
    expect(status?.lastError?.message).toMatch(/MAX_WRITE_OPERATIONS_PER_MINUTE/);

    await vi.advanceTimersByTimeAsync(59_000);
    expect(status?.lastError?.message).toMatch(/MAX_WRITE_OPERATIONS_PER_MINUTE/);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(status?.lastError?.message).toMatch(/QUOTA_BYTES/);
    expect(area.writes).toBe(0);
    // The second failure in a row waits four seconds, then the change goes out.
    await vi.advanceTimersByTimeAsync(3_900);
    expect(area.writes).toBe(0);
    await vi.advanceTimersByTimeAsync(100);
    expect(status?.lastError).toBeUndefined();
    expect(JSON.stringify(area.items)).toContain('kept through errors');
  });

  test('the wait after an error grows, with a floor for the write-rate quotas', () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelay('offline', attempt))).toEqual([2_000, 4_000, 8_000, 16_000]);
    expect(retryDelay('offline', 30)).toBe(30 * 60_000);
    expect(retryDelay('MAX_WRITE_OPERATIONS_PER_MINUTE quota exceeded', 1)).toBe(60_000);
    expect(retryDelay('MAX_WRITE_OPERATIONS_PER_HOUR quota exceeded', 1)).toBe(15 * 60_000);
  });
});
