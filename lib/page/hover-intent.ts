/**
 * Decides when the card opens and closes from pointer movement: it opens
 * once the pointer has rested on one term for the hover delay, and closes
 * only when the pointer has left both the term and the card for a moment,
 * so moving from the term into the card never closes it.
 *
 * Opening is timed to the display's frames. A timer that fires when the
 * delay ends lands at a random point of a frame, and the card it draws is
 * painted only at the next frame, up to a frame and the drawing later. So
 * the card is drawn, hidden, about a frame before the delay ends
 * (`onPrepare`), and shown in the frame nearest the delay's end (`onOpen`,
 * called from that frame's animation-frame callback): it appears within half
 * a frame of the delay the reader chose, with its work already done.
 */
import type { Spot, SpotRegistry } from './spots';

/**
 * One frame at 60 Hz, the usual display rate (headless Chromium's too). On a
 * faster display the card is drawn a few frames early and shown at most half
 * of this before the delay ends.
 */
export const FRAME_MS = 1000 / 60;

export interface HoverIntentOptions {
  /** Read at every hover, so a changed setting applies at once. */
  openDelayMs: () => number;
  closeDelayMs: number;
  /** The pointer came to rest on a term: a chance to fetch what the card will need. */
  onPending?(spot: Spot): void;
  /** About a frame before the delay ends: draw the card for `spot`, still hidden. */
  onPrepare?(spot: Spot): void;
  /**
   * The delay is over: show the card. Called in an animation-frame callback,
   * so what is shown now is in this frame's paint. `delayEnd` is when the
   * delay ended or will end, on the performance.now() clock (up to half a
   * frame later than now).
   */
  onOpen(spot: Spot, delayEnd: number): void;
  /**
   * The pointer moved on before the pending spot's card was shown: whatever
   * was drawn for it (by onPrepare, or earlier) must go, unseen.
   */
  onDiscard?(): void;
  onClose(): void;
  /** True while the pointer is over the card. */
  isOverCard(target: EventTarget | null): boolean;
}

export class HoverIntent {
  private pending: Spot | undefined;
  private openSpot: Spot | undefined;
  private openTimer: ReturnType<typeof setTimeout> | undefined;
  private openFrame: number | undefined;
  private closeTimer: ReturnType<typeof setTimeout> | undefined;
  private frameRequested = false;
  /** The term whose card the reader dismissed (Escape): it stays shut while the pointer stays on it. */
  private dismissed: Spot | undefined;
  private lastPoint = { x: 0, y: 0, target: null as EventTarget | null, time: 0 };

  constructor(
    /** The registry may be replaced (spotting switched off and on again), so it is looked up each time. */
    private readonly registry: () => SpotRegistry | undefined,
    private readonly options: HoverIntentOptions,
  ) {}

  /** Pointer moves arrive far more often than frames; only the last one per frame is hit-tested. */
  readonly handlePointerMove = (event: PointerEvent): void => {
    this.lastPoint = { x: event.clientX, y: event.clientY, target: event.target, time: eventTime(event) };
    if (this.frameRequested) return;
    this.frameRequested = true;
    requestAnimationFrame(() => {
      this.frameRequested = false;
      this.evaluate();
    });
  };

  private evaluate(): void {
    const { x, y, target, time } = this.lastPoint;
    if (this.options.isOverCard(target)) {
      this.cancelClose();
      this.cancelOpen();
      return;
    }
    const spot = this.registry()?.spotAt(x, y);
    if (this.dismissed) {
      if (spot === this.dismissed) return;
      this.dismissed = undefined;
    }
    if (spot && spot === this.openSpot) {
      this.cancelClose();
      // Back on the open card's term before another term's card was shown.
      this.cancelOpen();
      return;
    }
    if (spot !== this.pending) {
      this.cancelOpen();
      if (spot) {
        // The card of this term will replace the open one; a close scheduled on the way here
        // (pointer crossing a gap between two terms) must not fire meanwhile and cancel it.
        this.cancelClose();
        this.pending = spot;
        this.options.onPending?.(spot);
        // Counted from the pointer's move onto the term, not from this frame's look at it.
        const delayEnd = time + Math.max(0, this.options.openDelayMs());
        const prepareIn = Math.max(0, delayEnd - FRAME_MS - performance.now());
        this.openTimer = setTimeout(() => this.prepare(spot, delayEnd), prepareIn);
      }
    }
    if (this.openSpot && !spot) this.scheduleClose();
  }

  private prepare(spot: Spot, delayEnd: number): void {
    this.openTimer = undefined;
    this.options.onPrepare?.(spot);
    this.openAtFrame(spot, delayEnd);
  }

  /** Opens in the first frame that starts no more than half a frame before the delay's end. */
  private openAtFrame(spot: Spot, delayEnd: number): void {
    this.openFrame = requestAnimationFrame((frameTime) => {
      this.openFrame = undefined;
      if (frameTime + FRAME_MS / 2 < delayEnd && performance.now() < delayEnd) this.openAtFrame(spot, delayEnd);
      else this.open(spot, delayEnd);
    });
  }

  private open(spot: Spot, delayEnd: number): void {
    this.pending = undefined;
    this.cancelClose();
    this.openSpot = spot;
    this.options.onOpen(spot, delayEnd);
  }

  /** The term the pointer rests on whose card is not shown yet. */
  get pendingSpot(): Spot | undefined {
    return this.pending;
  }

  /**
   * Records a card opened by other means (keyboard, popup) as open on `spot`,
   * so the pointer leaving it closes it as usual, without calling onOpen again.
   */
  markOpen(spot: Spot): void {
    this.dismissed = undefined;
    this.cancelOpen();
    this.cancelClose();
    this.openSpot = spot;
  }

  private scheduleClose(): void {
    if (this.closeTimer !== undefined) return;
    this.closeTimer = setTimeout(() => this.close(), this.options.closeDelayMs);
  }

  /**
   * The reader asked for the card to go (Escape): closes it, or cancels one
   * still in its delay, and keeps that term's card shut until the pointer has
   * left the term, so the next small movement does not bring it back.
   */
  dismiss(): void {
    this.dismissed = this.openSpot ?? this.pending;
    this.close();
  }

  close(): void {
    this.cancelOpen();
    this.cancelClose();
    if (this.openSpot) {
      this.openSpot = undefined;
      this.options.onClose();
    }
  }

  private cancelOpen(): void {
    clearTimeout(this.openTimer);
    this.openTimer = undefined;
    if (this.openFrame !== undefined) cancelAnimationFrame(this.openFrame);
    this.openFrame = undefined;
    if (this.pending) {
      this.pending = undefined;
      this.options.onDiscard?.();
    }
  }

  private cancelClose(): void {
    clearTimeout(this.closeTimer);
    this.closeTimer = undefined;
  }
}

/**
 * When the pointer moved, on the performance.now() clock: the event's own
 * timestamp, which does not include the time the event waited behind other
 * work, unless it is not on that clock (some engines have used epoch times).
 */
function eventTime(event: Event): number {
  const now = performance.now();
  return event.timeStamp > 0 && event.timeStamp <= now ? event.timeStamp : now;
}
