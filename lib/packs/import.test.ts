import { afterEach, describe, expect, test, vi } from 'vitest';
import fc from 'fast-check';
import { LensDatabase } from '@/lib/db/database';
import { addNote, listOrphanedNotes } from '@/lib/db/notes';
import { getEntryDetail } from '@/lib/db/entry-detail';
import { getTermsVersion } from '@/lib/db/terms';
import { installPack } from '@/lib/db/packs';
import { listOwnEntries, saveOwnEntry } from '@/lib/db/own-entries';
import { StorageFullError } from '@/lib/db/errors';
import { miniPack } from '@/tests/fixtures/mini-pack';
import { compareVersions, ensureBundledPack } from './bundled';
import { MALFORMED_PACKS, oversizePack } from '@/tests/fixtures/malformed-packs';
import { pathsOf, replaceAt } from '@/tests/fixtures/json-paths';
import {
  findForbiddenKeys,
  importPackFile,
  importPackText,
  PACK_IMPORT_MAX_BYTES,
  PackImportError,
  utf8ByteLength,
} from './import';

/** Every record of every table, in key order, as text: two equal dumps mean an unchanged database. */
async function dumpDatabase(db: LensDatabase): Promise<string> {
  const tables = await Promise.all(db.tables.map(async (table) => [table.name, await table.toArray()] as const));
  return JSON.stringify(tables);
}

/** A database with something to lose: a pack, a note on one of its entries and an own entry. */
async function populatedDatabase() {
  const db = new LensDatabase(`import-${crypto.randomUUID()}`);
  await installPack(db, miniPack());
  await addNote(db, 'kfor', 'Checked with the 2024 mandate');
  await saveOwnEntry(db, {
    id: 'own:zvecan-bridge',
    type: 'place',
    title: 'Zvečan bridge',
    summary: 'Where the reader saw the 2023 protests.',
    source: { url: 'https://example.org/zvecan' },
    checked: '2026-11-29',
  });
  return db;
}

async function importError(db: LensDatabase, text: string, maxBytes?: number): Promise<PackImportError> {
  const error: unknown = await importPackText(db, text, maxBytes).then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof PackImportError)) throw new Error(`expected a PackImportError, got ${String(error)}`);
  return error;
}

describe('importing a malformed pack', () => {
  test('there are at least 20 malformed fixtures', () => {
    expect(MALFORMED_PACKS.length).toBeGreaterThanOrEqual(20);
  });

  test.each(MALFORMED_PACKS.map((fixture) => [fixture.name, fixture] as const))(
    '%s: names the path and leaves the database exactly as it was',
    async (_name, fixture) => {
      const db = await populatedDatabase();
      const before = await dumpDatabase(db);
      const error = await importError(db, fixture.text);
      expect(error.problems.map((problem) => problem.path)).toContain(fixture.path);
      expect(error.message).toContain(`${fixture.path}: `);
      expect(error.message).toMatch(/nothing was changed/);
      expect(await dumpDatabase(db)).toBe(before);
    },
  );

  test('a file over the size limit is refused before it is parsed', async () => {
    const db = await populatedDatabase();
    const before = await dumpDatabase(db);
    const parse = vi.spyOn(JSON, 'parse');
    const fixture = oversizePack(PACK_IMPORT_MAX_BYTES);
    const error = await importError(db, fixture.text);
    expect(error.problems[0]).toMatchObject({ path: '(file)', message: expect.stringMatching(/limit is 20 MB/) });
    expect(parse).not.toHaveBeenCalled();
    parse.mockRestore();
    // The same pack without the padding is fine: it was the size, nothing else.
    await expect(importPackText(db, fixture.text.trimEnd())).resolves.toMatchObject({ kind: 'updated' });
    expect(before).not.toBe(await dumpDatabase(db));
  });

  test('a file over the limit in UTF-8 bytes (but not in characters) is refused', async () => {
    const db = await populatedDatabase();
    const text = JSON.stringify(miniPack({ description: 'č'.repeat(600) }));
    // 600 "č" are 1200 bytes: under a limit of text.length + 100 characters, over it in bytes.
    const error = await importError(db, text, text.length + 100);
    expect(error.problems[0]?.path).toBe('(file)');
  });

  test('a chosen file is measured before it is read', async () => {
    const db = await populatedDatabase();
    const file = new Blob([JSON.stringify(miniPack())]);
    const read = vi.spyOn(file, 'text');
    await expect(importPackFile(db, file, 10)).rejects.toThrow(PackImportError);
    expect(read).not.toHaveBeenCalled();
  });
});

describe('importing randomly damaged packs', () => {
  const update = miniPack({ version: '1.1.0' });
  const paths = pathsOf(update);

  test('either land whole or change nothing, and never fail without a path', async () => {
    const db = await populatedDatabase();
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), fc.jsonValue({ maxDepth: 2 }), async (path, replacement) => {
        const before = await dumpDatabase(db);
        const text = JSON.stringify(replaceAt(update, path, replacement));
        const outcome = await importPackText(db, text).then(
          () => null,
          (error: unknown) => error,
        );
        if (outcome === null) {
          // It was valid after all (e.g. a title replaced by another string): restore the starting state.
          await importPackText(db, JSON.stringify(miniPack()));
          return;
        }
        refused++;
        expect(outcome).toBeInstanceOf(PackImportError);
        expect((outcome as PackImportError).problems.length).toBeGreaterThan(0);
        expect(await dumpDatabase(db)).toBe(before);
      }),
      { numRuns: 200 },
    );
    expect(refused).toBeGreaterThan(100);
  }, 60_000);
});

