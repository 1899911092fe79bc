/**
 * The extension API object of the content script's own bundle, which
 * wxt.config.ts puts in place of `wxt/browser` there: Firefox's `browser`,
 * Chrome's `browser` (which Chrome has had since version 136, promise-based
 * like `chrome` in MV3), or Chrome's `chrome`.
 *
 * @wxt-dev/browser makes the same choice by reading `browser.runtime.id`, which
 * guards against a page element with id="browser" (window's named access
 * reaches the isolated world) but is the frame's first touch of `runtime`,
 * and Chrome sets up each API namespace on first touch, at about a millisecond
 * per frame: the largest single cost of a page without terms (issue 17).
 * Asking whether the candidate has a `storage` property guards the same way
 * (an element or a collection has none) and sets up nothing: `in` does not
 * call the lazy getter, where reading `browser.storage` would.
 *
 * The choice is made at the first use, not when the script loads: a frame the
 * first stage leaves at once (cross-origin, an ad slot, no text) then touches
 * no extension API at all.
 */
import type { browser as wxtBrowser } from 'wxt/browser';

type ExtensionApi = typeof wxtBrowser;

let chosen: ExtensionApi | undefined;

function extensionApi(): ExtensionApi {
  if (chosen) return chosen;
  const { browser: candidate, chrome } = globalThis as unknown as { browser?: unknown; chrome: ExtensionApi };
  return (chosen = hasStorage(candidate) ? candidate : chrome);
}

function hasStorage(api: unknown): api is ExtensionApi {
  return typeof api === 'object' && api !== null && 'storage' in api;
}

/** Each namespace (`browser.storage`, `browser.runtime`) is the chosen API's, looked up when it is read. */
export const browser = new Proxy({} as ExtensionApi, {
  get: (_target, namespace) => extensionApi()[namespace as keyof ExtensionApi],
});
