/**
 * What the content script knows of the card without loading it: the card's
 * code (Preact, @floating-ui/dom, the components and their CSS) is a separate
 * module, content-scripts/card.js, imported on demand (see card-loader.ts).
 * Only types and a few constants live here, so the content script stays small.
 */
import type { CardData } from '@/lib/page/card-data';
import type { ChoiceReason } from '@/lib/ranking';

/**
 * The card module's path in the built extension: written there by wxt.config.ts,
 * listed in the manifest's web_accessible_resources, and imported by card-loader.ts.
 */
export const CARD_MODULE_PATH = 'content-scripts/card.js';

/** The element that hosts the card's closed shadow root; the scanner skips it. */
export const CARD_HOST_NAME = 'context-lens-card';

/**
 * User-timing marks around opening a card, read by bench/card.bench.ts: the
 * first at the end of the hover delay (pointer on the term + the delay; or
 * when the keyboard asks), the second once the entry's content was painted
 * visible (a task after the paint of the frame that showed it).
 */
export const CARD_OPEN_MARK = 'context-lens:card-open';
export const CARD_PAINTED_MARK = 'context-lens:card-painted';

export interface CardRevealOptions {
  /** Called in an animation-frame callback: this frame's paint shows the card. */
  inAnimationFrame?: boolean;
}

export interface CardShowOptions extends CardRevealOptions {
  /** The article's publication day, to split the timeline into before and since. */
  articleDate?: string;
  /**
   * The entries spotted around the term that put the first candidate first
   * (lib/ranking.ts explainRanking), most telling first: the reason the
   * card shows when the term has several meanings.
   */
  chosenBecause?: readonly string[];
  /** What else put the first candidate first: a word or a year next to the term, or the article's date. */
  chosenBy?: ChoiceReason;
  /** Move keyboard focus into the card (when it was opened from the keyboard). */
  takeFocus?: boolean;
  /**
   * Draw and place the card but keep it hidden until reveal(): not seen, not
   * hit by the pointer, not focusable, not announced. Used to do the card's
   * work during the hover delay.
   */
  hidden?: boolean;
  /**
   * The link or button the tapped term sits in. The tap opened the card
   * instead of following it, so the card offers to follow it.
   */
  pageControl?: PageControl;
  /**
   * Opened by a tap or the keyboard, not by hover: where the card is a bottom
   * sheet, the page may scroll to keep the term in sight above it (a hovered
   * term must stay under the pointer).
   */
  bringTermIntoSight?: boolean;
}

/** A link or button of the page, as the card offers it: "Open link" or "Press button". */
export interface PageControl {
  kind: 'link' | 'button';
  activate(): void;
}

/** Draws the card; when and for which term is decided by the CardController (card-controller.ts). */
export interface CardHost {
  show(anchor: Range, candidates: readonly string[], options?: CardShowOptions): void;
  /** Shows the card drawn hidden by show(…, { hidden: true }). */
  reveal(options?: CardRevealOptions): void;
  hide(): void;
  contains(target: EventTarget | null): boolean;
  hasFocus(): boolean;
}

export interface CardHostOptions {
  data: CardData;
  onCloseRequested(): void;
  /** Aborted when the content script is invalidated (extension updated or removed): the card goes away. */
  signal: AbortSignal;
}

/** The card module's exports. */
export interface CardModule {
  createCardHost(options: CardHostOptions): CardHost;
}