describe('importing a valid pack', () => {
  test('installs a new pack whole', async () => {
    const db = new LensDatabase(`import-${crypto.randomUUID()}`);
    const result = await importPackText(db, JSON.stringify(miniPack()));
    expect(result).toMatchObject({ kind: 'installed', pack: { id: 'mini', entryCount: 3, eventCount: 2 } });
    expect(await db.entries.count()).toBe(3);
    expect(await db.events.count()).toBe(2);
  });

  test('an update replaces entries and events but keeps notes and own entries', async () => {
    const db = await populatedDatabase();
    await addNote(db, 'ohrid-framework-agreement', 'About the 2001 agreement');
    const update = miniPack({ version: '1.1.0' });
    update.entries = update.entries.filter((entry) => entry.id !== 'ohrid-framework-agreement');
    update.entries[0]!.summary = 'Updated summary.';
    update.events = update.events.slice(0, 1);
    const versionBefore = Number(await getTermsVersion(db));

    const result = await importPackText(db, JSON.stringify(update));

    expect(result).toMatchObject({ kind: 'updated', previousVersion: '1.0.0', pack: { version: '1.1.0' } });
    expect(await db.entries.where('packId').equals('mini').count()).toBe(2);
    expect(await db.events.count()).toBe(1);
    expect((await getEntryDetail(db, 'kfor'))?.notes.map((note) => note.text)).toEqual([
      'Checked with the 2024 mandate',
    ]);
    expect((await listOwnEntries(db)).map((entry) => entry.id)).toEqual(['own:zvecan-bridge']);
    // The note on the entry that left the pack is kept and listed as orphaned.
    expect((await listOrphanedNotes(db)).map((note) => [note.entryId, note.text])).toEqual([
      ['ohrid-framework-agreement', 'About the 2001 agreement'],
    ]);
    expect(Number(await getTermsVersion(db))).toBe(versionBefore + 1);
  });

  test('an export of own entries (pack "own") adds to the own entries', async () => {
    const db = await populatedDatabase();
    const own = {
      ...miniPack({ id: 'own', events: [] }),
      entries: [
        {
          id: 'own:mitrovica-mayor',
          type: 'person',
          title: 'Mayor of North Mitrovica',
          summary: 'My notes on the office.',
          source: { url: 'https://example.org/mayor' },
          checked: '2026-11-29',
        },
      ],
    };
    expect(await importPackText(db, JSON.stringify(own))).toEqual({ kind: 'own-entries', count: 1 });
    expect((await listOwnEntries(db)).map((entry) => entry.id).sort()).toEqual([
      'own:mitrovica-mayor',
      'own:zvecan-bridge',
    ]);
    expect(await db.packs.get('own')).toBeUndefined();
  });
});

describe('the bundled pack and imported versions of it', () => {
  test('a newer version imported by the reader is not downgraded when the worker starts again', async () => {
    const db = new LensDatabase(`import-${crypto.randomUUID()}`);
    expect(await ensureBundledPack(db, async () => miniPack())).toBe('installed');
    await importPackText(db, JSON.stringify(miniPack({ version: '1.10.0', name: 'Newer' })));
    expect(await ensureBundledPack(db, async () => miniPack({ version: '1.9.0' }))).toBe('current');
    expect((await db.packs.get('mini'))?.version).toBe('1.10.0');
    expect(await ensureBundledPack(db, async () => miniPack({ version: '2.0.0' }))).toBe('updated');
    expect(compareVersions('1.10.0', '1.9.2')).toBe(1);
    expect(compareVersions('1.0.0', '1.0.0')).toBe(0);
  });
});

describe('quota exceeded during an import', () => {
  afterEach(() => vi.restoreAllMocks());

  test('gives a clear message and writes nothing', async () => {
    const db = await populatedDatabase();
    const before = await dumpDatabase(db);
    let puts = 0;
    const realPut = IDBObjectStore.prototype.put;
    // Let the first writes succeed so the failure comes in the middle of the transaction.
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args) {
      if (++puts > 2) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return realPut.apply(this, args);
    });
    const update = miniPack({ version: '2.0.0' });
    const error: unknown = await importPackText(db, JSON.stringify(update)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StorageFullError);
    expect((error as Error).message).toMatch(/no room left.*nothing was saved/);
    expect(puts).toBeGreaterThan(2);
    vi.restoreAllMocks();
    expect(await dumpDatabase(db)).toBe(before);
  });

  test('a note that does not fit is refused with the same message', async () => {
    const db = await populatedDatabase();
    vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    await expect(addNote(db, 'kfor', 'one more')).rejects.toThrow(StorageFullError);
  });
});

describe('helpers', () => {
  test('finds forbidden keys at any depth and names them', () => {
    const parsed: unknown = JSON.parse('{"a":[{"b":{"__proto__":{}}}],"constructor":1,"ok":{"prototype":2}}');
    expect(findForbiddenKeys(parsed).map((problem) => problem.path)).toEqual([
      'constructor',
      'a[0].b.__proto__',
      'ok.prototype',
    ]);
    expect(findForbiddenKeys({ entries: [{ title: 'constructor' }] })).toEqual([]);
  });

  test('counts UTF-8 bytes like TextEncoder', () => {
    for (const text of ['', 'KFOR', 'Zvečan', 'Приштина', '🇽🇰 flag', '\ud800 lone', 'end \ud83d']) {
      expect(utf8ByteLength(text)).toBe(new TextEncoder().encode(text).length);
    }
  });
});
