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
 * read per character, without calling normalize() on the way.
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
function isFoldedWhitespace(char: string): boolean {
  return char === '\u0085' || (char !== '\ufeff' && /^\s$/u.test(char));
}

export const SPACE = 0x20;
export const APOSTROPHE = 0x27;
export const LOWER_S = 0x73;
export const UPPER_S = 0x53;

/** Word classes of folded units (see `isWordInText`). */
export const NOT_WORD = 0;
export const WORD = 1;
/** A surrogate: the class depends on the code point the pair forms. */
export const SURROGATE = 2;

/**
 * Classes of text units in `textClassTable()`: what a scan needs to know of a
 * unit of unfolded text in one read. A unit that folds to a letter, digit or
 * mark is TEXT_WORD; TEXT_SURROGATE depends on the pair (`isSurrogateWordInText`); any other unit is 0.
 */

export const TEXT_WORD = 1;
export const TEXT_SURROGATE = 2;
/** Folds to nothing (soft hyphen, combining diacritic). */
export const TEXT_DROPPED = 3;
/** Folds to a space. */
export const TEXT_SPACE = 4;
/** The unit's block has not been folded yet: fold it with `foldPendingUnit`. */
export const TEXT_PENDING = 5;

/** Table entry of a unit whose block has not been folded yet (U+FFFF, a noncharacter, also reads so). */
export const PENDING = 0xffff;

/**
 * Code unit -> lower-case folded unit (0 = dropped), code unit -> folded unit
 * with the case kept, and unit -> word class. The fold tables are filled one
 * block of 256 units at a time, the first time text from that block is seen:
 * a whole table takes tens of milliseconds to compute, which every page would
 * pay at startup, while English text only ever touches two or three blocks.
 *
 * They are allocated the first time anything folds or asks for them, not when
 * this module loads: 384 KB allocated and filled was the largest part of
 * evaluating the content script in a frame that never meets any text (issue 17).
 */
interface FoldTables {
  lower: Uint16Array;
  cased: Uint16Array;
  /**
   * Word classes. Filled for every unit of a built block and for every unit a
   * built block folds to, so any unit that comes out of a fold has its class.
   */
  word: Uint8Array;
  /** Unfolded unit -> TEXT_* class; filled with the fold tables, block by block. */
  textClasses: Uint8Array;
  builtBlocks: Uint8Array;
}
let tables: FoldTables | undefined;

function foldTables(): FoldTables {
  return (tables ??= {
    lower: new Uint16Array(0x10000).fill(PENDING),
    cased: new Uint16Array(0x10000).fill(PENDING),
    word: new Uint8Array(0x10000),
    textClasses: new Uint8Array(0x10000).fill(TEXT_PENDING),
    builtBlocks: new Uint8Array(0x100),
  });
}

function isDiacritic(code: number): boolean {
  for (const [first, last] of DIACRITIC_RANGES) if (code >= first && code <= last) return true;
  return false;
}

function isSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdfff;
}

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

function wordClassOf(code: number): number {
  if (isSurrogate(code)) return SURROGATE;
  return WORD_CHAR.test(String.fromCharCode(code)) ? WORD : NOT_WORD;
}

function foldUnit({ lower: lowerTable, cased: casedTable, word: wordTable }: FoldTables, code: number): void {
  wordTable[code] = wordClassOf(code);
  const char = String.fromCharCode(code);
  if (isSurrogate(code)) {
    lowerTable[code] = code;
    casedTable[code] = code;
    return;
  }
  if (IGNORABLE_CHARS.includes(char) || isDiacritic(code)) {
    lowerTable[code] = 0;
    casedTable[code] = 0;
    return;
  }
  if (isFoldedWhitespace(char)) {
    lowerTable[code] = SPACE;
    casedTable[code] = SPACE;
    return;
  }
  let base = STROKE_LETTERS[char] ?? stripDiacritics(char);
  if (APOSTROPHE_VARIANTS.includes(base)) base = "'";
  else if (DASH_VARIANTS.includes(base)) base = '-';
  const lower = caseFold(base).charCodeAt(0);
  casedTable[code] = base.charCodeAt(0);
  lowerTable[code] = lower;
  wordTable[lower] = wordClassOf(lower);
}

function buildBlock(tables: FoldTables, block: number): void {
  tables.builtBlocks[block] = 1;
  for (let code = block << 8; code < (block + 1) << 8; code++) {
    foldUnit(tables, code);
    const lower = tables.lower[code]!;
    tables.textClasses[code] = lower === 0 ? TEXT_DROPPED : lower === SPACE ? TEXT_SPACE : tables.word[lower]!;
  }
}

/** The lower-case fold of a unit whose table entry reads PENDING (its block is not built yet, or it is U+FFFF). */
export function foldPendingUnit(code: number): number {
  const built = foldTables();
  if (built.builtBlocks[code >>> 8] === 0) buildBlock(built, code >>> 8);
  return built.lower[code]!;
}

/** Code unit -> lower-case folded unit; an entry reading PENDING must go through `foldPendingUnit`. */
export function lowerFoldTable(): Uint16Array {
  return foldTables().lower;
}

/** Code unit -> folded unit with case kept. Only entries of units that have been folded are filled. */
export function casedFoldTable(): Uint16Array {
  return foldTables().cased;
}

/** Unfolded unit -> TEXT_* class; an entry reading TEXT_PENDING must go through `foldPendingUnit` first. */
export function textClassTable(): Uint8Array {
  return foldTables().textClasses;
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

/** Whether a high and a low surrogate form a letter, digit or mark; anything else is not a pair. */
function isWordPair(high: number, low: number): boolean {
  return (
    high >= 0xd800 &&
    high <= 0xdbff &&
    low >= 0xdc00 &&
    low <= 0xdfff &&
    isAstralWord(((high - 0xd800) << 10) + (low - 0xdc00) + 0x10000)
  );
}

/**
 * Whether the surrogate at `index` of unfolded `text` belongs to a letter,
 * digit or mark. Surrogates fold to themselves, so this is the class of the
 * folded unit too; a pair is two adjacent units of the text itself. A lone
 * surrogate is not a character of any word.
 */
export function isSurrogateWordInText(text: string, index: number): boolean {
  const unit = text.charCodeAt(index);
  return unit <= 0xdbff
    ? isWordPair(unit, text.charCodeAt(index + 1))
    : isWordPair(index > 0 ? text.charCodeAt(index - 1) : 0, unit);
}

/** Whether the unit at `index` of unfolded `text` folds to part of a word (a letter, digit or mark of any script). */
export function isWordInText(text: string, index: number): boolean {
  const wordClass = foldTables().word[foldPendingUnit(text.charCodeAt(index))];
  return wordClass === WORD || (wordClass === SURROGATE && isSurrogateWordInText(text, index));
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
    const table = foldTables().lower;
    const units = this.units;
    const map = this.map;
    const textLength = text.length;
    let length = 0;
    let afterSpace = false;
    for (let index = 0; index < textLength; index++) {
      let unit = table[text.charCodeAt(index)]!;
      if (unit === PENDING) unit = foldPendingUnit(text.charCodeAt(index));
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
