/**
 * The prefilter: a few kilobytes that tell a page whether its text can hold
 * a mention at all, before the full matcher (a megabyte or more at 10k
 * aliases) is sent, decoded and run. Most pages a reader opens mention no
 * glossary term; they get only this.
 *
 * It is the set of the first words of every alias (folded as the matcher
 * folds, at most PREFIX_UNITS units), as hashes; a first word of up to
 * SHORT_WORD_UNITS units takes the second word with it ("the fundamentals",
 * "new democracy"), or every page with "the" or "new" would pass. A page walks its text from
 * every word start the scan would try (scan.ts), folds unit by unit as the
 * scan does, and looks the hash up wherever an alias's first word could end:
 * before a unit that is not part of a word (a space, an apostrophe, the end
 * of the text), before an "s" (plurals), or after PREFIX_UNITS units. It can
 * say yes where the matcher finds nothing (a first word without the rest, a
 * hash collision), never the other way round (matcher.property.test.ts).
 *
 * Proper names and acronyms match only with a capital first letter, so their
 * first words go into a set that is only asked at words starting with one:
 * most words of a page are lower case and cost one table read.
 *
 * The hashes are truncated to `hashBits` (as many as the size budget
 * allows), sorted, and Rice-coded: the gaps between neighbours, each as a
 * unary quotient and `riceBits` low bits.
 */
import { bytesFromBase64 } from './base64';
import {
  LOWER_S,
  PENDING,
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
  textClassTable,
} from './fold';
import { fail } from './table-checks';

/** Changes whenever the hash, the coding or the notion of a first word changes; a page refuses any other. */
export const PREFILTER_FORMAT = 'context-lens/prefilter@1';

/** First words are cut after this many folded units: long words are rare and this bounds each walk. */
export const PREFIX_UNITS = 16;

export interface RiceCodedSet {
  count: number;
  riceBits: number;
  /** The coded gaps, as base64 (see compiled.ts for why base64). */
  data: string;
}

export interface CompiledPrefilter {
  format: string;
  hashBits: number;
  /** First words of aliases that need a capital first letter (proper names, acronyms). */
  capital: RiceCodedSet;
  /** First words of aliases that match in any case. */
  anyCase: RiceCodedSet;
}

/** A first word this short or shorter is joined by the next word. */
export const SHORT_WORD_UNITS = 3;

/** FNV-1a over 16-bit units: both ends hash first words with it. */
export const HASH_SEED = 0x811c9dc5;
export function hashStep(hash: number, unit: number): number {
  return Math.imul(hash ^ unit, 0x01000193);
}

/** The hash of a first word as the sets hold it: its top `hashBits` bits. */
export function truncatedHash(hash: number, hashBits: number): number {
  return hashBits >= 32 ? hash >>> 0 : hash >>> (32 - hashBits);
}

export interface Prefilter {
  /** False only when the matcher would find nothing in `text`. */
  mayMatch(text: string): boolean;
}

/**
 * The fold tables, taken when the first prefilter is decoded rather than when
 * this module loads, so a frame that never meets text never allocates them (fold.ts).
 */
let lowerTable: Uint16Array = new Uint16Array(0);
let casedTable: Uint16Array = new Uint16Array(0);
let textClasses: Uint8Array = new Uint8Array(0);
function takeFoldTables(): void {
  lowerTable = lowerFoldTable();
  casedTable = casedFoldTable();
  textClasses = textClassTable();
}

function foldedUnit(code: number): number {
  const unit = lowerTable[code]!;
  return unit === PENDING ? foldPendingUnit(code) : unit;
}

