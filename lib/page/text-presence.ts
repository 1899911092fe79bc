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
  const document = node.ownerDocument!;
  // Text nodes first, and elements only if none is readable: each element the isolated world is handed
  // costs it a wrapper, and the first of each kind (an SVG sprite has dozens of kinds) much more.
  const texts = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
  for (let text = texts.nextNode(); text; text = texts.nextNode()) if (isReadable(text as Text)) return true;
  if (mayHideText(node as Element)) return true;
  const elements = document.createTreeWalker(node, NodeFilter.SHOW_ELEMENT);
  for (let element = elements.nextNode(); element; element = elements.nextNode()) {
    if (mayHideText(element as Element)) return true;
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
