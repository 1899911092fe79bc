import { resolve } from 'node:path';
import { defineConfig, type Wxt } from 'wxt';
import preact from '@preact/preset-vite';
import { CANDIDATE_WALK_MODULE_PATH } from './lib/page/candidate-walk-contract';
import { CARD_MODULE_PATH } from './lib/page/card-contract';
import { SPOTTING_MODULE_PATH } from './lib/page/spotting-contract';

/**
 * The content script's modules loaded on demand, each built to one file at its path: the prefilter walk
 * once a frame has text, the spotting stage at the first candidate (both lib/page/first-stage.ts), the
 * card when one may open (lib/page/card-loader.ts).
 */
const ON_DEMAND_MODULES = [
  { entry: 'lib/page/candidate-walk-module.ts', path: CANDIDATE_WALK_MODULE_PATH },
  { entry: 'lib/page/spotting-module.ts', path: SPOTTING_MODULE_PATH },
  { entry: 'components/card-host.tsx', path: CARD_MODULE_PATH },
];
/**
 * `BUNDLE_SOURCEMAPS=1 npm run build` writes source maps, for scripts/bundle-breakdown.mjs;
 * `hidden` writes them without pointing the scripts at them, so the scripts' size is unchanged (the page benchmark).
 */
const sourcemap =
  process.env.BUNDLE_SOURCEMAPS === 'hidden' ? ('hidden' as const) : process.env.BUNDLE_SOURCEMAPS === '1' || undefined;

/**
 * Builds an on-demand module as one self-contained ES module. WXT builds content
 * and unlisted scripts only as classic (IIFE) scripts, which cannot export
 * anything to the script that imports them, so this is a separate Vite build
 * whose output joins the extension's files like a public asset.
 */
async function buildOnDemandModule(wxt: Wxt, entry: string): Promise<{ code: string; map?: string }> {
  const { build } = await import('vite');
  const output = await build({
    configFile: false,
    root: wxt.config.root,
    mode: wxt.config.mode,
    logLevel: 'warn',
    // Development builds of Preact would add its debug hooks to every page that opens a card.
    plugins: [preact({ devToolsEnabled: false, prefreshEnabled: false })],
    resolve: { alias: { '@': wxt.config.srcDir } },
    define: { 'process.env.NODE_ENV': JSON.stringify(wxt.config.mode) },
    build: {
      write: false,
      copyPublicDir: false,
      sourcemap,
      lib: { entry: resolve(wxt.config.srcDir, entry), formats: ['es'], fileName: 'module' },
      rolldownOptions: {
        output: {
          codeSplitting: false,
          // Vite leaves whitespace in ES libraries for their consumers' bundlers; this one is final.
          minify: wxt.config.command === 'build',
          comments: false,
        },
      },
    },
  });
  const chunks = (Array.isArray(output) ? output : [output]).flatMap((result) =>
    'output' in result ? result.output : [],
  );
  const files = chunks.filter((chunk) => !chunk.fileName.endsWith('.map'));
  const built = files[0];
  if (!built || built.type !== 'chunk' || files.length !== 1) {
    throw new Error(`${entry} must build to exactly one file, got ${files.map((c) => c.fileName).join(', ')}`);
  }
  return { code: built.code, map: built.map?.toString() };
}

/**
 * The content script: the unlisted script entrypoints/spotter.ts, declared in the manifest by the
 * build:manifestGenerated hook below. Its `matches` are pinned in tests/permissions-pin.ts.
 */
export const CONTENT_SCRIPT = { entrypoint: 'spotter', matches: ['<all_urls>'] } as const;

/** What a pack subscription may be granted, one origin at a time (lib/packs/descriptor.ts checkSubscriptionUrl). */
const SUBSCRIPTION_ORIGINS = ['https://*/*', 'http://localhost/*', 'http://127.0.0.1/*'];

