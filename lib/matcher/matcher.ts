/**
 * The multi-pattern matcher: every alias of the glossary compiled into one
 * trie over folded text, walked from each position where a word can start.
 *
 * A mention is the longest alias that, compared after folding (see fold.ts),
 * - starts where the previous character is not a letter, digit or mark;
 * - ends where the next one is not, or is followed by a possessive or plural
 *   ending ('s, s, s') and then a boundary; the match covers the alias only;
 * - agrees in case when the alias asks for it: `sensitive`, or `auto` with an
 *   alias written in capitals (KFOR does not match "kfor").
 * Matches never overlap: the scan takes the longest alias at a start, then
 * resumes after it (and after its ending).
 */
import type { CaseMode, Term } from '../model';
import {
  APOSTROPHE,
  LOWER_S,
  PENDING,
  UPPER_S,
  SPACE,
  TEXT_DROPPED,
  TEXT_PENDING,
  TEXT_SPACE,
  TEXT_SURROGATE,
  TEXT_WORD,
  casedFoldTable,
  foldPendingUnit,
  isSurrogateWordInText,
  isWordInText,
  lowerFoldTable,
  TermFolder,
  textClassTable,
} from './fold';
import { transliterateSerbian } from './transliterate';

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

export interface MatcherOptions {
  /** Also match Serbian aliases in the other script (Косово for Kosovo). Default: true. */
  transliterate?: boolean;
}

/** Whether an alias under `mode` must match in its own case. */
export function isCaseSensitive(text: string, mode: CaseMode): boolean {
  if (mode !== 'auto') return mode === 'sensitive';
  return HAS_LETTER.test(text) && !HAS_NON_CAPITAL_LETTER.test(text);
}

/**
 * How an alias's case is compared:
 * - `exact`: acronyms in capitals (KFOR) and `sensitive` aliases;
 * - `initial`: a proper name under `auto` (Kosovo, Trump) matches in any case
 *   as long as it starts with a capital, so "Kosovo security force" and
 *   "KOSOVO" match but the common word "trump" in "trump card" does not;
 * - `any`: everything else, and every `insensitive` alias.
 */
export type CaseRule = 'exact' | 'initial' | 'any';
export function caseRuleOf(text: string, mode: CaseMode): CaseRule {
  if (isCaseSensitive(text, mode)) return 'exact';
  return mode === 'auto' && STARTS_WITH_CAPITAL.test(text.trimStart()) ? 'initial' : 'any';
}
const STARTS_WITH_CAPITAL = /^\p{Lu}/u;
const HAS_LETTER = /\p{L}/u;
const HAS_NON_CAPITAL_LETTER = /(?!\p{Lu})\p{L}/u;
const HAS_LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

interface AcceptanceDraft {
  anyCase: string[] | null;
  /** Entries whose alias needs only a capital first letter. */
  initialCapital: string[] | null;
  /** Spellings, case kept, of aliases that must match in their own case. */
  exactCase: Array<{ cased: Uint16Array; entryIds: string[] }>;
}

function addMissing(target: string[], ids: readonly string[]): void {
  for (const id of ids) if (!target.includes(id)) target.push(id);
}

function sameUnits(a: Uint16Array, b: Uint16Array): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

// Imported bindings are copied once: a dev-time module loader (vite-node in the
// benchmark) reads them through getters, which would cost a call per character.
const APOSTROPHE_UNIT = APOSTROPHE;
const LOWER_S_UNIT = LOWER_S;
const UPPER_S_UNIT = UPPER_S;
const SPACE_UNIT = SPACE;
const PENDING_UNIT = PENDING;
const foldPending = foldPendingUnit;
const isSurrogateWordIn = isSurrogateWordInText;
const isWordIn = isWordInText;
const TEXT_WORD_CLASS = TEXT_WORD;
const TEXT_SURROGATE_CLASS = TEXT_SURROGATE;
const TEXT_DROPPED_CLASS = TEXT_DROPPED;
const TEXT_SPACE_CLASS = TEXT_SPACE;
const TEXT_PENDING_CLASS = TEXT_PENDING;

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
const CELLS = 3;
const BASE = 0;
const CHECK = 1;
const KEY = 2;
const FREE = -1;
/** A free slot taken out of the free list. */
const UNLISTED = -2;
/** Failed searches after which a free slot leaves the free list. */
const MAX_TRIALS = 16;
const ROOT_CHECK = -2;
/** Nodes placed between two pauses of a sliced build. */
const NODES_PER_STEP = 2048;

