import { describe, expect, test } from 'vitest';
import * as fc from 'fast-check';
import * as v from 'valibot';
import { browser } from 'wxt/browser';
import {
  checkSettings,
  DEFAULT_SETTINGS,
  isActiveOn,
  loadSettings,
  parseSettings,
  SETTINGS_KEY,
  updateSettings,
  watchSettings,
  type Settings,
} from './settings';
import { SettingsSchema } from './settings-schema';

const stored = async () => (await browser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY];

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
    expect(parseSettings(null)).toEqual(DEFAULT_SETTINGS);
    expect(parseSettings([true])).toEqual(DEFAULT_SETTINGS);
  });

  test('the normaliser keeps only known fields with the right types and bounds', () => {
    const parsed = parseSettings({
      enabled: 'yes',
      underlineStyle: 'blink',
      hoverDelayMs: 12.5,
      disabledSites: ['example.com', 42],
      rememberPages: false,
      injected: '<script>',
    });
    expect(parsed).toEqual({ ...DEFAULT_SETTINGS, rememberPages: false });
    expect(Object.keys(parsed).sort()).toEqual(Object.keys(DEFAULT_SETTINGS).sort());
    expect(parseSettings(Object.create({ enabled: false, hoverDelayMs: 10 }))).toEqual(DEFAULT_SETTINGS);
    expect(parseSettings({ hoverDelayMs: 3001 }).hoverDelayMs).toBe(DEFAULT_SETTINGS.hoverDelayMs);
    expect(parseSettings({ hoverDelayMs: 0 }).hoverDelayMs).toBe(0);
    expect(parseSettings({ disabledSites: ['a'.repeat(254)] }).disabledSites).toEqual([]);
    expect(parseSettings({ disabledSites: Array(5001).fill('a.org') }).disabledSites).toEqual([]);
  });

  test('parsed settings share no array with the record or with the defaults', () => {
    const sites = ['example.com'];
    const parsed = parseSettings({ disabledSites: sites });
    parsed.disabledSites.push('other.org');
    expect(sites).toEqual(['example.com']);
    parseSettings({}).disabledSites.push('leak.org');
    expect(DEFAULT_SETTINGS.disabledSites).toEqual([]);
  });

  test('the strict check names the bad field', () => {
    expect(() => checkSettings({ underlineStyle: 'blink' })).toThrow(/Setting underlineStyle must be one of/);
    expect(() => checkSettings({ disabledSites: [1] })).toThrow(/Setting disabledSites/);
    expect(() => checkSettings('all')).toThrow(/must be an object/);
    expect(checkSettings({ enabled: false, extra: 1 })).toEqual({ ...DEFAULT_SETTINGS, enabled: false });
  });

  test('the hand-written checks agree with the valibot schema of the backup format', () => {
    const fieldValue = fc.oneof(
      fc.boolean(),
      fc.integer({ min: -10, max: 4000 }),
      fc.double(),
      fc.constantFrom('underline', 'background', 'none', 'blink', ''),
      fc.array(fc.oneof(fc.string({ maxLength: 300 }), fc.integer()), { maxLength: 4 }),
      fc.constant(null),
      fc.constant(undefined),
    );
    const record = fc.record(
      {
        enabled: fieldValue,
        disabledSites: fieldValue,
        firstMentionOnly: fieldValue,
        underlineStyle: fieldValue,
        rememberPages: fieldValue,
        hoverDelayMs: fieldValue,
        other: fieldValue,
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(record, (candidate) => {
        const schema = v.safeParse(SettingsSchema, candidate);
        let checked: Settings | undefined;
        try {
          checked = checkSettings(candidate);
        } catch {
          checked = undefined;
        }
        expect(checked).toEqual(schema.success ? schema.output : undefined);
        // Where the strict check passes, the lenient one gives the same.
        if (checked) expect(parseSettings(candidate)).toEqual(checked);
      }),
      { numRuns: 500 },
    );
  });

  test('updates are validated and stored; an invalid one changes nothing', async () => {
    await updateSettings({ firstMentionOnly: true, hoverDelayMs: 500 });
    expect(await loadSettings()).toMatchObject({ firstMentionOnly: true, hoverDelayMs: 500 });
    await expect(updateSettings({ hoverDelayMs: -5 })).rejects.toThrow(/hoverDelayMs/);
    expect(await stored()).toMatchObject({ firstMentionOnly: true, hoverDelayMs: 500 });
  });

  test('watchers get every change, normalised, until they unsubscribe', async () => {
    const seen: Settings[] = [];
    const stop = watchSettings((settings) => seen.push(settings));
    await updateSettings({ underlineStyle: 'background' });
    await browser.storage.local.set({ [SETTINGS_KEY]: { underlineStyle: 'blink', enabled: false } });
    await browser.storage.local.set({ unrelated: 1 });
    stop();
    await updateSettings({ enabled: true });
    expect(seen.map((settings) => [settings.underlineStyle, settings.enabled])).toEqual([
      ['background', true],
      ['underline', false],
    ]);
  });

  test('a site switched off covers its subdomains only', () => {
    const settings = { ...DEFAULT_SETTINGS, disabledSites: ['example.com'] };
    expect(isActiveOn(settings, 'example.com')).toBe(false);
    expect(isActiveOn(settings, 'news.example.com')).toBe(false);
    expect(isActiveOn(settings, 'notexample.com')).toBe(true);
    expect(isActiveOn({ ...DEFAULT_SETTINGS, enabled: false }, 'other.org')).toBe(false);
  });
});
