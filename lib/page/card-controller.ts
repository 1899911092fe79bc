/**
 * Decides when the card opens, for which term, with which meanings first, and
 * when it goes: from the pointer (through HoverIntent), from the keyboard and
 * from the popup. It owns every piece of card-opening state; the card host
 * (card-host.tsx, loaded on demand) only draws what it is told.
 *
 * A hovered card is drawn hidden about a frame before the delay ends and
 * shown in the frame nearest its end (see hover-intent.ts); from the keyboard
 * or the popup it is drawn and shown at once.
 *
 * Touch (and a pen that does not hover) has no hover: a tap on a term opens its
 * card at once, a tap anywhere else or a swipe closes it (tap-gesture.ts). A
 * term inside a link or button follows one rule: the first tap opens the card,
 * which offers "Open link" ("Press button"), and a second tap on the term while
 * its card is open reaches the link as usual. So every underlined term answers a
 * tap the same way, and the link is always one tap further.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { CardData } from '@/lib/page/card-data';
import type { RankedCandidate } from '../ranking';
import { rankMeanings, type RankingIndex } from './mention-context';
import { CARD_OPEN_MARK, type CardHost, type CardModule, type PageControl } from './card-contract';
import { cachedCardData, DetailCache } from './detail-cache';
import { HoverIntent } from './hover-intent';
import type { Spot, SpotRegistry } from './spots';
import { TapGesture } from './tap-gesture';

/** How long the pointer may be off both the term and the card before the card closes. */
const CLOSE_DELAY_MS = 300;
/** The click a tap produces follows its pointerup at once; one arriving later is another click. */
const TAP_CLICK_WINDOW_MS = 1000;
/** What a tap on a term inside it would activate, rather than open the card. */
const PAGE_CONTROLS = 'a[href], button, [role="button"], [role="link"], summary';

export type { RankingIndex } from './mention-context';

export interface CardControllerOptions {
  /** The current spots; replaced when spotting is switched off and on again, so looked up each time. */
  registry(): SpotRegistry | undefined;
  /** What ranks the meanings of an ambiguous term: the current term index's links, their specificity and periods. */
  ranking(): RankingIndex;
  /** Read at every hover, so a changed setting applies at once. */
  hoverDelayMs(): number;
  /** Loads the card's code (card-loader.ts); the first opening of a page waits for it. */
  loadCardModule(): Promise<CardModule>;
  /** Where the card reads entries and writes notes (through a cache kept here). */
  cardData: CardData;
  /** The article's publication day, if the page states one. */
  articleDate: string | undefined;
  document: Document;
}

/** The part of the content script's context the controller uses: its lifetime and its listeners. */
export type CardControllerContext = Pick<ContentScriptContext, 'isInvalid' | 'signal' | 'addEventListener'>;

interface CardOpening {
  spot: Spot;
  /** Shown, or to be shown as soon as it is drawn. */
  visible: boolean;
  /** Rendered into the card host (hidden unless `visible`). */
  drawn: boolean;
  /** Opened from the keyboard: the card takes focus and gives it back on Escape. */
  fromKeyboard: boolean;
  /** Opened by a tap on a term inside this link or button, which the card then offers. */
  pageControl?: Element;
  /** Opened by a tap. */
  byTap?: boolean;
}

export class CardController {
  private readonly hover: HoverIntent;
  private readonly details: DetailCache;
  private readonly cardData: CardData;
  private card: CardHost | undefined;
  private cardHostPromise: Promise<CardHost> | undefined;
  /**
   * The card being opened. Replaced or cleared by every opening and closing,
   * so an opening that waited for the card's code knows whether it is still wanted.
   */
  private opening: CardOpening | undefined;
  /** A card is on the reader's screen (drawn and not hidden). */
  private cardOnScreen = false;
  /** Where keyboard focus was before the card took it, to give it back on Escape. */
  private focusBeforeCard: Element | null = null;
  private listening = false;
  private readonly tap = new TapGesture();
  /** The link or button whose click, produced by the tap that opened a card instead, must not reach the page. */
  private swallowClick: { control: Element; until: number } | undefined;

  constructor(
    private readonly ctx: CardControllerContext,
    private readonly options: CardControllerOptions,
  ) {
    this.details = new DetailCache((entryId) => options.cardData.loadDetail(entryId));
    this.cardData = cachedCardData(options.cardData, this.details);
    this.hover = new HoverIntent(options.registry, {
      openDelayMs: options.hoverDelayMs,
      closeDelayMs: CLOSE_DELAY_MS,
      onPending: (spot) => this.prefetch(spot),
      onPrepare: (spot) => this.prepareCard(spot),
      onOpen: (spot, delayEnd) => this.showPreparedCard(spot, delayEnd),
      onDiscard: () => this.discardPreparedCard(),
      onClose: () => this.closeCard(),
      isOverCard: (target) => this.card?.contains(target) ?? false,
    });
  }

