/**
 * The answers to the popup's questions about the page (lib/messaging/page-protocol.ts):
 * which terms were spotted, "show me this term", and next/previous term from
 * the keyboard. Each request's data is checked before it is read; the sender
 * was checked by whoever registered the handler.
 */
import {
  type PageTerm,
  parsePageRequest,
  type PageProtocolMap,
  type PageRequests,
  type PageRequestType,
  type PageTermsReport,
} from '../messaging/page-protocol';
import { rankMeanings, type RankingIndex } from './mention-context';
import { pageSelection } from './page-selection';
import type { Spot, SpotRegistry } from './spots';

/** The answer, or a promise of it: the first stage reads the settings for its first answer (first-stage.ts). */
export type PageRequestHandler<T extends PageRequestType> = (
  data: unknown,
) => ReturnType<PageProtocolMap[T]> | Promise<ReturnType<PageProtocolMap[T]>>;
export type OnPageRequest = <T extends PageRequestType>(type: T, handler: PageRequestHandler<T>) => void;

export interface PageRequestSource {
  /** The current spots, if the page has been spotted. */
  registry(): SpotRegistry | undefined;
  /** What ranks the meanings of an ambiguous term (see card-controller.ts). */
  ranking(): RankingIndex;
  /** The article's publication day, which ranking reads as a card does. */
  articleDate?: string;
  /** Spotting is on for this page. */
  isActive(): boolean;
  /** Opens the card of `spot` at once, as from the keyboard. */
  openCard(spot: Spot): void;
  document: Document;
}

export function answerPageRequests(onPageRequest: OnPageRequest, source: PageRequestSource): void {
  const handle = <T extends PageRequestType>(type: T, run: (data: PageRequests[T]) => ReturnType<PageProtocolMap[T]>) =>
    onPageRequest(type, (data) => run(parsePageRequest(type, data)));
  const { document } = source;
  /** The term last reached with next/previous; -1 before the first. */
  let keyboardCursor = -1;

  const reveal = (spot: Spot) => {
    spot.node.parentElement?.scrollIntoView({ block: 'center', behavior: 'instant' });
    source.openCard(spot);
  };

  /** The meanings of one mention, the one a card would open on first. */
  const meaningsOf = (spot: Spot, spots: readonly Spot[]): string[] =>
    spot.entryIds.length > 1
      ? rankMeanings(spot, spots, source.ranking(), source.articleDate).map((meaning) => meaning.id)
      : [...spot.entryIds];

  handle('getPageTerms', (): PageTermsReport => {
    const spots = source.registry()?.all() ?? [];
    return {
      url: document.location.href,
      hostname: document.location.hostname,
      title: document.title,
      active: source.isActive(),
      terms: termsByMeaning(spots, (spot) => meaningsOf(spot, spots)),
    };
  });
  handle('getSelection', () => pageSelection(document));
  handle('revealTerm', ({ entryId }) => {
    // The first mention given this meaning, as the popup lists it; else the first that may mean it.
    const shown = shownSpots(source.registry());
    const all = source.registry()?.all() ?? [];
    const spot =
      shown.find((candidate) => candidate.entryIds.includes(entryId) && meaningsOf(candidate, all)[0] === entryId) ??
      shown.find((candidate) => candidate.entryIds.includes(entryId));
    if (!spot) return false;
    reveal(spot);
    return true;
  });
  handle('moveToTerm', ({ direction }) => {
    const spots = shownSpots(source.registry());
    if (spots.length === 0) return false;
    const step = direction === 'next' ? 1 : -1;
    keyboardCursor = (keyboardCursor + step + spots.length) % spots.length;
    const spot = spots[keyboardCursor];
    if (!spot) return false;
    reveal(spot);
    return true;
  });
}

/** The painted spots in document order (mutations can add spots out of order). */
function shownSpots(registry: SpotRegistry | undefined): Spot[] {
  const spots = registry?.all().filter((spot) => spot.shown) ?? [];
  return spots.sort((a, b) => {
    if (a.node === b.node) return a.start - b.start;
    return a.node.compareDocumentPosition(b.node) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
  });
}

/**
 * One line per meaning given on the page, in order of first mention: an
 * ambiguous name counts under the meaning its own context gave it, so an
 * article naming Ohrid the town and the Ohrid agreement lists both, each
 * with its own mentions. `meaningsOf` orders a mention's candidates.
 */
export function termsByMeaning(spots: readonly Spot[], meaningsOf: (spot: Spot) => string[]): PageTerm[] {
  const byMeaning = new Map<string, PageTerm>();
  for (const spot of spots) {
    const entryIds = meaningsOf(spot);
    // The meaning given, and the set of candidates it was chosen from ("Ohrid" and "Ohrid Agreement" differ).
    const key = [entryIds[0], ...[...entryIds].sort()].join('\n');
    const term = byMeaning.get(key);
    if (term) term.count += 1;
    else byMeaning.set(key, { entryIds, text: spot.range.toString(), count: 1 });
  }
  return [...byMeaning.values()];
}
