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
  MIN_KEY_BITS,
  PREFILTER_FORMAT,
  PREFIX_UNITS,
  SHORT_WORD_UNITS,
  STORED_KEY_BITS,
  hashStep,
  keyOfHash,
  type BucketedKeySet,
  type CompiledPrefilter,
} from './prefilter';
import { transliterateSerbian } from './transliterate';

/**
 * Key bits beyond what a set's size needs: a word that is no alias's first word
 * finds a key anyway in about 1 lookup of 2^12 (4,096). A page of prose makes a
 * few hundred lookups, so most pages without a term never ask for the matcher.
 * Each bit more doubles the bucket starts (4 bytes a bucket), not the keys.
 */
const DEFAULT_SPARE_KEY_BITS = 12;

const lowerTable = lowerFoldTable();

export function compilePrefilter(
  terms: readonly Term[],
  options: MatcherOptions = {},
  spareKeyBits = DEFAULT_SPARE_KEY_BITS,
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
  return {
    format: PREFILTER_FORMAT,
    capital: bucketedKeySet(capital, spareKeyBits),
    anyCase: bucketedKeySet(anyCase, spareKeyBits),
  };
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

/** The keys of `hashes` in the layout prefilter.ts reads in place (BucketedKeySet). */
export function bucketedKeySet(hashes: ReadonlySet<number>, spareKeyBits: number): BucketedKeySet {
  const neededBits = Math.ceil(Math.log2(Math.max(2, hashes.size)));
  const keyBits = Math.min(32, Math.max(MIN_KEY_BITS, neededBits + spareKeyBits));
  const keys = [...new Set(Array.from(hashes, (hash) => keyOfHash(hash, keyBits)))].sort((a, b) => a - b);
  const buckets = 2 ** (keyBits - STORED_KEY_BITS);
  const keysAt = (buckets + 1) * 4;
  const bytes = new Uint8Array(keysAt + keys.length * 2);
  const view = new DataView(bytes.buffer);
  let bucket = 0;
  for (const [index, key] of keys.entries()) {
    // Every bucket up to this key's starts at or before it; empty ones start where the next key is.
    for (; bucket <= key >>> STORED_KEY_BITS; bucket++) view.setUint32(bucket * 4, index, true);
    view.setUint16(keysAt + index * 2, key & 0xffff, true);
  }
  for (; bucket <= buckets; bucket++) view.setUint32(bucket * 4, keys.length, true);
  return { keyBits, count: keys.length, data: base64FromBytes(bytes) };
}
