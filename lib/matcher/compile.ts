/**
 * Compiling the glossary's aliases into matcher tables: each alias folded,
 * added to the trie with what it accepts (which entries, under which case
 * rule), then the trie packed and the acceptances flattened into the key
 * table. Build side only: the background compiles, and pages receive the
 * tables (compiled.ts), so no page loads this file.
 */
import type { CaseMode, Term } from '../model';
import { caseRuleOf } from './case-rule';
import { PENDING, SPACE, casedFoldTable, foldPendingUnit, lowerFoldTable } from './fold';
import { matcherFromTables } from './scan';
import {
  ANY_CASE_LIST,
  FIRST_VARIANT,
  INITIAL_CAPITAL_LIST,
  KEY_FIELDS,
  VARIANT_FIELDS,
  type Matcher,
  type MatcherTables,
} from './tables';
import { transliterateSerbian } from './transliterate';
import { NODES_PER_STEP, TrieBuilder } from './trie-builder';

export interface MatcherOptions {
  /** Also match Serbian aliases in the other script (Косово for Kosovo). Default: true. */
  transliterate?: boolean;
}

export function compileMatcher(terms: readonly Term[], options: MatcherOptions = {}): Matcher {
  return matcherFromTables(compileMatcherTables(terms, options));
}

export function compileMatcherTables(terms: readonly Term[], options: MatcherOptions = {}): MatcherTables {
  const steps = matcherTableBuildSteps(terms, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
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

export const HAS_LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const lowerTable = lowerFoldTable();
const casedTable = casedFoldTable();

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

/**
 * Folds aliases while a matcher is compiled, keeping the case-kept units
 * beside the lower-case ones. The buffers are reused from alias to alias:
 * allocating two typed arrays per alias was most of the compile time.
 */
export class TermFolder {
  lower = new Uint16Array(256);
  cased = new Uint16Array(256);
  length = 0;

  /** Folds `text` into `lower` and `cased` and returns the folded length. */
  fold(text: string): number {
    if (this.lower.length < text.length) {
      this.lower = new Uint16Array(text.length * 2);
      this.cased = new Uint16Array(text.length * 2);
    }
    const lower = this.lower;
    const cased = this.cased;
    let length = 0;
    let afterSpace = false;
    for (let index = 0; index < text.length; index++) {
      const code = text.charCodeAt(index);
      let unit = lowerTable[code]!;
      if (unit === PENDING) unit = foldPendingUnit(code);
      if (unit === 0) continue;
      if (unit === SPACE) {
        if (afterSpace) continue;
        afterSpace = true;
      } else {
        afterSpace = false;
      }
      lower[length] = unit;
      cased[length] = casedTable[code]!;
      length++;
    }
    this.length = length;
    return length;
  }
}
