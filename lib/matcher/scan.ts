/**
 * The multi-pattern matcher's scan: the trie of every alias over folded text
 * (compiled by compile.ts, laid out as tables.ts says), walked from each
 * position where a word can start. This is the side every page runs, so it
 * reads the tables and the unit fold (fold.ts) and nothing of the build.
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
import {
  APOSTROPHE,
  LOWER_S,
  PENDING,
  SPACE,
  TEXT_DROPPED,
  TEXT_PENDING,
  TEXT_SPACE,
  TEXT_SURROGATE,
  TEXT_WORD,
  UPPER_S,
  casedFoldTable,
  foldPendingUnit,
  isSurrogateWordInText,
  isWordInText,
  lowerFoldTable,
  textClassTable,
} from './fold';
import {
  ANY_CASE_LIST,
  BASE,
  CELLS,
  CHECK,
  FIRST_VARIANT,
  INITIAL_CAPITAL_LIST,
  KEY,
  KEY_FIELDS,
  TAIL_HEADER,
  VARIANT_FIELDS,
  type KeyTable,
  type Match,
  type Matcher,
  type MatcherTables,
  type PackedTrie,
} from './tables';
import { runToEnd, type Steps } from './steps';

/** The matcher over tables built by compile.ts or received (and checked) by compiled.ts. */
export function matcherFromTables(tables: MatcherTables): Matcher {
  return runToEnd(matcherBuilding(tables));
}

/**
 * The same in steps, for a page that yields to the browser between them
 * (term-index-transfer.ts): the small-start map's pass over the trie's slots
 * took 11-13 ms of CPU in one task on the page benchmark's heaviest pages.
 */
export function* matcherBuilding({ trie, table }: MatcherTables): Steps<Matcher> {
  const smallReach = yield* smallStartReach(trie, table);
  return scannerFor(trie, table, smallReach);
}

/** Slots marked between two of smallStartReach's yields. */
const SLOTS_PER_STEP = 1 << 12;

/** Units of text scanned per call of the scanning loop. */
const PART_UNITS = 512;

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
  return unit === PENDING ? foldPendingUnit(code) | 0 : unit;
}

/** The lower-case fold of the unit at `index` of `text`. */
function unitAt(text: string, index: number): number {
  return foldedUnit(text.charCodeAt(index));
}

function isSkipped(unit: number, afterSpace: boolean): boolean {
  return unit === 0 || (unit === SPACE && afterSpace);
}

/** Class of a unit that is neither a word's, a space nor dropped (punctuation, symbols). */
const TEXT_OTHER = 0;
/**
 * What scanPart is given when the unit it starts at is not a settled
 * surrogate: an unsettled surrogate then reads as pending, and stops the
 * loop as a pending unit does, with no test of its own there.
 */
const NO_SURROGATE = TEXT_PENDING;

/**
 * The class of a surrogate or pending unit at `index`, the only units the
 * scan loop stops at (see scanPart): a pending unit's block is folded, after
 * which the loop reads its class from the table; a surrogate is a word's
 * when its pair is a letter, digit or mark. Returns NO_SURROGATE for any
 * other unit, and for a pending one once folded.
 */
function rareUnitClass(text: string, index: number): number {
  let textClass = textClasses[text.charCodeAt(index)]!;
  if (textClass === TEXT_PENDING) {
    // Folding the unit fills the tables for its block.
    unitAt(text, index);
    textClass = textClasses[text.charCodeAt(index)]!;
  }
  if (textClass !== TEXT_SURROGATE) return NO_SURROGATE;
  return isSurrogateWordInText(text, index) ? TEXT_WORD : TEXT_OTHER;
}

/** The first offset from `index` on whose unit is not dropped (or the text's length). */
function keptFrom(text: string, index: number): number {
  const length = text.length;
  while (index < length && unitAt(text, index) === 0) index++;
  return index;
}

