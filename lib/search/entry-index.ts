/**
 * What the popup's search indexes of one entry (lib/search/glossary-search.ts
 * explains the two steps): its folded fields for fuse.js, the trigrams of its
 * names, the words of its summary and the prefixes of its words, and the
 * posting lists that map each of those back to the entry's slot.
 */
import { foldKey } from '../matcher';
import { aliasText, type Entry } from '../model';

/** What fuse.js sees of an entry: its fields folded, so both sides compare folded text. */
export interface SearchDocument {
  slot: number;
  title: string;
  aliases: string[];
  summary: string;
}

/** Query words shorter than this are not looked up in summaries: every summary has an "in" or a "the". */
export const SUMMARY_WORD_MIN_LENGTH = 3;

/** Queries shorter than a trigram are answered from word prefixes of this length or less. */
export const PREFIX_LENGTH = 2;

export interface IndexedEntry {
  entry: Entry;
  document: SearchDocument;
  nameGrams: number[];
  summaryWords: string[];
  prefixes: string[];
  /** Folded title, for ordering one-letter results. */
  sortKey: string;
}

/** Whether anything the index reads differs, so `sync` can skip the entries that did not change. */
export function searchableFieldsDiffer(a: Entry, b: Entry): boolean {
  return (
    a.title !== b.title ||
    a.summary !== b.summary ||
    a.aliases.length !== b.aliases.length ||
    a.aliases.some((alias, i) => aliasText(alias) !== aliasText(b.aliases[i]!))
  );
}

/**
 * Distinct trigrams of folded text, each packed into one small integer (ten
 * bits per UTF-16 unit): integer keys are much cheaper than three-letter
 * strings when thousands of entries are indexed. Units that agree in their
 * low ten bits share a key; such a collision only adds a candidate to the
 * shortlist, which fuse.js then ranks on the real text. `padEnd` is false for
 * a query, whose last word may be unfinished.
 */
export function addTrigrams(text: string, into: Set<number>, padEnd = true): void {
  const padded = padEnd ? ` ${text} ` : ` ${text}`;
  let gram = ((padded.charCodeAt(0) & 0x3ff) << 10) | (padded.charCodeAt(1) & 0x3ff);
  for (let i = 2; i < padded.length; i++) {
    gram = ((gram & 0xfffff) << 10) | (padded.charCodeAt(i) & 0x3ff);
    into.add(gram);
  }
}

/** Words of folded text (already lower-case, with apostrophes and dashes made plain). */
export function wordsOf(folded: string): string[] {
  return folded.split(/[\s\-'.,;:()/"]+/).filter(Boolean);
}

export function addToPostings<Key>(postings: Map<Key, number[]>, keys: readonly Key[], slot: number): void {
  for (const key of keys) {
    const list = postings.get(key);
    if (list) list.push(slot);
    else postings.set(key, [slot]);
  }
}

export function removeFromPostings<Key>(postings: Map<Key, number[]>, keys: readonly Key[], slot: number): void {
  for (const key of keys) {
    const list = postings.get(key);
    if (!list) continue;
    const at = list.indexOf(slot);
    if (at >= 0) {
      // Order within a posting list does not matter, so the last item fills the hole.
      list[at] = list[list.length - 1]!;
      list.pop();
    }
    if (list.length === 0) postings.delete(key);
  }
}

export function indexEntry(entry: Entry, slot: number): IndexedEntry {
  const title = foldKey(entry.title);
  const aliases = entry.aliases.map((alias) => foldKey(aliasText(alias)));
  const summary = foldKey(entry.summary);
  const nameGrams = new Set<number>();
  const prefixes = new Set<string>();
  for (const name of [title, ...aliases]) {
    addTrigrams(name, nameGrams);
    for (const word of wordsOf(name)) {
      for (let length = 1; length <= Math.min(PREFIX_LENGTH, word.length); length++)
        prefixes.add(word.slice(0, length));
    }
  }
  return {
    entry,
    document: { slot, title, aliases, summary },
    nameGrams: [...nameGrams],
    // Shorter words are never looked up (see SUMMARY_WORD_MIN_LENGTH), so they are not indexed either.
    summaryWords: [...new Set(wordsOf(summary))].filter((word) => word.length >= SUMMARY_WORD_MIN_LENGTH),
    prefixes: [...prefixes],
    sortKey: title,
  };
}
