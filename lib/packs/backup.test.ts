import { describe, expect, test, vi } from 'vitest';
import fc from 'fast-check';
import { LensDatabase } from '@/lib/db/database';
import { addNote } from '@/lib/db/notes';
import { deleteOwnEntry, listOwnEntries, saveOwnEntry } from '@/lib/db/own-entries';
import { StorageFullError } from '@/lib/db/errors';
import { installPack } from '@/lib/db/packs';
import { readAllData, type DatabaseContents } from '@/lib/db/contents';
import { ENTRY_TYPES, type EntryInput, type Pack } from '@/lib/model';
import { DEFAULT_SETTINGS, loadSettings, updateSettings, UNDERLINE_STYLES, type Settings } from '@/lib/settings';
import { miniPack } from '@/tests/fixtures/mini-pack';
import { createBackup, restoreBackupText, serialiseBackup } from './backup';
import { recordSightings } from '@/lib/db/sightings';
import { exportOwnEntries, exportPack, serialisePack } from './export';
import { importPackText, PackImportError } from './import';
import { validatePack } from './validate';

async function everything(db: LensDatabase): Promise<{ data: DatabaseContents; settings: Settings }> {
  const data = await readAllData(db);
  const byId = <T extends { id: string }>(records: T[]) => records.sort((a, b) => (a.id < b.id ? -1 : 1));
  return {
    data: {
      packs: byId(data.packs),
      entries: byId(data.entries),
      events: byId(data.events),
      notes: byId(data.notes),
      sightings: data.sightings.sort((a, b) => (`${a.entryId} ${a.url}` < `${b.entryId} ${b.url}` ? -1 : 1)),
    },
    settings: await loadSettings(),
  };
}

async function wipe(db: LensDatabase) {
  await Promise.all(db.tables.map((table) => table.clear()));
  await updateSettings(DEFAULT_SETTINGS);
}

function ownEntry(id: string, title: string, related: string[] = []): EntryInput {
  return {
    id,
    type: 'concept',
    title,
    summary: `About ${title}`,
    related: related.map((target) => ({ id: target })),
    source: { url: 'https://example.org/own' },
    checked: '2026-11-29',
  };
}

describe('export', () => {
  test('an installed pack exports as a document that validates and re-imports to the same records', async () => {
    const db = new LensDatabase(`export-${crypto.randomUUID()}`);
    await installPack(db, miniPack());
    const exported = await exportPack(db, 'mini');
    expect(validatePack(exported).ok).toBe(true);
    expect(exported).not.toHaveProperty('installedAt');
    expect(exported.entries.map((entry) => entry.id).sort()).toEqual(['kfor', 'ohrid', 'ohrid-framework-agreement']);
    expect(exported.entries[0]).not.toHaveProperty('packId');

    const before = await readAllData(db);
    const other = new LensDatabase(`export-${crypto.randomUUID()}`);
    await importPackText(other, serialisePack(exported));
    const after = await readAllData(other);
    expect(after.entries).toEqual(before.entries);
    expect(after.events).toEqual(before.events);
  });

  test('own entries export as pack "own" and import back as own entries', async () => {
    const db = new LensDatabase(`export-${crypto.randomUUID()}`);
    await saveOwnEntry(db, ownEntry('own:bridge', 'Bridge'));
    await saveOwnEntry(db, ownEntry('own:protest', 'Protest', ['own:bridge']));
    const exported = await exportOwnEntries(db);
    expect(exported).toMatchObject({ id: 'own', events: [] });
    expect(validatePack(exported).ok).toBe(true);

    const other = new LensDatabase(`export-${crypto.randomUUID()}`);
    await importPackText(other, serialisePack(exported));
    expect(await listOwnEntries(other)).toEqual(await listOwnEntries(db));
  });

  test('own entries relate only to entries that exist; deleting one drops the relations to it', async () => {
    const db = new LensDatabase(`export-${crypto.randomUUID()}`);
    await installPack(db, miniPack());
    await expect(saveOwnEntry(db, ownEntry('own:x', 'X', ['nowhere']))).rejects.toThrow(/no entry "nowhere"/);
    await expect(saveOwnEntry(db, ownEntry('plain-id', 'X'))).rejects.toThrow(/own:/);
    await expect(saveOwnEntry(db, { ...ownEntry('own:x', 'X'), title: '' })).rejects.toThrow(/entry\.title/);
    await saveOwnEntry(db, ownEntry('own:a', 'A'));
    await saveOwnEntry(db, ownEntry('own:b', 'B', ['own:a']));
    await addNote(db, 'own:a', 'keep');
    await deleteOwnEntry(db, 'own:a');
    expect((await listOwnEntries(db)).map((entry) => [entry.id, entry.related])).toEqual([['own:b', []]]);
    expect(await db.notes.count()).toBe(1);
    await expect(deleteOwnEntry(db, 'kfor')).rejects.toThrow(/not one of your own entries/);
  });
});

