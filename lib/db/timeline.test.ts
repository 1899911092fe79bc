import { expect, test } from 'vitest';
import { miniPack } from '@/tests/fixtures/mini-pack';
import { LensDatabase } from './database';
import { installPack } from './packs';
import { listTimeline } from './timeline';

test('the timeline lists every event, newest first, partial dates after the days they contain', async () => {
  const db = new LensDatabase(`timeline-${crypto.randomUUID()}`);
  const pack = miniPack();
  pack.events.push({ ...pack.events[0]!, id: 'later', date: '2004-03', entries: ['ohrid'] });
  await installPack(db, pack);
  expect((await listTimeline(db)).map((event) => event.date)).toEqual(['2004-03', '1999-06-12', '1999-06']);
});