/**
 * The key of the tail at offset `tail` of `tails`: a function of its own so
 * that the scan's copy of it comes with type feedback (smallStartReach runs
 * it on every tail when the matcher is made), whereas an operation that
 * first runs in an optimised scan costs a deoptimisation.
 */
function tailKey(tails: Uint16Array, tail: number): number {
  return (tails[tail + 1]! << 16) | tails[tail + 2]!;
}

/*
 * The endings below run inside the optimised scan (V8 inlines them), where an
 * operation that had not run before V8 optimised it costs a deoptimisation
 * when it first does. Mentions with an ending are rare, so the code takes the
 * same path for every mention, the rare cases differing only in data: every
 * call, comparison and sum here runs at every mention.
 */

/**
 * A plural or possessive "s" must be a plain s in the text, with nothing
 * dropped after it: "Ohridš" folds to "ohrids" but is another word, not the
 * plural of Ohrid. A plural (no apostrophe) takes only a lower-case s: "RSS"
 * is not the plural of RS, nor "EUS" of EU; a possessive may be in capitals
 * (NATO'S in a headline).
 */
function isPlainS(text: string, index: number, possessive: boolean): boolean {
  const code = text.charCodeAt(index);
  const isS = code === LOWER_S || (code === UPPER_S && possessive);
  const next = index + 1;
  const nothingDropped = keptFrom(text, next) === next;
  return isS && nothingDropped;
}

/**
 * Where the possessive or plural ending after an alias ends: `end` is the
 * first unit after the alias that is not dropped (or the text's length).
 * Returns the offset of the ending's s, 0 when there is no ending but a
 * boundary, or -1 when `end` is inside a word. A plural possessive (KFORs')
 * needs no case of its own: the apostrophe after the s is a boundary.
 */
function endingS(text: string, end: number): number {
  const length = text.length;
  if (end >= length) return 0;
  const possessive = unitAt(text, end) === APOSTROPHE;
  // The s of a possessive comes after the apostrophe (and anything dropped); a plural's is at `end`.
  const s = keptFrom(text, end + (possessive ? 1 : 0));
  const plain = s < length && isPlainS(text, s, possessive);
  // A plain s must end the word; without one, `end` itself must not be inside a word.
  const next = s + (plain ? 1 : 0);
  const wordFollows = next < length && isWordInText(text, next);
  if (plain) return wordFollows ? (possessive ? 0 : -1) : s;
  return possessive || !wordFollows ? 0 : -1;
}

/**
 * Whether a mention whose first unit is not a capital (in the sense of
 * `accepts`: its case-kept fold is its lower-case fold) can satisfy `key`:
 * through its any-case list, or a variant whose first unit is not a capital
 * either. Only a unit that folds to itself can be both a lower-case fold and
 * a case-kept one, so a variant starting with any other unit needs a capital.
 */
function acceptsSmallStart({ keys, variants, casedUnits }: KeyTable, key: number): boolean {
  const at = key * KEY_FIELDS;
  if (keys[at + ANY_CASE_LIST]! >= 0) return true;
  const last = keys[at + KEY_FIELDS + FIRST_VARIANT]!;
  for (let variant = keys[at + FIRST_VARIANT]!; variant < last; variant++) {
    const first = casedUnits[variants[variant * VARIANT_FIELDS + 1]!]!;
    if (foldedUnit(first) === first) return true;
  }
  return false;
}

/**
 * Slot -> 1 when the node there is on the way to a key that a mention not
 * starting with a capital can satisfy (`acceptsSmallStart`), else 0.
 *
 * Most aliases are names, accepted only from a capital, yet most words of a
 * text start with a small letter and would walk as deep into their branch as
 * a capital does ("the" into "The Hague"). A walk from a small letter stops
 * at the first node this does not mark: it could only reach keys whose
 * `accepts` would refuse it. Marking goes up from each such key through the
 * checks (each names the parent) and stops at a node already marked, so it
 * costs one pass over the slots and one step per marked node. Received tables
 * have been checked (table-checks.ts), but a slot no walk reaches may still
 * name anything: such a slot only marks more than needed.
 */
