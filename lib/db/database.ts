/**
 * The one IndexedDB database of the extension, opened only in the extension
 * origin (background, popup, options). Content scripts must never import
 * this: there `indexedDB` belongs to the web page.
 *
 * Schema versions are append-only: never edit a released `version(n)` block;
 * add `version(n + 1)` with an upgrade and a test that seeds version n.
 */
import Dexie, { type EntityTable } from 'dexie';
import type { Entry, Note, PackMeta, StoredEvent } from '../model';

export interface InstalledPack extends PackMeta {
  installedAt: number;
  entryCount: number;
  eventCount: number;
}

/** Small key-value records, such as the term index version. */
export interface MetaRecord {
  key: string;
  value: unknown;
}

export const DATABASE_NAME = 'context-lens';

export class LensDatabase extends Dexie {
  packs!: EntityTable<InstalledPack, 'id'>;
  entries!: EntityTable<Entry, 'id'>;
  events!: EntityTable<StoredEvent, 'id'>;
  notes!: EntityTable<Note, 'id'>;
  meta!: EntityTable<MetaRecord, 'key'>;

  constructor(name = DATABASE_NAME) {
    super(name);
    this.version(1).stores({
      packs: 'id',
      entries: 'id, packId, type',
      // `entries` is multi-entry so the events of one entry are one index lookup.
      events: 'id, packId, *entries, date',
      notes: 'id, entryId, updated',
      meta: 'key',
    });
  }
}

let shared: LensDatabase | undefined;

/** The database of this extension context, opened on first use. */
export function getDatabase(): LensDatabase {
  shared ??= new LensDatabase();
  return shared;
}
