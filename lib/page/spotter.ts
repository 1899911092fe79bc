/**
 * The content script's work on one document: fetch the term index once,
 * match the reading text, underline what was found, open the card on hover
 * or from the keyboard, answer the popup's questions about the page, and
 * follow the reader's settings live.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { CardData } from '@/components/Card';
import { matcherFromCompiled } from '../matcher/compiled';
import type { Matcher } from '../matcher/matcher';
import type { PageTermIndex } from '../model';
import {
  parsePageRequest,
  type PageProtocolMap,
  type PageRequests,
  type PageRequestType,
  type PageTermsReport,
} from '../messaging/page-protocol';
import { explainRanking, rankCandidates, type RankedCandidate } from '../ranking';
import { mentionNeighbours } from './mention-context';
import { isActiveOn, type Settings } from '../settings';
import { safeStop } from './context-guard';
import { CARD_HOST_NAME, CARD_OPEN_MARK, type CardHost, type CardModule } from './card-contract';
import { HoverIntent } from './hover-intent';
import { findPublicationDate } from './published-date';
import { PageScanner } from './scanner';
import { yieldToBrowser } from './slices';
import { SpotRegistry, type Spot } from './spots';
import { DetailCache } from './detail-cache';

const SIGHTINGS_REPORT_DELAY_MS = 2000;
type PageHandler<T extends PageRequestType> = (data: unknown) => ReturnType<PageProtocolMap[T]>;

export interface SpotterDependencies {
  /** The compiled term index, or null when `knownVersion` is still current. */
  fetchTermIndex(knownVersion: string | null): Promise<PageTermIndex | null>;
  /** Calls back when entries or aliases changed anywhere (own entry saved, pack imported). */
  watchTermsChanges?(onChange: () => void): () => void;
  /** Tells the background which entries this page mentions, for the "seen on" memory. */
  reportSightings?(title: string, entryIds: string[]): Promise<unknown>;
  cardData: CardData;
  /**
   * Loads the card's code (a separate module, see card-loader.ts). Called
   * when a card may be about to open, so it is ready when the hover delay ends.
   */
  loadCardModule(): Promise<CardModule>;
  loadSettings(): Promise<Settings>;
  watchSettings(onChange: (settings: Settings) => void): () => void;
  /** Registers a handler for requests from the extension's own pages (sender checks happen there). */
  onPageRequest<T extends PageRequestType>(type: T, handler: PageHandler<T>): void;
}

export class Spotter {
  private settings!: Settings;
  /** The term index received, until its matcher is decoded; then only its version and links are kept. */
  private index: PageTermIndex | undefined;
  private matcher: Matcher | undefined;
  private registry: SpotRegistry | undefined;
  private scanner: PageScanner | undefined;
  private scanAbort: AbortController | undefined;
  private card: CardHost | undefined;
  private hover: HoverIntent | undefined;
  /** Where keyboard focus was before the card took it, to give it back on Escape. */
  private focusBeforeCard: Element | null = null;
  private keyboardCursor = -1;
  /** Entries already reported for "seen on" from this page, so each is sent once. */
  private readonly reported = new Set<string>();
  private reportTimer: number | undefined;
  readonly articleDate: string | undefined;
  private readonly details: DetailCache;
  private readonly cardData: CardData;

  constructor(
    private readonly ctx: ContentScriptContext,
    private readonly deps: SpotterDependencies,
    private readonly document: Document = window.document,
  ) {
    this.articleDate = findPublicationDate(this.document);
    const source = deps.cardData;
    const details = new DetailCache((entryId) => source.loadDetail(entryId));
    this.details = details;
    // The card reads through the cache; a note written anywhere makes the cached copy stale.
    const afterWrite = async (write: Promise<void>) => {
      await write;
      details.clear();
    };
    this.cardData = {
      loadDetail: (entryId) => details.get(entryId),
      peekDetail: (entryId) => details.peek(entryId),
      addNote: (entryId, text) => afterWrite(source.addNote(entryId, text)),
      updateNote: (noteId, text) => afterWrite(source.updateNote(noteId, text)),
      deleteNote: (noteId) => afterWrite(source.deleteNote(noteId)),
      noteEditor: source.noteEditor,
      watchNoteChanges: source.watchNoteChanges
        ? (onChange) =>
            safeStop(
              source.watchNoteChanges!((entryId) => {
                details.invalidate(entryId);
                onChange(entryId);
              }),
            )
        : undefined,
    };
  }

  async start(): Promise<void> {
    // Cross-origin frames are mostly adverts and widgets; each would hold its own matcher.
    if (isCrossOriginFrame()) return;
    this.settings = await this.deps.loadSettings();
    // The popup's questions go to every frame of a tab and the first answer wins, so only the top frame answers.
    if (window.top === window) this.registerPageRequests();
    const stopWatchingSettings = this.deps.watchSettings((settings) => void this.applySettings(settings));
    const stopWatchingTerms = this.deps.watchTermsChanges?.(() => void this.refreshTerms());
    this.ctx.onInvalidated(() => {
      // Underlines first: after an update the unsubscribes below may find the runtime gone.
      this.deactivate();
      safeStop(stopWatchingSettings)();
      safeStop(stopWatchingTerms)();
    });
    if (this.isActive) await this.activate();
  }

