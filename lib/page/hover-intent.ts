/**
 * Decides when the card opens and closes from pointer movement: it opens
 * once the pointer has rested on one term for the hover delay, and closes
 * only when the pointer has left both the term and the card for a moment,
 * so moving from the term into the card never closes it.
 */
import type { Spot, SpotRegistry } from './spots';

export interface HoverIntentOptions {
  /** Read at every hover, so a changed setting applies at once. */
  openDelayMs: () => number;
  closeDelayMs: number;
  onOpen(spot: Spot): void;
  /** The pointer came to rest on a term: a chance to fetch what the card will need. */
  onPending?(spot: Spot): void;
  onClose(): void;
  /** True while the pointer is over the card. */
  isOverCard(target: EventTarget | null): boolean;
}

export class HoverIntent {
  private pending: Spot | undefined;
  private openSpot: Spot | undefined;
  private openTimer: ReturnType<typeof setTimeout> | undefined;
  private closeTimer: ReturnType<typeof setTimeout> | undefined;
  private frameRequested = false;
  private lastPoint = { x: 0, y: 0, target: null as EventTarget | null };

  constructor(
    /** The registry may be replaced (spotting switched off and on again), so it is looked up each time. */
    private readonly registry: () => SpotRegistry | undefined,
    private readonly options: HoverIntentOptions,
  ) {}

  /** Pointer moves arrive far more often than frames; only the last one per frame is hit-tested. */
  readonly handlePointerMove = (event: PointerEvent): void => {
    this.lastPoint = { x: event.clientX, y: event.clientY, target: event.target };
    if (this.frameRequested) return;
    this.frameRequested = true;
    requestAnimationFrame(() => {
      this.frameRequested = false;
      this.evaluate();
    });
  };

  private evaluate(): void {
    const { x, y, target } = this.lastPoint;
    if (this.options.isOverCard(target)) {
      this.cancelClose();
      this.cancelOpen();
      return;
    }
    const spot = this.registry()?.spotAt(x, y);
    if (spot && spot === this.openSpot) {
      this.cancelClose();
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
        this.openTimer = setTimeout(() => this.open(spot), this.options.openDelayMs());
      }
    }
    if (this.openSpot && !spot) this.scheduleClose();
  }

  private open(spot: Spot): void {
    this.pending = undefined;
    this.cancelClose();
    this.openSpot = spot;
    this.options.onOpen(spot);
  }

  /**
   * Records a card opened by other means (keyboard, popup) as open on `spot`,
   * so the pointer leaving it closes it as usual, without calling onOpen again.
   */
  markOpen(spot: Spot): void {
    this.cancelOpen();
    this.cancelClose();
    this.openSpot = spot;
  }

  private scheduleClose(): void {
    if (this.closeTimer !== undefined) return;
    this.closeTimer = setTimeout(() => this.close(), this.options.closeDelayMs);
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
    this.pending = undefined;
  }

  private cancelClose(): void {
    clearTimeout(this.closeTimer);
    this.closeTimer = undefined;
  }
}
