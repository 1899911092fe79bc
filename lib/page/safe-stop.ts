/**
 * Unsubscribing from extension events after the extension's context may be
 * gone (an update or reload under the page). A module of its own so that the
 * content script's first stage can use it without context-guard.ts, which
 * brings WXT's ContentScriptContext (and its read of `runtime.id`) along.
 */

/**
 * An unsubscribe function that may run after the extension context is gone:
 * WXT's storage throws then ("must be loaded in a web extension environment"),
 * and there is nothing left to unsubscribe from anyway.
 */
export function safeStop(stop: (() => void) | undefined): () => void {
  return () => {
    try {
      stop?.();
    } catch {
      // The context died with the listener: nothing to remove.
    }
  };
}
