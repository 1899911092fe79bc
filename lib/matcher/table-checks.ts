/**
 * The checks a page makes on matcher tables it received (compiled.ts) before
 * any matcher walks them: every offset a scan can follow stays inside its
 * array, and every alias's case-kept spelling is as long as the alias, so a
 * damaged or forged payload gets an error instead of a walk out of bounds or
 * a scan that never advances.
 */
import {
  ANY_CASE_LIST,
  BASE,
  CELLS,
  CHECK,
  FIRST_VARIANT,
  INITIAL_CAPITAL_LIST,
  KEY,
  KEY_FIELDS,
  ROOT_CHECK,
  TAIL_HEADER,
  VARIANT_FIELDS,
} from './tables';
import type { Steps } from './steps';

export class CompiledMatcherError extends Error {
  override name = 'CompiledMatcherError';
}

export function fail(problem: string): never {
  throw new CompiledMatcherError(`Compiled matcher refused: ${problem}`);
}

/** A whole number from 0 to `max` (by default the largest a typed array's length or an Int32 can hold). */
export const isCount = (value: unknown, max = 0x7fffffff): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max;

/** Checks the id lists; returns how many there are. */
export function checkLists(listStarts: Int32Array, idList: Int32Array, idCount: number): number {
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

export function checkKeyRows(keys: Int32Array, keyCount: number, variants: Int32Array, listCount: number): void {
  if (keys.length !== (keyCount + 1) * KEY_FIELDS) fail(`keys hold ${keys.length} fields for ${keyCount} keys`);
  if (variants.length % VARIANT_FIELDS !== 0) fail('variants are not whole rows');
  const variantCount = variants.length / VARIANT_FIELDS;
  const isList = (list: number) => list >= -1 && list < listCount;
  let previousFirst = 0;
  for (let key = 0; key <= keyCount; key++) {
    const at = key * KEY_FIELDS;
    if (key < keyCount && (!isList(keys[at + ANY_CASE_LIST]!) || !isList(keys[at + INITIAL_CAPITAL_LIST]!))) {
      fail(`key ${key} names a list out of range`);
    }
    const first = keys[at + FIRST_VARIANT]!;
    if (first < previousFirst || first > variantCount) fail(`key ${key}'s variants are out of order or range`);
    previousFirst = first;
  }
  for (let variant = 0; variant < variantCount; variant++) {
    const list = variants[variant * VARIANT_FIELDS]!;
    if (list < 0 || list >= listCount) fail(`variant ${variant} names a list out of range`);
  }
}

/** Slots checked between two of checkTrie's yields: a few milliseconds of a cold pass on a slow machine. */
const SLOTS_PER_STEP = 1 << 12;

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
 *
 * A generator that yields after every SLOTS_PER_STEP slots of either pass: at
 * 10,000 aliases the trie has hundreds of thousands of slots, and checked in
 * one go it was the longest task a page with terms had (12-15 ms of CPU on the
 * page benchmark's heaviest pages). The caller yields to the browser there.
 */
export function* checkTrie(
  cells: Int32Array,
  codeOf: Uint16Array,
  tails: Uint16Array,
  keyCount: number,
): Steps<Int32Array> {
  if (cells.length === 0 || cells.length % CELLS !== 0) fail('cells are not whole slots');
  if (cells[CHECK] !== ROOT_CHECK) fail('slot 0 is not the root');
  const slots = cells.length / CELLS;
  let maxCode = 0;
  for (let unit = 0; unit < codeOf.length; unit++) if (codeOf[unit]! > maxCode) maxCode = codeOf[unit]!;

  // depthPlusOne: 0 not known yet, UNREACHABLE, or the depth plus one (the root's is 1).
  const UNREACHABLE = -1;
  const FOLLOWING = -2;
  const depthPlusOne = new Int32Array(slots);
  depthPlusOne[0] = 1;
  const chain = new Int32Array(slots);
  for (let slot = 1; slot < slots; slot++) {
    if (slot % SLOTS_PER_STEP === 0) yield;
    if (depthPlusOne[slot] !== 0) continue;
    let length = 0;
    let at = slot;
    while (depthPlusOne[at] === 0) {
      chain[length++] = at;
      depthPlusOne[at] = FOLLOWING;
      const check = cells[at * CELLS + CHECK]!;
      const base = check >= 0 && check < cells.length && check % CELLS === 0 ? cells[check + BASE]! : -1;
      const code = at - base;
      if (base < 0 || code < 1 || code > maxCode) {
        at = -1;
        break;
      }
      at = check / CELLS;
    }
    // A chain ending at a known node continues its depth; one that breaks off or meets itself (FOLLOWING) is unreachable.
    let depth = at >= 0 && depthPlusOne[at]! > 0 ? depthPlusOne[at]! : UNREACHABLE;
    while (length > 0) depthPlusOne[chain[--length]!] = depth === UNREACHABLE ? UNREACHABLE : ++depth;
  }

  const keyDepths = new Int32Array(keyCount).fill(-1);
  for (let slot = 0; slot < slots; slot++) {
    if (slot % SLOTS_PER_STEP === 0 && slot > 0) yield;
    const depth = depthPlusOne[slot]! - 1;
    if (depth < 0) continue;
    let key = slot === 0 ? -1 : cells[slot * CELLS + KEY]!;
    let keyDepth = depth;
    for (let pass = 0; pass < 2; pass++) {
      if (key !== -1) {
        if (key < 0 || key >= keyCount) fail(`slot ${slot} or its tail accepts key ${key}, out of range`);
        if (keyDepths[key] !== -1 && keyDepths[key] !== keyDepth) fail(`key ${key} is accepted at two lengths`);
        keyDepths[key] = keyDepth;
      }
      if (pass === 1) break;
      const base = cells[slot * CELLS + BASE]!;
      // A scan reads slot base + code for every code from a node whose base is not negative.
      if (base >= 0) {
        if (base + maxCode >= slots) fail(`slot ${slot}'s children would lie past the last slot`);
        break;
      }
      const tail = -1 - base;
      const length = tail + TAIL_HEADER <= tails.length ? tails[tail]! : 0;
      // An empty tail would accept a mention of no units, after which the scan would not advance.
      if (length === 0 || tail + TAIL_HEADER + length > tails.length) fail(`slot ${slot}'s tail is out of range`);
      key = (tails[tail + 1]! << 16) | tails[tail + 2]!;
      keyDepth = depth + length;
    }
  }
  return keyDepths;
}

/** A key's case-kept spellings are compared unit by unit over the mention, which is as long as the key. */
export function checkVariantSpellings(
  keys: Int32Array,
  keyCount: number,
  variants: Int32Array,
  keyDepths: Int32Array,
  casedLength: number,
): void {
  for (let key = 0; key < keyCount; key++) {
    const length = keyDepths[key]!;
    if (length < 0) continue; // never reached, so never compared
    const last = keys[(key + 1) * KEY_FIELDS + FIRST_VARIANT]!;
    for (let variant = keys[key * KEY_FIELDS + FIRST_VARIANT]!; variant < last; variant++) {
      const start = variants[variant * VARIANT_FIELDS + 1]!;
      if (start < 0 || start + length > casedLength) fail(`variant ${variant}'s spelling is out of range`);
    }
  }
}
