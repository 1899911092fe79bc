import { describe, expect, test, vi } from 'vitest';
import type { EntryDetail } from '../model';
import { cachedCardData, DetailCache } from './detail-cache';

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

describe('cachedCardData', () => {
  const setUp = () => {
    let notifyNoteChange: (entryId: string) => void = () => undefined;
    const source = {
      loadDetail: vi.fn(async (id: string) => detail(id)),
      deleteNote: vi.fn(async () => undefined),
      noteEditor: { url: () => 'about:blank', origin: 'chrome-extension://test' },
      watchNoteChanges: (onChange: (entryId: string) => void) => {
        notifyNoteChange = onChange;
        return () => undefined;
      },
    };
    const cache = new DetailCache((id) => source.loadDetail(id));
    return { source, cache, data: cachedCardData(source, cache), noteChanged: (id: string) => notifyNoteChange(id) };
  };

  test('reads through the cache, and a note deleted from the card empties it once done', async () => {
    const { source, cache, data } = setUp();
    await data.loadDetail('kfor');
    await data.loadDetail('kfor');
    expect(source.loadDetail).toHaveBeenCalledTimes(1);
    expect(data.peekDetail?.('kfor')).toEqual(detail('kfor'));
    await data.deleteNote('note-1');
    expect(source.deleteNote).toHaveBeenCalledWith('note-1');
    expect(cache.peek('kfor')).toBeUndefined();
  });

  test('a note changed elsewhere drops that entry only, then tells the card', async () => {
    const { cache, data, noteChanged } = setUp();
    await Promise.all([data.loadDetail('kfor'), data.loadDetail('eulex')]);
    const changed: string[] = [];
    data.watchNoteChanges?.((entryId) => changed.push(entryId));
    noteChanged('kfor');
    expect(changed).toEqual(['kfor']);
    expect(cache.peek('kfor')).toBeUndefined();
    expect(cache.peek('eulex')).toBeDefined();
  });
});
