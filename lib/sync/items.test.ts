import { describe, expect, test } from 'vitest';
import { NOTE_MAX_LENGTH } from '../model';
import { decodeItems, encodeRecord, itemBytes, QUOTA_BYTES_PER_ITEM } from './items';
import { planItems, QUOTA_BYTES } from './plan';
import { conflictCopyId, isRecordKey, noteKey, SETTINGS_KEY, TOMBSTONE_TTL_MS, type SyncRecord } from './records';

const NOW = Date.UTC(2026, 11, 4);
const note = (id: string, text: string, t = NOW): SyncRecord => ({
  key: noteKey(id),
  vv: { abc123: 1 },
  t,
  d: 'abc123',
  body: { e: 'kfor', x: text, c: t },
});
const largest = (items: Record<string, unknown>) =>
  Math.max(...Object.entries(items).map(([key, value]) => itemBytes(key, value)));

describe('the 8 KB rule', () => {
  test('a short note is one item', () => {
    expect(Object.keys(encodeRecord(note('a', 'short')))).toEqual(['n:a']);
  });

  test.each([
    ['ASCII', 'x'],
    ['three-byte UTF-8', 'ж€'],
    ['astral characters', '😀'],
    ['JSON escapes', '"\\\n\u0001'],
  ])('a note of the longest length in %s is split into items under 8,192 bytes and read back whole', (_, unit) => {
    const text = unit.repeat(Math.ceil(NOTE_MAX_LENGTH / unit.length)).slice(0, NOTE_MAX_LENGTH);
    const record = note('b', text);
    const items = encodeRecord(record);
    expect(Object.keys(items).length).toBeGreaterThan(1);
    expect(largest(items)).toBeLessThanOrEqual(QUOTA_BYTES_PER_ITEM);
    expect(decodeItems(items, isRecordKey)).toEqual({ records: [record], incomplete: [] });
  });

  test('a record whose chunks are missing or from another version waits instead of being merged half-read', () => {
    const items = encodeRecord(note('c', 'ж'.repeat(5000)));
    const older = encodeRecord(note('c', 'я'.repeat(5000), NOW - 5));
    expect(decodeItems({ ...items, 'n:c#2': undefined }, isRecordKey)).toEqual({ records: [], incomplete: ['n:c'] });
    expect(decodeItems({ ...items, 'n:c#1': older['n:c#1'] }, isRecordKey).incomplete).toEqual(['n:c']);
  });

  test('malformed items and keys of others are skipped', () => {
    const decoded = decodeItems(
      { 'n:x': { v: { a: -1 }, t: 1, d: 'a' }, 'n:y': 'text', other: { v: {}, t: 1, d: 'a' } },
      isRecordKey,
    );
    expect(decoded.records).toEqual([]);
  });
});

describe('the quota plan', () => {
  test('when notes outgrow the quota, the most recent go first and the rest are reported, settings always first', () => {
    const settings: SyncRecord = { key: SETTINGS_KEY, vv: { a: 1 }, t: 1, d: 'a', body: { enabled: true } };
    const notes = Array.from({ length: 40 }, (_, i) =>
      note(`n${String(i).padStart(2, '0')}`, 'x'.repeat(4000), NOW - i),
    );
    const plan = planItems([...notes].reverse().concat(settings), NOW);
    expect(plan.bytes).toBeLessThanOrEqual(QUOTA_BYTES);
    expect(plan.items[SETTINGS_KEY]).toBeDefined();
    const kept = notes.filter((record) => record.key in plan.items);
    expect(kept).toEqual(notes.slice(0, kept.length));
    expect(plan.leftOut).toEqual(notes.slice(kept.length));
    expect(kept.length).toBeGreaterThan(20);
  });

  test('the item count is bounded as well as the bytes', () => {
    const notes = Array.from({ length: 600 }, (_, i) => note(`m${i}`, 'x', NOW - i));
    const plan = planItems(notes, NOW);
    expect(Object.keys(plan.items).length).toBeLessThanOrEqual(512);
    expect(plan.leftOut.length).toBeGreaterThan(88);
  });

  test('tombstones are kept for 60 days, then dropped', () => {
    const tombstone = (t: number): SyncRecord => ({ key: noteKey(`t${t}`), vv: { a: 1 }, t, d: 'a' });
    const plan = planItems([tombstone(NOW - TOMBSTONE_TTL_MS + 1000), tombstone(NOW - TOMBSTONE_TTL_MS - 1000)], NOW);
    expect(Object.keys(plan.items)).toEqual([noteKey(`t${NOW - TOMBSTONE_TTL_MS + 1000}`)]);
  });
});

test('a conflict copy id is a UUID that every device computes alike', () => {
  const id = conflictCopyId('0f8e2c1a-1111-4222-8333-444455556666', 'dev1', NOW);
  expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(conflictCopyId('0f8e2c1a-1111-4222-8333-444455556666', 'dev1', NOW)).toBe(id);
  expect(conflictCopyId('0f8e2c1a-1111-4222-8333-444455556666', 'dev2', NOW)).not.toBe(id);
});
