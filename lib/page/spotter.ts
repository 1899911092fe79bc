/**
 * The spotting stage's work on one document, once the first stage
 * (first-stage.ts) has seen a candidate: fetch the term index, match the
 * reading text and what the page adds later, underline what was found,
 * report what was seen, and follow the reader's settings and the glossary's
 * changes live. The card
 * is opened by the CardController (card-controller.ts) and the popup's
 * questions answered by page-requests.ts; this class starts, stops and feeds them.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { CardData } from '@/lib/page/card-data';
import type { PageTermIndex } from '../model';
import { isActiveOn, type Settings } from '../settings';
import { safeStop } from './safe-stop';
import { CARD_HOST_NAME, type CardModule } from './card-contract';
import { CardController, type RankingIndex } from './card-controller';
import { answerPageRequests, type OnPageRequest } from './page-requests';
import { findPublicationDate } from './published-date';
import { PageScanner } from './scanner';
import { SpotRegistry } from './spots';

const SIGHTINGS_REPORT_DELAY_MS = 2000;

export interface SpotterDependencies {
  /** The term index, its matcher decoded (term-index-transfer.ts), or null when `knownVersion` is still current. */
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
  onPageRequest: OnPageRequest;
}

export class Spotter {
  private settings!: Settings;
  /** The term index received: its matcher, version and what ranking reads. */
  private index: PageTermIndex | undefined;
  private registry: SpotRegistry | undefined;
  private scanner: PageScanner | undefined;
  private scanAbort: AbortController | undefined;
  private readonly cards: CardController;
  /** Entries already reported for "seen on" from this page, so each is sent once. */
  private readonly reported = new Set<string>();
  private reportTimer: number | undefined;
  readonly articleDate: string | undefined;

  constructor(
    private readonly ctx: ContentScriptContext,
    private readonly deps: SpotterDependencies,
    private readonly document: Document = window.document,
  ) {
    this.articleDate = findPublicationDate(this.document);
    this.cards = new CardController(ctx, {
      registry: () => this.registry,
      ranking: () => this.rankingIndex,
      hoverDelayMs: () => this.settings.hoverDelayMs,
      loadCardModule: () => deps.loadCardModule(),
      cardData: deps.cardData,
      articleDate: this.articleDate,
      document: this.document,
    });
  }

  private get rankingIndex(): RankingIndex {
    return this.index ?? { links: {} };
  }

  /** Starts on a frame the first stage has let through its frame gate (first-stage.ts, frame-gate.ts). */
  async start(): Promise<void> {
    this.settings = await this.deps.loadSettings();
    // The popup's questions go to every frame of a tab and the first answer wins, so only the top frame answers.
    if (window.top === window) {
      answerPageRequests(this.deps.onPageRequest, {
        registry: () => this.registry,
        ranking: () => this.rankingIndex,
        articleDate: this.articleDate,
        isActive: () => this.isActive,
        openCard: (spot) => this.cards.openFromKeyboard(spot),
        document: this.document,
      });
    }
    const stopWatchingSettings = this.deps.watchSettings((settings) => void this.applySettings(settings));
    const stopWatchingTerms = this.deps.watchTermsChanges?.(() => {
      // A newer index that fails to arrive (term-index-transfer.ts) leaves the one in use; the next change tries again.
      this.refreshTerms().catch(() => undefined);
    });
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
    this.cards.forgetDetails();
    if (this.isActive) {
      this.deactivate();
      await this.activate();
    }
  }

  /** Spots the page with the full matcher, fetching the term index first if this frame has none. */
  private async activate(): Promise<void> {
    this.index ??= (await this.deps.fetchTermIndex(null)) ?? undefined;
    // The matcher came decoded (term-index-transfer.ts); the scanner starts its first scan in a task of its own.
    if (!this.index || this.ctx.isInvalid || !this.isActive) return;
    const registry = new SpotRegistry(this.settings.underlineStyle);
    registry.setFirstMentionOnly(this.settings.firstMentionOnly);
    this.registry = registry;
    this.scanAbort = new AbortController();
    this.cards.listen();
    const root = this.document.body ?? this.document.documentElement;
    this.scanner = new PageScanner(root, this.index.matcher, registry, {
      ownHostName: CARD_HOST_NAME,
      signal: AbortSignal.any([this.ctx.signal, this.scanAbort.signal]),
      onScanned: () => this.scheduleSightingsReport(),
    });
    await this.scanner.start();
  }

  private deactivate(): void {
    this.cards.close();
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
}