/** A tail in `tails`: its length, its key's high and low 16 bits, then its units. */
const TAIL_HEADER = 3;
const MAX_TAIL = 0xffff;

export interface PackedTrie {
  /** Unit -> its code in the alias alphabet (1 and up), 0 for a unit no alias has. */
  codeOf: Uint16Array;
  cells: Int32Array;
  tails: Uint16Array;
}

/**
 * The trie while aliases are added: children as linked lists in typed arrays,
 * which costs no allocation per node. `pack` turns it into the double array.
 */
class TrieBuilder {
  /** The root has most children, so its lookup while building is a map. */
  private readonly rootChildren = new Map<number, number>();
  nodeCount = 1;
  private firstChild = new Int32Array(1024);
  private nextSibling = new Int32Array(1024);
  private unitInto = new Int32Array(1024);
  /** Node -> index of what it accepts, or -1. */
  private acceptance = new Int32Array(1024).fill(-1);

  acceptanceAt(node: number): number {
    return this.acceptance[node]!;
  }

  setAcceptance(node: number, index: number): void {
    this.acceptance[node] = index;
  }

  /** The node reached from `parent` by `unit`, created if missing. */
  child(parent: number, unit: number): number {
    if (parent === 0) {
      let node = this.rootChildren.get(unit);
      if (node === undefined) {
        node = this.createNode(unit);
        this.rootChildren.set(unit, node);
        this.nextSibling[node] = this.firstChild[0]!;
        this.firstChild[0] = node;
      }
      return node;
    }
    let last = 0;
    for (let node = this.firstChild[parent]!; node !== 0; node = this.nextSibling[node]!) {
      if (this.unitInto[node] === unit) return node;
      last = node;
    }
    const node = this.createNode(unit);
    if (last === 0) this.firstChild[parent] = node;
    else this.nextSibling[last] = node;
    return node;
  }

  private createNode(unit: number): number {
    if (this.nodeCount === this.unitInto.length) {
      const grow = (array: Int32Array) => {
        const grown = new Int32Array(array.length * 2);
        grown.set(array);
        return grown;
      };
      this.firstChild = grow(this.firstChild);
      this.nextSibling = grow(this.nextSibling);
      this.unitInto = grow(this.unitInto);
      this.acceptance = grow(this.acceptance);
      this.acceptance.fill(-1, this.nodeCount);
    }
    const node = this.nodeCount++;
    this.unitInto[node] = unit;
    return node;
  }

