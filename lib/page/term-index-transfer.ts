/**
 * The page's side of the term index's transfer (lib/messaging/term-index-wire.ts):
 * fetches the head and the chunks, inflates them as they arrive, and decodes
 * the matcher in steps with a yield to the browser between them, so no task
 * of the page does more than a few milliseconds of it.
 */
import { bytesFromBase64 } from '../matcher/base64';
import { checkLayout, sectionBytes, tableDecoding } from '../matcher/compiled';
import { isCount } from '../matcher/table-checks';
import { matcherBuilding } from '../matcher/scan';
import { sendMessage } from '../messaging/messenger';
import {
  MAX_TERM_INDEX_CHUNKS,
  TERM_INDEX_CHUNK_CHARS,
  TERM_INDEX_PACKING,
  type TermIndexHead,
} from '../messaging/term-index-wire';
import type { PageTermIndex } from '../model';
import { runInSteps, yieldToBrowser } from './slices';

export class TermIndexTransferError extends Error {
  override name = 'TermIndexTransferError';
}

function fail(problem: string, cause?: unknown): never {
  throw new TermIndexTransferError(`Term index transfer failed: ${problem}`, { cause });
}

/** The two requests of the transfer; the background's messages unless a test gives others. */
export interface TermIndexRequests {
  head(knownVersion: string | null): Promise<TermIndexHead | null>;
  chunk(version: string, chunk: number): Promise<string>;
}

const messages: TermIndexRequests = {
  head: (knownVersion) => sendMessage('getTermIndex', { knownVersion }),
  chunk: (version, chunk) => sendMessage('getTermIndexChunk', { version, chunk }),
};

/** A tenfold larger glossary than any pack would still fit; a larger figure is a damaged head. */
const MAX_RAW_BYTES = 2 ** 28;

/**
 * The current term index, decoded, or null when `knownVersion` is still
 * current. Rejects with a TermIndexTransferError (or, for tables that fail
 * their checks, a CompiledMatcherError) when what arrives is damaged,
 * incomplete or of a version that changed meanwhile; the caller then keeps
 * the index it has.
 */
export async function fetchTermIndex(
  knownVersion: string | null,
  requests: TermIndexRequests = messages,
): Promise<PageTermIndex | null> {
  const head = await requests.head(knownVersion);
  if (head === null) return null;
  const { matcher: header, packed, ...facts } = checkHead(head);
  // All at once: the background only slices a string it holds, and each answer still arrives in a task of its own.
  const answers = Array.from({ length: packed.chunks }, (_, k) => requests.chunk(facts.version, k));
  const raw = await inflate(answers, packed.rawBytes);
  const idsStart = sectionBytes(header.lengths);
  if (idsStart > raw.byteLength) fail(`the sections need ${idsStart} bytes, ${raw.byteLength} arrived`);
  let entryIds: unknown;
  try {
    entryIds = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw.subarray(idsStart)));
  } catch (error) {
    fail('the entry ids are not JSON', error);
  }
  const layout = checkLayout({ ...header, entryIds });
  await yieldToBrowser();
  const tables = await runInSteps(tableDecoding(layout, raw.slice(0, idsStart)));
  return { ...facts, matcher: await runInSteps(matcherBuilding(tables)) };
}

function checkHead(head: TermIndexHead): TermIndexHead {
  const packed = (head as Partial<TermIndexHead> | undefined)?.packed;
  if (packed?.packing !== TERM_INDEX_PACKING)
    fail(`packing ${JSON.stringify(packed?.packing)} is not ${TERM_INDEX_PACKING}`);
  if (typeof head.version !== 'string') fail('the head names no version');
  if (!isCount(packed.chunks, MAX_TERM_INDEX_CHUNKS) || packed.chunks === 0) fail(`${packed.chunks} chunks`);
  if (!isCount(packed.rawBytes, MAX_RAW_BYTES)) fail(`${packed.rawBytes} bytes`);
  // The layout's entry ids come in the chunks; its other fields are checked now, before anything is fetched.
  checkLayout({ ...head.matcher, entryIds: [] });
  return head;
}

/** Firefox's clone of a value into another realm, which it gives content scripts only. */
declare const cloneInto: (<T>(value: T, target: object) => T) | undefined;

/**
 * In a Firefox content script the DecompressionStream belongs to the page's
 * realm, which may not read our typed arrays ("could not be converted to
 * ArrayBufferView"): they are cloned into it. Elsewhere there is one realm.
 */
function intoPageRealm<T>(value: T): T {
  return typeof cloneInto === 'function' && typeof window !== 'undefined' ? cloneInto(value, window) : value;
}

/** Feeds the chunks, in order as they arrive, to a DecompressionStream; returns exactly `rawBytes` bytes or fails. */
async function inflate(answers: Array<Promise<string>>, rawBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  // Whatever fails first is reported; the other answers must not go unhandled.
  for (const answer of answers) answer.catch(() => undefined);
  const inflater = new DecompressionStream('deflate');
  const writer = inflater.writable.getWriter();
  // Read by a Response rather than by our own loop: in a Firefox content script the stream's chunks belong to the
  // page's realm, and our script may not read a typed array of that realm (Xray vision); the Response may.
  const inflated = new Response(inflater.readable).arrayBuffer();
  inflated.catch(() => undefined);
  try {
    for (const [k, answer] of answers.entries()) {
      let text: string;
      try {
        text = await answer;
      } catch (error) {
        fail(`chunk ${k} was refused (${error instanceof Error ? error.message : String(error)})`, error);
      }
      if (typeof text !== 'string' || text.length === 0 || text.length > TERM_INDEX_CHUNK_CHARS) {
        fail(`chunk ${k} is not a string of up to ${TERM_INDEX_CHUNK_CHARS} characters`);
      }
      let bytes: Uint8Array<ArrayBuffer>;
      try {
        bytes = bytesFromBase64(text);
      } catch (error) {
        fail(`chunk ${k} is not base64`, error);
      }
      // Inflated in a task of its own, not in the one that delivered the chunk.
      await yieldToBrowser();
      await writer.write(intoPageRealm(bytes));
    }
    await writer.close();
    const bytes = new Uint8Array(await inflated);
    if (bytes.byteLength !== rawBytes)
      fail(`the data inflates to ${bytes.byteLength} bytes, not the ${rawBytes} announced`);
    return bytes;
  } catch (error) {
    writer.abort(error).catch(() => undefined);
    if (error instanceof TermIndexTransferError) throw error;
    // The inflater's own error says little ("incorrect header check"): the data was not what was sent.
    fail(`the data does not inflate (${error instanceof Error ? error.message : String(error)})`, error);
  }
}
