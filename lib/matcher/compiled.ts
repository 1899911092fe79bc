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
 * The page checks what it receives before any matcher walks it: every offset
 * a scan can follow stays inside its array, and every alias's case-kept
 * spelling is as long as the alias, so a damaged or forged payload gets an
 * error here instead of a walk out of bounds or a scan that never advances.
 */
import { TABLE_LAYOUT, matcherFromTables, type Matcher, type MatcherTables } from './matcher';

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

export class CompiledMatcherError extends Error {
  override name = 'CompiledMatcherError';
}

/**
 * The sections of `data` and their element sizes: the 32-bit ones first, so
 * that every section starts at a multiple of its element size and is read in
 * place. `idList` is the flattened id lists as indices into `entryIds`;
 * `ranks` holds pairs (index into `entryIds`, rank) for the ids whose lists
 * can merge in one mention.
 */
const SECTIONS = [
  ['cells', 4],
  ['keys', 4],
  ['variants', 4],
  ['listStarts', 4],
  ['idList', 4],
  ['ranks', 4],
  ['codeOf', 2],
  ['tails', 2],
  ['casedUnits', 2],
] as const;

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
  const arrays = [
    trie.cells,
    table.keys,
    table.variants,
    table.listStarts,
    idList,
    ranks,
    trie.codeOf,
    trie.tails,
    table.casedUnits,
  ];
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
  const { keyCount, lengths, entryIds, data } = checkEnvelope(payload);
  let totalBytes = 0;
  for (const [k, [, size]] of SECTIONS.entries()) totalBytes += lengths[k]! * size;
  // Checked before decoding, so a lying header cannot make us allocate or read past the data.
  if (data.length !== base64Length(totalBytes)) {
    fail(`data is ${data.length} characters, the lengths need ${base64Length(totalBytes)}`);
  }
  const bytes = bytesFromBase64(data);
  if (bytes.byteLength !== totalBytes) fail(`data holds ${bytes.byteLength} bytes, the lengths need ${totalBytes}`);
  // Fresh from the decoder, so aligned; copied if a decoder ever hands out a view into a larger buffer.
  const buffer =
    bytes.byteOffset % 4 === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer : bytes.slice().buffer;
  let offset = 0;
  let section = 0;
  const int32s = () => {
    const array = new Int32Array(buffer, offset, lengths[section++]);
    offset += array.byteLength;
    return array;
  };
  const uint16s = () => {
    const array = new Uint16Array(buffer, offset, lengths[section++]);
    offset += array.byteLength;
    return array;
  };
  // In the order of SECTIONS.
  const cells = int32s();
  const keys = int32s();
  const variants = int32s();
  const listStarts = int32s();
  const idList = int32s();
  const ranks = int32s();
  const codeOf = uint16s();
  const tails = uint16s();
  const casedUnits = uint16s();

  const listCount = checkLists(listStarts, idList, entryIds.length);
  checkKeyRows(keys, keyCount, variants, listCount);
  const keyDepths = checkTrie(cells, codeOf, tails, keyCount);
  checkVariantSpellings(keys, keyCount, variants, keyDepths, casedUnits.length);

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

function fail(problem: string): never {
  throw new CompiledMatcherError(`Compiled matcher refused: ${problem}`);
}

const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0x7fffffff;

function checkEnvelope(payload: unknown): Pick<CompiledMatcher, 'keyCount' | 'lengths' | 'entryIds' | 'data'> {
  if (typeof payload !== 'object' || payload === null) fail('not an object');
  const { format, keyCount, lengths, entryIds, data } = payload as Partial<Record<keyof CompiledMatcher, unknown>>;
  if (format !== COMPILED_MATCHER_FORMAT) {
    fail(`format ${JSON.stringify(format)} is not ${COMPILED_MATCHER_FORMAT}`);
  }
  if (!isCount(keyCount)) fail('keyCount is not a count');
  if (!Array.isArray(lengths) || lengths.length !== SECTIONS.length || !lengths.every(isCount)) {
    fail(`lengths are not ${SECTIONS.length} counts`);
  }
  if (!Array.isArray(entryIds) || !entryIds.every((id) => typeof id === 'string')) fail('entryIds are not strings');
  if (typeof data !== 'string') fail('data is not a string');
  return { keyCount, lengths: lengths as number[], entryIds: entryIds as string[], data };
}

