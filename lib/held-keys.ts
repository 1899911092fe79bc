/**
 * The keys held down in one document, so that an action triggered by a
 * shortcut can wait for the shortcut's release.
 *
 * Why: the note editor closes on Ctrl+Enter or Escape and hands focus back to
 * the card, whose host is in the page's DOM. Keys still held at that moment
 * are released there, and the page's capture listeners would hear their keyup
 * (any key event inside a shadow root is composed). Waiting for the release
 * keeps every event of the shortcut inside the editor's own frame.
 */
export interface HeldKeys {
  /** Runs `action` once no key is held: at once if none is. */
  whenReleased(action: () => void): void;
  /** Stops listening and drops a pending action: its document is going away. */
  dispose(): void;
}

/** macOS sends no keyup for keys pressed while ⌘ is down, so ⌘'s release releases them all. */
const RELEASES_ALL = 'Meta';

export function trackHeldKeys(target: Window): HeldKeys {
  const held = new Set<string>();
  let pending: Array<() => void> = [];

  const runPending = () => {
    const actions = pending;
    pending = [];
    for (const action of actions) action();
  };
  const onKeyDown = (event: KeyboardEvent) => held.add(event.code || event.key);
  const onKeyUp = (event: KeyboardEvent) => {
    if (event.key === RELEASES_ALL) held.clear();
    else held.delete(event.code || event.key);
    if (held.size === 0) runPending();
  };
  // Keys released while the document has no focus are never heard here: forget them.
  const onBlur = () => {
    held.clear();
    runPending();
  };
  // Capture: recorded before any handler of the shortcut itself can ask to wait.
  target.addEventListener('keydown', onKeyDown, true);
  target.addEventListener('keyup', onKeyUp, true);
  target.addEventListener('blur', onBlur);

  return {
    whenReleased(action) {
      if (held.size === 0) action();
      else pending.push(action);
    },
    dispose() {
      target.removeEventListener('keydown', onKeyDown, true);
      target.removeEventListener('keyup', onKeyUp, true);
      target.removeEventListener('blur', onBlur);
      held.clear();
      pending = [];
    },
  };
}
