/**
 * This device's data as the sync engine sees it: notes and own entries in
 * IndexedDB, settings and switched-off sites in extension storage. Reading
 * memory ("seen on") is never part of it: it is the reader's browsing history
 * and stays on the device. Writes go through lib/app, so open tabs hear them.
 */
import type { AppContext } from '../app/app-context';
import { applySyncedChanges } from '../app/sync';
import { forgetSyncVersions, readSyncSnapshot, saveSyncVersions, type SyncChange } from '../db/sync';
import type { Entry, Note } from '../model';
import type { Settings } from '../settings';
import { entryFromBody, localItems, noteFromBody, settingsFromBody } from './bodies';
import type { ReplicaSnapshot, SyncReplica } from './engine';
import { ENTRY_PREFIX, isTombstone, NOTE_PREFIX, SETTINGS_KEY, SITE_PREFIX, type SyncRecord } from './records';
import { OWN_ID_PREFIX } from '../model';

export interface SettingsAccess {
  load(): Promise<Settings>;
  update(change: Partial<Settings>): Promise<Settings>;
}

interface DatabaseSnapshot extends ReplicaSnapshot {
  notes: Map<string, Note>;
  entries: Map<string, Entry>;
  settings: Settings;
}

export function createReplica(app: AppContext, settings: SettingsAccess): SyncReplica<DatabaseSnapshot> {
  return {
    async read(now) {
      const [snapshot, current] = await Promise.all([readSyncSnapshot(app.db), settings.load()]);
      return {
        known: new Map(snapshot.known.map((record) => [record.key, record])),
        current: localItems(snapshot.notes, snapshot.ownEntries, current, now),
        notes: new Map(snapshot.notes.map((note) => [note.id, note])),
        entries: new Map(snapshot.ownEntries.map((entry) => [entry.id, entry])),
        settings: current,
      };
    },
    saveVersions: (records) => saveSyncVersions(app.db, records),
    forget: (keys) => forgetSyncVersions(app.db, keys),
    async apply(records, snapshot) {
      const held: string[] = [];
      const changes: SyncChange[] = [];
      const settingsRecords: SyncRecord[] = [];
      for (const record of records) {
        if (record.key.startsWith(NOTE_PREFIX)) {
          const noteId = record.key.slice(NOTE_PREFIX.length);
          const note = isTombstone(record) ? undefined : noteFromBody(record.key, record.body, record.t);
          if (!isTombstone(record) && !note) held.push(record.key);
          else changes.push({ kind: 'note', record, noteId, note, readUpdated: snapshot.notes.get(noteId)?.updated });
        } else if (record.key.startsWith(ENTRY_PREFIX)) {
          const entryId = `${OWN_ID_PREFIX}${record.key.slice(ENTRY_PREFIX.length)}`;
          const entry = isTombstone(record) ? undefined : entryFromBody(record.key, record.body);
          const read = snapshot.entries.get(entryId);
          if (!isTombstone(record) && !entry) held.push(record.key);
          else changes.push({ kind: 'entry', record, entryId, entry, readJson: read && JSON.stringify(read) });
        } else if (record.key === SETTINGS_KEY && !isTombstone(record) && !settingsFromBody(record.body)) {
          held.push(record.key);
        } else {
          settingsRecords.push(record);
        }
      }
      if (settingsRecords.length > 0) {
        const settingsHeld = await applySettings(settings, snapshot, settingsRecords);
        held.push(...settingsHeld);
        for (const record of settingsRecords) {
          if (!settingsHeld.includes(record.key)) changes.push({ kind: 'version-only', record });
        }
      }
      const applied = await applySyncedChanges(app, changes);
      held.push(...applied.skipped);
      return { held };
    },
  };
}

/**
 * The settings and sites after merging, written in one update unless the
 * reader changed them during the round (then they are merged next round).
 */
async function applySettings(
  access: SettingsAccess,
  snapshot: DatabaseSnapshot,
  records: readonly SyncRecord[],
): Promise<string[]> {
  const keys = records.map((record) => record.key);
  const current = await access.load();
  if (JSON.stringify(current) !== JSON.stringify(snapshot.settings)) return keys;
  let synced = {};
  const sites = new Set(current.disabledSites);
  for (const record of records) {
    if (record.key === SETTINGS_KEY) synced = settingsFromBody(record.body) ?? {};
    else if (isTombstone(record)) sites.delete(record.key.slice(SITE_PREFIX.length));
    else sites.add(record.key.slice(SITE_PREFIX.length));
  }
  await access.update({ ...synced, disabledSites: [...sites] });
  return [];
}
