/**
 * The manifest's powers, pinned. A new permission, host permission, page
 * that web pages may load or way for other sites to message the extension
 * makes tests/permissions.test.ts (the config) and e2e/manifest.e2e.ts (the
 * built manifests of both browsers) fail, so it cannot slip in unnoticed:
 * change this file on purpose and explain the new power in README.md's
 * "Permissions" section.
 */
import { expect } from 'vitest';

/** API permissions (README "Permissions" explains each). */
export const PINNED_PERMISSIONS = ['alarms', 'contextMenus', 'storage', 'unlimitedStorage'];
/**
 * Optional origins: what a pack subscription may ask for, one origin at a time, at the moment the
 * reader subscribes (and gives back on unsubscribe). Never granted at install. Chrome MV3 lists them
 * as `optional_host_permissions`, Firefox MV2 as `optional_permissions`; no optional API permission.
 */
export const PINNED_OPTIONAL_ORIGINS = ['https://*/*', 'http://localhost/*', 'http://127.0.0.1/*'];
/** Where the content script runs: every page, because any article may name a term. */
export const PINNED_CONTENT_SCRIPT_MATCHES = ['<all_urls>'];
/**
 * The only files web pages can load: the content script's three on-demand modules, the prefilter walk
 * (imported by a frame with text), the spotting stage (imported at a page's first candidate) and the card
 * (its code and styles), which the content script
 * imports itself (a browser lets content scripts import only web-accessible files), and the card's
 * note editor, framed inside the card so the page cannot read keystrokes typed into a note
 * (lib/note-editor-link.ts).
 */
export const PINNED_WEB_ACCESSIBLE = [
  'note-editor.html',
  'content-scripts/candidate-walk.js',
  'content-scripts/spotting.js',
  'content-scripts/card.js',
];

/** Keys that would widen what the extension can reach or who can reach it; none may appear. */
const FORBIDDEN_KEYS = [
  'host_permissions',
  'externally_connectable',
  'content_security_policy',
  'sandbox',
  'declarative_net_request',
  'oauth2',
  'update_url',
];

export interface ManifestShape {
  manifest_version?: number;
  permissions?: string[];
  content_scripts?: Array<{ matches?: string[] }>;
  web_accessible_resources?: Array<string | { resources: string[]; matches?: string[]; use_dynamic_url?: boolean }>;
  [key: string]: unknown;
}

/** Checks a built manifest.json against the pins. */
export function expectPinnedManifest(manifest: ManifestShape): void {
  expect([...(manifest.permissions ?? [])].sort()).toEqual([...PINNED_PERMISSIONS].sort());
  for (const key of FORBIDDEN_KEYS) expect(manifest, `manifest has "${key}"`).not.toHaveProperty(key);
  const optionalKey = manifest.manifest_version === 3 ? 'optional_host_permissions' : 'optional_permissions';
  const otherKey = manifest.manifest_version === 3 ? 'optional_permissions' : 'optional_host_permissions';
  expect(manifest[optionalKey]).toEqual(PINNED_OPTIONAL_ORIGINS);
  expect(manifest).not.toHaveProperty(otherKey);
  expect(manifest.content_scripts?.map((script) => script.matches)).toEqual([PINNED_CONTENT_SCRIPT_MATCHES]);
  const accessible = (manifest.web_accessible_resources ?? []).flatMap((item) =>
    typeof item === 'string' ? [item] : item.resources,
  );
  expect(accessible).toEqual(PINNED_WEB_ACCESSIBLE);
  // Chrome: a per-session URL, so a page cannot probe a fixed address to learn the extension is installed.
  for (const item of manifest.web_accessible_resources ?? []) {
    if (typeof item !== 'string') expect(item.use_dynamic_url).toBe(true);
  }
  if (manifest.manifest_version === 3) {
    expect(manifest.web_accessible_resources?.every((item) => typeof item !== 'string')).toBe(true);
  }
}
