/** The popup's line to the content script of the active tab. */
import { browser } from 'wxt/browser';
import type { ActivePage } from '@/components/Popup';
import { pageMessenger } from '@/lib/messaging/page-messenger';
import { ENTRY_EDITOR_PATH, entryEditorUrl, newEntryTarget } from '@/lib/editor-link';

async function activeTabId(): Promise<number | undefined> {
  // The active tab's id needs no permission; only its address or title would ("tabs").
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

export const activePage: ActivePage = {
  async getTerms() {
    const tabId = await activeTabId();
    if (tabId === undefined) return null;
    try {
      return await pageMessenger.sendMessage('getPageTerms', {}, tabId);
    } catch {
      // No receiver: a browser page, or a tab loaded before the extension was installed or updated.
      return null;
    }
  },
  async getSelection() {
    const tabId = await activeTabId();
    if (tabId === undefined) return null;
    return pageMessenger.sendMessage('getSelection', {}, tabId).catch(() => null);
  },
  addToGlossary({ text, url }) {
    const target = newEntryTarget(text, url);
    void browser.tabs.create({ url: entryEditorUrl(browser.runtime.getURL(ENTRY_EDITOR_PATH), target) });
    window.close();
  },
  async reveal(entryId) {
    const tabId = await activeTabId();
    const revealed = tabId !== undefined && (await pageMessenger.sendMessage('revealTerm', { entryId }, tabId));
    // The popup would sit on top of the card it just opened; the reader came for the card.
    if (revealed) window.close();
    return revealed;
  },
};
