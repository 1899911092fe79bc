/**
 * The first stage's storage (first-stage.ts): the settings and the
 * published prefilter read in one `storage.local` call, and their changes.
 * Storage is the only extension API a child frame without terms touches.
 */
import { browser } from 'wxt/browser';
import { PUBLISHED_PREFILTER_KEY, parsePublishedPrefilter } from '../published-prefilter';
import { watchLocal } from '../local-storage';
import { SETTINGS_KEY, parseSettings, watchSettings } from '../settings';
import { safeStop } from './safe-stop';
import type { StoredStart, StoredStartChange } from './first-stage';

export async function readStoredStart(): Promise<StoredStart> {
  const stored = await browser.storage.local.get([SETTINGS_KEY, PUBLISHED_PREFILTER_KEY]);
  return {
    settings: parseSettings(stored[SETTINGS_KEY]),
    prefilter: parsePublishedPrefilter(stored[PUBLISHED_PREFILTER_KEY]),
  };
}

export function watchStoredStart(onChange: (change: StoredStartChange) => void): () => void {
  const stopSettings = watchSettings((settings) => onChange({ settings }));
  const stopPrefilter = watchLocal(PUBLISHED_PREFILTER_KEY, (value) =>
    onChange({ prefilter: parsePublishedPrefilter(value) ?? null }),
  );
  // After an update the extension's context may be gone with the listeners: nothing left to remove then.
  return () => {
    safeStop(stopSettings)();
    safeStop(stopPrefilter)();
  };
}
