/** How the context menu hands a selection to the entry editor page. */
import { browser } from 'wxt/browser';

export const ADD_TO_GLOSSARY_MENU = 'add-to-glossary';

/** The selection comes from a web page: it is capped and only ever used as a form value. */
export function editorUrl(selection: string, pageUrl: string): string {
  const params = new URLSearchParams({ title: selection.trim().slice(0, 200) });
  if (/^https?:\/\//.test(pageUrl)) params.set('source', pageUrl.slice(0, 2000));
  return `${browser.runtime.getURL('/editor.html')}?${params}`;
}
