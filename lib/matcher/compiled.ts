/**
 * A compiled matcher as one message: the background builds the matcher once
 * per term-index version and sends every page its tables instead of the
 * terms, so a page only decodes (a few milliseconds) instead of building
 * (a hundred or more, in every frame).
 *
 * Runtime messaging is JSON in Chrome, so the typed arrays travel as one
 * base64 string: plain ASCII, which survives Chrome's JSON and UTF-8
 * conversions and Firefox's structured clone alike (a string of raw 16-bit
 * units would not: lone surrogates are replaced on the way). Entry ids, which
 * are strings, travel as a JSON array of the distinct ids; the id lists refer
 * to them by index.
 *
 * The page checks what it receives before any matcher walks it
 * (table-checks.ts), so a damaged or forged payload gets an error instead of
 * a walk out of bounds or a scan that never advances.
 */
import { base64FromBytes, bytesFromBase64 } from './base64';
import { matcherFromTables } from './scan';
import { runToEnd, type Steps } from './steps';
import { checkKeyRows, checkLists, checkTrie, checkVariantSpellings, fail, isCount } from './table-checks';
import type { Matcher, MatcherTables } from './tables';

export { CompiledMatcherError } from './table-checks';

/** Changes whenever the sections or their meaning change; a page refuses any other. */
export const COMPILED_MATCHER_FORMAT = 'context-lens/matcher-tables@1';

export interface CompiledMatcher {
  format: string;
  keyCount: number;
  /** Element counts of the sections in `data`, in the order of SECTIONS. */
  lengths: number[];
  /** The distinct entry ids, in order of first use. */
  entryIds: string[];
  /** Every section's bytes back to back (native byte order: both ends are the same browser), as base64. */
  data: string;
}

/**
 * The sections of `data`, in their order, with their element types: the
 * 32-bit ones first, so that every section starts at a multiple of its
 * element size and is read in place. `idList` is the flattened id lists as
 * indices into `entryIds`; `ranks` holds pairs (index into `entryIds`, rank)
 * for the ids whose lists can merge in one mention. Both ends follow this
 * list, so it is the only place the order is written.
 */
const SECTIONS = [
  ['cells', Int32Array],
  ['keys', Int32Array],
  ['variants', Int32Array],
  ['listStarts', Int32Array],
  ['idList', Int32Array],
  ['ranks', Int32Array],
  ['codeOf', Uint16Array],
  ['tails', Uint16Array],
  ['casedUnits', Uint16Array],
] as const;

type Section = (typeof SECTIONS)[number];
/** Each section's array, by name. */
type SectionArrays = { [S in Section as S[0]]: S[1] extends Int32ArrayConstructor ? Int32Array : Uint16Array };

/** Base64 of 3 bytes is 4 characters. */
const base64Length = (bytes: number) => Math.ceil(bytes / 3) * 4;

export function serialiseMatcherTables({ trie, table }: MatcherTables): CompiledMatcher {
  const entryIds: string[] = [];
  const indexOf = new Map<string, number>();
  const idIndex = (id: string) => {
    let index = indexOf.get(id);
    if (index === undefined) {
      index = entryIds.length;
      indexOf.set(id, index);
      entryIds.push(id);
    }
    return index;
  };
  const idList = Int32Array.from(table.ids, idIndex);
  const ranks = new Int32Array(table.idRank.size * 2);
  let at = 0;
  for (const [id, rank] of table.idRank) {
    ranks[at++] = idIndex(id);
    ranks[at++] = rank;
  }
  const sections: SectionArrays = {
    cells: trie.cells,
    keys: table.keys,
    variants: table.variants,
    listStarts: table.listStarts,
    idList,
    ranks,
    codeOf: trie.codeOf,
    tails: trie.tails,
    casedUnits: table.casedUnits,
  };
  const arrays = SECTIONS.map(([name]) => sections[name]);
  const bytes = new Uint8Array(arrays.reduce((total, array) => total + array.byteLength, 0));
  let offset = 0;
  for (const array of arrays) {
    bytes.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), offset);
    offset += array.byteLength;
  }
  return {
    format: COMPILED_MATCHER_FORMAT,
    keyCount: table.keyCount,
    lengths: arrays.map((array) => array.length),
    entryIds,
    data: base64FromBytes(bytes),
  };
}

/** The matcher of a payload from serialiseMatcherTables; throws CompiledMatcherError if it is not one. */
export function matcherFromCompiled(payload: unknown): Matcher {
  return matcherFromTables(tablesFromCompiled(payload));
}