describe('backup and restore', () => {
  test('a damaged backup changes nothing, and names the bad record', async () => {
    const db = new LensDatabase(`backup-${crypto.randomUUID()}`);
    await installPack(db, miniPack());
    await addNote(db, 'kfor', 'mine');
    const backup = await createBackup(db);
    const before = await everything(db);

    const broken = structuredClone(backup) as unknown as {
      packs: Array<{ pack: { entries: Array<{ title: unknown }> } }>;
    };
    broken.packs[0]!.pack.entries[1]!.title = 17;
    await expect(restoreBackupText(db, JSON.stringify(broken))).rejects.toThrow(
      /packs\[0\]\.pack\.entries\[1\]\.title/,
    );

    const twice = {
      ...backup,
      packs: [backup.packs[0], { ...backup.packs[0], pack: { ...backup.packs[0]!.pack, id: 'copy' } }],
    };
    await expect(restoreBackupText(db, JSON.stringify(twice))).rejects.toThrow(
      /packs\[1\]\.pack\.entries\[0\]\.id: entry id/,
    );

    const badNote = { ...backup, notes: [{ ...backup.notes[0], text: '' }] };
    await expect(restoreBackupText(db, JSON.stringify(badNote))).rejects.toThrow(/notes\[0\]\.text/);

    const badSettings = { ...backup, settings: { ...backup.settings, hoverDelayMs: -1 } };
    await expect(restoreBackupText(db, JSON.stringify(badSettings))).rejects.toThrow(/settings\.hoverDelayMs/);

    await expect(restoreBackupText(db, JSON.stringify(backup.packs[0]!.pack))).rejects.toThrow(PackImportError);
    await expect(restoreBackupText(db, '{"format":"context-lens-backup",')).rejects.toThrow(/\(file\): not valid JSON/);
    expect(await everything(db)).toEqual(before);
  });

  test('restore replaces everything, including settings', async () => {
    const db = new LensDatabase(`backup-${crypto.randomUUID()}`);
    await installPack(db, miniPack());
    await updateSettings({ hoverDelayMs: 900 });
    const backup = serialiseBackup(await createBackup(db));
    await installPack(db, miniPack({ id: 'later', entries: [], events: [] }));
    await updateSettings({ hoverDelayMs: 100 });
    expect(await restoreBackupText(db, backup)).toEqual({ packs: 1, entries: 3, notes: 0 });
    expect((await db.packs.toArray()).map((pack) => pack.id)).toEqual(['mini']);
    expect((await loadSettings()).hoverDelayMs).toBe(900);
  });

  test('a restore that runs out of space changes neither the database nor the settings', async () => {
    const db = new LensDatabase(`backup-${crypto.randomUUID()}`);
    await installPack(db, miniPack());
    await updateSettings({ hoverDelayMs: 900 });
    const backup = serialiseBackup(await createBackup(db));
    await updateSettings({ hoverDelayMs: 100 });
    await addNote(db, 'kfor', 'written after the backup');
    const before = await everything(db);
    const realAdd = IDBObjectStore.prototype.add;
    let adds = 0;
    // Dexie's bulkAdd goes through add(); fail in the middle, after the tables were cleared.
    const spy = vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(function (this: IDBObjectStore, ...args) {
      if (++adds > 2) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return realAdd.apply(this, args);
    });
    await expect(restoreBackupText(db, backup)).rejects.toThrow(StorageFullError);
    spy.mockRestore();
    expect(await everything(db)).toEqual(before);
  });

  // Random Unicode everywhere a reader or a pack author can write text, including lone surrogates.
  const unicodeText = (max: number) =>
    fc
      .string({ unit: 'binary', minLength: 1, maxLength: max })
      .map((text) => text.trim().slice(0, max).trim())
      .filter((text) => text.length > 0);

  const entryArbitrary = (id: string) =>
    fc.record({
      id: fc.constant(id),
      type: fc.constantFrom(...ENTRY_TYPES),
      title: unicodeText(60),
      aliases: fc.uniqueArray(unicodeText(30), { maxLength: 3 }),
      summary: unicodeText(300),
      source: fc.record({
        url: fc.constant('https://example.org/source'),
        title: fc.option(unicodeText(40), { nil: undefined }),
      }),
      checked: fc.constant('2026-11-29'),
    });

  const scenario = fc.record({
    entries: fc.tuple(entryArbitrary('alpha'), entryArbitrary('beta'), entryArbitrary('gamma')),
    eventTitle: unicodeText(100),
    ownTitles: fc.array(unicodeText(50), { maxLength: 3 }),
    notes: fc.array(fc.tuple(fc.constantFrom('alpha', 'beta', 'gamma'), unicodeText(500)), { maxLength: 5 }),
    pageTitle: unicodeText(300),
    settings: fc.record({
      enabled: fc.boolean(),
      firstMentionOnly: fc.boolean(),
      underlineStyle: fc.constantFrom(...UNDERLINE_STYLES),
      hoverDelayMs: fc.integer({ min: 0, max: 3000 }),
      disabledSites: fc.array(fc.domain(), { maxLength: 3 }),
    }),
  });

  test('export, wipe, restore gives back exactly what was there', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ entries, eventTitle, ownTitles, notes, pageTitle, settings }) => {
        const db = new LensDatabase(`roundtrip-${crypto.randomUUID()}`);
        const pack: Pack = {
          ...miniPack({ id: 'random', name: 'Random' }),
          entries: entries.map((entry) => ({ ...entry, related: [] })),
          events: [
            {
              id: 'an-event',
              date: '2001-08',
              title: eventTitle,
              entries: ['alpha', 'gamma'],
              source: { url: 'https://example.org/event' },
              checked: '2026-11-29',
            },
          ],
        };
        const validated = validatePack(pack);
        if (!validated.ok) throw new Error(JSON.stringify(validated.problems));
        await installPack(db, validated.pack);
        for (const [i, title] of ownTitles.entries()) await saveOwnEntry(db, ownEntry(`own:entry-${i}`, title));
        for (const [entryId, text] of notes) await addNote(db, entryId, text);
        await recordSightings(db, {
          url: 'https://news.example/a?id=1#top',
          title: pageTitle,
          entryIds: ['alpha', 'gamma'],
        });
        await updateSettings(settings);
        // One note whose entry left its pack must survive the round trip too.
        await db.notes.add({ id: crypto.randomUUID(), entryId: 'gone', text: 'orphan', created: 1, updated: 2 });

        const before = await everything(db);
        const text = serialiseBackup(await createBackup(db));
        await wipe(db);
        expect((await readAllData(db)).entries).toEqual([]);
        await restoreBackupText(db, text);
        expect(await everything(db)).toEqual(before);
      }),
      { numRuns: 25 },
    );
  });
});