  /** Places the nodes breadth first, each at the first base where all its children's slots are free. */
  *pack(): Generator<void, PackedTrie> {
    const { nodeCount, firstChild, nextSibling, unitInto, acceptance } = this;
    let maxUnit = 0;
    for (let node = 1; node < nodeCount; node++) if (unitInto[node]! > maxUnit) maxUnit = unitInto[node]!;
    const codeOf = new Uint16Array(maxUnit + 1);
    let alphabetSize = 0;
    for (let node = 1; node < nodeCount; node++) {
      if (codeOf[unitInto[node]!] === 0) codeOf[unitInto[node]!] = ++alphabetSize;
    }

    // Node -> how many units hang below it as a tail (a chain whose only key is at its leaf), or -1.
    // Children are created after their parents, so one pass from the last node up sees them first.
    const chain = new Int32Array(nodeCount);
    let tailUnits = 0;
    let slotCount = 1;
    yield;
    for (let node = nodeCount - 1; node >= 0; node--) {
      if (node % (NODES_PER_STEP * 8) === 0) yield;
      const child = firstChild[node]!;
      if (child === 0) continue;
      if (nextSibling[child] === 0) {
        const below = chain[child]!;
        const isLeaf = firstChild[child] === 0;
        chain[node] = (isLeaf || (acceptance[child]! < 0 && below > 0)) && below < MAX_TAIL ? below + 1 : -1;
      } else {
        chain[node] = -1;
      }
      if (chain[node]! > 0) continue;
      for (let next = child; next !== 0; next = nextSibling[next]!) {
        slotCount++;
        if (chain[next]! > 0) tailUnits += TAIL_HEADER + chain[next]!;
      }
    }
    if (chain[0]! > 0) tailUnits += TAIL_HEADER + chain[0]!;
    yield;
    const tails = new Uint16Array(tailUnits);
    let tailsEnd = 0;

    let capacity = 64;
    while (capacity < slotCount + 2 * alphabetSize + 1) capacity *= 2;
    let cells = new Int32Array(capacity * CELLS).fill(FREE);
    // Free slots in a linked list, so the search for a base skips the occupied ones. A slot that
    // many searches have tried in vain leaves the list (it stays free for any code but a lowest one),
    // or the holes between placed nodes would make every search longer.
    let nextFree = new Int32Array(capacity);
    let previousFree = new Int32Array(capacity);
    let trials = new Uint8Array(capacity);
    let firstFree = -1;
    let lastFree = -1;
    const addFreeSlots = (from: number, to: number) => {
      for (let slot = from; slot < to; slot++) {
        previousFree[slot] = lastFree;
        nextFree[slot] = -1;
        if (lastFree >= 0) nextFree[lastFree] = slot;
        else firstFree = slot;
        lastFree = slot;
      }
    };
    const ensureCapacity = (slots: number) => {
      if (slots <= capacity) return;
      const oldCapacity = capacity;
      while (capacity < slots) capacity *= 2;
      const grow = (array: Int32Array, size: number) => {
        const grown = new Int32Array(size);
        grown.set(array);
        return grown;
      };
      cells = grow(cells, capacity * CELLS);
      cells.fill(FREE, oldCapacity * CELLS);
      nextFree = grow(nextFree, capacity);
      previousFree = grow(previousFree, capacity);
      const grownTrials = new Uint8Array(capacity);
      grownTrials.set(trials);
      trials = grownTrials;
      addFreeSlots(oldCapacity, capacity);
    };
    const take = (slot: number) => {
      const previous = previousFree[slot]!;
      if (previous === UNLISTED) return;
      previousFree[slot] = UNLISTED;
      const next = nextFree[slot]!;
      if (previous >= 0) nextFree[previous] = next;
      else firstFree = next;
      if (next >= 0) previousFree[next] = previous;
      else lastFree = previous;
    };
    addFreeSlots(1, capacity);
    const slotOf = new Int32Array(nodeCount);
    const queue = new Int32Array(nodeCount);
    let queueEnd = 1;
    cells[CHECK] = ROOT_CHECK;
    let maxBase = 0;
    const childCodes: number[] = [];
    const childNodes: number[] = [];
    const fitsAt = (base: number) => {
      for (const code of childCodes) {
        const slot = base + code;
        if (slot < capacity && cells[slot * CELLS + CHECK] !== FREE) return false;
      }
      return true;
    };
    for (let head = 0, levelEnd = 1; head < queueEnd; head++) {
      if (head % NODES_PER_STEP === NODES_PER_STEP - 1) yield;
      if (head === levelEnd) {
        // A level in node order reads the builder's arrays front to back instead of all over.
        queue.subarray(head, queueEnd).sort();
        levelEnd = queueEnd;
      }
      const node = queue[head]!;
      const at = slotOf[node]! * CELLS;
      const tailLength = chain[node]!;
      if (tailLength > 0) {
        cells[at + BASE] = -1 - tailsEnd;
        let leaf = node;
        for (let k = 0; k < tailLength; k++) {
          leaf = firstChild[leaf]!;
          tails[tailsEnd + TAIL_HEADER + k] = unitInto[leaf]!;
        }
        const key = acceptance[leaf]!;
        tails[tailsEnd] = tailLength;
        tails[tailsEnd + 1] = key >>> 16;
        tails[tailsEnd + 2] = key & 0xffff;
        tailsEnd += TAIL_HEADER + tailLength;
        continue;
      }
      childCodes.length = 0;
      childNodes.length = 0;
      for (let child = firstChild[node]!; child !== 0; child = nextSibling[child]!) {
        // Insertion sort by code: most nodes have one child, a few dozen at most.
        const code = codeOf[unitInto[child]!]!;
        let k = childCodes.length;
        childCodes.push(code);
        childNodes.push(child);
        for (; k > 0 && childCodes[k - 1]! > code; k--) {
          childCodes[k] = childCodes[k - 1]!;
          childNodes[k] = childNodes[k - 1]!;
        }
        childCodes[k] = code;
        childNodes[k] = child;
      }
      if (childCodes.length === 0) {
        cells[at + BASE] = 0;
        continue;
      }
      const lowestCode = childCodes[0]!;
      // Past the last slot everything is free, so the search always ends.
      let base = Math.max(capacity - lowestCode, 1);
      for (let free = firstFree; free >= 0;) {
        const next = nextFree[free]!;
        if (free - lowestCode >= 1 && fitsAt(free - lowestCode)) {
          base = free - lowestCode;
          break;
        }
        if (++trials[free]! > MAX_TRIALS) take(free);
        free = next;
      }
      ensureCapacity(base + alphabetSize + 1);
      cells[at + BASE] = base;
      if (base > maxBase) maxBase = base;
      for (let k = 0; k < childCodes.length; k++) {
        const slot = base + childCodes[k]!;
        const child = childNodes[k]!;
        take(slot);
        cells[slot * CELLS + CHECK] = at;
        cells[slot * CELLS + KEY] = acceptance[child]!;
        slotOf[child] = slot;
        queue[queueEnd++] = child;
      }
    }
    // Every step reads slot base + code for a code up to alphabetSize, so the array reaches past the last base by that much.
    let used = maxBase + alphabetSize + 1;
    for (let slot = capacity - 1; slot >= used; slot--) {
      if (cells[slot * CELLS + CHECK] !== FREE) {
        used = slot + 1;
        break;
      }
    }
    return { codeOf, cells: cells.slice(0, used * CELLS), tails };
  }
}

