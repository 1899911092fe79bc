/**
 * How the term index travels from the background to a page (issue 17). As
 * one JSON message of about 1.6 MB at 10,000 aliases it cost the page a task
 * of 30 to 65 ms thread CPU just to receive (Chrome turns the reply into
 * JavaScript values in the task that delivers it), before any decoding. So
 * the matcher's bytes go compressed and in pieces:
 *
 * - getTermIndex answers a TermIndexHead (everything but those bytes, tens
 *   of KB) or null when the caller's version is current;
 * - getTermIndexChunk answers one piece of the compressed bytes as base64,
 *   for the version the head named, and refuses any other version.
 *
 * The bytes are the matcher's sections (lib/matcher/compiled.ts) followed by
 * its entry ids as UTF-8 JSON, deflated (CompressionStream 'deflate', in
 * both browsers: zlib's checksum lets a page tell damaged bytes from good
 * ones, which raw deflate could not), as base64: Chrome's messaging is JSON,
 * where base64 is the cheapest way to carry bytes. Each piece is a message of
 * its own, so each arrives in a task of its own.
 *
 * Types and constants only: the content script imports this without the
 * request schemas (protocol.ts).
 */
import type { CompiledMatcher } from '../matcher/compiled';
import type { CompiledTermIndex } from '../model';

/** Changes whenever the packing changes; a page refuses any other, and the background's session copy too. */
export const TERM_INDEX_PACKING = 'context-lens/term-index-deflate@1';

/**
 * Base64 characters per chunk (a multiple of 4, so each chunk decodes alone).
 * At 128 K characters, receiving a chunk and inflating it took up to 21 ms
 * thread CPU on a busy machine; at 64 K each of the two is a task of its own
 * of a few milliseconds.
 */
export const TERM_INDEX_CHUNK_CHARS = 64 * 1024;

/** More chunks than this (16 M base64 characters, 12 MB of compressed tables) is a damaged head, not a glossary. */
export const MAX_TERM_INDEX_CHUNKS = 256;

export interface TermIndexHead extends Omit<CompiledTermIndex, 'matcher'> {
  /** The matcher's layout; its entry ids and sections come in the chunks. */
  matcher: Omit<CompiledMatcher, 'entryIds' | 'data'>;
  packed: {
    packing: typeof TERM_INDEX_PACKING;
    /** Bytes once inflated: the sections, then the entry ids' JSON. */
    rawBytes: number;
    chunks: number;
  };
}
