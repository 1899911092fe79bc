/**
 * The terms found on a page, as ranges over its text nodes, drawn with the
 * CSS Custom Highlight API. The page's DOM is never modified: the underline is
 * painted by the browser from the ranges, and hovers are hit-tested against
 * them.
 */
import type { Match } from '../matcher/tables';

export interface Spot {
  node: Text;
  start: number;
  end: number;
  entryIds: readonly string[];
  range: Range;
  /** False when hidden by "first mention only": not painted, not hoverable. */
  shown: boolean;
}

/** Highlight names, one per underline style; public/highlight.css styles each. */
export const HIGHLIGHT_NAMES = {
  underline: 'context-lens-term',
  background: 'context-lens-term-background',
} as const;
export type HighlightStyle = keyof typeof HIGHLIGHT_NAMES | 'none';

export function supportsHighlights(): boolean {
  return typeof CSS !== 'undefined' && 'highlights' in CSS && typeof Highlight === 'function';
}

export class SpotRegistry {
  private readonly byNode = new Map<Text, Spot[]>();
  private readonly highlight: Highlight | undefined;
  private registeredName: string | undefined;
  private firstMentionOnly = false;
  /** Entry sets already shown once, for "first mention only". */
  private readonly shownKeys = new Set<string>();
  /** Open shadow roots holding spots: caretPositionFromPoint only enters the ones it is given. */
  private readonly shadowRoots = new Set<ShadowRoot>();

  constructor(style: HighlightStyle = 'underline') {
    if (supportsHighlights()) this.highlight = new Highlight();
    this.setStyle(style);
  }

  setStyle(style: HighlightStyle): void {
    if (!this.highlight) return;
    if (this.registeredName) CSS.highlights.delete(this.registeredName);
    this.registeredName = style === 'none' ? undefined : HIGHLIGHT_NAMES[style];
    if (this.registeredName) CSS.highlights.set(this.registeredName, this.highlight);
  }

  setFirstMentionOnly(value: boolean): void {
    if (value === this.firstMentionOnly) return;
    this.firstMentionOnly = value;
    this.shownKeys.clear();
    this.highlight?.clear();
    for (const spot of this.all()) this.decideShown(spot);
  }

  private decideShown(spot: Spot): void {
    const key = meaningKey(spot.entryIds);
    spot.shown = !this.firstMentionOnly || !this.shownKeys.has(key);
    if (!spot.shown) return;
    this.shownKeys.add(key);
    this.highlight?.add(spot.range);
  }

  /** Replaces whatever was recorded for `node` with these matches. */
  set(node: Text, matches: readonly Match[]): void {
    const current = this.byNode.get(node);
    if (current) {
      // Text rescanned with the same terms (walked again, or changed elsewhere in the node) keeps
      // its spots, and with them which one is the first mention.
      if (sameSpots(current, matches)) return;
      this.remove(node);
    }
    if (matches.length === 0) return;
    const spots = matches.map((match) => {
      const range = node.ownerDocument.createRange();
      range.setStart(node, match.start);
      range.setEnd(node, match.end);
      const spot: Spot = { node, start: match.start, end: match.end, entryIds: match.entryIds, range, shown: false };
      this.decideShown(spot);
      return spot;
    });
    this.byNode.set(node, spots);
  }

  remove(node: Text): void {
    const spots = this.byNode.get(node);
    if (!spots) return;
    for (const spot of spots) this.highlight?.delete(spot.range);
    this.byNode.delete(node);
  }

  /** Forgets spots whose text left the document, so their ranges do not pile up. */
  sweepDisconnected(): void {
    for (const node of this.byNode.keys()) if (!node.isConnected) this.remove(node);
  }

  /** All spots, in the order their nodes were scanned (document order for the first scan). */
  all(): Spot[] {
    return [...this.byNode.values()].flat();
  }

  get size(): number {
    let count = 0;
    for (const spots of this.byNode.values()) count += spots.length;
    return count;
  }

  /** Every distinct entry id spotted on the page. */
  entryIds(): Set<string> {
    const ids = new Set<string>();
    for (const spot of this.all()) for (const id of spot.entryIds) ids.add(id);
    return ids;
  }

  addShadowRoot(shadow: ShadowRoot): void {
    this.shadowRoots.add(shadow);
  }

  /** The shown spot under a viewport point, if any. */
  spotAt(x: number, y: number): Spot | undefined {
    const caret = caretAt(x, y, this.shadowRoots);
    if (!caret || caret.node.nodeType !== Node.TEXT_NODE) return undefined;
    const spots = this.byNode.get(caret.node as Text);
    if (!spots) return undefined;
    // The caret lands on the nearest character boundary, so check both neighbours
    // and then confirm the point really is inside the term's boxes (not past a line end).
    return spots.find(
      (spot) =>
        spot.shown && caret.offset >= spot.start && caret.offset <= spot.end && rangeContainsPoint(spot.range, x, y),
    );
  }

  clear(): void {
    this.highlight?.clear();
    this.byNode.clear();
    this.shownKeys.clear();
  }

  dispose(): void {
    this.clear();
    if (this.registeredName && CSS.highlights.get(this.registeredName) === this.highlight) {
      CSS.highlights.delete(this.registeredName);
    }
  }
}

/**
 * The key of a set of entry ids. The matcher hands out the same array for
 * every match of an alias, so the joined key is worked out once per array,
 * not once per spot.
 */
const meaningKeys = new WeakMap<readonly string[], string>();
function meaningKey(entryIds: readonly string[]): string {
  let key = meaningKeys.get(entryIds);
  if (key === undefined) {
    key = entryIds.join(' ');
    meaningKeys.set(entryIds, key);
  }
  return key;
}

function sameSpots(spots: readonly Spot[], matches: readonly Match[]): boolean {
  if (spots.length !== matches.length) return false;
  for (let k = 0; k < spots.length; k++) {
    const spot = spots[k]!;
    const match = matches[k]!;
    if (spot.start !== match.start || spot.end !== match.end) return false;
    // A live range collapses when its text is replaced: then it has to be drawn anew.
    if (spot.range.startOffset !== match.start || spot.range.endOffset !== match.end) return false;
    if (spot.entryIds !== match.entryIds && meaningKey(spot.entryIds) !== meaningKey(match.entryIds)) return false;
  }
  return true;
}

function caretAt(x: number, y: number, shadowRoots: Set<ShadowRoot>): { node: Node; offset: number } | undefined {
  if (typeof document.caretPositionFromPoint === 'function') {
    const position = shadowRoots.size
      ? document.caretPositionFromPoint(x, y, { shadowRoots: [...shadowRoots] })
      : document.caretPositionFromPoint(x, y);
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