  get isActive(): boolean {
    return isActiveOn(this.settings, this.document.location?.hostname ?? '');
  }

  /** Resolves when every queued change has been scanned. */
  async idle(): Promise<void> {
    await this.scanner?.idle();
  }

  private async applySettings(settings: Settings): Promise<void> {
    const wasActive = this.isActive;
    this.settings = settings;
    if (wasActive && !this.isActive) return this.deactivate();
    if (!wasActive && this.isActive) return this.activate();
    this.registry?.setStyle(settings.underlineStyle);
    this.registry?.setFirstMentionOnly(settings.firstMentionOnly);
  }

  /** Fetches a newer term index if there is one and spots the page again with it. */
  private async refreshTerms(): Promise<void> {
    const newer = await this.deps.fetchTermIndex(this.index?.version ?? null);
    if (!newer || this.ctx.isInvalid) return;
    this.index = newer;
    this.matcher = undefined;
    this.details.clear();
    if (this.isActive) {
      this.deactivate();
      await this.activate();
    }
  }

  private async activate(): Promise<void> {
    this.index ??= (await this.deps.fetchTermIndex(null)) ?? undefined;
    if (!this.index || this.ctx.isInvalid || !this.isActive) return;
    if (!this.matcher) {
      // The background compiled the matcher; decoding its tables takes a few milliseconds, in a task of its own
      // rather than the one that delivered the message.
      await yieldToBrowser();
      if (this.ctx.isInvalid || !this.isActive) return;
      this.matcher = matcherFromCompiled(this.index.matcher);
      // The matcher holds its tables; the encoded copy would only double the memory.
      this.index = { ...this.index, matcher: { ...this.index.matcher, data: '', entryIds: [] } };
    }
    const registry = new SpotRegistry(this.settings.underlineStyle);
    registry.setFirstMentionOnly(this.settings.firstMentionOnly);
    this.registry = registry;
    this.scanAbort = new AbortController();
    this.ensureInteraction();
    const root = this.document.body ?? this.document.documentElement;
    this.scanner = new PageScanner(root, this.matcher, registry, {
      ownHostName: CARD_HOST_NAME,
      signal: AbortSignal.any([this.ctx.signal, this.scanAbort.signal]),
      onScanned: () => this.scheduleSightingsReport(),
    });
    await this.scanner.start();
  }

  private deactivate(): void {
    this.hover?.close();
    this.scanAbort?.abort();
    this.scanner = undefined;
    this.registry?.dispose();
    this.registry = undefined;
  }

  /**
   * Reports newly spotted entries a little after scanning settles, so an
   * infinite-scroll page sends one message per burst, not one per batch.
   */
  private scheduleSightingsReport(): void {
    if (!this.deps.reportSightings) return;
    clearTimeout(this.reportTimer);
    this.reportTimer = this.ctx.setTimeout(() => {
      const fresh = [...(this.registry?.entryIds() ?? [])].filter((id) => !this.reported.has(id));
      if (fresh.length === 0 || !this.isActive) return;
      for (const id of fresh) this.reported.add(id);
      this.deps.reportSightings?.(this.document.title, fresh).catch(() => {
        // Not remembered this time (worker restarting): try again with the next report.
        for (const id of fresh) this.reported.delete(id);
      });
    }, SIGHTINGS_REPORT_DELAY_MS);
  }

  /** Listeners for hover, clicks and keys, added once; they do nothing while inactive. */
  private ensureInteraction(): void {
    if (this.hover) return;
    const hover = new HoverIntent(() => this.registry, {
      openDelayMs: () => this.settings.hoverDelayMs,
      closeDelayMs: 300,
      onPending: (spot) => this.prefetch(spot),
      onPrepare: (spot) => this.prepareCard(spot),
      onOpen: (spot, delayEnd) => this.showPreparedCard(spot, delayEnd),
      onDiscard: () => this.discardPreparedCard(),
      onClose: () => this.closeCard(),
      isOverCard: (target) => this.card?.contains(target) ?? false,
    });
    this.hover = hover;
    const { ctx, document } = this;
    ctx.addEventListener(document, 'pointermove', hover.handlePointerMove, { passive: true, capture: true });
    ctx.addEventListener(
      document,
      'pointerdown',
      (event) => {
        if (this.card?.isOpen && !this.card.contains(event.target)) hover.close();
      },
      { capture: true },
    );
    ctx.addEventListener(
      window,
      'keydown',
      (event) => {
        // Also during the delay: a card about to open is as unwanted as an open one.
        if (event.key === 'Escape' && (this.card?.isOpen || hover.pendingSpot)) hover.dismiss();
      },
      { capture: true },
    );
  }

  private rankedCandidates(spot: Spot): string[] {
    return this.rankedMeanings(spot).map((meaning) => meaning.id);
  }

