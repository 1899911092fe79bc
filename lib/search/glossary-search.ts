/**
 * Fuzzy search over the glossary for the popup: tolerant of typos
 * ("Stoltenburg") and of missing diacritics ("Zvecan" finds Zvečan).
 *
 * fuse.js alone scans every entry on every keystroke, which costs tens to
 * hundreds of milliseconds at a few thousand entries (bench/search.bench.ts).
 * So the search runs in two steps:
 *
 * 1. A shortlist from an inverted index over folded text (`foldKey`, the same
 *    fold the page matcher uses): trigrams of titles and aliases, the words of
 *    summaries (matched by prefix, at a lower weight), and word prefixes for
 *    one- and two-letter queries, which have no trigrams yet. A typo breaks
 *    only the trigrams around it, so a misspelt name still shares most of its
 *    trigrams with the entry it means. Summaries are indexed by word, not by
 *    trigram: they are long, and trigrams of every summary would make the
 *    index several times slower to build for the field fuse weighs least.
 * 2. fuse.js ranks only the shortlist, with the keys, weights and threshold
 *    it always had, so the order and the typo tolerance are fuse's own.
 *
 * The index is built once and then kept in step with the entries (`sync`,
 * `upsert`, `remove`); nothing is rebuilt per keystroke.
 */
import Fuse, { type IFuseOptions } from 'fuse.js';
import { FoldBuffer } from '../matcher';
import { aliasText, type Entry } from '../model';

/** What fuse.js sees of an entry: its fields folded, so both sides compare folded text. */
interface SearchDocument {
  slot: number;
  title: string;
  aliases: string[];
  summary: string;
}

export interface SearchResult {
  entry: Entry;
  /** 0 is a perfect match, 1 no match at all. */
  score: number;
}

const FUSE_OPTIONS: IFuseOptions<SearchDocument> = {
  keys: [
    { name: 'title', weight: 3 },
    { name: 'aliases', weight: 2 },
    { name: 'summary', weight: 0.4 },
  ],
  includeScore: true,
  // The documents are folded already (a stronger fold than fuse's: đ, ł and ø too).
  ignoreDiacritics: false,
  // Names can sit anywhere in a title ("Jens Stoltenberg"), so the position of a match must not count against it.
  ignoreLocation: true,
  threshold: 0.34,
  minMatchCharLength: 2,
};

/**
 * At most this many shortlisted entries go to fuse.js, whose cost grows with
 * the text it scans. Well above what the popup shows (30), so an entry fuse
 * would rank high is in the shortlist even with an ordinary count.
 */
const SHORTLIST_SIZE = 48;

/**
 * Entries scoring under this share of the best score are left out: fuse would
 * rank them below the ones kept, or not match them at all. The minimum keeps
 * enough for a typo that hits the best candidate's trigrams hardest.
 */
const SHORTLIST_RELATIVE_CUTOFF = 0.4;
const SHORTLIST_MINIMUM = 24;

/** A summary word found counts like this share of its trigrams in a name, as fuse weighs the summary less. */
const SUMMARY_WORD_WEIGHT = 0.3;

/** Query words shorter than this are not looked up in summaries: every summary has an "in" or a "the". */
const SUMMARY_WORD_MIN_LENGTH = 3;

/** A prefix that opens more summary words than this ("pro") is too vague to shortlist by. */
const SUMMARY_PREFIX_MAX_WORDS = 300;

/** Queries shorter than a trigram are answered from word prefixes of this length or less. */
const PREFIX_LENGTH = 2;

interface IndexedEntry {
  entry: Entry;
  document: SearchDocument;
  nameGrams: number[];
  summaryWords: string[];
  prefixes: string[];
  /** Folded title, for ordering one-letter results. */
  sortKey: string;
}

const reusedFoldBuffer = new FoldBuffer();
const SPACE = 0x20;

/**
 * `foldKey`, through one reused buffer. foldKey allocates two typed arrays per
 * call, and indexing thousands of entries (eight or so strings each) spent
 * more time collecting that garbage than folding. Same fold, same output: a
 * test holds the two together.
 */
export function foldForSearch(text: string): string {
  const length = reusedFoldBuffer.fold(text);
  const units = reusedFoldBuffer.units;
  let start = 0;
  let end = length;
  if (start < end && units[start] === SPACE) start++;
  if (end > start && units[end - 1] === SPACE) end--;
  let folded = '';
  // apply() reads the typed array as it is (a spread would copy it through an iterator first); in
  // chunks, because one call takes only so many arguments.
  for (let at = start; at < end; at += 4096) {
    const chunk = units.subarray(at, Math.min(end, at + 4096)) as unknown as number[];
    folded += String.fromCharCode.apply(null, chunk);
  }
  return folded;
}

