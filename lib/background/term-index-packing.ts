/**
 * The background's side of the term index's transfer (lib/messaging/term-index-wire.ts):
 * packs a compiled term index once per version into its head and chunks.
 */
import { base64FromBytes, bytesFromBase64 } from '../matcher/base64';
import type { CompiledTermIndex } from '../model';
import { TERM_INDEX_CHUNK_CHARS, TERM_INDEX_PACKING, type TermIndexHead } from '../messaging/term-index-wire';

/** What getTermIndex and getTermIndexChunk answer from; plain strings and objects, so it is kept in storage.session. */
export interface PackedTermIndex {
  head: TermIndexHead;
  /** The compressed bytes as base64, TERM_INDEX_CHUNK_CHARS characters a chunk. */
  chunks: string[];
}

export async function packTermIndex(index: CompiledTermIndex): Promise<PackedTermIndex> {
  const { matcher, ...facts } = index;
  const { entryIds, data, ...layout } = matcher;
  const sections = bytesFromBase64(data);
  const ids = new TextEncoder().encode(JSON.stringify(entryIds));
  const raw = new Uint8Array(sections.byteLength + ids.byteLength);
  raw.set(sections);
  raw.set(ids, sections.byteLength);
  const text = base64FromBytes(await deflate(raw));
  const chunks: string[] = [];
  for (let at = 0; at < text.length; at += TERM_INDEX_CHUNK_CHARS)
    chunks.push(text.slice(at, at + TERM_INDEX_CHUNK_CHARS));
  return {
    head: {
      ...facts,
      matcher: layout,
      packed: { packing: TERM_INDEX_PACKING, rawBytes: raw.byteLength, chunks: chunks.length },
    },
    chunks,
  };
}

async function deflate(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
