/**
 * The one IndexedDB database of the extension, opened only in the extension
 * origin (background, popup, options). Content scripts must never import
 * this: there `indexedDB` belongs to the web page.
 *
 * Schema versions are append-only: never edit a released `version(n)` block;
 * add `version(n + 1)` with an upgrade and a test that seeds version n
 * (tests/db-migrations.test.ts).
 */
import Dexie, { type EntityTable, type Table } from 'dexie';
import type { Entry, Note, PackMeta, Sighting, StoredEvent } from '../model';
import type { SyncRecord } from '../sync/records';

export interface InstalledPack extends PackMeta {
  installedAt: number;
  entryCount: number;
  eventCount: number;
}

/**
 * A pack the reader follows from a published descriptor (lib/subscriptions/).
 * The validators and check times are only ever written by the checker.
 */
export interface PackSubscription {
  /** The descriptor's address, as checked by checkSubscriptionUrl (https, or http on this machine). */
  url: string;
  addedAt: number;
  /** The pack the descriptor named at the last successful check. */
  packId?: string;
  /** The version installed by (or found current at) the last successful check. */
  version?: string;
  /** The descriptor's validators, sent back as If-None-Match / If-Modified-Since; kept only after a successful check. */
  etag?: string;
  lastModified?: string;
  lastCheckedAt?: number;
  lastSuccessAt?: number;
  /** Why the last check failed, and when; cleared by the next success. The installed version is kept meanwhile. */
  lastFailure?: { at: number; reason: string };
}

/** Small key-value records, such as the term index version. */
export interface MetaRecord {
  key: string;
  value: unknown;
}

export const DATABASE_NAME = 'context-lens';

/** The newest schema version declared below; the migration tests check every version up to it. */
export const SCHEMA_VERSION = 4;

/**
 * How long an upgrade may wait for an older connection (an extension page
 * left open from before an update) before it gives up with a message. Without
 * a limit IndexedDB waits for ever and the extension looks frozen.
 */
export const BLOCKED_UPGRADE_TIMEOUT_MS = 4000;

export class DatabaseBlockedError extends Error {
  override name = 'DatabaseBlockedError';
  constructor() {
    super(
      'Context Lens could not open its database: an older copy of it is still open in another window or tab. ' +
        'Close the other Context Lens pages (or restart the browser), then try again. Nothing was changed.',
    );
  }
}

export interface LensDatabaseOptions {
  /** Overrides BLOCKED_UPGRADE_TIMEOUT_MS (tests use a short one). */
  blockedTimeoutMs?: number;
}

export class LensDatabase extends Dexie {
  packs!: EntityTable<InstalledPack, 'id'>;
  entries!: EntityTable<Entry, 'id'>;
  events!: EntityTable<StoredEvent, 'id'>;
  notes!: EntityTable<Note, 'id'>;
  meta!: EntityTable<MetaRecord, 'key'>;
  /** Since version 2. Keyed by [entryId+url]: seeing a page again refreshes its record. */
  sightings!: Table<Sighting, [string, string]>;
  /** Since version 3. Keyed by the descriptor's address. */
  subscriptions!: EntityTable<PackSubscription, 'url'>;
  /**
   * Since version 4. The version this device last knew of each synced record
   * (lib/sync/): a note, an own entry, the settings, a switched-off site, or
   * the tombstone of a deleted one. Comparing it with the live tables tells
   * local edits from what sync already has.
   */
  syncRecords!: EntityTable<SyncRecord, 'key'>;

  /**
   * Set when an open gave up because an older connection blocked the
   * upgrade. Dexie then refuses further use of this instance, so the
   * next read or write through lib/db (errors.ts: guarded) re-opens it, and may time out again.
   */
  blockedOpenFailed = false;
  private readonly blockedTimeoutMs: number;

  constructor(name = DATABASE_NAME, options: LensDatabaseOptions = {}) {
    super(name);
    this.version(1).stores({
      packs: 'id',
      entries: 'id, packId, type',
      // `entries` is multi-entry so the events of one entry are one index lookup.
      events: 'id, packId, *entries, date',
      notes: 'id, entryId, updated',
      meta: 'key',
    });
    // Version 2: the "seen on" reading memory. No data moves, so no upgrade function.
    this.version(2).stores({
      sightings: '[entryId+url], entryId, seenAt',
    });
    // Version 3: pack subscriptions. A new table only, so no upgrade function.
    this.version(3).stores({
      subscriptions: 'url',
    });
    // Version 4: the sync replica's versions. A new table only: the first sync round versions what exists.
    this.version(4).stores({
      syncRecords: 'key',
    });

    this.blockedTimeoutMs = options.blockedTimeoutMs ?? BLOCKED_UPGRADE_TIMEOUT_MS;
    // `blocked` fires when the first open has to wait for other connections to close.
    this.on('blocked', () => this.giveUpIfStillClosedAfterTimeout());
  }

  private giveUpIfStillClosedAfterTimeout(): ReturnType<typeof setTimeout> {
    return setTimeout(() => {
      if (this.isOpen()) return;
      this.blockedOpenFailed = true;
      // close() cancels the pending open, so every waiting query rejects instead of hanging.
      this.close();
    }, this.blockedTimeoutMs);
  }

  /**
   * Tries again after a blocked open. The first request still waits in the
   * browser's queue, so this one gets no `blocked` event of its own: it is
   * timed from the start.
   */
  async reopenAfterBlocked(): Promise<void> {
    this.blockedOpenFailed = false;
    const timer = this.giveUpIfStillClosedAfterTimeout();
    try {
      await this.open();
    } catch (error) {
      if (this.blockedOpenFailed) throw new DatabaseBlockedError();
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }
}

let shared: LensDatabase | undefined;

/** The database of this extension context, opened on first use. */
export function getDatabase(): LensDatabase {
  shared ??= new LensDatabase();
  return shared;
}
