import { describe, expect, test, vi } from 'vitest';
import type { EntryDetail } from '../model';
import { DetailCache } from './detail-cache';

const detail = (id: string) => ({ entry: { id } }) as unknown as EntryDetail;

describe('DetailCache', () => {
  test('fetches once, then answers from memory, synchronously through peek', async () => {
    const fetchDetail = vi.fn(async (id: string) => detail(id));
    const cache = new DetailCache(fetchDetail);
    expect(cache.peek('kfor')).toBeUndefined();
    const [a, b] = await Promise.all([cache.get('kfor'), cache.get('kfor')]);
    expect(a).toBe(b);
    expect(cache.peek('kfor')).toBe(a);
    expect(fetchDetail).toHaveBeenCalledTimes(1);
  });

  test('forgets failures and invalidated entries', async () => {
    const fetchDetail = vi.fn().mockRejectedValueOnce(new Error('worker asleep')).mockResolvedValue(detail('kfor'));
    const cache = new DetailCache(fetchDetail);
    await expect(cache.get('kfor')).rejects.toThrow('worker asleep');
    await expect(cache.get('kfor')).resolves.toEqual(detail('kfor'));
    cache.invalidate('kfor');
    expect(cache.peek('kfor')).toBeUndefined();
    await cache.get('kfor');
    expect(fetchDetail).toHaveBeenCalledTimes(3);
  });

  test('keeps at most its capacity, dropping the least recently used', async () => {
    const cache = new DetailCache(async (id) => detail(id), 2);
    await cache.get('a');
    await cache.get('b');
    await cache.get('a');
    await cache.get('c');
    expect(cache.peek('a')).toBeDefined();
    expect(cache.peek('b')).toBeUndefined();
    expect(cache.peek('c')).toBeDefined();
  });
});
