/**
 * Sync wired to the browser: `browser.storage.sync` as the area, the
 * extension's database and settings as the replica, and the signals every
 * write already sends (lib/signals.ts) as the cue for a round. Run by the
 * background, which owns the engine; no other context writes the area.
 */
import { browser } from 'wxt/browser';
import type { AppContext } from '../app/app-context';
import { readLocal, writeLocal } from '../local-storage';
import { loadSettings, updateSettings, watchSettings } from '../settings';
import { watchNoteChanges, watchTermsChanges } from '../signals';
import { LOCAL_DEBOUNCE_MS, REMOTE_DEBOUNCE_MS, SyncEngine, type SyncArea } from './engine';
import { QUOTA_BYTES } from './plan';
import { createReplica } from './replica';
import { isSyncEnabled, loadSyncStatus, saveSyncStatus, watchSyncEnabled } from './status';

const DEVICE_KEY = 'syncDevice';

/** A short random id of this browser profile; the tie-break of conflicts, never shown or tied to the reader. */
async function deviceId(): Promise<string> {
  const stored = await readLocal(DEVICE_KEY);
  if (typeof stored === 'string' && /^[a-z0-9]{8}$/.test(stored)) return stored;
  const id = Array.from(crypto.getRandomValues(new Uint8Array(8)), (byte) => (byte % 36).toString(36)).join('');
  await writeLocal(DEVICE_KEY, id);
  return id;
}

function syncArea(area: NonNullable<typeof browser.storage.sync>): SyncArea {
  return {
    get: () => area.get(null),
    set: (items) => area.set(items),
    remove: (keys) => area.remove(keys),
    async bytesInUse() {
      // Firefox has no getBytesInUse on the sync area in some versions; the engine then counts the items itself.
      try {
        return typeof area.getBytesInUse === 'function' ? await area.getBytesInUse(null) : undefined;
      } catch {
        return undefined;
      }
    },
  } as SyncArea;
}

export async function startSync(app: AppContext): Promise<void> {
  const storage = browser.storage.sync;
  if (!storage) {
    await saveSyncStatus({ enabled: false, quotaBytes: QUOTA_BYTES, notesLeftOut: 0, recordsLeftOut: 0 });
    return;
  }
  const engine = new SyncEngine({
    area: syncArea(storage),
    replica: createReplica(app, { load: loadSettings, update: updateSettings }),
    device: await deviceId(),
    initialStatus: await loadSyncStatus(),
    onStatus: (status) => void saveSyncStatus(status),
  });

  let stopWatching: (() => void) | undefined;
  const start = () => {
    const local = () => engine.schedule(LOCAL_DEBOUNCE_MS);
    const remote = (_changes: unknown, area: string) => {
      if (area === 'sync') engine.schedule(REMOTE_DEBOUNCE_MS);
    };
    const stops = [watchNoteChanges(local), watchTermsChanges(local), watchSettings(local)];
    browser.storage.onChanged.addListener(remote);
    stopWatching = () => {
      stops.forEach((stop) => stop());
      browser.storage.onChanged.removeListener(remote);
      engine.stop();
    };
    // At start-up: whatever changed on other devices (or here, before a crash) while the worker slept.
    engine.schedule(0);
  };
  const apply = (enabled: boolean) => {
    stopWatching?.();
    stopWatching = undefined;
    engine.setEnabled(enabled);
    if (enabled) start();
  };
  watchSyncEnabled(apply);
  apply(await isSyncEnabled());
}
