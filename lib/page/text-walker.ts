/**
 * Finds the reading text of a page: text nodes outside scripts, styles, form
 * fields, editors, code blocks, hidden subtrees and the extension's own UI,
 * including the text inside the open shadow roots of the page's own web
 * components.
 */

/** Elements whose text is not prose a reader reads (or that we must never touch). */
const SKIPPED_TAGS = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'TEXTAREA',
  'INPUT',
  'SELECT',
  'OPTION',
  'CODE',
  'PRE',
  'KBD',
  'SAMP',
  'SVG',
  'MATH',
  'CANVAS',
  'IFRAME',
  'OBJECT',
  'HEAD',
  'TITLE',
]);

/** Text with no letter or digit cannot hold a term; skipping it early saves most of the matcher calls. */
const HAS_WORD_CHAR = /[\p{L}\p{N}]/u;

export function isSkippedElement(element: Element, ownHostName: string): boolean {
  if (SKIPPED_TAGS.has(element.tagName.toUpperCase())) return true;
  if (element.localName === ownHostName) return true;
  if (element.hasAttribute('hidden')) return true;
  if (element.getAttribute('aria-hidden') === 'true') return true;
  // isContentEditable is false inside an editor's non-editable islands, which is what we want.
  if ((element as HTMLElement).isContentEditable) return true;
  return false;
}

/** True if the node sits inside something we never scan (checked upwards, for nodes added by mutations). */
export function isInSkippedSubtree(node: Node, ownHostName: string): boolean {
  for (let element = node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement; element;) {
    if (isSkippedElement(element, ownHostName)) return true;
    const parent: Element | null = element.parentElement;
    if (parent) {
      element = parent;
      continue;
    }
    // Cross out of a shadow root to its host.
    const root = element.getRootNode();
    element = root instanceof ShadowRoot ? root.host : null;
  }
  return false;
}

export function hasWordCharacter(text: string): boolean {
  return HAS_WORD_CHAR.test(text);
}

/**
 * Yields the text nodes worth matching under `root`, in document order, and
 * reports every open shadow root met on the way (so it can be observed too).
 */
export function* readingTextNodes(
  root: Node,
  ownHostName: string,
  onShadowRoot?: (shadow: ShadowRoot) => void,
): Generator<Text> {
  if (root.nodeType === Node.TEXT_NODE) {
    if (hasWordCharacter((root as Text).data)) yield root as Text;
    return;
  }
  if (root.nodeType === Node.ELEMENT_NODE && isSkippedElement(root as Element, ownHostName)) return;
  const document = root.ownerDocument ?? (root as Document);
  // No NodeFilter: the browser calling back into script for every node costs several times
  // the walk itself (about 50 ms against 9 ms on a large Wikipedia page). Skipped subtrees
  // are stepped over here instead, with nextSibling/parentNode.
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  const shadowHost = root.nodeType === Node.ELEMENT_NODE ? (root as Element).shadowRoot : null;
  if (shadowHost) {
    onShadowRoot?.(shadowHost);
    yield* readingTextNodes(shadowHost, ownHostName, onShadowRoot);
  }
  let node = walker.nextNode();
  while (node) {
    if (node.nodeType === Node.TEXT_NODE) {
      if (HAS_WORD_CHAR.test((node as Text).data)) yield node as Text;
    } else if (isSkippedElement(node as Element, ownHostName)) {
      node = nextOutsideSubtree(walker);
      continue;
    } else {
      const shadow = (node as Element).shadowRoot;
      if (shadow) {
        onShadowRoot?.(shadow);
        yield* readingTextNodes(shadow, ownHostName, onShadowRoot);
      }
    }
    node = walker.nextNode();
  }
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