/** Checks the id lists; returns how many there are. */
function checkLists(listStarts: Int32Array, idList: Int32Array, idCount: number): number {
  if (listStarts.length === 0 || listStarts[0] !== 0) fail('listStarts does not start at 0');
  for (let k = 1; k < listStarts.length; k++) {
    if (listStarts[k]! < listStarts[k - 1]!) fail(`list ${k - 1} ends before it starts`);
  }
  if (listStarts[listStarts.length - 1] !== idList.length) fail('the lists do not cover the ids exactly');
  for (let k = 0; k < idList.length; k++) {
    if (idList[k]! < 0 || idList[k]! >= idCount) fail(`id ${k} names entry ${idList[k]}, out of range`);
  }
  return listStarts.length - 1;
}

function checkKeyRows(keys: Int32Array, keyCount: number, variants: Int32Array, listCount: number): void {
  const { keyFields, anyCaseList, initialCapitalList, firstVariant, variantFields } = TABLE_LAYOUT;
  if (keys.length !== (keyCount + 1) * keyFields) fail(`keys hold ${keys.length} fields for ${keyCount} keys`);
  if (variants.length % variantFields !== 0) fail('variants are not whole rows');
  const variantCount = variants.length / variantFields;
  const isList = (list: number) => list >= -1 && list < listCount;
  let previousFirst = 0;
  for (let key = 0; key <= keyCount; key++) {
    const at = key * keyFields;
    if (key < keyCount && (!isList(keys[at + anyCaseList]!) || !isList(keys[at + initialCapitalList]!))) {
      fail(`key ${key} names a list out of range`);
    }
    const first = keys[at + firstVariant]!;
    if (first < previousFirst || first > variantCount) fail(`key ${key}'s variants are out of order or range`);
    previousFirst = first;
  }
  for (let variant = 0; variant < variantCount; variant++) {
    const list = variants[variant * variantFields]!;
    if (list < 0 || list >= listCount) fail(`variant ${variant} names a list out of range`);
  }
}

/**
 * Checks every step a scan can take through the trie stays in bounds, and
 * returns each key's length in units (the depth of the node or tail end that
 * accepts it), or -1 for a key no scan reaches.
 *
 * A slot is reachable when its check names a reachable node with a base and
 * the slot lies at that base plus a code; its depth is its parent's plus one.
 * Each slot names one parent, so depths are found by following parents up to
 * a slot already known, each slot once: a chain that loops or breaks off is
 * unreachable, never followed again. (This runs cold in every page, so it
 * makes two passes over the slots and no more.)
 */
