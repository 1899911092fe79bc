/**
 * Reading and watching single keys of `browser.storage.local`, with the
 * browser API alone. The content script uses this instead of
 * @wxt-dev/storage, whose versioning and metadata it does not need, so it
 * stays out of the script that runs in every frame of every page.
 */
import { browser } from 'wxt/browser';

export async function readLocal(key: string): Promise<unknown> {
  const stored = await browser.storage.local.get(key);
  return stored[key];
}

export async function writeLocal(key: string, value: unknown): Promise<void> {
  await browser.storage.local.set({ [key]: value });
}

/** Calls back with the new value (undefined when removed) whenever `key` is written; returns the unsubscribe. */
export function watchLocal(key: string, onChange: (value: unknown) => void): () => void {
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    const change = changes[key];
    if (area === 'local' && change) onChange(change.newValue);
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
