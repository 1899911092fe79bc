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
 * Each set keeps the top `keyBits` bits of each first word's hash, about a
 * dozen more than the set's size needs, so a word not in the set finds a key
 * of its own in only 1 of some thousands of lookups. The keys are stored in
 * buckets by their bits above the lowest 16: the buckets' starts (32-bit)
 * and then every key's low 16 bits (sorted within its bucket). A page looks a
 * word up with a binary search within one bucket, straight in the bytes the
 * storage gave it: nothing is decoded first. (The earlier Rice-coded sets
 * were a quarter smaller, but every frame with text spent 5 to 10 ms of cold
 * code decoding them, issue 17.)
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
import { fail, isCount } from './table-checks';

/** Changes whenever the hash, the coding or the notion of a first word changes; a page refuses any other. */
export const PREFILTER_FORMAT = 'context-lens/prefilter@2';

/** First words are cut after this many folded units: long words are rare and this bounds each walk. */
export const PREFIX_UNITS = 16;

/** Keys are split into a bucket (their bits above these) and the 16 bits stored for each. */
export const STORED_KEY_BITS = 16;
/** At least one bucket bit, so a set's buckets are never a single run of every key. */
export const MIN_KEY_BITS = STORED_KEY_BITS + 1;

export interface BucketedKeySet {
  /** How many top bits of a first word's hash make its key (MIN_KEY_BITS to 32). */
  keyBits: number;
  count: number;
  /**
   * Base64 (see compiled.ts for why base64) of, little-endian: the start of each of the
   * 2^(keyBits - 16) buckets and the end of the last (32-bit), then every key's low 16 bits,
   * sorted within its bucket.
   */
  data: string;
}

export interface CompiledPrefilter {
  format: string;
  /** First words of aliases that need a capital first letter (proper names, acronyms). */
  capital: BucketedKeySet;
  /** First words of aliases that match in any case. */
  anyCase: BucketedKeySet;
}

/** A first word this short or shorter is joined by the next word. */
export const SHORT_WORD_UNITS = 3;

/** FNV-1a over 16-bit units: both ends hash first words with it. */
export const HASH_SEED = 0x811c9dc5;
export function hashStep(hash: number, unit: number): number {
  return Math.imul(hash ^ unit, 0x01000193);
}

/** The key of a first word's hash in a set of `keyBits`-bit keys: the hash's top bits. */
export function keyOfHash(hash: number, keyBits: number): number {
  return keyBits >= 32 ? hash >>> 0 : hash >>> (32 - keyBits);
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
  const { format, capital, anyCase } = payload as Partial<Record<keyof CompiledPrefilter, unknown>>;
  if (format !== PREFILTER_FORMAT) fail(`prefilter format ${JSON.stringify(format)} is not ${PREFILTER_FORMAT}`);
  return new HashedFirstWords(keySetFrom(capital), keySetFrom(anyCase));
}

class HashedFirstWords implements Prefilter {
  constructor(
    private readonly capital: KeySet,
    private readonly anyCase: KeySet,
  ) {}

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
    if (!capital && this.anyCase.count === 0) return false;
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
    return (capital && this.capital.has(hash)) || this.anyCase.has(hash);
  }
}

/** A BucketedKeySet read in place: its bytes, checked for shape, and looked up without decoding. */
class KeySet {
  constructor(
    private readonly bytes: DataView,
    readonly keyBits: number,
    readonly count: number,
    /** Where the keys' low 16 bits start, after the bucket starts. */
    private readonly keysAt: number,
  ) {}

  has(hash: number): boolean {
    const key = keyOfHash(hash, this.keyBits);
    const bucket = key >>> STORED_KEY_BITS;
    const stored = key & 0xffff;
    let low = this.bytes.getUint32(bucket * 4, true);
    let high = this.bytes.getUint32(bucket * 4 + 4, true) - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const probe = this.bytes.getUint16(this.keysAt + middle * 2, true);
      if (probe === stored) return true;
      if (probe < stored) low = middle + 1;
      else high = middle - 1;
    }
    return false;
  }
}

/**
 * A set's bytes, checked: their length fits the key bits and the count, and
 * the bucket starts run from 0 to the count without going back, so no lookup
 * can read outside them. (A key out of order within its bucket could only
 * make a lookup miss or pass wrongly; the background's build sorts them.)
 */
function keySetFrom(payload: unknown): KeySet {
  if (typeof payload !== 'object' || payload === null) fail('prefilter set is not an object');
  const { keyBits, count, data } = payload as Partial<Record<keyof BucketedKeySet, unknown>>;
  if (!isCount(keyBits, 32) || keyBits < MIN_KEY_BITS || !isCount(count, 2 ** 24) || typeof data !== 'string') {
    fail('prefilter set is malformed');
  }
  const buckets = 2 ** (keyBits - STORED_KEY_BITS);
  const keysAt = (buckets + 1) * 4;
  const bytes = bytesFromBase64(data);
  if (bytes.length !== keysAt + count * 2) fail('prefilter set length does not fit its key bits and count');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let previous = 0;
  for (let bucket = 0; bucket <= buckets; bucket++) {
    const start = view.getUint32(bucket * 4, true);
    if (start < previous || (bucket === 0 && start !== 0)) fail('prefilter bucket starts go back');
    previous = start;
  }
  if (previous !== count) fail('prefilter buckets do not end at the count');
  return new KeySet(view, keyBits, count, keysAt);
}