// See https://wxt.dev/api/config.html
export default defineConfig({
  // Explicit imports everywhere: a reader can follow every name to its module.
  imports: false,
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({
    plugins: [preact()],
    build: { sourcemap },
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
    // `alarms` runs the daily check of pack subscriptions (lib/subscriptions/schedule.ts); the alarm exists
    // only while the reader follows a pack.
    permissions: ['storage', 'contextMenus', 'unlimitedStorage', 'alarms'],
    // No host access is granted at install. Subscribing to a pack asks for its one origin (https, or http on
    // this machine for authors testing locally) and unsubscribing gives it back (lib/subscriptions/service.ts).
    optional_host_permissions: SUBSCRIPTION_ORIGINS,
    // The card's note editor is an extension page in an iframe (lib/note-editor-link.ts), so pages
    // must be able to frame it. Chrome gives it a per-session address (use_dynamic_url) that page
    // scripts cannot guess, so its presence is no fingerprint; WXT turns this into MV2's plain list
    // for Firefox, whose moz-extension:// host is random per install anyway.
    web_accessible_resources: [{ resources: ['note-editor.html'], matches: ['<all_urls>'], use_dynamic_url: true }],
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
      // Firefox for Android. The newest thing this build needs there is the underline itself: it is
      // drawn with text-decoration in ::highlight(), which Firefox for Android paints from 146 (the
      // Highlight API came in 140, but without decorations). Below that: data_collection_permissions
      // 142, permissions.request 120, storage.session 115 (MDN browser-compat-data). See README.
      gecko_android: { strict_min_version: '146.0' },
    },
  },
  hooks: {
    // The content script runs in every frame of every page, so it does without
    // webextension-polyfill (about 10 kB): what it uses (storage, runtime.getURL and
    // runtime.id) returns promises natively in Chrome MV3 and in Firefox, and
    // @webext-core/messaging calls `chrome.runtime` itself. Its `browser` is
    // lib/page/content-script-browser.ts, chosen without touching `runtime`.
    'vite:build:extendConfig': (entrypoints, config) => {
      if (!entrypoints.every((entrypoint) => entrypoint.name === CONTENT_SCRIPT.entrypoint)) return;
      config.resolve ??= {};
      const aliases = config.resolve.alias ?? [];
      config.resolve.alias = [
        // First, so it wins over the polyfill module's alias of the same import.
        { find: /^wxt\/browser$/, replacement: resolve(import.meta.dirname, 'lib/page/content-script-browser.ts') },
        ...(Array.isArray(aliases)
          ? aliases
          : Object.entries(aliases).map(([find, replacement]) => ({ find, replacement }))),
      ];
    },
    'build:publicAssets': async (wxt, files) => {
      for (const { entry, path } of ON_DEMAND_MODULES) {
        const module = await buildOnDemandModule(wxt, entry);
        files.push({ relativeDest: path, contents: module.code });
        if (module.map) files.push({ relativeDest: `${path}.map`, contents: module.map });
      }
    },
    // The content script is declared here, not by WXT (see entrypoints/spotter.ts).
    'build:manifestGenerated': (_wxt, manifest) => {
      manifest.content_scripts = [
        {
          matches: [...CONTENT_SCRIPT.matches],
          // Same-origin frames get their own spotter and card. Cross-origin frames get the script too (a
          // manifest cannot tell them apart), but it stops there at once (lib/page/frame-gate.ts).
          all_frames: true,
          run_at: 'document_idle',
          js: [`${CONTENT_SCRIPT.entrypoint}.js`],
          // The underline is drawn from CSS.highlights, whose ::highlight() rule must
          // live in a page-level stylesheet. Declaring it in the manifest lets the
          // browser inject it without adding any element to the page.
          css: ['highlight.css'],
        },
      ];
      // The content script imports its on-demand modules, which the browser only allows for
      // web-accessible files. Chrome: at a per-session address (use_dynamic_url), so a
      // page cannot probe a fixed URL to learn the extension is installed. Firefox's
      // moz-extension:// addresses are random per installation already.
      // MV2 has no optional_host_permissions (WXT drops the key): Firefox takes optional origins here.
      if (manifest.manifest_version === 2) manifest.optional_permissions = [...SUBSCRIPTION_ORIGINS];
      const matches = manifest.content_scripts?.flatMap((script) => script.matches ?? []) ?? [];
      manifest.web_accessible_resources ??= [];
      if (manifest.manifest_version === 3) {
        (manifest.web_accessible_resources as chrome.runtime.ManifestV3['web_accessible_resources'] & object).push({
          resources: ON_DEMAND_MODULES.map((module) => module.path),
          matches,
          use_dynamic_url: true,
        });
      } else {
        (manifest.web_accessible_resources as string[]).push(...ON_DEMAND_MODULES.map((module) => module.path));
      }
    },
  },
});
