/**
 * Whole strings folded (fold.ts folds unit by unit): a text with the map back
 * to its original offsets, and the comparison key of an alias or a query.
 */
import { FoldBuffer, SPACE } from './fold';

export interface FoldedText {
  /** The folded, lower-cased text. */
  folded: string;
  /** Folded index -> original index, with one extra slot holding the original length. */
  map: Uint32Array;
}

function unitsToString(units: Uint16Array, length: number): string {
  // Spreading a typed array into fromCharCode goes through the iterator protocol and is several times slower.
  const chunkSize = 4096;
  const codes: number[] = [];
  let result = '';
  for (let start = 0; start < length; start += chunkSize) {
    const end = Math.min(start + chunkSize, length);
    codes.length = end - start;
    for (let k = start; k < end; k++) codes[k - start] = units[k]!;
    result += String.fromCharCode.apply(null, codes);
  }
  return result;
}

/** Folds `text` and keeps where each folded character came from. */
export function foldText(text: string): FoldedText {
  const buffer = new FoldBuffer();
  const length = buffer.fold(text);
  return { folded: unitsToString(buffer.units, length), map: buffer.map.slice(0, length + 1) };
}

/** The comparison key of a short string (an alias, a search query): folded and trimmed. */
export function foldKey(text: string): string {
  const buffer = new FoldBuffer();
  const length = buffer.fold(text);
  let start = 0;
  let end = length;
  if (start < end && buffer.units[start] === SPACE) start++;
  if (end > start && buffer.units[end - 1] === SPACE) end--;
  return unitsToString(buffer.units.subarray(start, end), end - start);
}