function* smallStartReach(trie: PackedTrie, table: KeyTable): Steps<Uint8Array> {
  const { cells, tails } = trie;
  const slots = cells.length / CELLS;
  const reach = new Uint8Array(slots);
  const isSmallStartKey = (key: number) => key >= 0 && key < table.keyCount && acceptsSmallStart(table, key);
  for (let slot = 1; slot < slots; slot++) {
    if (slot % SLOTS_PER_STEP === 0) yield;
    const node = slot * CELLS;
    if (cells[node + CHECK]! < 0) continue;
    const base = cells[node + BASE]!;
    // A slot no walk reaches may point past the tails (the checks follow only reachable ones): no key then.
    const keyOfTail = base < 0 && 1 - base < tails.length ? tailKey(tails, -1 - base) : -1;
    if (!isSmallStartKey(cells[node + KEY]!) && !isSmallStartKey(keyOfTail)) continue;
    for (let at = slot; at > 0 && reach[at] === 0;) {
      reach[at] = 1;
      const parent = cells[at * CELLS + CHECK]!;
      at = parent >= 0 && parent < cells.length && parent % CELLS === 0 ? parent / CELLS : 0;
    }
  }
  return reach;
}

/**
 * What the scan reads of one matcher, in one object of one shape for every
 * matcher: the scan, find and their helpers are functions of this module, not
 * closures made per matcher, so that their calls and reads have the same
 * targets and shapes whichever matcher runs (a page builds one, the
 * benchmark several, one after the other).
 */
class ScanState {
  readonly codeOf: Uint16Array;
  readonly cells: Int32Array;
  readonly tails: Uint16Array;
  readonly smallReach: Uint8Array;
  readonly keys: Int32Array;
  readonly variants: Int32Array;
  readonly casedUnits: Uint16Array;
  readonly ids: string[];
  readonly listStarts: Int32Array;
  readonly idRank: Map<string, number>;
  /** Id lists handed out so far (listArray). */
  readonly listArrays = new Map<number, readonly string[]>();
  /** 1 when the last part scanned ended after a letter, digit or mark, else 0 (find is never re-entered). */
  partEndsInWord = 0;

  constructor(trie: PackedTrie, table: KeyTable, smallReach: Uint8Array) {
    this.codeOf = trie.codeOf;
    this.cells = trie.cells;
    this.tails = trie.tails;
    this.smallReach = smallReach;
    this.keys = table.keys;
    this.variants = table.variants;
    this.casedUnits = table.casedUnits;
    this.ids = table.ids;
    this.listStarts = table.listStarts;
    this.idRank = table.idRank;
  }
}

/**
 * Whether a rule of `key` accepts the mention from `start` to `end` as
 * written in `text`. With `lists`, every accepting rule's id list is
 * collected into it instead of stopping at the first.
 */
function accepts(
  { keys, variants, casedUnits }: ScanState,
  key: number,
  text: string,
  start: number,
  end: number,
  lists: number[] | null,
): boolean {
  const at = key * KEY_FIELDS;
  const anyCase = keys[at + ANY_CASE_LIST]!;
  if (anyCase >= 0) {
    if (!lists) return true;
    lists.push(anyCase);
  }
  // The first unit is a capital when its case-kept fold differs from its lower-case fold
  // (compared for every key, so that the scan, which inlines this, has seen it run: see endingS).
  const initialCapital = keys[at + INITIAL_CAPITAL_LIST]!;
  const first = text.charCodeAt(start);
  const startsWithCapital = casedTable[first] !== foldedUnit(first);
  if (initialCapital >= 0 && startsWithCapital) {
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
      afterSpace = unit === SPACE;
      if (casedTable[code] !== casedUnits[casedAt++]) break;
    }
    if (index < end) continue;
    if (!lists) return true;
    lists.push(variants[variant * VARIANT_FIELDS]!);
  }
  return lists !== null && lists.length > 0;
}

