/**
 * Builds the prefilter (prefilter.ts) from the same terms and with the same
 * folding, case rules and transliteration as the matcher (compile.ts). Build
 * side only: the background compiles it beside the matcher, once per
 * term-index version.
 */
import type { Term } from '../model';
import { caseRuleOf } from './case-rule';
import { base64FromBytes } from './base64';
import { HAS_LETTER_OR_DIGIT, TermFolder, type MatcherOptions } from './compile';
import { PENDING, SPACE, foldPendingUnit, lowerFoldTable } from './fold';
import {
  HASH_SEED,
  MAX_RICE_BITS,
  PREFILTER_FORMAT,
  PREFIX_UNITS,
  SHORT_WORD_UNITS,
  hashStep,
  truncatedHash,
  type CompiledPrefilter,
  type RiceCodedSet,
} from './prefilter';
import { transliterateSerbian } from './transliterate';

/**
 * Bytes of coded sets before base64, which adds a third: the whole message
 * stays under 16 KB at 10k aliases. Fewer bytes would mean shorter hashes,
 * and more pages that ask for the full matcher because of a collision.
 */
const DEFAULT_BUDGET_BYTES = 11_000;

const lowerTable = lowerFoldTable();

export function compilePrefilter(
  terms: readonly Term[],
  options: MatcherOptions = {},
  budgetBytes = DEFAULT_BUDGET_BYTES,
): CompiledPrefilter {
  const transliterate = options.transliterate ?? true;
  const capital = new Set<number>();
  const anyCase = new Set<number>();
  const folder = new TermFolder();
  const addSpelling = (text: string, mode: Term['case']) => {
    // The matcher's own rules for which spellings it compiles and how it trims them (compile.ts).
    if (!HAS_LETTER_OR_DIGIT.test(text)) return;
    let length = folder.fold(text);
    let start = 0;
    if (folder.lower[start] === SPACE) start++;
    if (folder.lower[length - 1] === SPACE) length--;
    const end = Math.min(length, start + PREFIX_UNITS);
    let cut = start;
    while (cut < end && folder.lower[cut] !== SPACE) cut++;
    // A short first word takes the second with it (prefilter.ts).
    if (cut < end && cut - start <= SHORT_WORD_UNITS) {
      cut++;
      while (cut < end && folder.lower[cut] !== SPACE) cut++;
    }
    let hash = HASH_SEED;
    for (let k = start; k < cut; k++) hash = hashStep(hash, folder.lower[k]!);
    const rule = caseRuleOf(text, mode);
    const needsCapital = rule === 'initial' || (rule === 'exact' && isCapital(folder.cased[start]!));
    (needsCapital ? capital : anyCase).add(hash >>> 0);
  };
  for (const term of terms) {
    if (term.entryIds.length === 0) continue;
    addSpelling(term.text, term.case);
    if (transliterate) {
      const twin = transliterateSerbian(term.text);
      if (twin !== null) addSpelling(twin, term.case);
    }
  }
  // Long hashes first, shorter until the sets fit the budget: each bit fewer doubles the collisions.
  for (let hashBits = 32; ; hashBits--) {
    const capitalSet = codedSet(capital, hashBits);
    const anyCaseSet = codedSet(anyCase, hashBits);
    if (capitalSet.bytes + anyCaseSet.bytes <= budgetBytes || hashBits === 1) {
      return { format: PREFILTER_FORMAT, hashBits, capital: capitalSet.set, anyCase: anyCaseSet.set };
    }
  }
}

/**
 * Whether a case-kept unit is a capital: the scan's test for a text unit is
 * that its case-kept fold differs from its lower-case fold, and the alias's
 * unit is such a case-kept fold.
 */
function isCapital(cased: number): boolean {
  let lower = lowerTable[cased]!;
  if (lower === PENDING) lower = foldPendingUnit(cased);
  return lower !== cased;
}

function codedSet(hashes: ReadonlySet<number>, hashBits: number): { set: RiceCodedSet; bytes: number } {
  const sorted = [...new Set(Array.from(hashes, (hash) => truncatedHash(hash, hashBits)))].sort((a, b) => a - b);
  // The Rice parameter that codes gaps of the average size in the fewest bits.
  const averageGap = 2 ** hashBits / Math.max(1, sorted.length);
  const riceBits = Math.max(0, Math.min(MAX_RICE_BITS, Math.floor(Math.log2(averageGap))));
  const bytes = encodeRiceSet(sorted, riceBits);
  return { set: { count: sorted.length, riceBits, data: base64FromBytes(bytes) }, bytes: bytes.length };
}

/** Rice-codes sorted distinct values for prefilter.ts's decodeRiceSet: each gap as a unary quotient and riceBits low bits. */
export function encodeRiceSet(sorted: readonly number[], riceBits: number): Uint8Array {
  const bits: number[] = [];
  let previous = 0;
  for (const value of sorted) {
    const gap = value - previous;
    previous = value;
    const quotient = Math.floor(gap / 2 ** riceBits);
    for (let q = 0; q < quotient; q++) bits.push(1);
    bits.push(0);
    for (let b = riceBits - 1; b >= 0; b--) bits.push(Math.floor(gap / 2 ** b) % 2);
  }
  const bytes = new Uint8Array(Math.ceil(bits.length / 8));
  for (const [k, bit] of bits.entries()) if (bit) bytes[k >>> 3]! |= 0x80 >>> (k & 7);
  return bytes;
}
