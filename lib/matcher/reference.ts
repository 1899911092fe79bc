/**
 * A slow matcher with the same contract as `compileMatcher`, written to be
 * read rather than run: it folds text one code point at a time with
 * `normalize` and regexes, and tries every alias at every position. Tests
 * compare the real matcher with it. Not for production use.
 */
import type { Term } from '../model';
import { APOSTROPHE_VARIANTS, DASH_VARIANTS, DIACRITIC_RANGES, IGNORABLE_CHARS, STROKE_LETTERS } from './fold';
import type { MatcherOptions } from './compile';
import type { Match, Matcher } from './tables';
import { transliterateSerbian } from './transliterate';

export interface ReferenceUnit {
  /** Folded code unit, lower-cased. */
  lower: string;
  /** Folded code unit, case kept. */
  cased: string;
  /** Index in the original text of the character this unit came from. */
  origin: number;
  /** Whether the character is a letter, digit or mark. */
  isWord: boolean;
}

function isDiacritic(char: string): boolean {
  const code = char.codePointAt(0)!;
  return DIACRITIC_RANGES.some(([first, last]) => code >= first && code <= last);
}

function isWhitespace(char: string): boolean {
  return char === '\u0085' || (char !== '\ufeff' && /^\s$/u.test(char));
}

/** The base of a character decomposed into a base and diacritics, else the character itself. */
function withoutDiacritics(char: string): string {
  const [base, ...marks] = Array.from(char.normalize('NFD'));
  if (base === undefined || base.length !== 1 || !marks.every(isDiacritic)) return char;
  return base;
}

function lowerCase(char: string): string {
  const viaUpper = char.toUpperCase().toLowerCase();
  if (char.toUpperCase().length === 1 && viaUpper.length === 1) return viaUpper;
  return char.toLowerCase().length === 1 ? char.toLowerCase() : char;
}

/** Folds text as fold.ts does, one code point at a time. */
export function referenceFold(text: string): ReferenceUnit[] {
  const units: ReferenceUnit[] = [];
  let origin = 0;
  for (const char of text) {
    const here = origin;
    origin += char.length;
    if (IGNORABLE_CHARS.includes(char) || isDiacritic(char)) continue;
    if (isWhitespace(char)) {
      if (units.at(-1)?.lower !== ' ') units.push({ lower: ' ', cased: ' ', origin: here, isWord: false });
      continue;
    }
    if (char.length === 2) {
      // Outside the BMP characters stay as they are, both halves.
      const isWord = /^[\p{L}\p{N}\p{M}]$/u.test(char);
      units.push({ lower: char[0]!, cased: char[0]!, origin: here, isWord });
      units.push({ lower: char[1]!, cased: char[1]!, origin: here + 1, isWord });
      continue;
    }
    let cased = STROKE_LETTERS[char] ?? withoutDiacritics(char);
    if (APOSTROPHE_VARIANTS.includes(cased)) cased = "'";
    if (DASH_VARIANTS.includes(cased)) cased = '-';
    const lower = lowerCase(cased);
    units.push({ lower, cased, origin: here, isWord: /^[\p{L}\p{N}\p{M}]$/u.test(lower) });
  }
  return units;
}

interface ReferenceTerm {
  lower: string[];
  cased: string[];
  caseRule: 'exact' | 'initial' | 'any';
  entryIds: readonly string[];
}

function isWrittenInCapitals(text: string): boolean {
  const letters = text.match(/\p{L}/gu);
  return letters !== null && letters.every((letter) => /\p{Lu}/u.test(letter));
}

function prepareTerm(text: string, caseMode: Term['case'], entryIds: readonly string[]): ReferenceTerm | null {
  const units = referenceFold(text);
  while (units[0]?.lower === ' ') units.shift();
  while (units.at(-1)?.lower === ' ') units.pop();
  if (!/[\p{L}\p{N}]/u.test(text)) return null;
  const lower = units.map((unit) => unit.lower);
  const caseRule =
    caseMode === 'sensitive' || (caseMode === 'auto' && isWrittenInCapitals(text))
      ? 'exact'
      : caseMode === 'auto' && /^\p{Lu}/u.test(text.trimStart())
        ? 'initial'
        : 'any';
  return { lower, cased: units.map((unit) => unit.cased), caseRule, entryIds };
}

/** Possessive and plural endings, tried in this order; each must be followed by a boundary. */
const ENDINGS = ["'s", 's', ''];

export function compileReferenceMatcher(terms: readonly Term[], options: MatcherOptions = {}): Matcher {
  const transliterate = options.transliterate ?? true;
  const idOrder: string[] = [];
  for (const term of terms) for (const id of term.entryIds) if (!idOrder.includes(id)) idOrder.push(id);

  const prepared: ReferenceTerm[] = [];
  for (const term of terms) {
    if (term.entryIds.length === 0) continue;
    const spellings = [term.text];
    const twin = transliterate ? transliterateSerbian(term.text) : null;
    if (twin !== null) spellings.push(twin);
    for (const spelling of spellings) {
      const candidate = prepareTerm(spelling, term.case, term.entryIds);
      if (candidate) prepared.push(candidate);
    }
  }
  const keys = new Set(prepared.map((term) => term.lower.join('')));

  const find = (text: string): Match[] => {
    const units = referenceFold(text);
    const boundaryAt = (position: number) => position >= units.length || !units[position]!.isWord;
    const originOf = (position: number) => (position < units.length ? units[position]!.origin : text.length);

    /** Length of the ending consumed after an alias ending at `end`, or -1 when the alias ends inside a word. */
    const endingAfter = (end: number): number => {
      for (const ending of ENDINGS) {
        const fits = [...ending].every((char, k) => {
          const unit = units[end + k];
          if (unit === undefined || unit.lower !== char) return false;
          // An ending "s" is a plain s or S with nothing dropped after it ("Ohridš" is not a plural).
          // A plural takes only a lower-case s ("RSS" is not the plural of RS); a possessive may be in capitals.
          const letter = ending === 's' ? /^s$/ : /^[sS]$/;
          return char !== 's' || (letter.test(text[unit.origin]!) && originOf(end + k + 1) === unit.origin + 1);
        });
        if (fits && boundaryAt(end + ending.length)) return ending.length;
      }
      return -1;
    };

    const matchesAt = (term: ReferenceTerm, start: number): boolean =>
      term.lower.every((lower, k) => {
        const unit = units[start + k];
        if (unit === undefined || unit.lower !== lower) return false;
        if (term.caseRule === 'exact') return unit.cased === term.cased[k];
        // A proper name must start with a capital in the text.
        return term.caseRule === 'any' || k > 0 || unit.cased !== unit.lower;
      });

    const matches: Match[] = [];
    let position = 0;
    while (position < units.length) {
      if (position > 0 && units[position - 1]!.isWord) {
        position++;
        continue;
      }
      let bestLength = 0;
      let bestEnding = 0;
      let ids: string[] = [];
      for (const term of prepared) {
        if (term.lower.length < bestLength || !matchesAt(term, position)) continue;
        const ending = endingAfter(position + term.lower.length);
        if (ending < 0) continue;
        if (term.lower.length > bestLength) {
          bestLength = term.lower.length;
          bestEnding = ending;
          ids = [];
        }
        ids.push(...term.entryIds);
      }
      if (bestLength === 0) {
        position++;
        continue;
      }
      const entryIds = idOrder.filter((id) => ids.includes(id));
      matches.push({ start: originOf(position), end: originOf(position + bestLength), entryIds });
      position += bestLength + bestEnding;
    }
    return matches;
  };

  return { find, keyCount: keys.size };
}