function checkTrie(cells: Int32Array, codeOf: Uint16Array, tails: Uint16Array, keyCount: number): Int32Array {
  const { cells: fields, base: BASE, check: CHECK, key: KEY, rootCheck, tailHeader } = TABLE_LAYOUT;
  if (cells.length === 0 || cells.length % fields !== 0) fail('cells are not whole slots');
  if (cells[CHECK] !== rootCheck) fail('slot 0 is not the root');
  const slots = cells.length / fields;
  let maxCode = 0;
  for (let unit = 0; unit < codeOf.length; unit++) if (codeOf[unit]! > maxCode) maxCode = codeOf[unit]!;

  // depthPlusOne: 0 not known yet, UNREACHABLE, or the depth plus one (the root's is 1).
  const UNREACHABLE = -1;
  const FOLLOWING = -2;
  const depthPlusOne = new Int32Array(slots);
  depthPlusOne[0] = 1;
  const chain = new Int32Array(slots);
  for (let slot = 1; slot < slots; slot++) {
    if (depthPlusOne[slot] !== 0) continue;
    let length = 0;
    let at = slot;
    while (depthPlusOne[at] === 0) {
      chain[length++] = at;
      depthPlusOne[at] = FOLLOWING;
      const check = cells[at * fields + CHECK]!;
      const base = check >= 0 && check < cells.length && check % fields === 0 ? cells[check + BASE]! : -1;
      const code = at - base;
      if (base < 0 || code < 1 || code > maxCode) {
        at = -1;
        break;
      }
      at = check / fields;
    }
    // A chain ending at a known node continues its depth; one that breaks off or meets itself (FOLLOWING) is unreachable.
    let depth = at >= 0 && depthPlusOne[at]! > 0 ? depthPlusOne[at]! : UNREACHABLE;
    while (length > 0) depthPlusOne[chain[--length]!] = depth === UNREACHABLE ? UNREACHABLE : ++depth;
  }

  const keyDepths = new Int32Array(keyCount).fill(-1);
  for (let slot = 0; slot < slots; slot++) {
    const depth = depthPlusOne[slot]! - 1;
    if (depth < 0) continue;
    let key = slot === 0 ? -1 : cells[slot * fields + KEY]!;
    let keyDepth = depth;
    for (let pass = 0; pass < 2; pass++) {
      if (key !== -1) {
        if (key < 0 || key >= keyCount) fail(`slot ${slot} or its tail accepts key ${key}, out of range`);
        if (keyDepths[key] !== -1 && keyDepths[key] !== keyDepth) fail(`key ${key} is accepted at two lengths`);
        keyDepths[key] = keyDepth;
      }
      if (pass === 1) break;
      const base = cells[slot * fields + BASE]!;
      // A scan reads slot base + code for every code from a node whose base is not negative.
      if (base >= 0) {
        if (base + maxCode >= slots) fail(`slot ${slot}'s children would lie past the last slot`);
        break;
      }
      const tail = -1 - base;
      const length = tail + tailHeader <= tails.length ? tails[tail]! : 0;
      // An empty tail would accept a mention of no units, after which the scan would not advance.
      if (length === 0 || tail + tailHeader + length > tails.length) fail(`slot ${slot}'s tail is out of range`);
      key = (tails[tail + 1]! << 16) | tails[tail + 2]!;
      keyDepth = depth + length;
    }
  }
  return keyDepths;
}

/** A key's case-kept spellings are compared unit by unit over the mention, which is as long as the key. */
function checkVariantSpellings(
  keys: Int32Array,
  keyCount: number,
  variants: Int32Array,
  keyDepths: Int32Array,
  casedLength: number,
): void {
  const { keyFields, firstVariant, variantFields } = TABLE_LAYOUT;
  for (let key = 0; key < keyCount; key++) {
    const length = keyDepths[key]!;
    if (length < 0) continue; // never reached, so never compared
    const last = keys[(key + 1) * keyFields + firstVariant]!;
    for (let variant = keys[key * keyFields + firstVariant]!; variant < last; variant++) {
      const start = variants[variant * variantFields + 1]!;
      if (start < 0 || start + length > casedLength) fail(`variant ${variant}'s spelling is out of range`);
    }
  }
}

interface Base64Codecs {
  fromBase64?: (text: string) => Uint8Array;
}

export function bytesFromBase64(text: string): Uint8Array {
  const native = (Uint8Array as Base64Codecs).fromBase64;
  try {
    if (native) return native(text);
    const binary = atob(text);
    const bytes = new Uint8Array(binary.length);
    for (let k = 0; k < binary.length; k++) bytes[k] = binary.charCodeAt(k);
    return bytes;
  } catch {
    fail('data is not base64');
  }
}

/** Characters per btoa call: String.fromCharCode takes its units as arguments, and arguments are limited. */
const BASE64_CHUNK = 3 * 8192;

export function base64FromBytes(bytes: Uint8Array): string {
  const native = (bytes as Uint8Array & { toBase64?: () => string }).toBase64;
  if (native) return native.call(bytes);
  const parts: string[] = [];
  for (let start = 0; start < bytes.length; start += BASE64_CHUNK) {
    parts.push(btoa(String.fromCharCode(...bytes.subarray(start, start + BASE64_CHUNK))));
  }
  return parts.join('');
}
