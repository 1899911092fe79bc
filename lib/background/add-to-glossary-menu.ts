/**
 * "Add “…” to the glossary" on the context menu of a text selection. Firefox
 * for Android has no context menus for extensions (`browser.contextMenus` is
 * undefined there), so the menu is added only where the API exists; the
 * popup's "Add “…” to the glossary" button (components/popup/AddSelection.tsx)
 * offers the same everywhere.
 */
import type { browser as extensionBrowser } from 'wxt/browser';
import { ADD_TO_GLOSSARY_MENU, ENTRY_EDITOR_PATH, entryEditorUrl, newEntryTarget } from '@/lib/editor-link';

type ExtensionBrowser = typeof extensionBrowser;
type MenuBrowser = Pick<ExtensionBrowser, 'runtime' | 'tabs'> & { contextMenus?: ExtensionBrowser['contextMenus'] };

/** Returns whether the menu could be offered. */
export function offerAddToGlossaryMenu(browser: MenuBrowser, title: string): boolean {
  const menus = browser.contextMenus;
  if (!menus) return false;
  browser.runtime.onInstalled.addListener(() => {
    menus.create({ id: ADD_TO_GLOSSARY_MENU, title, contexts: ['selection'] });
  });
  menus.onClicked.addListener((info) => {
    if (info.menuItemId !== ADD_TO_GLOSSARY_MENU) return;
    const target = newEntryTarget(info.selectionText ?? '', info.pageUrl ?? '');
    void browser.tabs.create({ url: entryEditorUrl(browser.runtime.getURL(ENTRY_EDITOR_PATH), target) });
  });
  return true;
}
