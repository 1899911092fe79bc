/**
 * Which frames are worth spotting, decided in the frame before any message:
 * the content script runs in every frame (a manifest cannot choose), and
 * most child frames of a news page are adverts, trackers and widgets.
 *
 * - The top frame always is.
 * - A frame with another origin than the top page, or than any frame
 *   between them, never is (cross-origin frames are mostly adverts and
 *   widgets; each would hold its own matcher).
 * - A frame named like an ad slot never is: ad scripts fill same-origin
 *   about:blank frames, which nothing else tells apart.
 * - A frame the reader cannot see (display:none, or smaller than
 *   MIN_FRAME_SIDE on a side: tracking pixels, preloaded widgets) waits
 *   until it is resized into view, which costs one resize listener.
 */

/** Frames smaller than this on either side hold no text anyone reads. */
export const MIN_FRAME_SIDE = 50;

/** Element ids and names of the ad slots of the common ad servers (Google's GPT and AdSense, Prebid, Amazon). */
const AD_FRAME_NAME =
  /^(google_ads_iframe|aswift_|google_esf|__tcfapi|__uspapi|__gpp|apstag|prebid|ad[_-]?(frame|iframe|slot))/i;

export type FrameVerdict = 'spot' | 'never' | 'wait';

export function frameVerdict(frame: Window): FrameVerdict {
  if (frame.top === frame) return 'spot';
  if (!isSameOriginAsTop(frame)) return 'never';
  const element = frame.frameElement;
  if (element && AD_FRAME_NAME.test(element.id || element.getAttribute('name') || '')) return 'never';
  return isVisibleSize(frame) ? 'spot' : 'wait';
}

/**
 * Whether every frame from `frame` up to the top shares its origin, asked
 * without touching anything across an origin: `frameElement` is null when the
 * parent is of another origin (or opaque, as in a sandbox), where reading the
 * top's address would throw. A thrown SecurityError is not free: Chrome builds
 * the exception and its message in every advertising frame, the most common
 * frame of all.
 */
function isSameOriginAsTop(frame: Window): boolean {
  for (let current = frame; current.top !== current;) {
    const parent = current.frameElement?.ownerDocument.defaultView;
    if (!parent) return false;
    current = parent;
  }
  return true;
}

function isVisibleSize(frame: Window): boolean {
  return frame.innerWidth >= MIN_FRAME_SIDE && frame.innerHeight >= MIN_FRAME_SIDE;
}

/**
 * Resolves true once `frame` is worth spotting: at once, or when a hidden
 * or tiny frame is resized into view; false for a frame that never is (or
 * when `signal` aborts first).
 */
export function whenFrameWorthSpotting(frame: Window, signal: AbortSignal): Promise<boolean> {
  const verdict = frameVerdict(frame);
  if (verdict !== 'wait') return Promise.resolve(verdict === 'spot');
  return new Promise((resolve) => {
    const stop = new AbortController();
    const done = (worth: boolean) => {
      stop.abort();
      resolve(worth);
    };
    signal.addEventListener('abort', () => done(false), { signal: stop.signal });
    // A frame's window is resized whenever its element is, display:none to shown included.
    frame.addEventListener(
      'resize',
      () => {
        if (isVisibleSize(frame)) done(true);
      },
      { signal: stop.signal },
    );
  });
}
