/**
 * Whether a frame holds any text to read yet, asked before the first stage
 * reads storage or loads its prefilter walk (first-stage.ts): blank and
 * about:blank frames, app shells not yet rendered and pages of images only
 * pay for this look and one MutationObserver, and nothing else until text
 * arrives (issue 17).
 *
 * It errs towards "yes": any text outside scripts and styles counts, and so
 * does any element that may hold text the light DOM does not show (a shadow
 * root, or a custom element that may attach one later). The walk that
 * follows decides what is reading text.
 */

/** Elements whose text nodes are never reading text. */
const NOT_READING = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TITLE']);

/** True when `node` is, or holds, text that may be read (see above). */
export function holdsText(node: Node): boolean {
  if (node.nodeType === Node.TEXT_NODE) return isReadable(node as Text);
  if (node.nodeType !== Node.ELEMENT_NODE) return false;
  if (mayHideText(node as Element)) return true;
  const walker = node.ownerDocument!.createTreeWalker(node, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  for (let next = walker.nextNode(); next; next = walker.nextNode()) {
    if (next.nodeType === Node.TEXT_NODE ? isReadable(next as Text) : mayHideText(next as Element)) return true;
  }
  return false;
}

function isReadable(text: Text): boolean {
  return /\S/.test(text.data) && !NOT_READING.has(text.parentElement?.tagName ?? '');
}

function mayHideText(element: Element): boolean {
  return element.shadowRoot !== null || element.localName.includes('-');
}

/**
 * Resolves true as soon as `root` holds text (at once when it already does),
 * false if `signal` aborts first.
 */
export function whenHoldingText(root: Node, signal: AbortSignal): Promise<boolean> {
  if (holdsText(root)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const observer = new MutationObserver((records) => {
      for (const record of records) {
        const added = record.type === 'characterData' ? [record.target] : record.addedNodes;
        for (const node of added) {
          if (!holdsText(node)) continue;
          stop(true);
          return;
        }
      }
    });
    const stop = (found: boolean) => {
      observer.disconnect();
      signal.removeEventListener('abort', aborted);
      resolve(found);
    };
    const aborted = () => stop(false);
    if (signal.aborted) return stop(false);
    signal.addEventListener('abort', aborted);
    observer.observe(root, { childList: true, subtree: true, characterData: true });
  });
}
