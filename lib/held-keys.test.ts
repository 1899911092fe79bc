import { describe, expect, test, vi } from 'vitest';
import { trackHeldKeys } from './held-keys';

const press = (key: string, code = key) => window.dispatchEvent(new KeyboardEvent('keydown', { key, code }));
const release = (key: string, code = key) => window.dispatchEvent(new KeyboardEvent('keyup', { key, code }));

describe('keys held in a document', () => {
  test('an action asked for with no key held runs at once', () => {
    const keys = trackHeldKeys(window);
    const action = vi.fn();
    keys.whenReleased(action);
    expect(action).toHaveBeenCalledOnce();
    keys.dispose();
  });

  test('an action waits until every key of the shortcut is released, in any order', () => {
    const keys = trackHeldKeys(window);
    const action = vi.fn();
    press('Control', 'ControlLeft');
    press('Enter');
    keys.whenReleased(action);
    release('Enter');
    expect(action).not.toHaveBeenCalled();
    release('Control', 'ControlLeft');
    expect(action).toHaveBeenCalledOnce();
    keys.dispose();
  });

  test('releasing ⌘ releases the keys macOS never reports released', () => {
    const keys = trackHeldKeys(window);
    const action = vi.fn();
    press('Meta', 'MetaLeft');
    press('Enter');
    keys.whenReleased(action);
    release('Meta', 'MetaLeft');
    expect(action).toHaveBeenCalledOnce();
    keys.dispose();
  });

  test('the document losing focus forgets the held keys and runs the action', () => {
    const keys = trackHeldKeys(window);
    const action = vi.fn();
    press('Escape');
    keys.whenReleased(action);
    window.dispatchEvent(new Event('blur'));
    expect(action).toHaveBeenCalledOnce();
    keys.dispose();
  });

  test('after dispose nothing is tracked and a pending action never runs', () => {
    const keys = trackHeldKeys(window);
    const action = vi.fn();
    press('Escape');
    keys.whenReleased(action);
    keys.dispose();
    release('Escape');
    expect(action).not.toHaveBeenCalled();
  });
});
