/**
 * Finds the reading text of a page: text nodes outside scripts, styles, form
 * fields, editors, code blocks, hidden subtrees and the extension's own UI.
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

/** Yields the text nodes worth matching under `root`, in document order. */
export function* readingTextNodes(root: Node, ownHostName: string): Generator<Text> {
  const document = root.ownerDocument ?? (root as Document);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
    acceptNode(node) {
      if (node.nodeType === Node.ELEMENT_NODE) {
        return isSkippedElement(node as Element, ownHostName) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_SKIP;
      }
      return HAS_WORD_CHAR.test((node as Text).data) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP;
    },
  });
  for (let node = walker.nextNode(); node; node = walker.nextNode()) yield node as Text;
}
