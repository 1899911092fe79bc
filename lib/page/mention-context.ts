/**
 * Where the other names on a page stand relative to one mention, for
 * ranking its meanings (lib/ranking.ts): names in the mention's own
 * paragraph say most about it, the rest of the article less, and
 * navigation, sidebars, footers and "related posts" lists nothing, since
 * they name other articles' subjects.
 */
import type { MentionNeighbours } from '../ranking';

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

function blockOf(node: Node): Element | null {
  return node.parentElement?.closest(BLOCK_SELECTOR) ?? node.parentElement ?? null;
}

interface SpottedName {
  node: Text;
  entryIds: readonly string[];
}

export function mentionNeighbours(mention: SpottedName, spotted: Iterable<SpottedName>): MentionNeighbours {
  const block = blockOf(mention.node);
  const paragraph = new Set<string>();
  const page = new Set<string>();
  // One answer per text node: a page repeats a name in the same node often.
  const peripheral = new Map<Text, boolean>();
  for (const other of spotted) {
    let outside = peripheral.get(other.node);
    if (outside === undefined) peripheral.set(other.node, (outside = isPeripheral(other.node)));
    if (outside) continue;
    const target = blockOf(other.node) === block ? paragraph : page;
    for (const id of other.entryIds) target.add(id);
  }
  return { paragraph, page };
}