  private rankedMeanings(spot: Spot): RankedCandidate[] {
    return explainRanking(
      spot.entryIds,
      this.index?.links ?? {},
      mentionNeighbours(spot, this.registry?.all() ?? []),
      this.index?.specificity,
      { articleYear: this.articleDate ? Number(this.articleDate.slice(0, 4)) : undefined, since: this.index?.since },
    );
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
      if (this.card || !this.cardHostPromise || this.hover?.pendingSpot !== spot || this.opening) return;
      this.prepareCard(spot);
    });
  }

  private cardHostPromise: Promise<CardHost> | undefined;
  private cardHost(): Promise<CardHost> {
    this.cardHostPromise ??= this.deps.loadCardModule().then(
      (module) =>
        module.createCardHost({
          data: this.cardData,
          // The card's close button: the reader dismissed it, as with Escape.
          onCloseRequested: () => this.hover?.dismiss(),
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

  /**
   * The card being opened. From a hover it is drawn hidden about a frame
   * before the delay ends and shown in the frame nearest its end (see
   * hover-intent.ts); from the keyboard or the popup it is shown at once.
   * Replaced or cleared by every opening and closing, so an opening that
   * waited for the card's code knows whether it is still wanted.
   */
  private opening: CardOpening | undefined;

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

  /** From the keyboard or the popup: no delay to hide the drawing in, so the card is drawn and shown at once. */
  private openCardFromKeyboard(spot: Spot): void {
    performance.mark(CARD_OPEN_MARK);
    this.startOpening({ spot, visible: true, drawn: false, fromKeyboard: true }, false);
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
      if (opening.visible) card.reveal({ inAnimationFrame });
      return;
    }
    // A card on screen stays until its replacement is shown: drawing the next one now would blank it early.
    if (!opening.visible && card.isOpen) return;
    if (opening.fromKeyboard) this.focusBeforeCard = this.document.activeElement;
    const meanings = this.rankedMeanings(opening.spot);
    card.show(
      opening.spot.range,
      meanings.map((meaning) => meaning.id),
      {
        articleDate: this.articleDate,
        chosenBecause: meanings.length > 1 ? meanings[0]!.because : undefined,
        takeFocus: opening.fromKeyboard,
        hidden: !opening.visible,
        inAnimationFrame,
      },
    );
    opening.drawn = true;
  }

  private closeCard(): void {
    this.opening = undefined;
    const hadFocus = this.card?.hasFocus() ?? false;
    this.card?.hide();
    // Give focus back to where the reader was, but only if the card had taken it.
    if (hadFocus && this.focusBeforeCard instanceof HTMLElement) this.focusBeforeCard.focus({ preventScroll: true });
    this.focusBeforeCard = null;
  }

  /** The painted spots in document order (mutations can add spots out of order). */
  private shownSpots(): Spot[] {
    const spots = this.registry?.all().filter((spot) => spot.shown) ?? [];
    return spots.sort((a, b) => {
      if (a.node === b.node) return a.start - b.start;
      return a.node.compareDocumentPosition(b.node) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
    });
  }

  private reveal(spot: Spot): void {
    spot.node.parentElement?.scrollIntoView({ block: 'center', behavior: 'instant' });
    this.hover?.markOpen(spot);
    this.openCardFromKeyboard(spot);
  }

  private registerPageRequests(): void {
    const handle = <T extends PageRequestType>(
      type: T,
      run: (data: PageRequests[T]) => ReturnType<PageProtocolMap[T]>,
    ) => this.deps.onPageRequest(type, (data) => run(parsePageRequest(type, data)));

    handle('getPageTerms', (): PageTermsReport => {
      const summaries = this.registry?.summarise() ?? [];
      const onPage = this.registry?.entryIds() ?? new Set<string>();
      return {
        url: this.document.location.href,
        hostname: this.document.location.hostname,
        title: this.document.title,
        active: this.isActive,
        terms: summaries.map((summary) => ({
          entryIds: rankCandidates(summary.entryIds, this.index?.links ?? {}, onPage, this.index?.specificity),
          text: summary.text,
          count: summary.count,
        })),
      };
    });
    handle('revealTerm', ({ entryId }) => {
      const spot = this.shownSpots().find((candidate) => candidate.entryIds.includes(entryId));
      if (!spot) return false;
      this.reveal(spot);
      return true;
    });
    handle('moveToTerm', ({ direction }) => {
      const spots = this.shownSpots();
      if (spots.length === 0) return false;
      const step = direction === 'next' ? 1 : -1;
      this.keyboardCursor = (this.keyboardCursor + step + spots.length) % spots.length;
      const spot = spots[this.keyboardCursor];
      if (!spot) return false;
      this.reveal(spot);
      return true;
    });
  }
}

interface CardOpening {
  spot: Spot;
  /** Shown, or to be shown as soon as it is drawn. */
  visible: boolean;
  /** Rendered into the card host (hidden unless `visible`). */
  drawn: boolean;
  /** Opened from the keyboard: the card takes focus and gives it back on Escape. */
  fromKeyboard: boolean;
}

/** True in a frame whose top-level page has another origin (reading its address throws there). */
function isCrossOriginFrame(): boolean {
  if (window.top === window) return false;
  try {
    return window.top?.location.href === undefined;
  } catch {
    return true;
  }
}
