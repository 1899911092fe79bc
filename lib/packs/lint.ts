/**
 * Warnings for pack authors: things a valid pack may contain on purpose but
 * that are often mistakes. They never block an import; `npm run pack:check`
 * prints them beside the errors.
 */
import { aliasText, type Pack } from '../model';
import type { PackProblem } from './validate';

/** A source host cited by more than this share of all records is worth a second look. */
export const DOMINANT_HOST_SHARE = 0.5;
/** Below this many records a dominant host says nothing (a three-entry pack may well cite one site). */
const DOMINANT_HOST_MIN_RECORDS = 10;

/** Words that name an office in a person's summary; such a summary should say when it was held. */
const OFFICE_WORDS =
  /\b(?:president|prime minister|minister|mayor|speaker|chair(?:man|woman|person)?|head|leader|secretary|governor|ambassador|commander|envoy|representative|judge|prosecutor|ombudsman|chancellor)\b/i;
const YEAR = /\b(?:1[89]|20)\d\d\b/;

export function lintPack(pack: Pack): PackProblem[] {
  return [
    ...sharedAliases(pack),
    ...entriesWithoutEvents(pack),
    ...dominantSourceHost(pack),
    ...officesWithoutYears(pack),
  ];
}

function sharedAliases(pack: Pack): PackProblem[] {
  // Every name (title or alias) with where it is written, grouped case-insensitively as readers see them.
  const names = new Map<string, Array<{ path: string; text: string; entryId: string }>>();
  pack.entries.forEach((entry, i) => {
    const written = [
      { path: `entries[${i}].title`, text: entry.title },
      ...entry.aliases.map((alias, j) => ({ path: `entries[${i}].aliases[${j}]`, text: aliasText(alias) })),
    ];
    for (const name of written) {
      const key = name.text.toLowerCase();
      const places = names.get(key) ?? [];
      if (!places.some((place) => place.entryId === entry.id)) places.push({ ...name, entryId: entry.id });
      names.set(key, places);
    }
  });
  // Reported once per name, where it is first written, naming the other entries.
  return [...names.values()]
    .filter((places) => places.length > 1)
    .map(([first, ...others]) => ({
      path: first!.path,
      message: `"${first!.text}" also names ${others.map((other) => other.entryId).join(', ')}: readers get a choice of meanings`,
    }));
}

function entriesWithoutEvents(pack: Pack): PackProblem[] {
  const withEvents = new Set(pack.events.flatMap((event) => event.entries));
  return pack.entries.flatMap((entry, i) =>
    withEvents.has(entry.id) ? [] : [{ path: `entries[${i}]`, message: `"${entry.id}" has no timeline event` }],
  );
}

function dominantSourceHost(pack: Pack): PackProblem[] {
  const records = [...pack.entries, ...pack.events];
  if (records.length < DOMINANT_HOST_MIN_RECORDS) return [];
  const counts = new Map<string, number>();
  for (const record of records) {
    const host = new URL(record.source.url).hostname;
    counts.set(host, (counts.get(host) ?? 0) + 1);
  }
  return [...counts]
    .filter(([, count]) => count / records.length > DOMINANT_HOST_SHARE)
    .map(([host, count]) => ({
      path: '(pack)',
      message: `${count} of ${records.length} records cite ${host}: consider sources beyond one site`,
    }));
}

function officesWithoutYears(pack: Pack): PackProblem[] {
  return pack.entries.flatMap((entry, i) =>
    entry.type === 'person' && OFFICE_WORDS.test(entry.summary) && !YEAR.test(entry.summary)
      ? [{ path: `entries[${i}].summary`, message: 'names an office but no years: say when it was held' }]
      : [],
  );
}