/** The prefilter of a payload from compilePrefilter (prefilter-build.ts); throws CompiledMatcherError if it is not one. */
export function prefilterFromCompiled(payload: unknown): Prefilter {
  takeFoldTables();
  if (typeof payload !== 'object' || payload === null) fail('prefilter is not an object');
  const { format, hashBits, capital, anyCase } = payload as Partial<Record<keyof CompiledPrefilter, unknown>>;
  if (format !== PREFILTER_FORMAT) fail(`prefilter format ${JSON.stringify(format)} is not ${PREFILTER_FORMAT}`);
  if (typeof hashBits !== 'number' || !Number.isInteger(hashBits) || hashBits < 1 || hashBits > 32) {
    fail('prefilter hashBits out of range');
  }
  // Checked now, so a bad payload fails here; the capital set, the large one, is decoded on first use.
  const anyCaseValues = decodeRiceSet(anyCase, hashBits);
  checkRiceSet(capital);
  const decodeCapital = () => {
    try {
      return decodeRiceSet(capital, hashBits);
    } catch {
      // Damaged past its envelope: every capital word is a candidate, and the matcher's own checks refuse it.
      return null;
    }
  };
  return new HashedFirstWords(hashBits, decodeCapital, anyCaseValues);
}

class HashedFirstWords implements Prefilter {
  private capitalValues: Uint32Array | null | undefined;

  constructor(
    private readonly hashBits: number,
    /**
     * Decodes the first words that need a capital: thousands of values, which a
     * frame decodes only once its text has a word that starts with a capital.
     */
    private readonly decodeCapital: () => Uint32Array | null,
    private readonly anyCase: Uint32Array,
  ) {}

  private get capital(): Uint32Array | null {
    if (this.capitalValues === undefined) this.capitalValues = this.decodeCapital();
    return this.capitalValues;
  }

  mayMatch(text: string): boolean {
    const length = text.length;
    const classes = textClasses;
    // The word starts of scan.ts's loop, without its skipping over mentions: a superset of where it walks.
    let afterWord = false;
    for (let index = 0; index < length; index++) {
      let textClass = classes[text.charCodeAt(index)]!;
      if (textClass === TEXT_WORD && afterWord) continue;
      if (textClass === TEXT_PENDING) {
        foldPendingUnit(text.charCodeAt(index));
        textClass = classes[text.charCodeAt(index)]!;
      }
      if (textClass === TEXT_DROPPED) continue;
      const isWord = textClass === TEXT_WORD || (textClass === TEXT_SURROGATE && isSurrogateWordInText(text, index));
      const startsWord = !afterWord && textClass !== TEXT_SPACE;
      afterWord = isWord;
      if (startsWord && this.firstWordAt(text, index)) return true;
    }
    return false;
  }

  /** Whether a first word of some alias starts at `start`, folded as the scan folds. */
  private firstWordAt(text: string, start: number): boolean {
    const first = text.charCodeAt(start);
    // The same test as the scan's for an initial capital (the fold fills casedTable for the unit's block).
    const capital = casedTable[first] !== foldedUnit(first);
    if (!capital && this.anyCase.length === 0) return false;
    const length = text.length;
    let hash = HASH_SEED;
    let position = start;
    /** Whether the walk is in the second word, past the one space it may cross. */
    let inSecondWord = false;
    for (let units = 1; ; units++) {
      const unit = foldedUnit(text.charCodeAt(position));
      hash = hashStep(hash, unit);
      position++;
      // Dropped units (soft hyphens, loose marks) are not in the folded alias, nor is a second whitespace unit.
      while (position < length) {
        const following = foldedUnit(text.charCodeAt(position));
        if (following !== 0 && !(following === SPACE && unit === SPACE)) break;
        position++;
      }
      if (unit === SPACE) {
        inSecondWord = true;
        continue;
      }
      const atEnd = position >= length;
      const next = atEnd ? SPACE : foldedUnit(text.charCodeAt(position));
      const mayEndHere = atEnd || units === PREFIX_UNITS || next === LOWER_S || !isWordInText(text, position);
      if (mayEndHere && this.holds(hash, capital)) return true;
      if (atEnd || units === PREFIX_UNITS) return false;
      // A space ends the first word, unless it is short enough to take the next one with it.
      if (next === SPACE && (inSecondWord || units > SHORT_WORD_UNITS)) return false;
    }
  }