export function compileMatcher(terms: readonly Term[], options: MatcherOptions = {}): Matcher {
  return matcherFromTables(compileMatcherTables(terms, options));
}

/**
 * Everything a matcher scans with: typed arrays and two small tables, no
 * closures. The background builds them once per term index and ships them to
 * the pages (compiled.ts), which then need none of the build code.
 */
export interface MatcherTables {
  trie: PackedTrie;
  table: KeyTable;
}

export function compileMatcherTables(terms: readonly Term[], options: MatcherOptions = {}): MatcherTables {
  const steps = matcherTableBuildSteps(terms, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** The matcher over tables built here or received (and checked) by compiled.ts. */
export function matcherFromTables({ trie, table }: MatcherTables): Matcher {
  return scannerFor(trie, table);
}

/** Terms added between two pauses of a sliced build: small enough to stay well under a millisecond or two. */
const TERMS_PER_STEP = 200;

/**
 * Builds the same matcher as compileMatcher, pausing every few hundred terms
 * so the caller can yield to the page: with tens of thousands of aliases a
 * build in one go would be a long task on every page load.
 */
export async function compileMatcherInSlices(
  terms: readonly Term[],
  options: MatcherOptions = {},
  slicing: { budgetMs?: number; pause?: () => Promise<void> } = {},
): Promise<Matcher> {
  return matcherFromTables(await compileMatcherTablesInSlices(terms, options, slicing));
}

/** compileMatcherTables in slices of `budgetMs`, with `pause` between them. */
export async function compileMatcherTablesInSlices(
  terms: readonly Term[],
  options: MatcherOptions = {},
  { budgetMs = 8, pause = () => new Promise<void>((resolve) => setTimeout(resolve, 0)) } = {},
): Promise<MatcherTables> {
  const steps = matcherTableBuildSteps(terms, options);
  let sliceStart = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - sliceStart > budgetMs) {
      await pause();
      sliceStart = performance.now();
    }
  }
}

