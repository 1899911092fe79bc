/**
 * The reader's settings, kept in extension storage (not IndexedDB) because
 * content scripts can read it directly and are told of every change at once:
 * a setting changed in the options page or popup applies in all open tabs
 * without a reload and without asking the background.
 *
 * The checks are written by hand, not with valibot, because the content
 * script (which runs in every frame of every page) reads the settings too and
 * should not carry a schema library for six fields. settings-schema.ts holds
 * the same rules as a valibot schema for the backup format, and
 * settings.test.ts checks that the two agree.
 */
import { readLocal, watchLocal, writeLocal } from './local-storage';

export const UNDERLINE_STYLES = ['underline', 'background', 'none'] as const;
export type UnderlineStyle = (typeof UNDERLINE_STYLES)[number];

export interface Settings {
  /** Master switch: when false, no page is scanned. */
  enabled: boolean;
  /** Host names (e.g. "news.example.com") where the reader switched spotting off. */
  disabledSites: string[];
  /** Underline only the first mention of each entry on a page. */
  firstMentionOnly: boolean;
  underlineStyle: UnderlineStyle;
  /** Remember the pages where entries were spotted ("seen on"); never in private windows. */
  rememberPages: boolean;
  /** How long the pointer must rest on a term before its card opens. */
  hoverDelayMs: number;
}

export const SETTINGS_LIMITS = {
  /** A DNS name has at most 253 characters. */
  siteLength: 253,
  sites: 5000,
  maxHoverDelayMs: 3000,
} as const;

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  enabled: true,
  disabledSites: [],
  firstMentionOnly: false,
  underlineStyle: 'underline',
  rememberPages: true,
  hoverDelayMs: 300,
});

/** Where the settings live in `browser.storage.local`. */
export const SETTINGS_KEY = 'settings';

/** Each field's check: the problem with `value` as a sentence fragment, or undefined when it is valid. */
const FIELD_PROBLEMS: { [K in keyof Settings]: (value: unknown) => string | undefined } = {
  enabled: (value) => (typeof value === 'boolean' ? undefined : 'must be true or false'),
  disabledSites: (value) =>
    Array.isArray(value) &&
    value.length <= SETTINGS_LIMITS.sites &&
    value.every((site) => typeof site === 'string' && site.length <= SETTINGS_LIMITS.siteLength)
      ? undefined
      : `must be a list of at most ${SETTINGS_LIMITS.sites} host names of at most ${SETTINGS_LIMITS.siteLength} characters`,
  firstMentionOnly: (value) => (typeof value === 'boolean' ? undefined : 'must be true or false'),
  underlineStyle: (value) =>
    UNDERLINE_STYLES.includes(value as UnderlineStyle) ? undefined : `must be one of ${UNDERLINE_STYLES.join(', ')}`,
  rememberPages: (value) => (typeof value === 'boolean' ? undefined : 'must be true or false'),
  hoverDelayMs: (value) =>
    Number.isInteger(value) && (value as number) >= 0 && (value as number) <= SETTINGS_LIMITS.maxHoverDelayMs
      ? undefined
      : `must be a whole number of milliseconds from 0 to ${SETTINGS_LIMITS.maxHoverDelayMs}`,
};
const FIELDS = Object.keys(FIELD_PROBLEMS) as Array<keyof Settings>;

/** A field's value, copied so the result shares no array with the input (or with the frozen defaults). */
function own<K extends keyof Settings>(value: Settings[K]): Settings[K] {
  return (Array.isArray(value) ? [...value] : value) as Settings[K];
}

function fieldsOf(stored: unknown): Record<string, unknown> {
  return stored !== null && typeof stored === 'object' && !Array.isArray(stored)
    ? (stored as Record<string, unknown>)
    : {};
}

/**
 * Reads stored settings leniently: only known fields with valid values are
 * kept, anything else (a damaged or older record, a foreign value) falls back
 * to the default field by field. Unknown fields are dropped.
 */
export function parseSettings(stored: unknown): Settings {
  const fields = fieldsOf(stored);
  const settings = {} as Record<keyof Settings, unknown>;
  for (const field of FIELDS) {
    // Own fields only: nothing inherited through a prototype counts as stored.
    const value = Object.hasOwn(fields, field) ? fields[field] : undefined;
    const valid = value !== undefined && FIELD_PROBLEMS[field](value) === undefined;
    settings[field] = own(valid ? (value as never) : DEFAULT_SETTINGS[field]);
  }
  return settings as Settings;
}

/**
 * Checks complete settings strictly: missing fields take their defaults,
 * unknown ones are dropped, and an invalid value throws an error naming the
 * field. Used before anything is written.
 */
export function checkSettings(candidate: unknown): Settings {
  if (candidate === null || typeof candidate !== 'object' || Array.isArray(candidate)) {
    throw new Error('Settings must be an object');
  }
  const fields = candidate as Record<string, unknown>;
  for (const field of FIELDS) {
    const value = Object.hasOwn(fields, field) ? fields[field] : undefined;
    const problem = value === undefined ? undefined : FIELD_PROBLEMS[field](value);
    if (problem) throw new Error(`Setting ${field} ${problem}`);
  }
  return parseSettings(fields);
}

export async function loadSettings(): Promise<Settings> {
  return parseSettings(await readLocal(SETTINGS_KEY));
}

/**
 * Applies a change; an invalid one is refused with a clear error and nothing
 * is stored. Changes from this page are applied one after another: each reads
 * what the previous one wrote, so quick successive changes are not lost.
 */
export function updateSettings(change: Partial<Settings>): Promise<Settings> {
  const next = pendingUpdate.then(async () => {
    const settings = checkSettings({ ...(await loadSettings()), ...change });
    await writeLocal(SETTINGS_KEY, settings);
    return settings;
  });
  pendingUpdate = next.catch(() => undefined);
  return next;
}
let pendingUpdate: Promise<unknown> = Promise.resolve();

export function watchSettings(onChange: (settings: Settings) => void): () => void {
  return watchLocal(SETTINGS_KEY, (value) => onChange(parseSettings(value)));
}

/** True when spotting should run on a page of this host. */
export function isActiveOn(settings: Settings, hostname: string): boolean {
  if (!settings.enabled) return false;
  const host = hostname.toLowerCase();
  // A site switched off also switches off its subdomains: "example.com" covers "news.example.com".
  return !settings.disabledSites.some((site) => host === site || host.endsWith(`.${site}`));
}