/**
 * Scans a part of the text from `from`, adding each mention to `found` as
 * three integers: its start, its end and its key (objects are made after
 * the scan, in matchesOf, so that this loop allocates nothing and `found`
 * only ever holds small integers); a walk may read past the part. Returns
 * where the next part starts.
 *
 * The loop stops early at a pending or surrogate unit, which its caller
 * settles (rareUnitClass) before calling it again from that unit, with the
 * surrogate's class as `surrogateClass`. Such units are rare, so V8
 * optimises this loop before it has seen one; code for them here would be
 * compiled without type feedback, as a deoptimisation, and the code
 * compiled again after it (the surrogate path inlined, with its map and
 * regular expression) ran up to half as long again. A stop is a plain
 * jump, which needs no feedback.
 */
function scanPart(scan: ScanState, text: string, from: number, found: number[], surrogateClass: number): number {
  // Integers (0 and 1 for flags), and `| 0` on what comes in, so that V8 keeps every
  // variable of the loop as a 32-bit integer in a register rather than a tagged value.
  let index = from | 0;
  let unsettledClass = surrogateClass | 0;
  const length = text.length;
  const partEnd = Math.min(index + PART_UNITS, length);
  let afterWord = scan.partEndsInWord;
  // Locals rather than fields or module variables: the loop makes calls, after which those would be read again.
  const { codeOf, cells, tails, smallReach } = scan;
  const codeLimit = codeOf.length;
  const lower = lowerTable;
  const cased = casedTable;
  const classes = textClasses;
  scan: for (; index < partEnd; index++) {
    let textClass = classes[text.charCodeAt(index)]!;
    if (textClass === TEXT_WORD && afterWord !== 0) {
      // Most units are inside a word, where nothing starts: a loop of its own to the first that is not.
      do {
        if (++index >= partEnd) break scan;
        textClass = classes[text.charCodeAt(index)]!;
      } while (textClass === TEXT_WORD);
    }
    if (textClass === TEXT_SURROGATE) {
      // Assignments only: a test here would be one more operation without feedback.
      textClass = unsettledClass;
      unsettledClass = NO_SURROGATE;
    }
    if (textClass === TEXT_PENDING) break;
    if (textClass === TEXT_DROPPED) continue;
    // A word starts at a unit that does not follow a letter, digit or mark. No alias starts with a space.
    const startsWord = afterWord === 0 && textClass !== TEXT_SPACE;
    afterWord = textClass === TEXT_WORD ? 1 : 0;
    if (startsWord) {
      let bestKey = -1;
      let bestEnd = 0;
      /** The last unit the best mention takes, its ending included. */
      let bestLast = 0;
      let node = 0;
      let position = index;
      let afterSpace = false;
      // From a unit that is not a capital, only marked nodes lead to a key the mention can satisfy.
      const first = text.charCodeAt(index);
      const minReach = cased[first] === lower[first] ? 1 : 0;
      walk: for (;;) {
        const base = cells[node + BASE]!;
        let key: number;
        if (base >= 0) {
          // The next unit the folded text has. Written so that `position` moves on
          // every unit read: a skipped unit is rare inside a name, and an
          // increment only it made would be an operation the optimised loop has
          // no feedback for. `position` is then past the unit.
          let next = 0;
          do {
            if (position >= length) break walk;
            const unit = text.charCodeAt(position++);
            next = lower[unit]!;
            if (next === PENDING) next = foldPendingUnit(unit) | 0;
          } while (isSkipped(next, afterSpace));
          const code = next < codeLimit ? codeOf[next]! : 0;
          if (code === 0) break;
          const slot = base + code;
          const child = slot * CELLS;
          if (cells[child + CHECK] !== node || smallReach[slot]! < minReach) break;
          node = child;
          afterSpace = next === SPACE;
          key = cells[node + KEY]!;
        } else {
          const tail = -1 - base;
          const tailEnd = tail + TAIL_HEADER + tails[tail]!;
          // Read before the walk along the tail, which seldom reaches its end (see endingS on why).
          key = tailKey(tails, tail);
          for (let at = tail + TAIL_HEADER; at < tailEnd; position++) {
            if (position >= length) break walk;
            const next = unitAt(text, position);
            if (isSkipped(next, afterSpace)) continue;
            if (next !== tails[at]) break walk;
            afterSpace = next === SPACE;
            at++;
          }
        }
        if (key >= 0) {
          // The mention ends where the next unit of the folded text starts: dropped units after it are its own.
          const end = keptFrom(text, position);
          const s = endingS(text, end);
          // Asked even when `s` already refuses the mention, so that the call runs at every key (see endingS).
          const accepted = accepts(scan, key, text, index, end, null);
          const last = s > 0 ? s : position - 1;
          if (s >= 0 && accepted) {
            bestKey = key;
            bestEnd = end;
            bestLast = last;
          }
        }
        if (base < 0) break;
      }
      if (bestKey >= 0) {
        found.push(index, bestEnd, bestKey);
        // Resume after the mention: its last unit decides whether the next one starts a word.
        index = bestLast;
        afterWord = isWordInText(text, index) ? 1 : 0;
      }
    }
  }
  scan.partEndsInWord = afterWord;
  return index;
}

