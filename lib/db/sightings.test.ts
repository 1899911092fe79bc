import { describe, expect, test } from 'vitest';
import { miniPack } from '@/tests/fixtures/mini-pack';
import { LensDatabase } from './database';
import { getEntryDetail } from './entry-detail';
import { installPack } from './packs';
import { clearSightings, listSightings, pageAddress, recordSightings } from './sightings';

async function freshDatabase() {
  const db = new LensDatabase(`sightings-${crypto.randomUUID()}`);
  await installPack(db, miniPack());
  return db;
}

describe('the "seen on" memory', () => {
  test('remembers each page once per entry, newest first, without the fragment', async () => {
    const db = await freshDatabase();
    await recordSightings(db, { url: 'https://a.example/1#top', title: 'One', entryIds: ['kfor', 'ohrid'] }, 1000);
    await recordSightings(db, { url: 'https://a.example/2', title: 'Two', entryIds: ['kfor'] }, 2000);
    await recordSightings(db, { url: 'https://a.example/1', title: 'One again', entryIds: ['kfor'] }, 3000);
    expect((await listSightings(db, 'kfor')).map((s) => [s.url, s.title])).toEqual([
      ['https://a.example/1', 'One again'],
      ['https://a.example/2', 'Two'],
    ]);
    expect((await getEntryDetail(db, 'ohrid'))?.sightings.map((s) => s.title)).toEqual(['One']);
  });

  test('ignores unknown entries and addresses that are not web pages', async () => {
    const db = await freshDatabase();
    expect(await recordSightings(db, { url: 'https://a.example/', title: 'x', entryIds: ['nope'] })).toBe(0);
    expect(await recordSightings(db, { url: 'file:///home/me/secret.html', title: 'x', entryIds: ['kfor'] })).toBe(0);
    expect(pageAddress('javascript:alert(1)')).toBeNull();
    expect(await db.sightings.count()).toBe(0);
  });

  test('is bounded per entry and in total, dropping the oldest', async () => {
    const db = await freshDatabase();
    const limits = { perEntry: 3, total: 5 };
    for (let i = 0; i < 6; i++) {
      await recordSightings(
        db,
        { url: `https://a.example/${i}`, title: `${i}`, entryIds: ['kfor', 'ohrid'] },
        i,
        limits,
      );
    }
    // Three per entry would be six records; the total of five drops the single oldest of them.
    const kfor = (await listSightings(db, 'kfor')).map((s) => s.title);
    const ohrid = (await listSightings(db, 'ohrid')).map((s) => s.title);
    expect([...kfor, ...ohrid].sort()).toEqual(['3', '4', '4', '5', '5']);
    expect(await db.sightings.count()).toBe(5);
    await clearSightings(db);
    expect(await db.sightings.count()).toBe(0);
  });
});
