/**
 * The answers to the popup's questions about the page (lib/messaging/page-protocol.ts):
 * which terms were spotted, "show me this term", and next/previous term from
 * the keyboard. Each request's data is checked before it is read; the sender
 * was checked by whoever registered the handler.
 */
import {
  parsePageRequest,
  type PageProtocolMap,
  type PageRequests,
  type PageRequestType,
  type PageTermsReport,
} from '../messaging/page-protocol';
import { rankCandidates } from '../ranking';
import type { RankingIndex } from './card-controller';
import { pageSelection } from './page-selection';
import type { Spot, SpotRegistry } from './spots';

export type PageRequestHandler<T extends PageRequestType> = (data: unknown) => ReturnType<PageProtocolMap[T]>;
export type OnPageRequest = <T extends PageRequestType>(type: T, handler: PageRequestHandler<T>) => void;

export interface PageRequestSource {
  /** The current spots, if the page has been spotted. */
  registry(): SpotRegistry | undefined;
  /** What ranks the meanings of an ambiguous term (see card-controller.ts). */
  ranking(): RankingIndex;
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

  handle('getPageTerms', (): PageTermsReport => {
    const registry = source.registry();
    const onPage = registry?.entryIds() ?? new Set<string>();
    return {
      url: document.location.href,
      hostname: document.location.hostname,
      title: document.title,
      active: source.isActive(),
      terms: (registry?.summarise() ?? []).map((summary) => ({
        entryIds: rankCandidates(summary.entryIds, source.ranking().links, onPage, source.ranking().specificity),
        text: summary.text,
        count: summary.count,
      })),
    };
  });
  handle('getSelection', () => pageSelection(document));
  handle('revealTerm', ({ entryId }) => {
    const spot = shownSpots(source.registry()).find((candidate) => candidate.entryIds.includes(entryId));
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
