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
    name: 'Context Lens',
    description:
      'Explains the names in news about the Western Balkans: hover a spotted term for a card from your local glossary and timeline.',
    // `storage` holds the settings, which content scripts read directly so a change applies
    // in every open tab at once. The database lives in the extension origin (IndexedDB needs
    // no permission) and the content script's host access comes from its own `matches`.
    // `unlimitedStorage` exempts the database from the origin quota and from eviction under
    // storage pressure: imported packs and the reader's notes must not be silently dropped.
    // `contextMenus` adds "Add “…” to the glossary" to the menu of a text selection.
    permissions: ['storage', 'contextMenus', 'unlimitedStorage'],
    // The card's note editor is an extension page in an iframe (lib/note-editor-link.ts), so pages
    // must be able to frame it. Chrome gives it a per-session address (use_dynamic_url) that page
    // scripts cannot guess, so its presence is no fingerprint; WXT turns this into MV2's plain list
    // for Firefox, whose moz-extension:// host is random per install anyway.
    web_accessible_resources: [{ resources: ['note-editor.html'], matches: ['<all_urls>'], use_dynamic_url: true }],
    // Rebindable at chrome://extensions/shortcuts (Firefox: about:addons → Manage Extension Shortcuts).
    commands: {
      'next-term': {
        suggested_key: { default: 'Alt+Shift+J' },
        description: 'Go to the next spotted term and open its card',
      },
      'previous-term': {
        suggested_key: { default: 'Alt+Shift+K' },
        description: 'Go to the previous spotted term and open its card',
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
