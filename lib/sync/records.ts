/**
 * The sync record and its merge, pure: no browser API, no database.
 *
 * Every synced thing (a note, an own entry, the settings, one switched-off
 * site) is one record under a stable key. A record carries a version vector
 * (`vv`: device id -> how many edits that device made to it), so a merge can
 * tell "the other side has seen my version and changed it" (take theirs) from
 * "we both changed it without seeing each other" (a conflict). Conflicts are
 * settled the same way on every device, whatever order records arrive in:
 *
 * - the version with the later edit time wins, ties broken by device id;
 * - an edit beats a concurrent deletion (a deletion never silently undoes an
 *   edit its device had not seen);
 * - for notes, the losing text is kept as a conflict copy: a separate note on
 *   the same entry whose id and version derive from the losing version alone,
 *   so every device that meets the conflict creates the very same copy.
 *
 * The merged record takes the winner's content and the element-wise maximum
 * of both vectors, so it dominates both and the merge is commutative,
 * associative and idempotent: devices converge.
 */

/** How long a deletion is remembered; a device offline for longer may bring a deleted record back (docs/sync-format.md). */
export const TOMBSTONE_TTL_MS = 60 * 24 * 60 * 60 * 1000;

export type VersionVector = Readonly<Record<string, number>>;

/** A note's synced fields: entry id, text, created time. */
export interface NoteBody {
  e: string;
  x: string;
  c: number;
}

export interface SyncRecord {
  key: string;
  vv: VersionVector;
  /** Time of the edit that made this version (ms); the first tie-break of a conflict. */
  t: number;
  /** Device that made this version; the second tie-break. */
  d: string;
  /** The content; undefined for a deletion (a tombstone). */
  body?: unknown;
}

/** Record keys: one namespace per kind, so a key says what its body is. */
export const NOTE_PREFIX = 'n:';
export const ENTRY_PREFIX = 'e:';
export const SITE_PREFIX = 'site:';
export const SETTINGS_KEY = 's:settings';

export const noteKey = (noteId: string): string => `${NOTE_PREFIX}${noteId}`;
export const isTombstone = (record: SyncRecord): boolean => record.body === undefined;

export type Order = 'equal' | 'before' | 'after' | 'concurrent';

/** How vector `a` relates to `b`: equal, strictly before (b has seen a), after, or concurrent. */
export function compareVectors(a: VersionVector, b: VersionVector): Order {
  let less = false;
  let greater = false;
  for (const device of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = a[device] ?? 0;
    const y = b[device] ?? 0;
    if (x < y) less = true;
    if (x > y) greater = true;
  }
  if (less && greater) return 'concurrent';
  if (less) return 'before';
  if (greater) return 'after';
  return 'equal';
}

export function maxVector(a: VersionVector, b: VersionVector): VersionVector {
  const result: Record<string, number> = { ...a };
  for (const [device, count] of Object.entries(b)) result[device] = Math.max(result[device] ?? 0, count);
  return sortedVector(result);
}

function sortedVector(vv: Record<string, number>): VersionVector {
  return Object.fromEntries(Object.entries(vv).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The version a device writes when it edits (or deletes) `previous` at time `now`. */
export function nextVersion(
  previous: SyncRecord | undefined,
  device: string,
  now: number,
): Pick<SyncRecord, 'vv' | 't' | 'd'> {
  const vv = { ...(previous?.vv ?? {}) };
  vv[device] = (vv[device] ?? 0) + 1;
  // Never earlier than the version it replaces, even with a clock set back: the later edit should win ties.
  return { vv: sortedVector(vv), t: Math.max(now, (previous?.t ?? 0) + 1), d: device };
}

/** True when `a` wins a conflict with `b`: a live version beats a deletion, then the later edit, then the greater device id. */
function wins(a: SyncRecord, b: SyncRecord): boolean {
  if (isTombstone(a) !== isTombstone(b)) return !isTombstone(a);
  if (a.t !== b.t) return a.t > b.t;
  return a.d > b.d;
}

export interface MergeResult {
  record: SyncRecord;
  /** Conflict copies of losing note texts, to be stored as new notes. */
  copies: SyncRecord[];
}

/** Merges two versions of the same key; the result is the same whichever side is `local`. */
export function mergeRecords(local: SyncRecord, remote: SyncRecord): MergeResult {
  switch (compareVectors(local.vv, remote.vv)) {
    case 'after':
      return { record: local, copies: [] };
    case 'before':
      return { record: remote, copies: [] };
    case 'equal':
      // The same version; two different contents with one vector cannot arise from this code, but pick
      // deterministically if a damaged record ever claims it.
      return { record: wins(local, remote) ? local : remote, copies: [] };
    case 'concurrent': {
      const [winner, loser] = wins(local, remote) ? [local, remote] : [remote, local];
      const copy = conflictCopy(winner, loser);
      return {
        record: { key: winner.key, vv: maxVector(local.vv, remote.vv), t: winner.t, d: winner.d, body: winner.body },
        copies: copy ? [copy] : [],
      };
    }
  }
}

/** The note that keeps a losing text, or undefined when nothing would be lost (a deletion lost, or the same text). */
function conflictCopy(winner: SyncRecord, loser: SyncRecord): SyncRecord | undefined {
  if (!loser.key.startsWith(NOTE_PREFIX) || isTombstone(loser)) return undefined;
  const lost = loser.body as NoteBody;
  if (!isTombstone(winner) && (winner.body as NoteBody).x === lost.x) return undefined;
  const id = conflictCopyId(loser.key.slice(NOTE_PREFIX.length), loser.d, loser.t);
  // The copy's version is the loser's own, so two devices that settle the same conflict write equal records.
  return { key: noteKey(id), vv: { [loser.d]: 1 }, t: loser.t, d: loser.d, body: lost };
}

/**
 * A UUID-shaped id (the backup format wants UUIDs for notes) computed from
 * the losing version, so every device names the copy alike.
 */
export function conflictCopyId(noteId: string, device: string, time: number): string {
  const hex = [0, 1, 2, 3].map((seed) => fnv1a(`${seed}|${noteId}|${device}|${time}`)).join('');
  // Version 8 (custom) and the RFC 4122 variant bits.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex.charAt(16), 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** 32-bit FNV-1a as 8 hex digits: a hash for naming, not for security. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** A tombstone older than TOMBSTONE_TTL_MS is forgotten: its key may then be dropped from storage.sync. */
export function isExpiredTombstone(record: SyncRecord, now: number): boolean {
  return isTombstone(record) && now - record.t > TOMBSTONE_TTL_MS;
}

/**
 * JSON with object keys sorted. Chrome's storage.sync hands objects back with
 * their keys in its own order, so content is compared in this form, never as
 * plain JSON, or every round would see an edit that nobody made.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

/** Two records are the same version with the same content. */
export function sameRecord(a: SyncRecord | undefined, b: SyncRecord | undefined): boolean {
  if (!a || !b) return a === b;
  return (
    a.key === b.key &&
    a.t === b.t &&
    a.d === b.d &&
    compareVectors(a.vv, b.vv) === 'equal' &&
    canonicalJson(a.body) === canonicalJson(b.body)
  );
}

/** Whether a storage.sync key is one of ours (a record head); other keys in the area are left alone. */
export function isRecordKey(key: string): boolean {
  return (
    key === SETTINGS_KEY ||
    ((key.startsWith(NOTE_PREFIX) || key.startsWith(ENTRY_PREFIX) || key.startsWith(SITE_PREFIX)) && !/#\d+$/.test(key))
  );
}
