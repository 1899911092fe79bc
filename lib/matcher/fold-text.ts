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
  // apply() reads the typed array as it is (a spread would copy it through an iterator first); in chunks,
  // because one call takes only so many arguments.
  const chunkSize = 4096;
  let result = '';
  for (let start = 0; start < length; start += chunkSize) {
    const chunk = units.subarray(start, Math.min(start + chunkSize, length)) as unknown as number[];
    result += String.fromCharCode.apply(null, chunk);
  }
  return result;
}

/** Folds `text` and keeps where each folded character came from. */
export function foldText(text: string): FoldedText {
  const buffer = new FoldBuffer();
  const length = buffer.fold(text);
  return { folded: unitsToString(buffer.units, length), map: buffer.map.slice(0, length + 1) };
}

/**
 * One buffer for every foldKey call: the popup's search folds thousands of
 * short strings while it indexes, and two new typed arrays per call cost more
 * in garbage collection than the folding did. Safe because a fold never calls back out.
 */
const keyBuffer = new FoldBuffer();

/** The comparison key of a short string (an alias, a search query, a glossary field): folded and trimmed. */
export function foldKey(text: string): string {
  const length = keyBuffer.fold(text);
  const units = keyBuffer.units;
  let start = 0;
  let end = length;
  if (start < end && units[start] === SPACE) start++;
  if (end > start && units[end - 1] === SPACE) end--;
  return unitsToString(units.subarray(start, end), end - start);
}