function* matcherTableBuildSteps(terms: readonly Term[], options: MatcherOptions): Generator<void, MatcherTables> {
  const transliterate = options.transliterate ?? true;

  const trie = new TrieBuilder();
  // Spellings that fold to the same key end on the same node, where their entries are merged.
  const drafts: AcceptanceDraft[] = [];
  const folder = new TermFolder();
  const addSpelling = (text: string, mode: CaseMode, entryIds: readonly string[]) => {
    if (!HAS_LETTER_OR_DIGIT.test(text)) return;
    const length = folder.fold(text);
    const lower = folder.lower;
    let start = 0;
    let end = length;
    if (lower[start] === SPACE) start++;
    if (lower[end - 1] === SPACE) end--;
    let node = 0;
    for (let k = start; k < end; k++) node = trie.child(node, lower[k]!);
    const acceptance = trie.acceptanceAt(node);
    let draft = acceptance >= 0 ? drafts[acceptance] : undefined;
    if (!draft) {
      draft = { anyCase: null, initialCapital: null, exactCase: [] };
      trie.setAcceptance(node, drafts.length);
      drafts.push(draft);
    }
    const rule = caseRuleOf(text, mode);
    if (rule === 'any') {
      draft.anyCase ??= [];
      addMissing(draft.anyCase, entryIds);
      return;
    }
    if (rule === 'initial') {
      draft.initialCapital ??= [];
      addMissing(draft.initialCapital, entryIds);
      return;
    }
    const cased = folder.cased.subarray(start, end);
    let variant = draft.exactCase.find((candidate) => sameUnits(candidate.cased, cased));
    if (!variant) {
      variant = { cased: cased.slice(), entryIds: [] };
      draft.exactCase.push(variant);
    }
    addMissing(variant.entryIds, entryIds);
  };

  for (const [i, term] of terms.entries()) {
    if (i % TERMS_PER_STEP === TERMS_PER_STEP - 1) yield;
    if (term.entryIds.length === 0) continue;
    addSpelling(term.text, term.case, term.entryIds);
    if (transliterate) {
      const twin = transliterateSerbian(term.text);
      if (twin !== null) addSpelling(twin, term.case, term.entryIds);
    }
  }

  const trieLayout = yield* trie.pack();

  // Ids are reported in the order the terms first name them, whichever alias matched.
  const idOrder = new Map<string, number>();
  for (const [i, term] of terms.entries()) {
    if (i % (TERMS_PER_STEP * 10) === TERMS_PER_STEP * 10 - 1) yield;
    for (const id of term.entryIds) if (!idOrder.has(id)) idOrder.set(id, idOrder.size);
  }
  const byIdOrder = (a: string, b: string) => idOrder.get(a)! - idOrder.get(b)!;

  // Id lists are stored flattened. A list equal to the one before it (an alias and its
  // transliteration, a title and its alias) is stored once; a map to find every repeat cost more build time than it saved.
  const ids: string[] = [];
  const listStarts: number[] = [0];
  const listOf = (list: string[]): number => {
    if (list.length > 1) list.sort(byIdOrder);
    const last = listStarts.length - 2;
    const lastStart = listStarts[last]!;
    if (last >= 0 && ids.length - lastStart === list.length && list.every((id, k) => ids[lastStart + k] === id)) {
      return last;
    }
    for (const id of list) ids.push(id);
    listStarts.push(ids.length);
    return last + 1;
  };
  const keys = new Int32Array((drafts.length + 1) * KEY_FIELDS);
  const variants: number[] = [];
  let casedLength = 0;
  for (const draft of drafts) for (const variant of draft.exactCase) casedLength += variant.cased.length;
  const casedUnits = new Uint16Array(casedLength);
  casedLength = 0;
  // Ids that can meet in one mention (a key accepted under several case rules) need their order at scan time.
  const rankedIds = new Set<string>();
  for (const [key, draft] of drafts.entries()) {
    if (key % NODES_PER_STEP === NODES_PER_STEP - 1) yield;
    const at = key * KEY_FIELDS;
    keys[at + ANY_CASE_LIST] = draft.anyCase ? listOf(draft.anyCase) : -1;
    keys[at + INITIAL_CAPITAL_LIST] = draft.initialCapital ? listOf(draft.initialCapital) : -1;
    keys[at + FIRST_VARIANT] = variants.length / VARIANT_FIELDS;
    for (const variant of draft.exactCase) {
      variants.push(listOf(variant.entryIds), casedLength);
      casedUnits.set(variant.cased, casedLength);
      casedLength += variant.cased.length;
    }
    if (Number(draft.anyCase !== null) + Number(draft.initialCapital !== null) + draft.exactCase.length > 1) {
      for (const id of [...(draft.anyCase ?? []), ...(draft.initialCapital ?? [])]) rankedIds.add(id);
      for (const variant of draft.exactCase) for (const id of variant.entryIds) rankedIds.add(id);
    }
  }
  keys[drafts.length * KEY_FIELDS + FIRST_VARIANT] = variants.length / VARIANT_FIELDS;
  const idRank = new Map<string, number>();
  if (rankedIds.size > 0) for (const [id, rank] of idOrder) if (rankedIds.has(id)) idRank.set(id, rank);

  return {
    trie: trieLayout,
    table: {
      keyCount: drafts.length,
      keys,
      variants: Int32Array.from(variants),
      casedUnits,
      ids,
      listStarts: Int32Array.from(listStarts),
      idRank,
    },
  };
}

