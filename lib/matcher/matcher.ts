/**
 * The multi-pattern matcher: every alias of the glossary compiled into one
 * trie over folded text, walked from each position where a word can start.
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
  TermFolder,
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

/**
 * How an alias's case is compared:
 * - `exact`: acronyms in capitals (KFOR) and `sensitive` aliases;
 * - `initial`: a proper name under `auto` (Kosovo, Trump) matches in any case
 *   as long as it starts with a capital, so "Kosovo security force" and
 *   "KOSOVO" match but the common word "trump" in "trump card" does not;
 * - `any`: everything else, and every `insensitive` alias.
 */
export type CaseRule = 'exact' | 'initial' | 'any';
export function caseRuleOf(text: string, mode: CaseMode): CaseRule {
  if (isCaseSensitive(text, mode)) return 'exact';
  return mode === 'auto' && STARTS_WITH_CAPITAL.test(text.trimStart()) ? 'initial' : 'any';
}
const STARTS_WITH_CAPITAL = /^\p{Lu}/u;
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
  /** Entries whose alias needs only a capital first letter. */
  initialCapital: readonly string[] | null;
  exactCase: readonly CaseVariant[];
}

interface AcceptanceDraft {
  anyCase: string[] | null;
  initialCapital: string[] | null;
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

const NO_CHILDREN = -1;
const SEVERAL_CHILDREN = -2;
const NODE_FIELDS = 3;
const ACCEPTANCE = 0;
const SOLE_CHILD_UNIT = 1;
const SOLE_CHILD = 2;

/** Open addressing keyed by (parent node, folded unit), so a child lookup is a hash and a probe or two. */
function edgeSlot(parent: number, unit: number, mask: number): number {
  let hash = Math.imul(parent, 0x9e3779b1) ^ unit;
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  return (hash ^ (hash >>> 13)) & mask;
}

/**
 * The trie while aliases are added: children as linked lists in typed arrays,
 * which costs no allocation per node. `pack` turns it into the scan layout.
 */
class TrieBuilder {
  private readonly rootChildren = new Map<number, number>();
  nodeCount = 1;
  private firstChild = new Int32Array(1024);
  private nextSibling = new Int32Array(1024);
  private unitInto = new Int32Array(1024);
  /** Node -> index of what it accepts, or -1. */
  private acceptance = new Int32Array(1024).fill(-1);

  acceptanceAt(node: number): number {
    return this.acceptance[node]!;
  }

  setAcceptance(node: number, index: number): void {
    this.acceptance[node] = index;
  }

  /** The node reached from `parent` by `unit`, created if missing. */
  child(parent: number, unit: number): number {
    if (parent === 0) {
      let node = this.rootChildren.get(unit);
      if (node === undefined) {
        node = this.createNode(unit);
        this.rootChildren.set(unit, node);
      }
      return node;
    }
    let last = 0;
    for (let node = this.firstChild[parent]!; node !== 0; node = this.nextSibling[node]!) {
      if (this.unitInto[node] === unit) return node;
      last = node;
    }
    const node = this.createNode(unit);
    if (last === 0) this.firstChild[parent] = node;
    else this.nextSibling[last] = node;
    return node;
  }

  private createNode(unit: number): number {
    if (this.nodeCount === this.unitInto.length) {
      const grow = (array: Int32Array) => {
        const grown = new Int32Array(array.length * 2);
        grown.set(array);
        return grown;
      };
      this.firstChild = grow(this.firstChild);
      this.nextSibling = grow(this.nextSibling);
      this.unitInto = grow(this.unitInto);
      this.acceptance = grow(this.acceptance);
      this.acceptance.fill(-1, this.nodeCount);
    }
    const node = this.nodeCount++;
    this.unitInto[node] = unit;
    return node;
  }

