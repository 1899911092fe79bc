/**
 * Which records go to `storage.sync` when not everything fits its quotas
 * (102,400 bytes in all, 512 items; both browsers). The settings first, then
 * the most recently edited records, ties by key: every device with the same
 * records makes the same plan. Records left out stay on this device (nothing
 * local is ever dropped for want of space) and are reported to the reader.
 */
import { encodeRecord, itemBytes } from './items';
import { isExpiredTombstone, SETTINGS_KEY, type SyncRecord } from './records';

export const QUOTA_BYTES = 102_400;
export const MAX_ITEMS = 512;
/** Kept free for the browser's own accounting and for records arriving between a read and a write. */
const RESERVED_BYTES = 2_400;
const RESERVED_ITEMS = 12;

export interface SyncPlan {
  /** Every item the area should hold. */
  items: Record<string, unknown>;
  bytes: number;
  /** Records that did not fit, most recent first. */
  leftOut: SyncRecord[];
}

export interface PlanLimits {
  bytes: number;
  items: number;
}

export const DEFAULT_LIMITS: PlanLimits = { bytes: QUOTA_BYTES - RESERVED_BYTES, items: MAX_ITEMS - RESERVED_ITEMS };

/** Settings first, then the latest edit first, then by key. */
export function planOrder(a: SyncRecord, b: SyncRecord): number {
  if ((a.key === SETTINGS_KEY) !== (b.key === SETTINGS_KEY)) return a.key === SETTINGS_KEY ? -1 : 1;
  if (a.t !== b.t) return b.t - a.t;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

export function planItems(records: readonly SyncRecord[], now: number, limits: PlanLimits = DEFAULT_LIMITS): SyncPlan {
  const items: Record<string, unknown> = {};
  const leftOut: SyncRecord[] = [];
  let bytes = 0;
  let count = 0;
  const live = records.filter((record) => !isExpiredTombstone(record, now)).sort(planOrder);
  for (const record of live) {
    const encoded = encodeRecord(record);
    const cost = Object.entries(encoded).reduce((sum, [key, value]) => sum + itemBytes(key, value), 0);
    const itemCount = Object.keys(encoded).length;
    // A record that does not fit is passed over and older, smaller ones still go: the order alone decides.
    if (bytes + cost > limits.bytes || count + itemCount > limits.items) {
      leftOut.push(record);
      continue;
    }
    Object.assign(items, encoded);
    bytes += cost;
    count += itemCount;
  }
  return { items, bytes, leftOut };
}