/** Units of text scanned per call of the scanning loop. */
const PART_UNITS = 512;

/** Fields of a key's row in `keys`; the row after the last key holds only its FIRST_VARIANT. */
const KEY_FIELDS = 3;
/** List of the entries that accept the key in any case, or -1. */
const ANY_CASE_LIST = 0;
/** List of the entries that accept it when the mention starts with a capital, or -1. */
const INITIAL_CAPITAL_LIST = 1;
/** The key's spellings that need their own case are variants FIRST_VARIANT up to the next row's. */
const FIRST_VARIANT = 2;
/** Fields of a variant in `variants`: its entry list, and where its units start in `casedUnits`. */
const VARIANT_FIELDS = 2;

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

/** The tables' layout, for compiled.ts, which checks tables received from elsewhere before a matcher walks them. */
export const TABLE_LAYOUT = {
  cells: CELLS,
  base: BASE,
  check: CHECK,
  key: KEY,
  rootCheck: ROOT_CHECK,
  tailHeader: TAIL_HEADER,
  keyFields: KEY_FIELDS,
  anyCaseList: ANY_CASE_LIST,
  initialCapitalList: INITIAL_CAPITAL_LIST,
  firstVariant: FIRST_VARIANT,
  variantFields: VARIANT_FIELDS,
} as const;

const casedTable = casedFoldTable();
const lowerTable = lowerFoldTable();
const textClasses = textClassTable();

/**
 * The scan reads the text itself, folding each unit as it goes, rather than
 * folding the whole text into a buffer first: writing and rereading a folded
 * copy and a map back to the original offsets cost as much as the walk.
 * Positions are offsets in the text. A unit that folds to 0 is dropped, and a
 * whitespace unit right after another (dropped units between them aside) is
 * part of the same single space; `isSkipped` says which units the folded text
 * would not have.
 */
function foldedUnit(code: number): number {
  const unit = lowerTable[code]!;
  return unit === PENDING_UNIT ? foldPending(code) : unit;
}

/** The lower-case fold of the unit at `index` of `text`. */
function unitAt(text: string, index: number): number {
  return foldedUnit(text.charCodeAt(index));
}

function isSkipped(unit: number, afterSpace: boolean): boolean {
  return unit === 0 || (unit === SPACE_UNIT && afterSpace);
}

/**
 * A plural or possessive "s" must be a plain s in the text, with nothing
 * dropped after it: "Ohridš" folds to "ohrids" but is another word, not the
 * plural of Ohrid. A plural (no apostrophe) takes only a lower-case s: "RSS"
 * is not the plural of RS, nor "EUS" of EU; a possessive may be in capitals
 * (NATO'S in a headline).
 */
