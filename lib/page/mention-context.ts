/**
 * Where the other names on a page stand relative to one mention, for
 * ranking its meanings (lib/ranking.ts): names in the mention's own
 * paragraph say most about it, the rest of the article less, and
 * navigation, sidebars, footers and "related posts" lists nothing, since
 * they name other articles' subjects.
 */
import type { PageTermIndex } from '../model';
import { explainRanking, type MentionNeighbours, type RankedCandidate } from '../ranking';

/** Landmarks and the class/id words news sites give their side lists. */
const PERIPHERY_SELECTOR = 'nav, aside, footer, [role="navigation"], [role="complementary"], [role="contentinfo"]';
const PERIPHERY_NAME = /related|sidebar|widget|recommend|more-stories|trending|most-read|popular/i;

/** The block a mention reads in: its paragraph, list item, heading or quote. */
const BLOCK_SELECTOR = 'p, li, blockquote, h1, h2, h3, h4, h5, h6, dd, td, figcaption';

export function isPeripheral(node: Node): boolean {
  for (let element = node.parentElement; element; element = element.parentElement) {
    if (element.matches(PERIPHERY_SELECTOR)) return true;
    if (PERIPHERY_NAME.test(element.id) || PERIPHERY_NAME.test(element.getAttribute('class') ?? '')) return true;
  }
  return false;
}

interface Placement {
  block: Element | null;
  peripheral: boolean;
}

/**
 * Where the text of one element stands, kept per element: every hover reads
 * every spotted name, and walking each one's ancestors again would cost more
 * than the ranking itself. An element moved into a sidebar after it was
 * first read keeps its old answer until the page drops it; rare enough.
 */
const placements = new WeakMap<Element, Placement>();

function placementOf(node: Node): Placement {
  const parent = node.parentElement;
  if (!parent) return { block: null, peripheral: false };
  let placement = placements.get(parent);
  if (!placement) {
    placement = { block: parent.closest(BLOCK_SELECTOR) ?? parent, peripheral: isPeripheral(node) };
    placements.set(parent, placement);
  }
  return placement;
}

export interface SpottedName {
  node: Text;
  entryIds: readonly string[];
}

export function mentionNeighbours(mention: SpottedName, spotted: Iterable<SpottedName>): MentionNeighbours {
  const { block } = placementOf(mention.node);
  const paragraph = new Set<string>();
  const page = new Set<string>();
  for (const other of spotted) {
    const placement = placementOf(other.node);
    if (placement.peripheral) continue;
    const target = placement.block === block ? paragraph : page;
    for (const id of other.entryIds) target.add(id);
  }
  return { paragraph, page };
}

/** The parts of the page term index that ranking reads. */
export type RankingIndex = Pick<PageTermIndex, 'links' | 'specificity' | 'since' | 'places'>;

/**
 * The meanings of one mention, best first: ranked by the names around it
 * (its paragraph first, sidebars not at all) and the article's date
 * (`YYYY…`, as lib/page/published-date.ts reads it). The card and the
 * accuracy gate (tests/ranking-accuracy.test.ts) both call this, so the
 * gate measures what a reader sees.
 */
export function rankMeanings(
  mention: SpottedName & { start?: number },
  spotted: Iterable<SpottedName>,
  { links, specificity, since, places }: RankingIndex,
  articleDate?: string,
): RankedCandidate[] {
  return explainRanking(mention.entryIds, links, mentionNeighbours(mention, spotted), specificity, {
    articleYear: articleDate ? Number(articleDate.slice(0, 4)) : undefined,
    since,
    writtenAsPlace: mention.start !== undefined && isWrittenAsPlace(mention.node.data, mention.start),
    places,
  });
}

/** A preposition of place right before the name: "in", "at", "near", "from", "to" (held in Ohrid, talks at Dayton). */
const PLACE_PREPOSITION = /(?:^|[\s(])(?:in|at|near|from|to|outside|around)\s+$/i;

/** Whether the words just before `start` in `text` introduce a place. Reads at most 20 characters back. */
export function isWrittenAsPlace(text: string, start: number): boolean {
  return PLACE_PREPOSITION.test(text.slice(Math.max(0, start - 20), start));
}
