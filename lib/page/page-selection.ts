import type { PageSelection } from '../messaging/page-protocol';

/** The text the reader selected on the page, with its address: the popup's way to "Add to glossary". */
export function pageSelection(document: Document): PageSelection {
  return { text: document.getSelection()?.toString().trim() ?? '', url: document.location.href };
}
