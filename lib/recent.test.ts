import { describe, expect, test } from 'vitest';
import { clearRecent, loadRecent, RECENT_LIMIT, recentItem, rememberOpened } from './recent';

describe('recently opened entries', () => {
  test('newest first, each once', async () => {
    await rememberOpened('kfor');
    await rememberOpened('ohrid');
    await rememberOpened('kfor');
    expect(await loadRecent()).toEqual(['kfor', 'ohrid']);
  });

  test('capped, dropping the oldest', async () => {
    for (let i = 0; i < RECENT_LIMIT + 3; i++) await rememberOpened(`entry-${i}`);
    const recent = await loadRecent();
    expect(recent).toHaveLength(RECENT_LIMIT);
    expect(recent[0]).toBe(`entry-${RECENT_LIMIT + 2}`);
    expect(recent).not.toContain('entry-0');
  });

  test('a damaged record reads as no history, and clearing empties it', async () => {
    await recentItem.setValue({ not: 'a list' });
    expect(await loadRecent()).toEqual([]);
    await recentItem.setValue(['kfor', '<script>']);
    expect(await loadRecent()).toEqual([]);
    await rememberOpened('kfor');
    await clearRecent();
    expect(await loadRecent()).toEqual([]);
  });
});
