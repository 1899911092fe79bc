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
import { foldKey } from '../matcher';
import type { Entry } from '../model';
import {
  addToPostings,
  addTrigrams,
  indexEntry,
  PREFIX_LENGTH,
  removeFromPostings,
  searchableFieldsDiffer,
  SUMMARY_WORD_MIN_LENGTH,
  wordsOf,
  type IndexedEntry,
  type SearchDocument,
} from './entry-index';

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

/** A prefix that opens more summary words than this ("pro") is too vague to shortlist by. */
const SUMMARY_PREFIX_MAX_WORDS = 300;

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
    const folded = foldKey(query);
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
