/**
 * Keeps the content script's lifetime in its own hands.
 *
 * WXT ends a content script's context in two ways, and both need help here:
 *
 * 1. A newer instance of the same script announces itself with a DOM custom
 *    event on `document`, named `<extension id>:<entrypoint>:wxt:content-script-started`.
 *    Page scripts share that DOM: knowing the (public) extension id, a page can
 *    dispatch the event itself and silence the spotter. A newer instance can
 *    only exist after this one's extension context was invalidated (an update
 *    or reload; Chrome does not inject twice into one document otherwise), so
 *    the event is stopped before WXT's listener sees it while this context is
 *    still valid, and let through once it is not.
 * 2. After an update or reload the old script keeps running with a dead
 *    `browser.runtime`, and WXT only notices when something asks
 *    `ctx.isInvalid`. Until then its listeners would open cards whose requests
 *    throw "Extension context invalidated" into the page's console. The
 *    reader's first pointer or key event after the update asks, before the
 *    spotter's own listeners run, so the old script goes quiet instead.
 */
import { ContentScriptContext } from 'wxt/utils/content-script-context';

/**
 * The name WXT gives the event for this script, read from WXT itself (a private
 * static in its types) so the guard follows it if the naming changes.
 */
export function scriptStartedEventName(extensionId: string, entrypoint: string): string {
  const fromWxt = (ContentScriptContext as unknown as { SCRIPT_STARTED_MESSAGE_TYPE?: unknown })
    .SCRIPT_STARTED_MESSAGE_TYPE;
  return typeof fromWxt === 'string' ? fromWxt : `${extensionId}:${entrypoint}:wxt:content-script-started`;
}

/** The event types the spotter reacts to; each one first checks that the context is still alive. */
const INTERACTION_EVENTS = ['pointermove', 'pointerdown', 'keydown', 'focusin'] as const;

export function guardContentScriptContext(
  ctx: ContentScriptContext,
  startedEventName: string,
  target: Window = window,
): void {
  // Capture on window runs before any listener on document (where WXT listens), whatever the event's target.
  const stopForgedStart = (event: Event) => {
    if (ctx.isInvalid) return;
    event.stopImmediatePropagation();
  };
  target.addEventListener(startedEventName, stopForgedStart, { capture: true, signal: ctx.signal });

  // Reading ctx.isInvalid invalidates the context when the runtime is gone; aborting
  // removes every ctx-scoped listener, including the spotter's later ones for this same event.
  const checkAlive = () => void ctx.isInvalid;
  for (const type of INTERACTION_EVENTS) {
    target.addEventListener(type, checkAlive, { capture: true, passive: true, signal: ctx.signal });
  }
}