  /** Adds the listeners for hover, clicks and keys, once; they do nothing while there are no spots. */
  listen(): void {
    if (this.listening) return;
    this.listening = true;
    const { ctx, hover } = this;
    const { document } = this.options;
    ctx.addEventListener(
      document,
      'pointermove',
      (event) => {
        // A finger on the glass is not a hover: moving it scrolls or selects.
        if (event.pointerType !== 'touch') hover.handlePointerMove(event);
      },
      { passive: true, capture: true },
    );
    // All passive: a touch is never held up or prevented, so scrolling and the browser's
    // long-press selection work as on any page.
    ctx.addEventListener(
      document,
      'pointerdown',
      (event) => {
        if (taps(event)) this.tap.down(event);
        else if (this.cardOnScreen && !this.card?.contains(event.target)) hover.close();
      },
      { passive: true, capture: true },
    );
    for (const type of ['pointerup', 'pointercancel'] as const) {
      ctx.addEventListener(document, type, (event) => this.endTouch(event), { passive: true, capture: true });
    }
    // Not passive: the one event this controller may cancel is the click of a tap that opened a card.
    ctx.addEventListener(document.defaultView ?? window, 'click', (event) => this.maybeSwallowClick(event), {
      capture: true,
    });
    ctx.addEventListener(
      document.defaultView ?? window,
      'keydown',
      (event) => {
        // Also during the delay: a card about to open is as unwanted as an open one.
        if (event.key === 'Escape' && (this.cardOnScreen || hover.pendingSpot)) hover.dismiss();
      },
      { capture: true },
    );
  }

  private endTouch(event: PointerEvent): void {
    if (!taps(event)) return;
    const end = this.tap.end(event);
    if (!end) return;
    if (end.kind === 'gesture') {
      // A swipe or scroll of the page closes the card; one inside the card scrolls the card.
      if (this.cardOnScreen && !this.card?.contains(end.startTarget)) this.hover.close();
      return;
    }
    if (this.card?.contains(end.target)) return;
    const spot = this.options.registry()?.spotAt(end.x, end.y);
    if (!spot) {
      this.hover.close();
      return;
    }
    // A second tap on the term of the open card goes to the page: its link or button works as usual.
    if (this.cardOnScreen && this.opening?.spot === spot) return;
    const control = spot.node.parentElement?.closest(PAGE_CONTROLS) ?? undefined;
    if (control) this.swallowClick = { control, until: event.timeStamp + TAP_CLICK_WINDOW_MS };
    this.hover.markOpen(spot);
    performance.mark(CARD_OPEN_MARK);
    this.startOpening(
      { spot, visible: true, drawn: false, fromKeyboard: false, byTap: true, pageControl: control },
      false,
    );
  }

  private maybeSwallowClick(event: MouseEvent): void {
    const swallow = this.swallowClick;
    this.swallowClick = undefined;
    if (!swallow || event.timeStamp > swallow.until || !(event.target instanceof Node)) return;
    if (!swallow.control.contains(event.target)) return;
    event.preventDefault();
    event.stopImmediatePropagation();
  }

  /** The card offers the link or button its tapped term sits in; the card goes before it is used. */
  private offeredControl(control: Element | undefined): PageControl | undefined {
    if (!control) return undefined;
    const kind = control.matches('a[href], [role="link"]') ? 'link' : 'button';
    return {
      kind,
      activate: () => {
        this.hover.close();
        // This click is the reader's own choice, whatever a tap just before it asked to swallow.
        this.swallowClick = undefined;
        if (control instanceof HTMLElement) control.click();
      },
    };
  }

  /** Closes the card, or cancels one in its delay (spotting switched off, terms changed). */
  close(): void {
    this.hover.close();
  }

  /** Entries or aliases changed: fetched details may be out of date. */
  forgetDetails(): void {
    this.details.clear();
  }

  /**
   * Opens the card of `spot` at once, with keyboard focus in it (a keyboard
   * shortcut or the popup asked). The pointer leaving the term closes it as usual.
   */
  openFromKeyboard(spot: Spot): void {
    this.hover.markOpen(spot);
    performance.mark(CARD_OPEN_MARK);
    this.startOpening({ spot, visible: true, drawn: false, fromKeyboard: true }, false);
  }

  /**
   * The meanings of the term, best first: the one place the card's candidates
   * are ranked, by the entries spotted on the page and the current term index's links.
   */
  private rankedCandidates(spot: Spot): string[] {
    return this.rankedMeanings(spot).map((meaning) => meaning.id);
  }

  /** Ranked by the names around this mention (its paragraph first, sidebars not at all) and the article's date. */
  private rankedMeanings(spot: Spot): RankedCandidate[] {
    return rankMeanings(spot, this.options.registry()?.all() ?? [], this.options.ranking(), this.options.articleDate);
  }