/** Id list `list`, frozen, made once per matcher, so that every mention of an entry shares one array. */
function listArray(scan: ScanState, list: number): readonly string[] {
  let array = scan.listArrays.get(list);
  if (!array) {
    array = Object.freeze(scan.ids.slice(scan.listStarts[list], scan.listStarts[list + 1]));
    scan.listArrays.set(list, array);
  }
  return array;
}

/** The entries of every rule of `key` that the mention satisfies, merged in the order the terms named them. */
function acceptedIds(scan: ScanState, key: number, text: string, start: number, end: number): readonly string[] {
  const lists: number[] = [];
  accepts(scan, key, text, start, end, lists);
  if (lists.length === 1) return listArray(scan, lists[0]!);
  const union = new Set<string>();
  for (const list of lists) for (const id of listArray(scan, list)) union.add(id);
  const { idRank } = scan;
  return Object.freeze([...union].sort((a, b) => idRank.get(a)! - idRank.get(b)!));
}

/**
 * The text goes by parts of a few hundred units, so that on a long text the
 * loop still runs as many short calls: V8 then optimises it as a whole
 * function, while one long-running call is left to on-stack replacement,
 * whose code for this loop took up to half as long again, depending on the run.
 */
function findMentions(scan: ScanState, text: string): Match[] {
  const found: number[] = [];
  scan.partEndsInWord = 0;
  let surrogateClass = NO_SURROGATE;
  for (let index = 0; index < text.length;) {
    index = scanPart(scan, text, index, found, surrogateClass);
    surrogateClass = index < text.length ? rareUnitClass(text, index) : NO_SURROGATE;
  }
  return matchesOf(scan, text, found);
}

/** The mentions scanPart recorded in `found`, as Match objects (all made here, so all of one shape). */
function matchesOf(scan: ScanState, text: string, found: number[]): Match[] {
  const matches: Match[] = [];
  for (let at = 0; at < found.length; at += 3) {
    const start = found[at]!;
    const end = found[at + 1]!;
    matches.push({ start, end, entryIds: acceptedIds(scan, found[at + 2]!, text, start, end) });
  }
  return matches;
}

/** The matcher over the packed tables: its state holds only these tables and nothing of the build. */
function scannerFor(trie: PackedTrie, table: KeyTable, smallReach: Uint8Array): Matcher {
  const { keyCount } = table;
  const scan = new ScanState(trie, table, smallReach);
  return { find: (text: string): Match[] => (keyCount === 0 ? [] : findMentions(scan, text)), keyCount };
}
