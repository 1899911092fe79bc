/**
 * Finds the reading text of a page: text nodes outside scripts, styles, form
 * fields, editors, code blocks, hidden subtrees and the extension's own UI,
 * including the text inside the open shadow roots of the page's own web
 * components.
 *
 * This runs over every node of the page on every load, so it is written for
 * speed: one TreeWalker per tree with no NodeFilter (a filter calls back into
 * script for every node, several times the cost of the walk itself), skipped
 * subtrees stepped over with nextSibling/parentNode, as few DOM calls per
 * element as the rules allow, and no generator or per-node allocation.
 */

/** Elements whose text is not prose a reader reads (or that we must never touch), by local name. */
const SKIPPED_NAMES = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'textarea',
  'input',
  'select',
  'option',
  'code',
  'pre',
  'kbd',
  'samp',
  'svg',
  'math',
  'canvas',
  'iframe',
  'object',
  'head',
  'title',
]);

/** Text with no letter or digit cannot hold a term; skipping it early saves most of the matcher calls. */
const HAS_WORD_CHAR = /[\p{L}\p{N}]/u;

/**
 * The attributes that can make an element skipped, as one selector: each DOM
 * call with a string argument costs a lookup of that string inside the
 * browser, so one `matches` per element is much cheaper than three
 * hasAttribute/getAttribute calls (about 4 against 12 ms over the 10,000
 * elements of a long Wikipedia article), and almost no element has any.
 */
const MAYBE_SKIPPED = '[hidden],[aria-hidden="true"],[contenteditable]';

export function isSkippedElement(element: Element, ownHostName: string): boolean {
  // localName is lower case for HTML (and for the svg and math roots), so no case folding per element.
  const name = element.localName;
  if (SKIPPED_NAMES.has(name) || name === ownHostName) return true;
  if (!element.matches(MAYBE_SKIPPED)) return false;
  if (element.hasAttribute('hidden') || element.getAttribute('aria-hidden') === 'true') return true;
  // Left: contenteditable. isContentEditable makes the browser bring style up to date, so it is only
  // asked of the elements that carry the attribute; it is false for contenteditable="false", which
  // is what we want. Descendants of an editor never get here: the walk steps over the editor's whole
  // subtree (and isInSkippedSubtree checks each ancestor).
  return (element as HTMLElement).isContentEditable;
}

/**
 * True if the node sits inside something we never scan (checked upwards, for
 * nodes added by mutations). `known` carries the answers for elements already
 * checked, so a batch of added nodes with shared ancestors checks each once.
 */
export function isInSkippedSubtree(node: Node, ownHostName: string, known?: Map<Element, boolean>): boolean {
  if (node.ownerDocument?.designMode === 'on') return true;
  const path: Element[] = [];
  let skipped = false;
  for (let element = node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement; element;) {
    const answer = known?.get(element);
    if (answer !== undefined) {
      skipped = answer;
      break;
    }
    path.push(element);
    if (isSkippedElement(element, ownHostName)) {
      skipped = true;
      break;
    }
    const parent: Element | null = element.parentElement;
    if (parent) {
      element = parent;
      continue;
    }
    // Cross out of a shadow root to its host.
    const root = element.getRootNode();
    element = root instanceof ShadowRoot ? root.host : null;
  }
  // Every element on the way shares the answer: inside a skipped one, or under none.
  if (known) for (const element of path) known.set(element, skipped);
  return skipped;
}

/** Whether `text` has a letter or digit (V8 compiles this to native code; a hand loop was no faster). */
export function hasWordCharacter(text: string): boolean {
  return HAS_WORD_CHAR.test(text);
}

/** One tree being walked: the scanned root, or an open shadow root met on the way. */
interface Level {
  root: Node;
  walker: TreeWalker;
  /** Where the walk was when it last paused (see bookmark), to recover if that node is removed. */
  mark?: Bookmark;
  /** After such a recovery: the node to visit next instead of walker.nextNode() (null: nothing left). */
  resumeAt?: Node | null;
}

/** The ancestors of the paused-at node from the level's root down, each with the sibling before it then. */
interface Bookmark {
  chain: Node[];
  previous: Array<Node | null>;
}

/**
 * Yields the text nodes worth matching under `root`, in document order (a
 * shadow root's text before its host's light children), and reports every
 * open shadow root met on the way so it can be observed too.
 *
 * The walk may pause between two texts (the scanner yields to the page) while
 * the page goes on changing. Call `bookmark()` before pausing: if the node the
 * walk stands on is removed meanwhile, the walk resumes right after where that
 * node was instead of ending there (a TreeWalker on a removed node cannot find
 * its way back to the rest of the page).
 */
export class ReadingTextWalker {
  private readonly levels: Level[] = [];
  private readonly document: Document;
  private pendingText: Text | null = null;
  private paused = false;

