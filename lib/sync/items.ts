/**
 * How records are laid out as `storage.sync` items, within the browsers'
 * per-item limit (8,192 bytes, key included, in Chrome and Firefox alike).
 *
 * A record that fits is one item under its key: `{ v, t, d, b }` (vector,
 * time, device, body; no `b` for a deletion). A larger one (a long note: up
 * to NOTE_MAX_LENGTH characters, up to three UTF-8 bytes each) is split: the
 * head `{ v, t, d, c }` says how many chunks follow, and items `<key>#1` ...
 * `<key>#c` each hold `[stamp, piece]`, the pieces of the body's JSON in
 * order. The stamp (`<t>.<d>`) ties every chunk to its head, so a record read
 * while its chunks are still arriving is recognised as incomplete and waits,
 * rather than being merged half-written.
 */
import type { SyncRecord } from './records';

/** The browsers' limit per item, key and JSON value together. */
export const QUOTA_BYTES_PER_ITEM = 8192;
/** What we aim under per item: a margin for the browser's own accounting. */
const ITEM_TARGET_BYTES = QUOTA_BYTES_PER_ITEM - 192;
const CHUNK_SEPARATOR = '#';

const encoder = new TextEncoder();
export const utf8Length = (text: string): number => encoder.encode(text).length;

/** What an item costs against the quotas: its key and its JSON value, in UTF-8 bytes. */
export function itemBytes(key: string, value: unknown): number {
  return utf8Length(key) + utf8Length(JSON.stringify(value));
}

interface Head {
  v: Record<string, number>;
  t: number;
  d: string;
  b?: unknown;
  c?: number;
}

const stampOf = (record: Pick<SyncRecord, 't' | 'd'>): string => `${record.t}.${record.d}`;

/** The items of one record: one when it fits, otherwise a head and its chunks. */
export function encodeRecord(record: SyncRecord): Record<string, unknown> {
  const head: Head = { v: { ...record.vv }, t: record.t, d: record.d };
  if (record.body !== undefined) head.b = record.body;
  if (itemBytes(record.key, head) <= ITEM_TARGET_BYTES) return { [record.key]: head };

  const pieces = splitForItems(JSON.stringify(record.body), `${record.key}${CHUNK_SEPARATOR}000`, stampOf(record));
  const items: Record<string, unknown> = {
    [record.key]: { v: head.v, t: head.t, d: head.d, c: pieces.length } satisfies Head,
  };
  pieces.forEach((piece, i) => (items[chunkKey(record.key, i + 1)] = [stampOf(record), piece]));
  return items;
}

const chunkKey = (key: string, index: number): string => `${key}${CHUNK_SEPARATOR}${index}`;

/** Splits `text` at code point boundaries into pieces whose item (key, stamp, JSON-escaped piece) fits. */
function splitForItems(text: string, longestKey: string, stamp: string): string[] {
  const budget = ITEM_TARGET_BYTES - itemBytes(longestKey, [stamp, '']);
  const pieces: string[] = [];
  let piece = '';
  let bytes = 0;
  for (const char of text) {
    // The cost of one character inside a JSON string: escapes (\" \\ \n \u0001) included.
    const cost = utf8Length(JSON.stringify(char)) - 2;
    if (bytes + cost > budget) {
      pieces.push(piece);
      piece = '';
      bytes = 0;
    }
    piece += char;
    bytes += cost;
  }
  pieces.push(piece);
  return pieces;
}

/** True for the keys this layout writes (heads and chunks), so keys of other origins are left alone. */
export const isChunkKey = (key: string): boolean => /#\d+$/.test(key);

export interface DecodedItems {
  records: SyncRecord[];
  /** Heads whose chunks are missing or from another version: skipped until the rest arrives. */
  incomplete: string[];
}

/** Reads records back from all items of the area; malformed items are skipped. */
export function decodeItems(items: Record<string, unknown>, isRecordKey: (key: string) => boolean): DecodedItems {
  const records: SyncRecord[] = [];
  const incomplete: string[] = [];
  for (const [key, value] of Object.entries(items)) {
    if (isChunkKey(key) || !isRecordKey(key)) continue;
    const head = parseHead(value);
    if (!head) continue;
    const record: SyncRecord = { key, vv: head.v, t: head.t, d: head.d };
    if (head.c === undefined) {
      if (head.b !== undefined) record.body = head.b;
      records.push(record);
      continue;
    }
    const body = joinChunks(items, key, head.c, stampOf(head));
    if (body === undefined) incomplete.push(key);
    else records.push({ ...record, body });
  }
  return { records, incomplete };
}

function parseHead(value: unknown): Head | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const head = value as Partial<Head>;
  const vvValid =
    head.v !== null &&
    typeof head.v === 'object' &&
    Object.values(head.v).every((count) => Number.isSafeInteger(count) && count > 0);
  const chunksValid = head.c === undefined || (Number.isSafeInteger(head.c) && head.c > 0 && head.c < 1000);
  if (!vvValid || !Number.isFinite(head.t) || typeof head.d !== 'string' || !chunksValid) return undefined;
  return head as Head;
}

function joinChunks(items: Record<string, unknown>, key: string, count: number, stamp: string): unknown {
  let json = '';
  for (let i = 1; i <= count; i++) {
    const chunk = items[chunkKey(key, i)];
    if (!Array.isArray(chunk) || chunk[0] !== stamp || typeof chunk[1] !== 'string') return undefined;
    json += chunk[1];
  }
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return undefined;
  }
}
