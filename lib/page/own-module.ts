/**
 * Imports one of the extension's own ES modules (built by the hook in
 * wxt.config.ts) into the content script's isolated world, once, the first
 * time it is needed: the card (card-loader.ts) and the spotting stage
 * (spotting-contract.ts).
 *
 * A module imported by a content script runs in that content script's world
 * (Chrome and Firefox), with its `browser` and its isolation from the page.
 * The file has to be web-accessible for that; in Chrome its URL is
 * per-session (`use_dynamic_url`), and runtime.getURL() gives that URL.
 */
import { browser } from 'wxt/browser';

/** A loader of the module at `path` (relative to the extension's root) that must export `entry` as a function. */
export function ownModuleLoader<Module extends object>(
  path: string,
  entry: keyof Module & string,
): () => Promise<Module> {
  let loading: Promise<Module> | undefined;
  return () => {
    // The address is the extension's own file, made by runtime.getURL from a constant path.
    // eslint-disable-next-line no-unsanitized/method
    loading ??= import(/* @vite-ignore */ browser.runtime.getURL(`/${path}` as '/')).then(
      (module: Partial<Module>) => {
        if (typeof module[entry] !== 'function') throw new Error(`${path} has no ${entry}`);
        return module as Module;
      },
      (error: unknown) => {
        // Not remembered, so a later attempt can succeed.
        loading = undefined;
        throw error;
      },
    );
    return loading;
  };
}
