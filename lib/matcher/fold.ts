/**
 * Folding of text for comparison: one code unit in, zero or one code unit out,
 * with a map from every folded position back to the original text.
 *
 * What folds:
 * - diacritics: a character whose canonical decomposition is a base letter
 *   plus combining diacritical marks folds to the base (Zvečan = Zvecan), and
 *   loose combining marks in decomposed text are dropped; a few letters with
 *   a stroke that Unicode does not decompose (đ, ł, ø, ħ, ŧ) fold by hand;
 * - typography: apostrophe variants become ', hyphen and dash variants become -,
 *   every run of whitespace (NBSP and the thin spaces included) becomes one space;
 * - invisible format characters (soft hyphen, zero-width space and joiners,
 *   BOM) are dropped: they sit inside words ("Ko&shy;so&shy;vo" reads as
 *   Kosovo), so turning them into a visible character would hide the word;
 * - case, into a lower-case form (`lower`); the `cased` form keeps the case
 *   for aliases that must match in capitals.
 *
 * The mapping is one-to-one on code units so that positions survive it: a
 * fold that would change a character's UTF-16 length (ß to "ss") is not
 * applied, and code points outside the BMP are kept as they are. The work is
 * done once per code unit into lookup tables, so folding a page is one table
 * read per character.
 */

/** Dropped entirely. NUL is here so that 0 can mean "dropped" in the tables. */
export const IGNORABLE_CHARS = '\u0000\u00ad\u200b\u200c\u200d\u2060\ufeff';

/** Folded to a plain apostrophe. */
export const APOSTROPHE_VARIANTS = '\u2019\u2018\u201b\u02bc\u2032\u0060\u00b4\uff07';

/** Folded to a hyphen-minus. */
export const DASH_VARIANTS = '\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d\u2e3a\u2e3b';

/** Letters whose stroke is part of the letter for Unicode, so NFD leaves them alone. */
export const STROKE_LETTERS: Readonly<Record<string, string>> = {
  đ: 'd',
  Đ: 'D',
  ł: 'l',
  Ł: 'L',
  ø: 'o',
  Ø: 'O',
  ħ: 'h',
  Ħ: 'H',
  ŧ: 't',
  Ŧ: 'T',
};

/**
 * Combining diacritical mark blocks. Only these are stripped: marks of other
 * scripts (Devanagari vowel signs, Hebrew points) carry meaning, so they stay
 * and count as part of the word.
 */
export const DIACRITIC_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x0300, 0x036f],
  [0x1ab0, 0x1aff],
  [0x1dc0, 0x1dff],
  [0x20d0, 0x20ff],
  [0xfe20, 0xfe2f],
];

/** U+0085 (next line) is whitespace to Unicode but not to the regex `\s`. */
export function isFoldedWhitespace(char: string): boolean {
  return char === '\u0085' || (char !== '\ufeff' && /^\s$/u.test(char));
}

export const SPACE = 0x20;
export const APOSTROPHE = 0x27;
export const LOWER_S = 0x73;
export const UPPER_S = 0x53;

/** Word classes in `wordClassTable()`. */
export const NOT_WORD = 0;
export const WORD = 1;
/** A surrogate: the class depends on the code point the pair forms. */
export const SURROGATE = 2;

interface FoldTables {
  /** Code unit -> lower-case folded unit; 0 = dropped. */
  lower: Uint16Array;
  /** Code unit -> folded unit with the case kept; 0 = dropped. */
  cased: Uint16Array;
  /** Folded unit -> NOT_WORD, WORD or SURROGATE. */
  word: Uint8Array;
}

let tables: FoldTables | undefined;

function isDiacritic(code: number): boolean {
  for (const [first, last] of DIACRITIC_RANGES) if (code >= first && code <= last) return true;
  return false;
}

function isSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdfff;
}

/** Ranges with no decompositions and no case, whose units fold to themselves; skipping them halves the build. */
const IDENTITY_LETTER_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xac00, 0xd7a3],
];
const PRIVATE_USE: readonly [number, number] = [0xe000, 0xf8ff];

function caseFold(char: string): string {
  // Upper then lower also joins the odd lower-case forms (ſ, ς, µ) with their partners.
  const upper = char.toUpperCase();
  if (upper.length === 1) {
    const lower = upper.toLowerCase();
    if (lower.length === 1) return lower;
  }
  const lower = char.toLowerCase();
  return lower.length === 1 ? lower : char;
}

function stripDiacritics(char: string): string {
  const decomposed = char.normalize('NFD');
  if (decomposed === char) return char;
  const base = decomposed.charCodeAt(0);
  if (isSurrogate(base)) return char;
  for (let k = 1; k < decomposed.length; k++) if (!isDiacritic(decomposed.charCodeAt(k))) return char;
  return decomposed.charAt(0);
}

const WORD_CHAR = /^[\p{L}\p{N}\p{M}]$/u;

function buildTables(): FoldTables {
  const lower = new Uint16Array(0x10000);
  const cased = new Uint16Array(0x10000);
  const word = new Uint8Array(0x10000);
  for (let code = 0; code < 0x10000; code++) {
    if (isSurrogate(code)) {
      lower[code] = code;
      cased[code] = code;
      word[code] = SURROGATE;
      continue;
    }
    if (IDENTITY_LETTER_RANGES.some(([first, last]) => code >= first && code <= last)) {
      lower[code] = code;
      cased[code] = code;
      word[code] = WORD;
      continue;
    }
    if (code >= PRIVATE_USE[0] && code <= PRIVATE_USE[1]) {
      lower[code] = code;
      cased[code] = code;
      continue;
    }
    const char = String.fromCharCode(code);
    word[code] = WORD_CHAR.test(char) ? WORD : NOT_WORD;
    if (IGNORABLE_CHARS.includes(char) || isDiacritic(code)) continue;
    if (isFoldedWhitespace(char)) {
      lower[code] = SPACE;
      cased[code] = SPACE;
      continue;
    }
    let base = STROKE_LETTERS[char] ?? stripDiacritics(char);
    if (APOSTROPHE_VARIANTS.includes(base)) base = "'";
    else if (DASH_VARIANTS.includes(base)) base = '-';
    cased[code] = base.charCodeAt(0);
    lower[code] = caseFold(base).charCodeAt(0);
  }
  return { lower, cased, word };
}