  constructor(
    root: Node,
    private readonly ownHostName: string,
    private readonly onShadowRoot?: (shadow: ShadowRoot) => void,
  ) {
    this.document = root.ownerDocument ?? (root as Document);
    if (root.nodeType === Node.TEXT_NODE) {
      this.pendingText = root as Text;
      return;
    }
    if (root.nodeType === Node.ELEMENT_NODE && isSkippedElement(root as Element, ownHostName)) return;
    this.pushLevel(root);
    const shadow = root.nodeType === Node.ELEMENT_NODE ? (root as Element).shadowRoot : null;
    if (shadow) this.enterShadowRoot(shadow);
  }

  /** The next reading text node, or null when the walk is over. */
  next(): Text | null {
    if (this.pendingText) {
      const text = this.pendingText;
      this.pendingText = null;
      return hasWordCharacter(text.data) ? text : null;
    }
    if (this.paused) this.resume();
    const ownHostName = this.ownHostName;
    for (;;) {
      const level = this.levels[this.levels.length - 1];
      if (!level) return null;
      const walker = level.walker;
      let node: Node | null;
      if (level.resumeAt !== undefined) {
        node = level.resumeAt;
        level.resumeAt = undefined;
        if (node) walker.currentNode = node;
      } else {
        node = walker.nextNode();
      }
      while (node) {
        if (node.nodeType === Node.TEXT_NODE) {
          if (hasWordCharacter((node as Text).data)) return node as Text;
        } else if (isSkippedElement(node as Element, ownHostName)) {
          node = nextOutsideSubtree(walker);
          continue;
        } else {
          const shadow = (node as Element).shadowRoot;
          if (shadow) {
            // The shadow tree comes first; this level carries on from the host afterwards.
            this.enterShadowRoot(shadow);
            break;
          }
        }
        node = walker.nextNode();
      }
      if (!node) this.levels.pop();
    }
  }

  /**
   * Remembers where the walk stands, before the caller pauses: the chain of
   * ancestors of the current node and their previous siblings. Costs a few
   * dozen DOM reads, once per pause.
   */
  bookmark(): void {
    for (const level of this.levels) {
      const chain: Node[] = [];
      const previous: Array<Node | null> = [];
      for (let node: Node | null = level.walker.currentNode; node; node = node.parentNode) {
        chain.push(node);
        previous.push(node.previousSibling);
        if (node === level.root) break;
      }
      chain.reverse();
      previous.reverse();
      level.mark = { chain, previous };
    }
    this.paused = true;
  }

  /** After a pause: drops trees that left the document and steps past removed nodes. */
  private resume(): void {
    this.paused = false;
    // The scanned root itself removed: nothing left worth reading (its new place is scanned as added).
    if (this.levels[0] && !this.levels[0].root.isConnected) this.levels.length = 0;
    // A shadow root whose host was removed is gone with it; the lower level steps past the host.
    while (this.levels.length > 1 && !this.levels[this.levels.length - 1]!.root.isConnected) this.levels.pop();
    for (const level of this.levels) {
      const mark = level.mark;
      level.mark = undefined;
      if (!mark) continue;
      // The first link of the chain that is no longer where it was is the removed (or moved) node.
      let cut = 1;
      while (cut < mark.chain.length && mark.chain[cut]!.parentNode === mark.chain[cut - 1]) cut++;
      if (cut === mark.chain.length) continue;
      const parent = mark.chain[cut - 1]!;
      const before = mark.previous[cut];
      if (before && before.parentNode === parent) {
        // Everything up to `before` was walked: carry on with what follows it.
        level.walker.currentNode = before;
        level.resumeAt = nextOutsideSubtree(level.walker);
      } else {
        // The removed node was the first child, or its neighbour went too: start the parent over.
        // Texts walked again are matched again; the registry keeps spots whose matches did not change.
        level.walker.currentNode = parent;
      }
    }
  }

  private pushLevel(root: Node): void {
    const walker = this.document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    this.levels.push({ root, walker });
  }

  private enterShadowRoot(shadow: ShadowRoot): void {
    this.onShadowRoot?.(shadow);
    this.pushLevel(shadow);
  }
}

/** Yields the text nodes worth matching under `root` (see ReadingTextWalker). */
export function* readingTextNodes(
  root: Node,
  ownHostName: string,
  onShadowRoot?: (shadow: ShadowRoot) => void,
): Generator<Text> {
  const walker = new ReadingTextWalker(root, ownHostName, onShadowRoot);
  for (let text = walker.next(); text; text = walker.next()) yield text;
}

/** Moves `walker` past the subtree of its current node: to the next sibling, or an ancestor's. */
function nextOutsideSubtree(walker: TreeWalker): Node | null {
  for (;;) {
    const sibling = walker.nextSibling();
    if (sibling) return sibling;
    // parentNode() stops at the walker's root, so this never leaves the subtree being scanned.
    if (!walker.parentNode()) return null;
  }
}
