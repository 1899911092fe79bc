/**
 * The terms found on a page, as ranges over its text nodes, drawn with the
 * CSS Custom Highlight API. The page's DOM is never modified: the underline is
 * painted by the browser from the ranges, and hovers are hit-tested against
 * them.
 */
import type { Match } from '../matcher';

export interface Spot {
  node: Text;
  start: number;
  end: number;
  entryIds: readonly string[];
  range: Range;
}

export const HIGHLIGHT_NAME = 'context-lens-term';

export function supportsHighlights(): boolean {
  return typeof CSS !== 'undefined' && 'highlights' in CSS && typeof Highlight === 'function';
}

export class SpotRegistry {
  private readonly byNode = new Map<Text, Spot[]>();
  private readonly highlight: Highlight | undefined;

  constructor() {
    if (supportsHighlights()) {
      this.highlight = new Highlight();
      CSS.highlights.set(HIGHLIGHT_NAME, this.highlight);
    }
  }

  add(node: Text, matches: readonly Match[]): void {
    if (matches.length === 0) return;
    const spots = matches.map((match) => {
      const range = node.ownerDocument.createRange();
      range.setStart(node, match.start);
      range.setEnd(node, match.end);
      this.highlight?.add(range);
      return { node, start: match.start, end: match.end, entryIds: match.entryIds, range };
    });
    this.byNode.set(node, spots);
  }

  /** All spots in document order of discovery. */
  all(): Spot[] {
    return [...this.byNode.values()].flat();
  }

  get size(): number {
    let count = 0;
    for (const spots of this.byNode.values()) count += spots.length;
    return count;
  }

  /** The spot under a viewport point, if any. */
  spotAt(x: number, y: number): Spot | undefined {
    const caret = caretAt(x, y);
    if (!caret || caret.node.nodeType !== Node.TEXT_NODE) return undefined;
    const spots = this.byNode.get(caret.node as Text);
    if (!spots) return undefined;
    // The caret lands on the nearest character boundary, so check both neighbours
    // and then confirm the point really is inside the term's boxes (not past a line end).
    return spots.find(
      (spot) => caret.offset >= spot.start && caret.offset <= spot.end && rangeContainsPoint(spot.range, x, y),
    );
  }

  clear(): void {
    this.highlight?.clear();
    this.byNode.clear();
  }

  dispose(): void {
    this.clear();
    if (this.highlight && CSS.highlights.get(HIGHLIGHT_NAME) === this.highlight) CSS.highlights.delete(HIGHLIGHT_NAME);
  }
}

function caretAt(x: number, y: number): { node: Node; offset: number } | undefined {
  if (typeof document.caretPositionFromPoint === 'function') {
    const position = document.caretPositionFromPoint(x, y);
    return position ? { node: position.offsetNode, offset: position.offset } : undefined;
  }
  // Safari and older Chromium only have the non-standard form.
  const legacy = (document as Document & { caretRangeFromPoint?(x: number, y: number): Range | null })
    .caretRangeFromPoint;
  const range = legacy?.call(document, x, y);
  return range ? { node: range.startContainer, offset: range.startOffset } : undefined;
}

function rangeContainsPoint(range: Range, x: number, y: number): boolean {
  for (const rect of range.getClientRects()) {
    if (x >= rect.left && x <= rect.right && y >= rect.top && y <= rect.bottom) return true;
  }
  return false;
}