function foldTables(): FoldTables {
  tables ??= buildTables();
  return tables;
}

export function lowerFoldTable(): Uint16Array {
  return foldTables().lower;
}

export function casedFoldTable(): Uint16Array {
  return foldTables().cased;
}

export function wordClassTable(): Uint8Array {
  return foldTables().word;
}

const astralWordCache = new Map<number, boolean>();

function isAstralWord(codePoint: number): boolean {
  let isWord = astralWordCache.get(codePoint);
  if (isWord === undefined) {
    isWord = WORD_CHAR.test(String.fromCodePoint(codePoint));
    astralWordCache.set(codePoint, isWord);
  }
  return isWord;
}

/**
 * Whether the surrogate at `index` belongs to a letter, digit or mark. A lone
 * surrogate is not a character of any word.
 */
export function isSurrogateWordAt(units: Uint16Array, index: number, length: number): boolean {
  const unit = units[index]!;
  if (unit <= 0xdbff) {
    const next = index + 1 < length ? units[index + 1]! : 0;
    if (next < 0xdc00 || next > 0xdfff) return false;
    return isAstralWord(((unit - 0xd800) << 10) + (next - 0xdc00) + 0x10000);
  }
  const previous = index > 0 ? units[index - 1]! : 0;
  if (previous < 0xd800 || previous > 0xdbff) return false;
  return isAstralWord(((previous - 0xd800) << 10) + (unit - 0xdc00) + 0x10000);
}

/** Whether the folded unit at `index` is part of a word (letter, digit or mark of any script). */
export function isWordAt(units: Uint16Array, index: number, length: number): boolean {
  const wordClass = wordClassTable()[units[index]!];
  return wordClass === WORD || (wordClass === SURROGATE && isSurrogateWordAt(units, index, length));
}

/**
 * Reusable output buffers, so that folding the many short text nodes of a
 * page allocates nothing once the buffers have grown to the longest one.
 */
export class FoldBuffer {
  /** Folded, lower-cased code units; only the first `length` are meaningful. */
  units = new Uint16Array(256);
  /** Folded index -> original index; `map[length]` is the original length. */
  map = new Uint32Array(257);
  length = 0;

  /** Folds `text` (lower-cased) into the buffers and returns the folded length. */
  fold(text: string): number {
    this.reserve(text.length);
    const table = lowerFoldTable();
    const units = this.units;
    const map = this.map;
    const textLength = text.length;
    let length = 0;
    let afterSpace = false;
    for (let index = 0; index < textLength; index++) {
      const unit = table[text.charCodeAt(index)]!;
      if (unit === 0) continue;
      if (unit === SPACE) {
        if (afterSpace) continue;
        afterSpace = true;
      } else {
        afterSpace = false;
      }
      units[length] = unit;
      map[length] = index;
      length++;
    }
    map[length] = textLength;
    this.length = length;
    return length;
  }

  private reserve(textLength: number): void {
    if (this.units.length >= textLength) return;
    let capacity = this.units.length;
    while (capacity < textLength) capacity *= 2;
    this.units = new Uint16Array(capacity);
    this.map = new Uint32Array(capacity + 1);
  }
}

export interface FoldedText {
  /** The folded, lower-cased text. */
  folded: string;
  /** Folded index -> original index, with one extra slot holding the original length. */
  map: Uint32Array;
}

function unitsToString(units: Uint16Array, length: number): string {
  const chunkSize = 8192;
  let result = '';
  for (let start = 0; start < length; start += chunkSize) {
    result += String.fromCharCode(...units.subarray(start, Math.min(start + chunkSize, length)));
  }
  return result;
}

/** Folds `text` and keeps where each folded character came from. */
export function foldText(text: string): FoldedText {
  const buffer = new FoldBuffer();
  const length = buffer.fold(text);
  return { folded: unitsToString(buffer.units, length), map: buffer.map.slice(0, length + 1) };
}

/** The comparison key of a short string (an alias, a search query): folded and trimmed. */
export function foldKey(text: string): string {
  const buffer = new FoldBuffer();
  const length = buffer.fold(text);
  let start = 0;
  let end = length;
  if (start < end && buffer.units[start] === SPACE) start++;
  if (end > start && buffer.units[end - 1] === SPACE) end--;
  return unitsToString(buffer.units.subarray(start, end), end - start);
}

/** The folded units of a term with the case kept, parallel to the lower-case units of the same fold. */
export function foldWithCase(text: string): { lower: Uint16Array; cased: Uint16Array } {
  const lowerTable = lowerFoldTable();
  const casedTable = casedFoldTable();
  const lower: number[] = [];
  const cased: number[] = [];
  let afterSpace = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    const unit = lowerTable[code]!;
    if (unit === 0) continue;
    if (unit === SPACE) {
      if (afterSpace) continue;
      afterSpace = true;
    } else {
      afterSpace = false;
    }
    lower.push(unit);
    cased.push(casedTable[code]!);
  }
  return { lower: Uint16Array.from(lower), cased: Uint16Array.from(cased) };
}
