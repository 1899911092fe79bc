/**
 * The permissions the extension asks for, pinned (tests/permissions-pin.ts).
 * This reads the source of the manifest (wxt.config.ts and the content
 * script's declaration there), so it runs before any build; e2e/manifest.e2e.ts
 * checks the built manifests of both browsers against the same pins.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import config, { CONTENT_SCRIPT } from '../wxt.config';
import {
  PINNED_CONTENT_SCRIPT_MATCHES,
  PINNED_OPTIONAL_ORIGINS,
  PINNED_PERMISSIONS,
  expectPinnedManifest,
  type ManifestShape,
} from './permissions-pin';

describe('permissions', () => {
  test('wxt.config.ts asks for exactly the pinned API permissions and nothing that widens reach', () => {
    const manifest = config.manifest;
    if (typeof manifest !== 'object' || manifest === null || !('permissions' in manifest)) {
      throw new Error('wxt.config.ts no longer declares its manifest as an object with permissions');
    }
    expect([...(manifest.permissions ?? [])].sort()).toEqual([...PINNED_PERMISSIONS].sort());
    for (const key of ['host_permissions', 'optional_permissions', 'externally_connectable']) {
      expect(manifest, `wxt.config.ts declares "${key}"`).not.toHaveProperty(key);
    }
    // Firefox's optional origins are derived from these in the build (wxt.config.ts, build:manifestGenerated).
    expect(manifest.optional_host_permissions).toEqual(PINNED_OPTIONAL_ORIGINS);
  });

  test('the content script matches exactly the pinned pages', () => {
    expect(CONTENT_SCRIPT.matches).toEqual(PINNED_CONTENT_SCRIPT_MATCHES);
  });

  // After `npm run build` the built manifests are checked here too (CI checks them in e2e/manifest.e2e.ts).
  for (const target of ['chrome-mv3', 'firefox-mv2']) {
    const path = resolve(import.meta.dirname, '..', '.output', target, 'manifest.json');
    test.runIf(existsSync(path))(`the built ${target} manifest matches the pins`, () => {
      expectPinnedManifest(JSON.parse(readFileSync(path, 'utf8')) as ManifestShape);
    });
  }
});
