/**
 * Where the other names on a page stand relative to one mention, for
 * ranking its meanings (lib/ranking.ts): names in the mention's own
 * paragraph say most about it, the rest of the article less, and
 * navigation, sidebars, footers and "related posts" lists nothing, since
 * they name other articles' subjects.
 */
import type { PageTermIndex } from '../model';
import { explainRanking, type MentionClues, type MentionNeighbours, type RankedCandidate } from '../ranking';
import { foldedWords, wordsAround, yearsIn } from '../ranking-context';

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
  const named = new Set<string>();
  for (const other of spotted) {
    const placement = placementOf(other.node);
    if (placement.peripheral) continue;
    const target = placement.block === block ? paragraph : page;
    for (const id of other.entryIds) target.add(id);
    if (other.entryIds.length === 1) named.add(other.entryIds[0]!);
  }
  return { paragraph, page, named };
}

/** The parts of the page term index that ranking reads. */
export type RankingIndex = Pick<PageTermIndex, 'links' | 'specificity' | 'since' | 'meanings'>;

/** The text a mention reads in: its block's text, where the mention stands in it, and its sentence. */
export interface MentionText {
  text: string;
  start: number;
  end: number;
  sentence: string;
}

/** Ends of sentences: a full stop, question or exclamation mark before a space. */
const SENTENCE_END = /[.!?…]["'”’)]*\s/g;

/**
 * The mention's block text (its paragraph, across links and other inline
 * elements inside it) and its place in it. Read per hover: one block's
 * text nodes.
 */
export function mentionText(node: Text, start: number, end: number): MentionText {
  const { block } = placementOf(node);
  let text = node.data;
  let offset = 0;
  if (block) {
    const walker = block.ownerDocument.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    let before = 0;
    const parts: string[] = [];
    let found = false;
    for (let current = walker.nextNode(); current; current = walker.nextNode()) {
      const data = (current as Text).data;
      if (current === node) found = true;
      else if (!found) before += data.length;
      parts.push(data);
    }
    if (found) {
      text = parts.join('');
      offset = before;
    }
  }
  const from = offset + start;
  const to = offset + end;
  let sentenceStart = 0;
  let sentenceEnd = text.length;
  for (const match of text.matchAll(SENTENCE_END)) {
    const at = match.index + match[0].length;
    if (at <= from) sentenceStart = at;
    else if (match.index >= to) {
      sentenceEnd = match.index + 1;
      break;
    }
  }
  return { text, start: from, end: to, sentence: text.slice(sentenceStart, sentenceEnd) };
}

/**
 * The meanings of one mention, best first: ranked by the words and years
 * around it, the names around it (its paragraph first, sidebars not at all)
 * and the article's date (`YYYY…`, as lib/page/published-date.ts reads it).
 * The card, the popup and the accuracy gate
 * (tests/ranking-accuracy.test.ts) all call this, so the gate measures what
 * a reader sees.
 */
export function rankMeanings(
  mention: SpottedName & { start?: number; end?: number },
  spotted: Iterable<SpottedName>,
  { links, specificity, since, meanings }: RankingIndex,
  articleDate?: string,
): RankedCandidate[] {
  const neighbours = mentionNeighbours(mention, spotted);
  const clues: MentionClues = {
    articleYear: articleDate ? Number(articleDate.slice(0, 4)) : undefined,
    since,
    facts: meanings,
  };
  if (mention.start !== undefined && mention.end !== undefined && mention.entryIds.length > 1) {
    const { text, start, end, sentence } = mentionText(mention.node, mention.start, mention.end);
    clues.around = wordsAround(text, start, end);
    clues.sentenceYears = yearsIn(sentence);
    clues.paragraphYears = yearsIn(text);
    clues.paragraphWords = new Set(foldedWords(text));
    clues.written = foldedWords(text.slice(start, end)).join(' ');
  }
  return explainRanking(mention.entryIds, links, neighbours, specificity, clues);
}