/** Whether anything the index reads differs, so `sync` can skip the entries that did not change. */
function searchableFieldsDiffer(a: Entry, b: Entry): boolean {
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
function addTrigrams(text: string, into: Set<number>, padEnd = true): void {
  const padded = padEnd ? ` ${text} ` : ` ${text}`;
  let gram = ((padded.charCodeAt(0) & 0x3ff) << 10) | (padded.charCodeAt(1) & 0x3ff);
  for (let i = 2; i < padded.length; i++) {
    gram = ((gram & 0xfffff) << 10) | (padded.charCodeAt(i) & 0x3ff);
    into.add(gram);
  }
}

/** Words of folded text (already lower-case, with apostrophes and dashes made plain). */
function wordsOf(folded: string): string[] {
  return folded.split(/[\s\-'.,;:()/"]+/).filter(Boolean);
}

function addToPostings<Key>(postings: Map<Key, number[]>, keys: readonly Key[], slot: number): void {
  for (const key of keys) {
    const list = postings.get(key);
    if (list) list.push(slot);
    else postings.set(key, [slot]);
  }
}

function removeFromPostings<Key>(postings: Map<Key, number[]>, keys: readonly Key[], slot: number): void {
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

function indexEntry(entry: Entry, slot: number): IndexedEntry {
  const title = foldForSearch(entry.title);
  const aliases = entry.aliases.map((alias) => foldForSearch(aliasText(alias)));
  const summary = foldForSearch(entry.summary);
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

export class GlossarySearch {
  /** Entries by slot; a removed entry leaves a hole that the next added entry fills. */
  private readonly slots: Array<IndexedEntry | undefined> = [];
  private readonly freeSlots: number[] = [];
  private readonly slotById = new Map<string, number>();
  private readonly nameGramPostings = new Map<number, number[]>();
  private readonly summaryWordPostings = new Map<string, number[]>();
  /** The summary words in code-unit order, for prefix lookups; rebuilt after changes. */
  private summaryVocabulary: string[] | null = null;
  private readonly prefixPostings = new Map<string, number[]>();
  /** Scratch space for the shortlist scores, one per slot, reset after every search. */
  private scores = new Float64Array(0);

  constructor(entries: readonly Entry[] = []) {
    for (const entry of entries) this.upsert(entry);
    // Sorted now rather than on the reader's third keystroke.
    this.vocabulary();
  }

  get size(): number {
    return this.slotById.size;
  }

  /** Adds an entry, or re-indexes it if it is there already. */
  upsert(entry: Entry): void {
    const existing = this.slotById.get(entry.id);
    if (existing !== undefined) {
      const indexed = this.slots[existing];
      if (indexed && !searchableFieldsDiffer(indexed.entry, entry)) {
        // Nothing searchable changed; keep the newer object for display (type, source, related).
        indexed.entry = entry;
        return;
      }
      this.remove(entry.id);
    }
    const slot = this.freeSlots.pop() ?? this.slots.length;
    const indexed = indexEntry(entry, slot);
    this.slots[slot] = indexed;
    this.slotById.set(entry.id, slot);
    addToPostings(this.nameGramPostings, indexed.nameGrams, slot);
    addToPostings(this.summaryWordPostings, indexed.summaryWords, slot);
    this.summaryVocabulary = null;
    addToPostings(this.prefixPostings, indexed.prefixes, slot);
  }

  remove(entryId: string): void {
    const slot = this.slotById.get(entryId);
    if (slot === undefined) return;
    const indexed = this.slots[slot];
    if (indexed) {
      removeFromPostings(this.nameGramPostings, indexed.nameGrams, slot);
      removeFromPostings(this.summaryWordPostings, indexed.summaryWords, slot);
      this.summaryVocabulary = null;
      removeFromPostings(this.prefixPostings, indexed.prefixes, slot);
    }
    this.slots[slot] = undefined;
    this.slotById.delete(entryId);
    this.freeSlots.push(slot);
  }

  /**
   * Brings the index in line with the full current list of entries: adds the
   * new, re-indexes the changed, drops the missing. Unchanged entries cost one
   * string comparison, so this suits a live query that delivers the whole table.
   */
  sync(entries: readonly Entry[]): void {
    const present = new Set<string>();
    for (const entry of entries) {
      present.add(entry.id);
      this.upsert(entry);
    }
    for (const id of [...this.slotById.keys()]) if (!present.has(id)) this.remove(id);
    this.vocabulary();
  }

  search(query: string, limit = 30): SearchResult[] {
    const folded = foldForSearch(query);
    if (!folded) return [];
    if (folded.length <= PREFIX_LENGTH) {
      const matching = this.prefixShortlist(folded);
      // fuse.js matches nothing shorter than minMatchCharLength, so a single letter lists the names it starts.
      if (folded.length < 2) return matching.slice(0, limit).map((indexed) => ({ entry: indexed.entry, score: 0.5 }));
      return this.rank(
        folded,
        matching.slice(0, SHORTLIST_SIZE).map((indexed) => indexed.document.slot),
        limit,
      );
    }
    return this.rank(folded, this.trigramShortlist(folded), limit);
  }

  /** Entries with a title or alias word starting with the query: names whose title starts so first, then A to Z. */
  private prefixShortlist(folded: string): IndexedEntry[] {
    const matching = (this.prefixPostings.get(folded) ?? []).flatMap((slot) => {
      const indexed = this.slots[slot];
      return indexed ? [{ indexed, titleFirst: indexed.sortKey.startsWith(folded) ? 0 : 1 }] : [];
    });
    // Plain code-unit comparison: localeCompare is too slow for hundreds of entries per keystroke.
    matching.sort((a, b) =>
      a.titleFirst !== b.titleFirst
        ? a.titleFirst - b.titleFirst
        : a.indexed.sortKey < b.indexed.sortKey
          ? -1
          : a.indexed.sortKey > b.indexed.sortKey
            ? 1
            : 0,
    );
    return matching.map(({ indexed }) => indexed);
  }

  private trigramShortlist(folded: string): number[] {
    if (this.scores.length < this.slots.length) this.scores = new Float64Array(this.slots.length * 2);
    const scores = this.scores;
    const touched: number[] = [];
    const credit = (slot: number, weight: number) => {
      if (scores[slot] === 0) touched.push(slot);
      scores[slot]! += weight;
    };
    const grams = new Set<number>();
    addTrigrams(folded, grams, false);
    for (const gram of grams) for (const slot of this.nameGramPostings.get(gram) ?? []) credit(slot, 1);
    for (const word of new Set(wordsOf(folded))) {
      if (word.length < SUMMARY_WORD_MIN_LENGTH) continue;
      // A word counts once per entry, however many summary words it opens ("bos" opens Bosnia and Bosniak).
      const entriesWithWord = new Set<number>();
      for (const summaryWord of this.summaryWordsStartingWith(word)) {
        for (const slot of this.summaryWordPostings.get(summaryWord) ?? []) entriesWithWord.add(slot);
      }
      for (const slot of entriesWithWord) credit(slot, SUMMARY_WORD_WEIGHT * word.length);
    }
    // Ties go to the shorter summary, as fuse.js's field-length norm would rank them.
    const summaryLength = (slot: number) => this.slots[slot]?.document.summary.length ?? 0;
    touched.sort((a, b) => scores[b]! - scores[a]! || summaryLength(a) - summaryLength(b));
    const cutoff = (scores[touched[0] ?? 0] ?? 0) * SHORTLIST_RELATIVE_CUTOFF;
    let end = Math.min(touched.length, SHORTLIST_SIZE);
    while (end > SHORTLIST_MINIMUM && scores[touched[end - 1]!]! < cutoff) end--;
    const shortlist = touched.slice(0, end);
    for (const slot of touched) scores[slot] = 0;
    return shortlist;
  }

  private vocabulary(): string[] {
    this.summaryVocabulary ??= [...this.summaryWordPostings.keys()].sort();
    return this.summaryVocabulary;
  }

  private summaryWordsStartingWith(prefix: string): string[] {
    const vocabulary = this.vocabulary();
    let low = 0;
    let high = vocabulary.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (vocabulary[middle]! < prefix) low = middle + 1;
      else high = middle;
    }
    const words: string[] = [];
    for (let i = low; i < vocabulary.length && vocabulary[i]!.startsWith(prefix); i++) {
      if (words.length === SUMMARY_PREFIX_MAX_WORDS) return [];
      words.push(vocabulary[i]!);
    }
    return words;
  }

  private rank(folded: string, shortlist: readonly number[], limit: number): SearchResult[] {
    if (shortlist.length === 0) return [];
    const documents = shortlist.flatMap((slot) => {
      const indexed = this.slots[slot];
      return indexed ? [indexed.document] : [];
    });
    return new Fuse(documents, FUSE_OPTIONS).search(folded, { limit }).flatMap(({ item, score }) => {
      const indexed = this.slots[item.slot];
      return indexed ? [{ entry: indexed.entry, score: score ?? 1 }] : [];
    });
  }
}