  /**
   * Fetches the card's content during the hover delay, and loads the card's
   * code and creates its host if that has not happened yet: the delay (300 ms
   * by default) hides both.
   */
  private prefetch(spot: Spot): void {
    const details = this.rankedCandidates(spot).map((entryId) => this.details.get(entryId));
    for (const detail of details) detail.catch(() => undefined);
    if (this.card) return;
    // The first card drawn in a page costs tens of milliseconds more than the next ones (its code
    // runs for the first time, its stylesheet is parsed, its fonts resolved). Drawn hidden as soon
    // as it can be, that happens during this first delay rather than after it.
    void Promise.allSettled([this.cardHost(), ...details.slice(0, 1)]).then(() => {
      if (this.card || !this.cardHostPromise || this.hover.pendingSpot !== spot || this.opening) return;
      this.prepareCard(spot);
    });
  }

  private cardHost(): Promise<CardHost> {
    this.cardHostPromise ??= this.options.loadCardModule().then(
      (module) =>
        module.createCardHost({
          data: this.cardData,
          // The card's close button: the reader dismissed it, as with Escape.
          onCloseRequested: () => this.hover.dismiss(),
          signal: this.ctx.signal,
        }),
      (error: unknown) => {
        // Not loaded this time (the extension was just updated, say): the next hover tries again.
        this.cardHostPromise = undefined;
        throw error;
      },
    );
    return this.cardHostPromise;
  }

  private prepareCard(spot: Spot): void {
    // Already drawn (or waiting for the card's code) for this term: see prefetch().
    if (this.opening?.spot === spot && !this.opening.visible) return;
    this.startOpening({ spot, visible: false, drawn: false, fromKeyboard: false }, false);
  }

  /** Called in an animation-frame callback: what is shown now is in this frame's paint. */
  private showPreparedCard(spot: Spot, delayEnd: number): void {
    // The reader's wait is counted from the end of the delay they chose, not from this frame.
    performance.mark(CARD_OPEN_MARK, { startTime: delayEnd });
    const opening = this.opening;
    if (opening?.spot !== spot) {
      this.startOpening({ spot, visible: true, drawn: false, fromKeyboard: false }, true);
      return;
    }
    opening.visible = true;
    this.drawOpening(opening, true);
  }

  /** The pointer moved on before the prepared card was shown: it goes, never having been seen. */
  private discardPreparedCard(): void {
    const opening = this.opening;
    if (!opening || opening.visible) return;
    this.opening = undefined;
    if (opening.drawn) this.card?.hide();
  }

  private startOpening(opening: CardOpening, inAnimationFrame: boolean): void {
    this.opening = opening;
    if (this.card) return this.drawOpening(opening, inAnimationFrame);
    // The first card of this page: shown as soon as its code is loaded, if still wanted then.
    this.cardHost().then(
      (card) => {
        this.card ??= card;
        this.drawOpening(opening, false);
      },
      // The card's code could not be loaded; cardHost() lets the next opening try again.
      () => undefined,
    );
  }

  /** Draws the card for `opening` (hidden or not), or shows it if it was drawn hidden; nothing if no longer wanted. */
  private drawOpening(opening: CardOpening, inAnimationFrame: boolean): void {
    const card = this.card;
    if (!card || opening !== this.opening || this.ctx.isInvalid) return;
    if (opening.drawn) {
      if (opening.visible && !this.cardOnScreen) {
        this.cardOnScreen = true;
        card.reveal({ inAnimationFrame });
      }
      return;
    }
    // A card on screen stays until its replacement is shown: drawing the next one now would blank it early.
    if (!opening.visible && this.cardOnScreen) return;
    if (opening.fromKeyboard) this.focusBeforeCard = this.options.document.activeElement;
    const meanings = this.rankedMeanings(opening.spot);
    card.show(
      opening.spot.range,
      meanings.map((meaning) => meaning.id),
      {
        articleDate: this.options.articleDate,
        // Said only when there was a choice, and only what decided it.
        chosenBecause: meanings[0]?.reason?.kind === 'names' ? meanings[0].because : undefined,
        chosenBy: meanings[0]?.reason,
        takeFocus: opening.fromKeyboard,
        hidden: !opening.visible,
        inAnimationFrame,
        pageControl: this.offeredControl(opening.pageControl),
        bringTermIntoSight: opening.fromKeyboard || opening.byTap === true,
      },
    );
    opening.drawn = true;
    this.cardOnScreen = opening.visible;
  }

  private closeCard(): void {
    this.opening = undefined;
    this.cardOnScreen = false;
    const hadFocus = this.card?.hasFocus() ?? false;
    this.card?.hide();
    // Give focus back to where the reader was, but only if the card had taken it.
    if (hadFocus && this.focusBeforeCard instanceof HTMLElement) this.focusBeforeCard.focus({ preventScroll: true });
    this.focusBeforeCard = null;
  }
}

/**
 * Touch and pens answer taps. A pen that hovers opens cards by hover too (its
 * pointermove events are hover logic's, like a mouse's); its tap on that card's
 * term is then the second tap, which reaches the page.
 */
function taps(event: PointerEvent): boolean {
  return event.pointerType === 'touch' || event.pointerType === 'pen';
}
