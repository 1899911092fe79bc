/**
 * Tells a tap from the other things a finger (or a pen that does not hover)
 * does on a page: a swipe or scroll, and a long-press, which the browser uses
 * to select text. Only a tap opens a card; the rest is left to the browser,
 * which is why nothing here ever calls preventDefault.
 */

/** How far a finger may drift between touching and lifting and still count as a tap (CSS px). */
export const TAP_SLOP_PX = 10;
/** Held longer than this, a touch is a long-press (text selection, the browser's own menu), not a tap. */
export const LONG_PRESS_MS = 500;

export type TouchEnd =
  /** A short touch that stayed in place: the reader means what is under it. */
  | { kind: 'tap'; x: number; y: number; target: EventTarget | null }
  /** A swipe, a scroll the browser took over, or a long-press. */
  | { kind: 'gesture'; startTarget: EventTarget | null };

interface TouchStart {
  pointerId: number;
  x: number;
  y: number;
  time: number;
  target: EventTarget | null;
}

export class TapGesture {
  private start: TouchStart | undefined;

  /** A touch or pen came down; a second finger makes the whole thing a gesture. */
  down(event: PointerEvent): void {
    if (this.start && this.start.pointerId !== event.pointerId) {
      this.start = { ...this.start, time: -Infinity };
      return;
    }
    this.start = {
      pointerId: event.pointerId,
      x: event.clientX,
      y: event.clientY,
      time: event.timeStamp,
      target: event.target,
    };
  }

  /** The touch ended (pointerup) or the browser took it over for scrolling or zooming (pointercancel). */
  end(event: PointerEvent): TouchEnd | undefined {
    const start = this.start;
    if (!start || start.pointerId !== event.pointerId) return undefined;
    this.start = undefined;
    const moved = Math.hypot(event.clientX - start.x, event.clientY - start.y);
    const isTap = event.type === 'pointerup' && moved <= TAP_SLOP_PX && event.timeStamp - start.time < LONG_PRESS_MS;
    return isTap
      ? { kind: 'tap', x: event.clientX, y: event.clientY, target: event.target }
      : { kind: 'gesture', startTarget: start.target };
  }
}
