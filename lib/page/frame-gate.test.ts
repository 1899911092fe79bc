/**
 * The frame gate on stand-ins for frames (the test DOM loads no frames): a
 * window is an EventTarget with a size, its `top`, and the element that holds
 * it in its parent's document. A parent of another origin is what a browser
 * shows of it: a null frameElement, and a window that throws on anything read
 * from it.
 */
import { describe, expect, test } from 'vitest';
import { frameVerdict, whenFrameWorthSpotting } from './frame-gate';

class StandInWindow extends EventTarget {
  top: Window;
  frameElement: Element | null = null;
  constructor(
    public innerWidth = 400,
    public innerHeight = 300,
    top?: Window,
  ) {
    super();
    this.top = top ?? (this as unknown as Window);
  }
}

/** A same-origin child of `parent`, in an iframe element with `attributes`. */
function childOf(parent: Window, attributes: Record<string, string> = {}, size = { width: 400, height: 300 }): Window {
  const child = new StandInWindow(size.width, size.height, parent.top!);
  const element = document.createElement('iframe');
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  Object.defineProperty(element, 'ownerDocument', { value: { defaultView: parent } });
  child.frameElement = element;
  return child as unknown as Window;
}

/** Reads of a window of another origin that a browser would have refused (with a thrown SecurityError). */
const refusedReads: string[] = [];

/** A window of another origin: reading anything but `top` throws, as in a browser. */
function otherOrigin(top: Window): Window {
  return new Proxy({} as Window, {
    get(_target, key) {
      if (key === 'top') return top;
      refusedReads.push(String(key));
      throw new DOMException(`Blocked a frame from accessing ${String(key)}`, 'SecurityError');
    },
  });
}

/** A frame whose parent is of another origin: its frameElement is null. */
function childOfOtherOrigin(top: Window): Window {
  return new StandInWindow(400, 300, top) as unknown as Window;
}

const topWindow = () => new StandInWindow() as unknown as Window;

describe('frameVerdict', () => {
  test('the top frame is spotted', () => {
    expect(frameVerdict(topWindow())).toBe('spot');
    expect(frameVerdict(window)).toBe('spot');
  });

  test('a visible same-origin frame is spotted, at any depth', () => {
    const top = topWindow();
    expect(frameVerdict(childOf(top))).toBe('spot');
    expect(frameVerdict(childOf(childOf(top)))).toBe('spot');
  });

  test('a frame whose parent is of another origin never is, told without a refused read', () => {
    refusedReads.length = 0;
    expect(frameVerdict(childOfOtherOrigin(otherOrigin(topWindow())))).toBe('never');
    // Each refused read costs an advert frame a SecurityError built with its message.
    expect(refusedReads).toEqual([]);
  });

  test('a frame inside a frame of another origin than the top never is, whatever its own origin', () => {
    const top = topWindow();
    // The middle frame is of another origin: it sees a null frameElement, and so does anything of the
    // top's origin inside it (its parent is of another origin); only a child of the middle's own origin reaches it.
    const middle = childOfOtherOrigin(top);
    expect(frameVerdict(childOf(middle))).toBe('never');
    expect(frameVerdict(childOfOtherOrigin(top))).toBe('never');
  });

  test.each(['google_ads_iframe_/1234/news_0', 'aswift_2', 'ad-slot-top', 'prebid-frame'])(
    'an ad slot named %s never is',
    (name) => {
      expect(frameVerdict(childOf(topWindow(), { id: name }))).toBe('never');
      expect(frameVerdict(childOf(topWindow(), { name }))).toBe('never');
    },
  );

  test('a tiny frame waits', () => {
    expect(frameVerdict(childOf(topWindow(), {}, { width: 1, height: 1 }))).toBe('wait');
  });
});

describe('whenFrameWorthSpotting', () => {
  test('a tiny frame starts once it is resized into view, and not if stopped first', async () => {
    const tiny = childOf(topWindow(), {}, { width: 0, height: 0 });
    const worth = whenFrameWorthSpotting(tiny, new AbortController().signal);
    Object.assign(tiny, { innerWidth: 640, innerHeight: 360 });
    tiny.dispatchEvent(new Event('resize'));
    await expect(worth).resolves.toBe(true);

    const hidden = childOf(topWindow(), {}, { width: 0, height: 0 });
    const stop = new AbortController();
    const waiting = whenFrameWorthSpotting(hidden, stop.signal);
    stop.abort();
    await expect(waiting).resolves.toBe(false);
  });
});
