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

/**
 * Starts sync in the background. The storage listener is added before the
 * first await: an MV3 service worker woken by a storage.sync change hears the
 * event only if its listener was registered in the first turn.
 */
export function startSync(app: AppContext): Promise<void> {
  const storage = browser.storage.sync;
  if (!storage) return saveSyncStatus({ enabled: false, quotaBytes: QUOTA_BYTES, notesLeftOut: 0, recordsLeftOut: 0 });

  let engine: SyncEngine | undefined;
  let enabled = false;
  const cue = (delayMs: number) => {
    if (enabled) engine?.schedule(delayMs);
  };
  browser.storage.onChanged.addListener((_changes, area) => {
    if (area === 'sync') cue(REMOTE_DEBOUNCE_MS);
  });
  // The signals every write sends (lib/app), and settings changed in any page.
  const local = () => cue(LOCAL_DEBOUNCE_MS);
  watchNoteChanges(local);
  watchTermsChanges(local);
  watchSettings(local);

  return (async () => {
    engine = new SyncEngine({
      area: syncArea(storage),
      replica: createReplica(app, { load: loadSettings, update: updateSettings }),
      device: await deviceId(),
      initialStatus: await loadSyncStatus(),
      onStatus: (status) => void saveSyncStatus(status),
    });
    const apply = (on: boolean) => {
      enabled = on;
      engine?.setEnabled(on);
      // At start-up and when switched on: whatever changed on other devices, or here, meanwhile.
      if (on) engine?.schedule(0);
    };
    watchSyncEnabled(apply);
    apply(await isSyncEnabled());
  })();
}
