/**
 * Fuzzy search over the glossary for the popup, with fuse.js: tolerant of
 * typos ("Stoltenburg") and of missing diacritics ("Zvecan" finds Zvečan).
 */
import Fuse, { type IFuseOptions } from 'fuse.js';
import { aliasText, type Entry } from '../model';

interface SearchDocument {
  entry: Entry;
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
  ignoreDiacritics: true,
  // Names can sit anywhere in a title ("Jens Stoltenberg"), so the position of a match must not count against it.
  ignoreLocation: true,
  threshold: 0.34,
  minMatchCharLength: 2,
};

export class GlossarySearch {
  private readonly fuse: Fuse<SearchDocument>;

  constructor(entries: readonly Entry[]) {
    this.fuse = new Fuse(
      entries.map((entry) => ({
        entry,
        title: entry.title,
        aliases: entry.aliases.map(aliasText),
        summary: entry.summary,
      })),
      FUSE_OPTIONS,
    );
  }

  search(query: string, limit = 30): SearchResult[] {
    const trimmed = query.trim();
    if (!trimmed) return [];
    return this.fuse
      .search(trimmed, { limit })
      .map((result) => ({ entry: result.item.entry, score: result.score ?? 1 }));
  }
}