export function tablesFromCompiled(payload: unknown): MatcherTables {
  const { data, ...layout } = checkEnvelope(payload);
  const totalBytes = sectionBytes(layout.lengths);
  // Checked before decoding, so a lying header cannot make us allocate or read past the data.
  if (data.length !== base64Length(totalBytes)) {
    fail(`data is ${data.length} characters, the lengths need ${base64Length(totalBytes)}`);
  }
  return runToEnd(tableDecoding(layout, bytesFromBase64(data)));
}

/** The layout of a CompiledMatcher's sections: everything but their bytes. */
export type MatcherLayout = Pick<CompiledMatcher, 'keyCount' | 'lengths' | 'entryIds'>;

/** How many bytes the sections of `lengths` take (lengths already checked to be counts). */
export function sectionBytes(lengths: readonly number[]): number {
  let total = 0;
  for (const [k, [, type]] of SECTIONS.entries()) total += lengths[k]! * type.BYTES_PER_ELEMENT;
  return total;
}

/**
 * Decodes and checks the sections' bytes in steps of a few milliseconds each
 * (the trie check, the longest, yields within itself: checkTrie): a
 * page yields to the browser between them, so decoding is never one long
 * task. Returns the tables; throws CompiledMatcherError on the first problem.
 */
export function* tableDecoding(layout: MatcherLayout, bytes: Uint8Array<ArrayBuffer>): Steps<MatcherTables> {
  const { keyCount, lengths, entryIds } = layout;
  const totalBytes = sectionBytes(lengths);
  if (bytes.byteLength !== totalBytes) fail(`data holds ${bytes.byteLength} bytes, the lengths need ${totalBytes}`);
  // Fresh from the decoder, so aligned; copied if a decoder ever hands out a view into a larger buffer.
  const buffer =
    bytes.byteOffset % 4 === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer : bytes.slice().buffer;
  let offset = 0;
  const sections = Object.fromEntries(
    SECTIONS.map(([name, type], k) => {
      const array = new type(buffer, offset, lengths[k]);
      offset += array.byteLength;
      return [name, array];
    }),
  ) as SectionArrays;
  const { cells, keys, variants, listStarts, idList, ranks, codeOf, tails, casedUnits } = sections;

  const listCount = checkLists(listStarts, idList, entryIds.length);
  checkKeyRows(keys, keyCount, variants, listCount);
  yield;
  const keyDepths = yield* checkTrie(cells, codeOf, tails, keyCount);
  yield;
  checkVariantSpellings(keys, keyCount, variants, keyDepths, casedUnits.length);
  yield;

  const ids = Array.from(idList, (index) => entryIds[index]!);
  if (ranks.length % 2 !== 0) fail('ranks are not pairs');
  const idRank = new Map<string, number>();
  for (let k = 0; k < ranks.length; k += 2) {
    const id = entryIds[ranks[k]!];
    if (id === undefined) fail(`rank ${k / 2} names entry ${ranks[k]}, out of range`);
    idRank.set(id, ranks[k + 1]!);
  }
  return {
    trie: { codeOf, cells, tails },
    table: { keyCount, keys, variants, casedUnits, ids, listStarts, idRank },
  };
}

function checkEnvelope(payload: unknown): MatcherLayout & { data: string } {
  const layout = checkLayout(payload);
  const { data } = payload as Partial<Record<keyof CompiledMatcher, unknown>>;
  if (typeof data !== 'string') fail('data is not a string');
  return { ...layout, data };
}

/** Checks a layout's format and fields (not the bytes, which tableDecoding checks). */
export function checkLayout(payload: unknown): MatcherLayout {
  if (typeof payload !== 'object' || payload === null) fail('not an object');
  const { format, keyCount, lengths, entryIds } = payload as Partial<Record<keyof CompiledMatcher, unknown>>;
  if (format !== COMPILED_MATCHER_FORMAT) {
    fail(`format ${JSON.stringify(format)} is not ${COMPILED_MATCHER_FORMAT}`);
  }
  if (!isCount(keyCount)) fail('keyCount is not a count');
  if (!Array.isArray(lengths) || lengths.length !== SECTIONS.length || !lengths.every((length) => isCount(length))) {
    fail(`lengths are not ${SECTIONS.length} counts`);
  }
  if (!Array.isArray(entryIds) || !entryIds.every((id) => typeof id === 'string')) fail('entryIds are not strings');
  return { keyCount, lengths: lengths as number[], entryIds: entryIds as string[] };
}
