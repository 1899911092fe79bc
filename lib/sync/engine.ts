/**
 * The sync replica's engine: rounds that merge `storage.sync` into this
 * device's data and write back what the area lacks. IndexedDB stays the
 * source of truth; the area is a replica. A round reads everything afresh, so
 * a change that failed to go out (quota, write rate, no network) is never
 * lost: the next round finds it again. Storage and the local data are
 * injected (SyncArea, SyncReplica), so tests run the engine on fakes.
 */
import { decodeItems, itemBytes } from './items';
import { DEFAULT_LIMITS, planItems, QUOTA_BYTES, type PlanLimits } from './plan';
import { localEdits, mergeRemote, writesFor, type AreaWrites, type LocalItem } from './reconcile';
import { isExpiredTombstone, isRecordKey, isTombstone, NOTE_PREFIX, type SyncRecord } from './records';

/** The part of `browser.storage.sync` the engine uses. */
export interface SyncArea {
  get(): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string[]): Promise<void>;
  /** Missing where the browser lacks it (Firefox's sync area in some versions): the engine counts the items instead. */
  bytesInUse?(): Promise<number>;
}

/** This device's data as sync sees it, read in one go. */
export interface ReplicaSnapshot {
  known: ReadonlyMap<string, SyncRecord>;
  current: ReadonlyMap<string, LocalItem>;
}

export interface SyncReplica<S extends ReplicaSnapshot = ReplicaSnapshot> {
  read(now: number): Promise<S>;
  /** Stores the versions of this device's own edits. */
  saveVersions(records: readonly SyncRecord[]): Promise<void>;
  /**
   * Writes merged records into the local data (and their versions). Returns
   * the keys it left alone: changed locally during the round, or a body this
   * version cannot read.
   */
  apply(records: readonly SyncRecord[], snapshot: S): Promise<{ held: string[] }>;
  forget(keys: readonly string[]): Promise<void>;
}

export interface SyncStatus {
  enabled: boolean;
  lastSentAt?: number;
  lastReceivedAt?: number;
  bytesInUse?: number;
  quotaBytes: number;
  lastError?: { at: number; message: string };
  /** Notes kept on this device only because the area is full. */
  notesLeftOut: number;
  /** Every record (notes, own entries, sites) kept on this device only. */
  recordsLeftOut: number;
}

/** Pause after local changes before a round, so a burst of edits is one write. */
export const LOCAL_DEBOUNCE_MS = 3_000;
/** Pause after the area changed (another device, or our own write echoing back). */
export const REMOTE_DEBOUNCE_MS = 500;
/**
 * Rounds that write are at least this far apart: two writes (set, remove)
 * per 5 s stay under Chrome's 120 writes a minute and 1,800 an hour
 * (MAX_WRITE_OPERATIONS_PER_MINUTE, MAX_WRITE_OPERATIONS_PER_HOUR).
 */
export const MIN_WRITE_INTERVAL_MS = 5_000;
const MAX_RETRY_MS = 30 * 60_000;

/** How long to wait before retrying after `attempt` failures in a row, given the error's message. */
export function retryDelay(message: string, attempt: number): number {
  const backoff = Math.min(MAX_RETRY_MS, 2_000 * 2 ** Math.max(0, attempt - 1));
  // Chrome's rate errors name the quota; the per-hour one needs the hour to pass.
  if (/MAX_WRITE_OPERATIONS_PER_HOUR/.test(message)) return Math.max(backoff, 15 * 60_000);
  if (/MAX_WRITE_OPERATIONS_PER_MINUTE|MAX_SUSTAINED/.test(message)) return Math.max(backoff, 60_000);
  return backoff;
}

/** What the area holds after `writes`, counted as the browsers count it (key and JSON value in UTF-8). */
function bytesAfter(items: Record<string, unknown>, writes: AreaWrites): number {
  const after: Record<string, unknown> = { ...items, ...writes.set };
  for (const key of writes.remove) delete after[key];
  return Object.entries(after).reduce((sum, [key, value]) => sum + itemBytes(key, value), 0);
}

const isByteQuotaError = (message: string) => /QUOTA_BYTES|quota exceeded|QuotaExceeded/i.test(message);

export interface EngineOptions<S extends ReplicaSnapshot> {
  area: SyncArea;
  replica: SyncReplica<S>;
  device: string;
  onStatus(status: SyncStatus): void;
  now?: () => number;
  initialStatus?: Partial<SyncStatus>;
}