  private holds(hash: number, capital: boolean): boolean {
    const value = truncatedHash(hash, this.hashBits);
    if (capital) {
      const values = this.capital;
      if (values === null || sortedHas(values, value)) return true;
    }
    return sortedHas(this.anyCase, value);
  }
}

function sortedHas(values: Uint32Array, value: number): boolean {
  let low = 0;
  let high = values.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const probe = values[middle]!;
    if (probe === value) return true;
    if (probe < value) low = middle + 1;
    else high = middle - 1;
  }
  return false;
}

const isCount = (value: unknown, max: number): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max;

/** Longest Rice remainder: a remainder is read from one 32-bit window. */
export const MAX_RICE_BITS = 24;

/**
 * The 32 bits of `bytes` from bit `bit` on (most significant first), zeros
 * past the end: the decoder reads a whole quotient run or remainder at once
 * instead of bit by bit, since every frame decodes its prefilter cold.
 */
function windowAt(bytes: Uint8Array, bit: number): number {
  const at = bit >>> 3;
  const shift = bit & 7;
  const length = bytes.length;
  const byte = (k: number) => (k < length ? bytes[k]! : 0);
  const high = (byte(at) << 24) | (byte(at + 1) << 16) | (byte(at + 2) << 8) | byte(at + 3);
  return shift === 0 ? high >>> 0 : ((high << shift) | (byte(at + 4) >>> (8 - shift))) >>> 0;
}

/** Checks a Rice-coded set's envelope: its fields, and a count its data can hold. */
function checkRiceSet(payload: unknown): void {
  if (typeof payload !== 'object' || payload === null) fail('prefilter set is not an object');
  const { count, riceBits, data } = payload as Partial<Record<keyof RiceCodedSet, unknown>>;
  if (!isCount(riceBits, MAX_RICE_BITS) || typeof data !== 'string') fail('prefilter set is malformed');
  // Every value takes at least riceBits + 1 bits, and base64 holds 6 bits a character.
  if (!isCount(count, Math.floor((data.length * 6) / (riceBits + 1)))) fail('prefilter count does not fit its data');
}

/** The sorted values of a Rice-coded set, each checked to stay below 2^hashBits. */
function decodeRiceSet(payload: unknown, hashBits: number): Uint32Array {
  if (typeof payload !== 'object' || payload === null) fail('prefilter set is not an object');
  const { count, riceBits, data } = payload as Partial<Record<keyof RiceCodedSet, unknown>>;
  if (!isCount(riceBits, MAX_RICE_BITS) || typeof data !== 'string') fail('prefilter set is malformed');
  const bytes = bytesFromBase64(data);
  // Every value takes at least riceBits + 1 bits, so a lying count cannot make us allocate much.
  if (!isCount(count, Math.floor((bytes.length * 8) / (riceBits + 1)))) fail('prefilter count does not fit its data');
  const values = new Uint32Array(count);
  const limit = 2 ** hashBits;
  const totalBits = bytes.length * 8;
  const step = 2 ** riceBits;
  let bit = 0;
  let previous = 0;
  for (let k = 0; k < count; k++) {
    // The quotient in unary: a run of ones (Math.clz32 of the inverted window counts them), then a zero.
    let quotient = 0;
    for (;;) {
      const ones = Math.clz32(~windowAt(bytes, bit));
      quotient += ones;
      bit += ones;
      if (ones < 32 || bit >= totalBits) break;
    }
    if (bit + 1 + riceBits > totalBits) fail('prefilter data ends early');
    bit++;
    const remainder = riceBits === 0 ? 0 : windowAt(bytes, bit) >>> (32 - riceBits);
    bit += riceBits;
    const value = previous + quotient * step + remainder;
    if (value >= limit) fail('prefilter value out of range');
    values[k] = value;
    previous = value;
  }
  return values;
}
