import { beforeEach, describe, expect, test } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { offerAddToGlossaryMenu } from './add-to-glossary-menu';

type MenuBrowser = Parameters<typeof offerAddToGlossaryMenu>[0];

describe('the "Add to glossary" context menu', () => {
  beforeEach(() => fakeBrowser.reset());

  test('is not offered, and nothing throws, where the browser has no context menus (Firefox for Android)', () => {
    const android = {
      runtime: fakeBrowser.runtime,
      tabs: fakeBrowser.tabs,
      contextMenus: undefined,
    } as unknown as MenuBrowser;
    expect(offerAddToGlossaryMenu(android, 'Add “%s” to the glossary')).toBe(false);
  });

  test('opens the entry editor on the selection and its page where the menu exists', async () => {
    const created: string[] = [];
    const listeners: Array<(info: { menuItemId: string; selectionText?: string; pageUrl?: string }) => void> = [];
    const menus = {
      create: () => undefined,
      onClicked: { addListener: (listener: (typeof listeners)[number]) => void listeners.push(listener) },
    };
    const tabs = { create: async ({ url }: { url: string }) => void created.push(url) };
    const desktop = { runtime: fakeBrowser.runtime, tabs, contextMenus: menus } as unknown as MenuBrowser;
    expect(offerAddToGlossaryMenu(desktop, 'Add “%s” to the glossary')).toBe(true);
    listeners[0]!({ menuItemId: 'add-to-glossary', selectionText: 'Brčko', pageUrl: 'https://news.example/a' });
    expect(created).toHaveLength(1);
    expect(new URL(created[0]!).searchParams.get('title')).toBe('Brčko');
  });
});