export class SyncEngine<S extends ReplicaSnapshot = ReplicaSnapshot> {
  private status: SyncStatus;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerDue = Infinity;
  private running: Promise<void> | undefined;
  private rerun = false;
  private failures = 0;
  private lastWriteAt = -Infinity;
  private limits: PlanLimits = DEFAULT_LIMITS;
  private readonly now: () => number;

  constructor(private readonly options: EngineOptions<S>) {
    this.now = options.now ?? Date.now;
    this.status = {
      enabled: true,
      quotaBytes: QUOTA_BYTES,
      notesLeftOut: 0,
      recordsLeftOut: 0,
      ...options.initialStatus,
    };
  }

  /** Runs a round after `delayMs`, or sooner if one is already due sooner. */
  schedule(delayMs = LOCAL_DEBOUNCE_MS): void {
    const due = this.now() + delayMs;
    if (this.timer !== undefined && this.timerDue <= due) return;
    clearTimeout(this.timer);
    this.timerDue = due;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerDue = Infinity;
      void this.runRound();
    }, delayMs);
  }

  /** Switched off, nothing is read or written; the area keeps what it has, so switching on again resumes. */
  setEnabled(enabled: boolean): void {
    if (!enabled) this.stop();
    this.publish({ enabled });
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.timerDue = Infinity;
  }

  /** Runs a round now (or right after the one running); resolves when it is done. */
  async runRound(): Promise<void> {
    if (this.running) {
      this.rerun = true;
      return this.running;
    }
    this.running = this.round().finally(() => {
      this.running = undefined;
      if (this.rerun) {
        this.rerun = false;
        this.schedule(0);
      }
    });
    return this.running;
  }

  private async round(): Promise<void> {
    const now = this.now();
    const wait = this.lastWriteAt + MIN_WRITE_INTERVAL_MS - now;
    if (wait > 0) {
      this.schedule(wait);
      return;
    }
    try {
      await this.exchange(now);
      this.failures = 0;
      this.publish({ lastError: undefined });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.failures++;
      // Aim lower after a byte-quota refusal: the browser counts a little differently than we do.
      if (isByteQuotaError(message) && !/WRITE_OPERATIONS/.test(message)) {
        this.limits = { bytes: Math.floor(this.limits.bytes * 0.9), items: this.limits.items };
      }
      this.publish({ lastError: { at: now, message } });
      this.schedule(retryDelay(message, this.failures));
    }
  }

  private async exchange(now: number): Promise<void> {
    const { area, replica, device } = this.options;
    const snapshot = await replica.read(now);
    const known = new Map(snapshot.known);

    const edits = localEdits(known, snapshot.current, device, now);
    if (edits.length > 0) {
      await replica.saveVersions(edits);
      for (const record of edits) known.set(record.key, record);
    }

    const items = await area.get();
    const decoded = decodeItems(items, isRecordKey);
    const hold = new Set(decoded.incomplete);
    const merged = mergeRemote(known, decoded.records);
    if (merged.length > 0) {
      const { held } = await replica.apply(merged, snapshot);
      held.forEach((key) => hold.add(key));
      for (const record of merged) if (!hold.has(record.key)) known.set(record.key, record);
      this.status.lastReceivedAt = now;
    }

    const plan = planItems(
      [...known.values()].filter((record) => !hold.has(record.key)),
      now,
      this.limits,
    );
    const writes = writesFor(items, plan, new Set(known.keys()), hold);
    const sets = Object.keys(writes.set).length > 0;
    if (sets) await area.set(writes.set);
    if (writes.remove.length > 0) await area.remove(writes.remove);
    if (sets || writes.remove.length > 0) {
      this.lastWriteAt = now;
      this.status.lastSentAt = now;
    }

    const expired = [...known.values()].filter((record) => isExpiredTombstone(record, now)).map((r) => r.key);
    if (expired.length > 0) await replica.forget(expired);

    const liveLeftOut = plan.leftOut.filter((record) => !isTombstone(record));
    this.publish({
      bytesInUse: (await area.bytesInUse?.()) ?? bytesAfter(items, writes),
      notesLeftOut: liveLeftOut.filter((record) => record.key.startsWith(NOTE_PREFIX)).length,
      recordsLeftOut: liveLeftOut.length,
    });
  }

  private publish(change: Partial<SyncStatus>): void {
    this.status = { ...this.status, ...change };
    this.options.onStatus(this.status);
  }
}
