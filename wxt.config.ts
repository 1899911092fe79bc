import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

// See https://wxt.dev/api/config.html
export default defineConfig({
  // Explicit imports everywhere: a reader can follow every name to its module.
  imports: false,
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({
    plugins: [preact()],
  }),
  manifest: {
    // Names and descriptions come from public/_locales/<language>/messages.json.
    name: '__MSG_extensionName__',
    description: '__MSG_extensionDescription__',
    default_locale: 'en',
    // `storage` holds the settings, which content scripts read directly so a change applies
    // in every open tab at once. The database lives in the extension origin (IndexedDB needs
    // no permission) and the content script's host access comes from its own `matches`.
    // `unlimitedStorage` exempts the database from the origin quota and from eviction under
    // storage pressure: imported packs and the reader's notes must not be silently dropped.
    // `contextMenus` adds "Add “…” to the glossary" to the menu of a text selection.
    permissions: ['storage', 'contextMenus', 'unlimitedStorage'],
    // Rebindable at chrome://extensions/shortcuts (Firefox: about:addons → Manage Extension Shortcuts).
    commands: {
      'next-term': {
        suggested_key: { default: 'Alt+Shift+J' },
        description: '__MSG_commandNextTerm__',
      },
      'previous-term': {
        suggested_key: { default: 'Alt+Shift+K' },
        description: '__MSG_commandPreviousTerm__',
      },
    },
    browser_specific_settings: {
      gecko: {
        id: 'context-lens@example.org',
        // Nothing is collected or sent anywhere: all data stays in the browser.
        data_collection_permissions: { required: ['none'] },
      },
    },
  },
  hooks: {
    // The underline is drawn from CSS.highlights, whose ::highlight() rule must
    // live in a page-level stylesheet. Declaring it in the manifest lets the
    // browser inject it without adding any element to the page.
    'build:manifestGenerated': (_wxt, manifest) => {
      for (const script of manifest.content_scripts ?? []) {
        script.css = [...(script.css ?? []), 'highlight.css'];
      }
    },
  },
});
