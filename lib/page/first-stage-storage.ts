/**
 * The first stage's storage (first-stage.ts): the settings and the
 * published prefilter read in one `storage.local` call, and their changes.
 * Storage is the only extension API a child frame without terms touches.
 */
import { browser } from 'wxt/browser';
import { PUBLISHED_PREFILTER_KEY, parsePublishedPrefilter } from '../published-prefilter';
import { SETTINGS_KEY, parseSettings } from '../settings';
import type { StoredStart, StoredStartChange } from './first-stage';

export async function readStoredStart(): Promise<StoredStart> {
  const stored = await browser.storage.local.get([SETTINGS_KEY, PUBLISHED_PREFILTER_KEY]);
  return {
    settings: parseSettings(stored[SETTINGS_KEY]),
    prefilter: parsePublishedPrefilter(stored[PUBLISHED_PREFILTER_KEY]),
  };
}

export function watchStoredStart(onChange: (change: StoredStartChange) => void): () => void {
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area !== 'local') return;
    const settings = changes[SETTINGS_KEY];
    const prefilter = changes[PUBLISHED_PREFILTER_KEY];
    if (!settings && !prefilter) return;
    onChange({
      ...(settings && { settings: parseSettings(settings.newValue) }),
      ...(prefilter && { prefilter: parsePublishedPrefilter(prefilter.newValue) ?? null }),
    });
  };
  browser.storage.onChanged.addListener(listener);
  return () => {
    try {
      browser.storage.onChanged.removeListener(listener);
    } catch {
      // The extension's context died with the listener: nothing left to remove.
    }
  };
}
