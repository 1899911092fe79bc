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
 * Checking `storage.local` guards the same way and touches only the one
 * namespace every frame needs anyway.
 */
import type { browser as wxtBrowser } from 'wxt/browser';

type ExtensionApi = typeof wxtBrowser;
const { browser: candidate, chrome } = globalThis as unknown as { browser?: unknown; chrome: ExtensionApi };

export const browser: ExtensionApi = hasStorage(candidate) ? candidate : chrome;

function hasStorage(api: unknown): api is ExtensionApi {
  return typeof (api as Partial<ExtensionApi> | undefined)?.storage?.local?.get === 'function';
}
