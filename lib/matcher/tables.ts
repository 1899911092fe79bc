/**
 * What a matcher is, and the tables it scans with: the one contract between
 * the side that builds them (compile.ts, in the background) and the side that
 * only reads them (scan.ts and compiled.ts, in every page). Types and layout
 * constants only, so that importing it brings no code of either side.
 */

export interface Match {
  /** UTF-16 offset of the first character in the original text. */
  start: number;
  /** UTF-16 offset just past the alias in the original text. */
  end: number;
  /** Every entry the alias names, in the order the terms first named them. */
  entryIds: readonly string[];
}

export interface Matcher {
  /** The mentions in `text`, sorted by `start`, never overlapping. */
  find(text: string): Match[];
  /** How many distinct folded aliases were compiled (transliterations included). */
  readonly keyCount: number;
}

/**
 * The scan layout is a double-array trie: node `s` reaches its child by the
 * unit coded `c` at slot `base(s) + c`, which belongs to it when that slot's
 * check names `s`. A step is two reads from one flat array, with no search,
 * and breadth-first placement keeps the nodes every word start touches (the
 * first two or three levels) together at the front, in cache.
 *
 * Each slot has three cells, BASE, CHECK and KEY (the alias key accepted at
 * that node, or -1); nodes are named by the offset of their first cell, so
 * the root is 0. A leaf has base 0: no slot's check names a leaf, so every
 * step from it fails.
 *
 * Most nodes are on the unshared ending of one alias ("...ović" after the
 * last branch). Such a chain, down to the single key at its leaf, is stored
 * as a tail instead: its units back to back, compared in one tight loop, at
 * two bytes a unit instead of a slot each. A node whose base is negative
 * continues with the tail at offset -1 - base of `tails`.
 */
export interface PackedTrie {
  /** Unit -> its code in the alias alphabet (1 and up), 0 for a unit no alias has. */
  codeOf: Uint16Array;
  cells: Int32Array;
  tails: Uint16Array;
}

export const CELLS = 3;
export const BASE = 0;
export const CHECK = 1;
export const KEY = 2;
/** The root's check, which names no node. */
export const ROOT_CHECK = -2;

/** A tail in `tails`: its length, its key's high and low 16 bits, then its units. */
export const TAIL_HEADER = 3;

/** What each key accepts, in flat arrays: a few bytes per key instead of objects. */
export interface KeyTable {
  keyCount: number;
  keys: Int32Array;
  variants: Int32Array;
  /** The case-kept units of every variant, back to back; a variant is as long as its key. */
  casedUnits: Uint16Array;
  /** Entry-id lists back to back: list k is ids[listStarts[k]] up to ids[listStarts[k + 1]]. */
  ids: string[];
  listStarts: Int32Array;
  /** The order in which the terms first named each id that can be merged at scan time. */
  idRank: Map<string, number>;
}

/** Fields of a key's row in `keys`; the row after the last key holds only its FIRST_VARIANT. */
export const KEY_FIELDS = 3;
/** List of the entries that accept the key in any case, or -1. */
export const ANY_CASE_LIST = 0;
/** List of the entries that accept it when the mention starts with a capital, or -1. */
export const INITIAL_CAPITAL_LIST = 1;
/** The key's spellings that need their own case are variants FIRST_VARIANT up to the next row's. */
export const FIRST_VARIANT = 2;
/** Fields of a variant in `variants`: its entry list, and where its units start in `casedUnits`. */
export const VARIANT_FIELDS = 2;

/**
 * Everything a matcher scans with: typed arrays and two small tables, no
 * closures. The background builds them once per term index and ships them to
 * the pages (compiled.ts), which then need none of the build code.
 */
export interface MatcherTables {
  trie: PackedTrie;
  table: KeyTable;
}
