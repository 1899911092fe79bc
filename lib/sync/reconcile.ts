/**
 * One device's side of a sync round, pure: merge what the area holds into
 * what this device knows, and work out the writes that bring the area up to
 * date. The engine (engine.ts) runs these with real storage; the property
 * test runs them on simulated devices.
 */
import type { SyncPlan } from './plan';
import { canonicalJson, mergeRecords, nextVersion, sameRecord, type SyncRecord } from './records';

/** The records whose local version changes when `remote` is merged in: replaced ones and new ones (conflict copies too). */
export function mergeRemote(local: ReadonlyMap<string, SyncRecord>, remote: readonly SyncRecord[]): SyncRecord[] {
  const changed = new Map<string, SyncRecord>();
  const current = (key: string) => changed.get(key) ?? local.get(key);
  const mergeOne = (incoming: SyncRecord) => {
    const known = current(incoming.key);
    if (!known) {
      changed.set(incoming.key, incoming);
      return;
    }
    const { record, copies } = mergeRecords(known, incoming);
    if (!sameRecord(record, known)) changed.set(record.key, record);
    copies.forEach(mergeOne);
  };
  remote.forEach(mergeOne);
  return [...changed.values()];
}

export interface AreaWrites {
  set: Record<string, unknown>;
  remove: string[];
}

/** The record key an item belongs to: itself for a head, the head's for a chunk (`<key>#<n>`). */
const headOf = (itemKey: string): string => itemKey.replace(/#\d+$/, '');

/**
 * What to write so the area holds `plan`: only items that differ, and removal
 * of items of records this device knows that the plan no longer has (expired
 * tombstones, chunks of a record that shrank, records that no longer fit). A
 * removed key means "not synced", never "deleted": deletions travel as
 * tombstones. Records in `hold` (still arriving, unreadable to this version,
 * or changed locally during the round) are neither written nor removed.
 */
export function writesFor(
  area: Record<string, unknown>,
  plan: SyncPlan,
  known: ReadonlySet<string>,
  hold: ReadonlySet<string> = new Set(),
): AreaWrites {
  const set: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(plan.items)) {
    if (!hold.has(headOf(key)) && canonicalJson(area[key]) !== canonicalJson(value)) set[key] = value;
  }
  const remove = Object.keys(area).filter(
    (key) => known.has(headOf(key)) && !hold.has(headOf(key)) && !(key in plan.items),
  );
  return { set, remove };
}

/** One synced thing as this device holds it now: its body and when it was last edited. */
export interface LocalItem {
  body: unknown;
  /** The edit time where the data has one (a note's `updated`); otherwise the time it was read. */
  t: number;
}

/**
 * The records that local edits made since the last round: new or changed
 * content gets this device's next version, and a record that was live and is
 * gone locally gets a tombstone. Unchanged records keep their version.
 */
export function localEdits(
  known: ReadonlyMap<string, SyncRecord>,
  current: ReadonlyMap<string, LocalItem>,
  device: string,
  now: number,
): SyncRecord[] {
  const edits: SyncRecord[] = [];
  for (const [key, item] of current) {
    const previous = known.get(key);
    if (previous && canonicalJson(previous.body) === canonicalJson(item.body)) continue;
    edits.push({ key, ...nextVersion(previous, device, item.t), body: item.body });
  }
  for (const [key, previous] of known) {
    if (!current.has(key) && previous.body !== undefined) edits.push({ key, ...nextVersion(previous, device, now) });
  }
  return edits;
}
