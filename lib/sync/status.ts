/**
 * The sync switch and status, in extension storage: the background's engine
 * writes the status, the options page shows it and flips the switch. Neither
 * is synced: whether this device syncs is this device's choice.
 */
import { browser } from 'wxt/browser';
import { readLocal, watchLocal, writeLocal } from '../local-storage';
import type { SyncStatus } from './engine';

const ENABLED_KEY = 'syncEnabled';
const STATUS_KEY = 'syncStatus';

/** On unless the reader switched it off. */
export async function isSyncEnabled(): Promise<boolean> {
  return (await readLocal(ENABLED_KEY)) !== false;
}

export const setSyncEnabled = (enabled: boolean): Promise<void> => writeLocal(ENABLED_KEY, enabled);

export const watchSyncEnabled = (onChange: (enabled: boolean) => void): (() => void) =>
  watchLocal(ENABLED_KEY, (value) => onChange(value !== false));

export const saveSyncStatus = (status: SyncStatus): Promise<void> => writeLocal(STATUS_KEY, status);

export async function loadSyncStatus(): Promise<SyncStatus | undefined> {
  return parseStatus(await readLocal(STATUS_KEY));
}

export const watchSyncStatus = (onChange: (status: SyncStatus | undefined) => void): (() => void) =>
  watchLocal(STATUS_KEY, (value) => onChange(parseStatus(value)));

/** The status as stored, or undefined when there is none yet (the engine has not run) or it is damaged. */
function parseStatus(value: unknown): SyncStatus | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const status = value as Partial<SyncStatus>;
  return typeof status.enabled === 'boolean' && typeof status.quotaBytes === 'number'
    ? (status as SyncStatus)
    : undefined;
}

/** Everything the options page's sync section needs (components/options/SyncSection.tsx). */
export function createSyncSectionData() {
  return {
    available: Boolean(browser.storage.sync),
    isEnabled: isSyncEnabled,
    setEnabled: setSyncEnabled,
    watchEnabled: watchSyncEnabled,
    loadStatus: loadSyncStatus,
    watchStatus: watchSyncStatus,
  };
}
