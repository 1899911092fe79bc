/**
 * One device's side of a sync round, pure: merge what the area holds into
 * what this device knows, and work out the writes that bring the area up to
 * date. The engine (engine.ts) runs these with real storage; the property
 * test runs them on simulated devices.
 */
import { isChunkKey } from './items';
import type { SyncPlan } from './plan';
import { mergeRecords, sameRecord, type SyncRecord } from './records';

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

/**
 * What to write so the area holds `plan`: only items that differ, and
 * removal of our own keys the plan no longer has (expired tombstones, chunks
 * of a record that shrank, records that no longer fit). A key that is removed
 * is "not synced", never "deleted": deletions travel as tombstones.
 */
export function writesFor(
  area: Record<string, unknown>,
  plan: SyncPlan,
  isRecordKey: (key: string) => boolean,
): AreaWrites {
  const set: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(plan.items)) {
    if (JSON.stringify(area[key]) !== JSON.stringify(value)) set[key] = value;
  }
  const remove = Object.keys(area).filter((key) => isRecordKey(key.replace(/#\d+$/, '')) && !(key in plan.items));
  return { set, remove: remove.filter((key) => isChunkKey(key) || isRecordKey(key)) };
}
