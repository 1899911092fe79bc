/**
 * The interface text, from public/_locales/<language>/messages.json through
 * `browser.i18n`. Kept tiny on purpose: the hover card runs in the content
 * script of every page, so no library and no message table is bundled; the
 * browser already holds the messages of the reader's language.
 *
 * Keys are typed from the English file (a type-only import: nothing of the
 * JSON reaches the bundle), so a missing key is a compile error.
 */
import { browser } from 'wxt/browser';
import type englishMessages from '@/public/_locales/en/messages.json';

export type MessageKey = keyof typeof englishMessages;

/**
 * The stem of a counted message: `seenOnPages` when messages.json has
 * `seenOnPages_one`, `seenOnPages_other` and so on, one per CLDR plural
 * category the language uses ("other" is always there as the fallback).
 */
export type PluralKey = {
  [K in MessageKey]: K extends `${infer Stem}_other` ? Stem : never;
}[MessageKey];

type Substitution = string | number;

/**
 * WXT types getMessage with one overload per key, which a key held in a
 * union or built from a stem cannot pick; MessageKey and PluralKey already
 * check the names.
 */
function getMessage(name: string, substitutions: string[]): string {
  return (browser.i18n as { getMessage(name: string, substitutions?: string[]): string }).getMessage(
    name,
    substitutions,
  );
}

function asStrings(substitutions: readonly Substitution[]): string[] {
  return substitutions.map((value) => (typeof value === 'number' ? formatNumber(value) : value));
}

let numbers: Intl.NumberFormat | undefined;
let plurals: Intl.PluralRules | undefined;

function formatNumber(value: number): string {
  numbers ??= new Intl.NumberFormat(browser.i18n.getUILanguage());
  return numbers.format(value);
}

/** One message; `$1`, `$2`… in it are replaced by the substitutions in order. */
export function t(key: MessageKey, ...substitutions: Substitution[]): string {
  // An empty answer means the key is missing in this language and in English: show the key, not a blank.
  return getMessage(key, asStrings(substitutions)) || key;
}

/**
 * A message about `count` things, in the plural form the reader's language
 * uses for that number ("1 entry", "3 entries"). `$1` is the count; further
 * substitutions are `$2` and on.
 */
export function tn(key: PluralKey, count: number, ...substitutions: Substitution[]): string {
  plurals ??= new Intl.PluralRules(browser.i18n.getUILanguage());
  const values = asStrings([count, ...substitutions]);
  return getMessage(`${key}_${plurals.select(count)}`, values) || getMessage(`${key}_other`, values) || key;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * A date of the glossary, which may be a day, a month or only a year
 * ("1999-06-10", "1999-06", "1999"), written the way the reader's language
 * writes dates: "10 June 1999" in British English, "June 10, 1999" in US
 * English, "10. jun 1999." in Serbian. A year alone is left as it is.
 */
export function formatPartialDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  if (!year || !month || month > 12) return date.split('-')[0] ?? date;
  const language = browser.i18n.getUILanguage();
  const key = `${language} ${day ? 'day' : 'month'}`;
  let format = dateFormats.get(key);
  if (!format) {
    // UTC on both sides, so the reader's time zone cannot move the day.
    const fields: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'long', timeZone: 'UTC' };
    format = new Intl.DateTimeFormat(language, day ? { ...fields, day: 'numeric' } : fields);
    dateFormats.set(key, format);
  }
  return format.format(Date.UTC(year, month - 1, day || 1));
}