  pack(): PackedTrie {
    const nodeCount = this.nodeCount;
    // A node's three fields sit side by side, so a step of the walk touches one cache line.
    const nodes = new Int32Array(nodeCount * NODE_FIELDS);
    let branchingEdges = 0;
    for (let node = 1; node < nodeCount; node++) {
      const at = node * NODE_FIELDS;
      nodes[at + ACCEPTANCE] = this.acceptance[node]!;
      const first = this.firstChild[node]!;
      if (first === 0) {
        nodes[at + SOLE_CHILD_UNIT] = NO_CHILDREN;
      } else if (this.nextSibling[first] === 0) {
        nodes[at + SOLE_CHILD_UNIT] = this.unitInto[first]!;
        nodes[at + SOLE_CHILD] = first * NODE_FIELDS;
      } else {
        nodes[at + SOLE_CHILD_UNIT] = SEVERAL_CHILDREN;
        for (let child = first; child !== 0; child = this.nextSibling[child]!) branchingEdges++;
      }
    }
    let capacity = 16;
    while (capacity < branchingEdges * 2) capacity *= 2;
    const mask = capacity - 1;
    const edges = new Int32Array(capacity * 3);
    for (let node = 1; node < nodeCount; node++) {
      const parent = node * NODE_FIELDS;
      if (nodes[parent + SOLE_CHILD_UNIT] !== SEVERAL_CHILDREN) continue;
      for (let child = this.firstChild[node]!; child !== 0; child = this.nextSibling[child]!) {
        const unit = this.unitInto[child]!;
        let slot = edgeSlot(parent, unit, mask);
        while (edges[slot * 3] !== 0) slot = (slot + 1) & mask;
        edges[slot * 3] = parent;
        edges[slot * 3 + 1] = unit;
        edges[slot * 3 + 2] = child * NODE_FIELDS;
      }
    }
    // Sized to the highest first unit rather than to all of UTF-16: most glossaries start in Latin or Cyrillic.
    const rootChildren = new Int32Array(Math.max(0, ...this.rootChildren.keys()) + 1);
    for (const [unit, node] of this.rootChildren) rootChildren[unit] = node * NODE_FIELDS;
    return { rootChildren, nodes, edges, mask };
  }
}

/**
 * The scan layout. Nodes are addressed by the offset of their fields in
 * `nodes` (node id times NODE_FIELDS); offset 0 is the root, never a child, so
 * 0 also means "no node".
 */
interface PackedTrie {
  /** Folded unit -> node reached from the root; units past its end reach none. */
  rootChildren: Int32Array;
  /** Per node: ACCEPTANCE (index or -1), SOLE_CHILD_UNIT (unit, NO_CHILDREN or SEVERAL_CHILDREN), SOLE_CHILD. */
  nodes: Int32Array;
  /** Edges of nodes with several children: [parent, unit, child] per slot, open addressing. */
  edges: Int32Array;
  mask: number;
}

export function compileMatcher(terms: readonly Term[], options: MatcherOptions = {}): Matcher {
  const steps = matcherBuildSteps(terms, options);
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
  { budgetMs = 8, pause = () => new Promise<void>((resolve) => setTimeout(resolve, 0)) } = {},
): Promise<Matcher> {
  const steps = matcherBuildSteps(terms, options);
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

function* matcherBuildSteps(terms: readonly Term[], options: MatcherOptions): Generator<void, Matcher> {
  const transliterate = options.transliterate ?? true;

  // Ids are reported in the order the terms first name them, whichever alias matched.
  // Most aliases name one entry, so the order is only worked out when two ids meet.
  let idOrder: Map<string, number> | undefined;
  const byIdOrder = (a: string, b: string) => {
    if (!idOrder) {
      idOrder = new Map();
      for (const term of terms) for (const id of term.entryIds) if (!idOrder.has(id)) idOrder.set(id, idOrder.size);
    }
    return idOrder.get(a)! - idOrder.get(b)!;
  };

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

  const sortedIds = (ids: string[]) => Object.freeze(ids.length > 1 ? ids.sort(byIdOrder) : ids);
  const acceptances: Acceptance[] = drafts.map((draft) => ({
    anyCase: draft.anyCase ? sortedIds(draft.anyCase) : null,
    initialCapital: draft.initialCapital ? sortedIds(draft.initialCapital) : null,
    exactCase: draft.exactCase.map((variant) => ({ cased: variant.cased, entryIds: sortedIds(variant.entryIds) })),
  }));
  yield;
  const { rootChildren, nodes, edges, mask } = trie.pack();

  const buffer = new FoldBuffer();
  const words = wordClassTable();
  const casedTable = casedFoldTable();

  const isWordUnit = (units: Uint16Array, index: number, length: number): boolean => {
    const wordClass = words[units[index]!];
    return wordClass === WORD || (wordClass === SURROGATE && isSurrogateWordAt(units, index, length));
  };

  /**
   * A plural or possessive "s" must be a plain s in the text: "Ohridš" folds to
   * "ohrids" but is another word, not the plural of Ohrid. A plural (no
   * apostrophe) takes only a lower-case s: "RSS" is not the plural of RS, nor
   * "EUS" of EU; a possessive may be in capitals (NATO'S in a headline).
   */
  const isPlainS = (
    units: Uint16Array,
    map: Uint32Array,
    text: string,
    index: number,
    possessive: boolean,
  ): boolean => {
    if (units[index] !== LOWER_S) return false;
    const origin = map[index]!;
    const code = text.charCodeAt(origin);
    return (code === LOWER_S || (possessive && code === UPPER_S)) && map[index + 1] === origin + 1;
  };

  /** How many units of possessive or plural ending follow a valid end at `end`, or -1 if `end` is inside a word. */
  const endingLength = (units: Uint16Array, map: Uint32Array, text: string, end: number, length: number): number => {
    if (end >= length) return 0;
    const unit = units[end]!;
    if (unit === APOSTROPHE) {
      const withS = end + 1 < length && isPlainS(units, map, text, end + 1, true);
      return withS && (end + 2 >= length || !isWordUnit(units, end + 2, length)) ? 2 : 0;
    }
    // A plural possessive (KFORs') needs no case of its own: the apostrophe after the s is a boundary.
    if (isPlainS(units, map, text, end, false))
      return end + 1 >= length || !isWordUnit(units, end + 1, length) ? 1 : -1;
    return isWordUnit(units, end, length) ? -1 : 0;
  };

  const caseAgrees = (variant: CaseVariant, text: string, map: Uint32Array, start: number): boolean => {
    const cased = variant.cased;
    for (let k = 0; k < cased.length; k++) {
      if (casedTable[text.charCodeAt(map[start + k]!)] !== cased[k]) return false;
    }
    return true;
  };

  /** The text's first unit is a capital: its case-kept fold differs from its lower-case fold. */
  const startsWithCapital = (text: string, map: Uint32Array, start: number): boolean =>
    casedTable[text.charCodeAt(map[start]!)] !== buffer.units[start];

  const accepts = (acceptance: Acceptance, text: string, map: Uint32Array, start: number): boolean => {
    if (acceptance.anyCase !== null) return true;
    if (acceptance.initialCapital !== null && startsWithCapital(text, map, start)) return true;
    for (const variant of acceptance.exactCase) if (caseAgrees(variant, text, map, start)) return true;
    return false;
  };

  const acceptedIds = (acceptance: Acceptance, text: string, map: Uint32Array, start: number): readonly string[] => {
    let single: readonly string[] | null = acceptance.anyCase;
    let union: Set<string> | null = null;
    const include = (ids: readonly string[]) => {
      if (single === null) {
        single = ids;
        return;
      }
      union ??= new Set(single);
      for (const id of ids) union.add(id);
    };
    if (acceptance.initialCapital !== null && startsWithCapital(text, map, start)) include(acceptance.initialCapital);
    for (const variant of acceptance.exactCase) if (caseAgrees(variant, text, map, start)) include(variant.entryIds);
    return union ? Object.freeze([...(union as Set<string>)].sort(byIdOrder)) : single!;
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
      const first = units[index]!;
      let node = first < rootChildren.length ? rootChildren[first]! : 0;
      if (node === 0) {
        index++;
        continue;
      }
      let bestAcceptance = -1;
      let bestEnd = 0;
      let bestEnding = 0;
      let end = index + 1;
      for (;;) {
        const acceptance = nodes[node + ACCEPTANCE]!;
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
        const sole = nodes[node + SOLE_CHILD_UNIT]!;
        let child = 0;
        if (sole === unit) {
          child = nodes[node + SOLE_CHILD]!;
        } else if (sole === SEVERAL_CHILDREN) {
          let slot = edgeSlot(node, unit, mask) * 3;
          for (;;) {
            const parent = edges[slot]!;
            if (parent === 0) break;
            if (parent === node && edges[slot + 1] === unit) {
              child = edges[slot + 2]!;
              break;
            }
            slot = slot + 3 === edges.length ? 0 : slot + 3;
          }
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
