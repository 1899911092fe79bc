/**
 * The multi-pattern matcher: every alias of the glossary compiled into one
 * trie over folded text, walked from each position where a word can start.
 *
 * A mention is the longest alias that, compared after folding (see fold.ts),
 * - starts where the previous character is not a letter, digit or mark;
 * - ends where the next one is not, or is followed by a possessive or plural
 *   ending ('s, s', s) and then a boundary; the match covers the alias only;
 * - agrees in case when the alias asks for it: `sensitive`, or `auto` with an
 *   alias written in capitals (KFOR does not match "kfor").
 * Matches never overlap: the scan takes the longest alias at a start, then
 * resumes after it (and after its ending).
 */
import type { CaseMode, Term } from '../model';
import {
  APOSTROPHE,
  FoldBuffer,
  LOWER_S,
  UPPER_S,
  SPACE,
  SURROGATE,
  WORD,
  casedFoldTable,
  foldWithCase,
  isSurrogateWordAt,
  wordClassTable,
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
const HAS_LETTER = /\p{L}/u;
const HAS_NON_CAPITAL_LETTER = /(?!\p{Lu})\p{L}/u;
const HAS_LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** One spelling, with its case kept, of a key that must match in case. */
interface CaseVariant {
  cased: Uint16Array;
  entryIds: readonly string[];
}

/** What a trie node accepts: entries for any case, and spellings that need their exact case. */
interface Acceptance {
  anyCase: readonly string[] | null;
  exactCase: readonly CaseVariant[];
}

interface AcceptanceDraft {
  anyCase: Set<string> | null;
  exactCase: Array<{ cased: Uint16Array; entryIds: Set<string> }>;
}

function sameUnits(a: Uint16Array, b: Uint16Array): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

function trimSpaces(units: Uint16Array): [number, number] {
  let start = 0;
  let end = units.length;
  while (start < end && units[start] === SPACE) start++;
  while (end > start && units[end - 1] === SPACE) end--;
  return [start, end];
}

/** Open addressing keyed by (parent node, folded unit), so a child lookup is a hash and a probe or two. */
function edgeSlot(parent: number, unit: number, mask: number): number {
  let hash = Math.imul(parent, 0x9e3779b1) ^ unit;
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  return (hash ^ (hash >>> 13)) & mask;
}

export function compileMatcher(terms: readonly Term[], options: MatcherOptions = {}): Matcher {
  const transliterate = options.transliterate ?? true;

  // Ids are reported in the order the terms first name them, whichever alias matched.
  const idOrder = new Map<string, number>();
  for (const term of terms) for (const id of term.entryIds) if (!idOrder.has(id)) idOrder.set(id, idOrder.size);
  const byIdOrder = (a: string, b: string) => idOrder.get(a)! - idOrder.get(b)!;

  // Building uses one Map for all edges; the scan uses the packed hash table below.
  const buildEdges = new Map<number, number>();
  const drafts = new Map<number, AcceptanceDraft>();
  const rootChildren = new Int32Array(0x10000);
  let nodeCount = 1;

  const addSpelling = (text: string, mode: CaseMode, entryIds: readonly string[]) => {
    const folded = foldWithCase(text);
    const [start, end] = trimSpaces(folded.lower);
    if (start === end) return;
    const lower = folded.lower.subarray(start, end);
    if (!HAS_LETTER_OR_DIGIT.test(String.fromCharCode(...lower))) return;
    let node = rootChildren[lower[0]!]!;
    if (node === 0) {
      node = nodeCount++;
      rootChildren[lower[0]!] = node;
    }
    for (let k = 1; k < lower.length; k++) {
      const key = node * 0x10000 + lower[k]!;
      let child = buildEdges.get(key);
      if (child === undefined) {
        child = nodeCount++;
        buildEdges.set(key, child);
      }
      node = child;
    }
    let draft = drafts.get(node);
    if (!draft) {
      draft = { anyCase: null, exactCase: [] };
      drafts.set(node, draft);
    }
    if (!isCaseSensitive(text, mode)) {
      draft.anyCase ??= new Set();
      for (const id of entryIds) draft.anyCase.add(id);
      return;
    }
    const cased = folded.cased.slice(start, end);
    let variant = draft.exactCase.find((candidate) => sameUnits(candidate.cased, cased));
    if (!variant) {
      variant = { cased, entryIds: new Set() };
      draft.exactCase.push(variant);
    }
    for (const id of entryIds) variant.entryIds.add(id);
  };

  for (const term of terms) {
    if (term.entryIds.length === 0) continue;
    addSpelling(term.text, term.case, term.entryIds);
    if (transliterate) {
      const twin = transliterateSerbian(term.text);
      if (twin !== null) addSpelling(twin, term.case, term.entryIds);
    }
  }

  const sortedIds = (ids: Set<string>) => Object.freeze([...ids].sort(byIdOrder));
  const acceptAt = new Int32Array(nodeCount).fill(-1);
  const acceptances: Acceptance[] = [];
  for (const [node, draft] of drafts) {
    acceptAt[node] = acceptances.length;
    acceptances.push({
      anyCase: draft.anyCase ? sortedIds(draft.anyCase) : null,
      exactCase: draft.exactCase.map((variant) => ({ cased: variant.cased, entryIds: sortedIds(variant.entryIds) })),
    });
  }

  let capacity = 16;
  while (capacity < buildEdges.size * 2) capacity *= 2;
  const mask = capacity - 1;
  const edgeParent = new Int32Array(capacity);
  const edgeUnit = new Uint16Array(capacity);
  const edgeChild = new Int32Array(capacity);
  for (const [key, child] of buildEdges) {
    const parent = Math.floor(key / 0x10000);
    const unit = key % 0x10000;
    let slot = edgeSlot(parent, unit, mask);
    while (edgeParent[slot] !== 0) slot = (slot + 1) & mask;
    edgeParent[slot] = parent;
    edgeUnit[slot] = unit;
    edgeChild[slot] = child;
  }

  const buffer = new FoldBuffer();
  const words = wordClassTable();
  const casedTable = casedFoldTable();

  const isWordUnit = (units: Uint16Array, index: number, length: number): boolean => {
    const wordClass = words[units[index]!];
    return wordClass === WORD || (wordClass === SURROGATE && isSurrogateWordAt(units, index, length));
  };

  /**
   * A plural or possessive "s" must be a plain s in the text: "Ohridš" folds to
   * "ohrids" but is another word, not the plural of Ohrid.
   */
  const isPlainS = (units: Uint16Array, map: Uint32Array, text: string, index: number): boolean => {
    if (units[index] !== LOWER_S) return false;
    const origin = map[index]!;
    const code = text.charCodeAt(origin);
    return (code === LOWER_S || code === UPPER_S) && map[index + 1] === origin + 1;
  };

  /** How many units of possessive or plural ending follow a valid end at `end`, or -1 if `end` is inside a word. */
  const endingLength = (units: Uint16Array, map: Uint32Array, text: string, end: number, length: number): number => {
    if (end >= length) return 0;
    const unit = units[end]!;
    if (unit === APOSTROPHE) {
      const withS = end + 1 < length && isPlainS(units, map, text, end + 1);
      return withS && (end + 2 >= length || !isWordUnit(units, end + 2, length)) ? 2 : 0;
    }
    if (isPlainS(units, map, text, end)) {
      if (end + 1 >= length) return 1;
      if (units[end + 1] === APOSTROPHE) {
        return end + 2 >= length || !isWordUnit(units, end + 2, length) ? 2 : 1;
      }
      return isWordUnit(units, end + 1, length) ? -1 : 1;
    }
    return isWordUnit(units, end, length) ? -1 : 0;
  };

  const caseAgrees = (variant: CaseVariant, text: string, map: Uint32Array, start: number): boolean => {
    const cased = variant.cased;
    for (let k = 0; k < cased.length; k++) {
      if (casedTable[text.charCodeAt(map[start + k]!)] !== cased[k]) return false;
    }
    return true;
  };

  const accepts = (acceptance: Acceptance, text: string, map: Uint32Array, start: number): boolean => {
    return true;
    for (const variant of acceptance.exactCase) if (caseAgrees(variant, text, map, start)) return true;
    return false;
  };

  const acceptedIds = (acceptance: Acceptance, text: string, map: Uint32Array, start: number): readonly string[] => {
    if (acceptance.exactCase.length === 0) return acceptance.anyCase!;
    let single: readonly string[] | null = acceptance.anyCase;
    let union: Set<string> | null = null;
    for (const variant of acceptance.exactCase) {
      if (!caseAgrees(variant, text, map, start)) continue;
      if (single === null) {
        single = variant.entryIds;
        continue;
      }
      union ??= new Set(single);
      for (const id of variant.entryIds) union.add(id);
    }
    return union ? Object.freeze([...union].sort(byIdOrder)) : single!;
  };

  const find = (text: string): Match[] => {
    const matches: Match[] = [];
    if (acceptances.length === 0) return matches;
    const length = buffer.fold(text);
    const units = buffer.units;
    const map = buffer.map;
    let index = 0;
    while (index < length) {
      if (index > 0) {
        const previousClass = words[units[index - 1]!];
        if (previousClass === WORD || (previousClass === SURROGATE && isSurrogateWordAt(units, index - 1, length))) {
          index++;
          continue;
        }
      }
      let node = rootChildren[units[index]!]!;
      if (node === 0) {
        index++;
        continue;
      }
      let bestAcceptance = -1;
      let bestEnd = 0;
      let bestEnding = 0;
      let end = index + 1;
      for (;;) {
        const acceptance = acceptAt[node]!;
        if (acceptance >= 0) {
          const ending = endingLength(units, map, text, end, length);
          if (ending >= 0 && accepts(acceptances[acceptance]!, text, map, index)) {
            bestAcceptance = acceptance;
            bestEnd = end;
            bestEnding = ending;
          }
        }
        if (end >= length) break;
        const unit = units[end]!;
        let slot = edgeSlot(node, unit, mask);
        let child = 0;
        for (;;) {
          const parent = edgeParent[slot]!;
          if (parent === 0) break;
          if (parent === node && edgeUnit[slot] === unit) {
            child = edgeChild[slot]!;
            break;
          }
          slot = (slot + 1) & mask;
        }
        if (child === 0) break;
        node = child;
        end++;
      }
      if (bestAcceptance < 0) {
        index++;
        continue;
      }
      matches.push({
        start: map[index]!,
        end: map[bestEnd]!,
        entryIds: acceptedIds(acceptances[bestAcceptance]!, text, map, index),
      });
      index = bestEnd + bestEnding;
    }
    return matches;
  };

  return { find, keyCount: acceptances.length };
}