function isPlainS(text: string, index: number, possessive: boolean): boolean {
  const code = text.charCodeAt(index);
  return (
    (code === LOWER_S_UNIT || (possessive && code === UPPER_S_UNIT)) &&
    (index + 1 >= text.length || unitAt(text, index + 1) !== 0)
  );
}

/**
 * Where the possessive or plural ending after an alias ends: `end` is the
 * first unit after the alias that is not dropped (or the text's length).
 * Returns the offset of the ending's s, 0 when there is no ending but a
 * boundary, or -1 when `end` is inside a word.
 */
function endingS(text: string, end: number): number {
  const length = text.length;
  if (end >= length) return 0;
  if (unitAt(text, end) === APOSTROPHE_UNIT) {
    let s = end + 1;
    while (s < length && unitAt(text, s) === 0) s++;
    return s < length && isPlainS(text, s, true) && (s + 1 >= length || !isWordIn(text, s + 1)) ? s : 0;
  }
  // A plural possessive (KFORs') needs no case of its own: the apostrophe after the s is a boundary.
  if (isPlainS(text, end, false)) return end + 1 >= length || !isWordIn(text, end + 1) ? end : -1;
  return isWordIn(text, end) ? -1 : 0;
}

/**
 * The matcher over the packed tables. A function of its own, so that its
 * closures hold only these tables and nothing of the build.
 */
