import { describe, expect, test } from 'vitest';
import { DEFAULT_SETTINGS, isActiveOn, loadSettings, parseSettings, updateSettings, settingsItem } from './settings';

describe('settings', () => {
  test('defaults when nothing is stored', async () => {
    expect(await loadSettings()).toEqual(DEFAULT_SETTINGS);
    expect(DEFAULT_SETTINGS).toMatchObject({ enabled: true, hoverDelayMs: 300, firstMentionOnly: false });
  });

  test('a damaged record keeps its valid fields and drops the rest', () => {
    expect(parseSettings({ enabled: false, hoverDelayMs: 'soon', disabledSites: 'all' })).toEqual({
      ...DEFAULT_SETTINGS,
      enabled: false,
    });
    expect(parseSettings('garbage')).toEqual(DEFAULT_SETTINGS);
  });

  test('updates are validated and stored; an invalid one changes nothing', async () => {
    await updateSettings({ firstMentionOnly: true, hoverDelayMs: 500 });
    expect(await loadSettings()).toMatchObject({ firstMentionOnly: true, hoverDelayMs: 500 });
    await expect(updateSettings({ hoverDelayMs: -5 })).rejects.toThrow(/hoverDelayMs/);
    expect(await settingsItem.getValue()).toMatchObject({ firstMentionOnly: true, hoverDelayMs: 500 });
  });

  test('a site switched off covers its subdomains only', () => {
    const settings = { ...DEFAULT_SETTINGS, disabledSites: ['example.com'] };
    expect(isActiveOn(settings, 'example.com')).toBe(false);
    expect(isActiveOn(settings, 'news.example.com')).toBe(false);
    expect(isActiveOn(settings, 'notexample.com')).toBe(true);
    expect(isActiveOn({ ...DEFAULT_SETTINGS, enabled: false }, 'other.org')).toBe(false);
  });
});