function scannerFor(
  trie: PackedTrie,
  { keyCount, keys, variants, casedUnits, ids, listStarts, idRank }: KeyTable,
): Matcher {
  /** Id lists handed out so far, frozen, so that every mention of an entry shares one array. */
  const listArrays = new Map<number, readonly string[]>();
  const listArray = (list: number): readonly string[] => {
    let array = listArrays.get(list);
    if (!array) {
      array = Object.freeze(ids.slice(listStarts[list], listStarts[list + 1]));
      listArrays.set(list, array);
    }
    return array;
  };

  /**
   * Whether a rule of `key` accepts the mention from `start` to `end` as
   * written in `text`. With `lists`, every accepting rule's id list is
   * collected into it instead of stopping at the first.
   */
  const accepts = (key: number, text: string, start: number, end: number, lists: number[] | null): boolean => {
    const at = key * KEY_FIELDS;
    const anyCase = keys[at + ANY_CASE_LIST]!;
    if (anyCase >= 0) {
      if (!lists) return true;
      lists.push(anyCase);
    }
    // The first unit is a capital when its case-kept fold differs from its lower-case fold.
    const initialCapital = keys[at + INITIAL_CAPITAL_LIST]!;
    const first = text.charCodeAt(start);
    if (initialCapital >= 0 && casedTable[first] !== foldedUnit(first)) {
      if (!lists) return true;
      lists.push(initialCapital);
    }
    const last = keys[at + KEY_FIELDS + FIRST_VARIANT]!;
    for (let variant = keys[at + FIRST_VARIANT]!; variant < last; variant++) {
      let casedAt = variants[variant * VARIANT_FIELDS + 1]!;
      let index = start;
      for (let afterSpace = false; index < end; index++) {
        const code = text.charCodeAt(index);
        const unit = foldedUnit(code);
        if (isSkipped(unit, afterSpace)) continue;
        afterSpace = unit === SPACE_UNIT;
        if (casedTable[code] !== casedUnits[casedAt++]) break;
      }
      if (index < end) continue;
      if (!lists) return true;
      lists.push(variants[variant * VARIANT_FIELDS]!);
    }
    return lists !== null && lists.length > 0;
  };

  /** The entries of every rule of `key` that the mention satisfies, merged in the order the terms named them. */
  const acceptedIds = (key: number, text: string, start: number, end: number) => {
    const lists: number[] = [];
    accepts(key, text, start, end, lists);
    if (lists.length === 1) return listArray(lists[0]!);
    const union = new Set<string>();
    for (const list of lists) for (const id of listArray(list)) union.add(id);
    return Object.freeze([...union].sort((a, b) => idRank.get(a)! - idRank.get(b)!));
  };

  /** Whether the last part scanned ended after a letter, digit or mark (find is never re-entered). */
  let partEndsInWord = false;

  /**
   * Scans a part of the text from `index`, adding mentions to `matches`;
   * a walk may read past the part. Returns where the next part starts.
   */
  const scanPart = (text: string, index: number, matches: Match[]): number => {
    const length = text.length;
    const partEnd = Math.min(index + PART_UNITS, length);
    let afterWord = partEndsInWord;
    // Locals rather than closure or module variables: the loop makes calls, after which those would be read again.
    const { codeOf, cells, tails } = trie;
    const codeLimit = codeOf.length;
    const lower = lowerTable;
    const classes = textClasses;
    for (; index < partEnd; index++) {
      let textClass = classes[text.charCodeAt(index)]!;
      // Most units are inside a word, where nothing starts.
      if (textClass === TEXT_WORD_CLASS && afterWord) continue;
      if (textClass === TEXT_PENDING_CLASS) {
        // Folding the unit fills the tables for its block.
        unitAt(text, index);
        textClass = classes[text.charCodeAt(index)]!;
      }
      if (textClass === TEXT_DROPPED_CLASS) continue;
      const isWord =
        textClass === TEXT_WORD_CLASS || (textClass === TEXT_SURROGATE_CLASS && isSurrogateWordIn(text, index));
      // A word starts at a unit that does not follow a letter, digit or mark. No alias starts with a space.
      const startsWord = !afterWord && textClass !== TEXT_SPACE_CLASS;
      afterWord = isWord;
      if (startsWord) {
        let bestKey = -1;
        let bestEnd = 0;
        /** The last unit the best mention takes, its ending included. */
        let bestLast = 0;
        let node = 0;
        let position = index;
        let afterSpace = false;
        walk: for (;;) {
          const base = cells[node + BASE]!;
          let key: number;
          if (base >= 0) {
            let next = 0;
            for (; ; position++) {
              if (position >= length) break walk;
              next = lower[text.charCodeAt(position)]!;
              if (next === PENDING_UNIT) next = foldPending(text.charCodeAt(position));
              if (!isSkipped(next, afterSpace)) break;
            }
            const code = next < codeLimit ? codeOf[next]! : 0;
            if (code === 0) break;
            const child = (base + code) * CELLS;
            if (cells[child + CHECK] !== node) break;
            node = child;
            afterSpace = next === SPACE_UNIT;
            position++;
            key = cells[node + KEY]!;
          } else {
            const tail = -1 - base;
            const tailEnd = tail + TAIL_HEADER + tails[tail]!;
            for (let at = tail + TAIL_HEADER; at < tailEnd; position++) {
              if (position >= length) break walk;
              const next = unitAt(text, position);
              if (isSkipped(next, afterSpace)) continue;
              if (next !== tails[at]) break walk;
              afterSpace = next === SPACE_UNIT;
              at++;
            }
            key = (tails[tail + 1]! << 16) | tails[tail + 2]!;
          }
          if (key >= 0) {
            // The mention ends where the next unit of the folded text starts: dropped units after it are its own.
            let end = position;
            while (end < length && unitAt(text, end) === 0) end++;
            const s = endingS(text, end);
            if (s >= 0 && accepts(key, text, index, end, null)) {
              bestKey = key;
              bestEnd = end;
              bestLast = s > 0 ? s : position - 1;
            }
          }
          if (base < 0) break;
        }
        if (bestKey >= 0) {
          matches.push({ start: index, end: bestEnd, entryIds: acceptedIds(bestKey, text, index, bestEnd) });
          // Resume after the mention: its last unit decides whether the next one starts a word.
          index = bestLast;
          afterWord = isWordIn(text, index);
        }
      }
    }
    partEndsInWord = afterWord;
    return index;
  };

  /**
   * The text goes by parts of a few hundred units, so that on a long text the
   * loop still runs as many short calls: V8 then optimises it as a whole
   * function, while one long-running call is left to on-stack replacement,
   * whose code for this loop took up to half as long again, depending on the run.
   */
  const find = (text: string): Match[] => {
    const matches: Match[] = [];
    if (keyCount === 0) return matches;
    partEndsInWord = false;
    for (let index = 0; index < text.length;) index = scanPart(text, index, matches);
    return matches;
  };

  return { find, keyCount };
}
