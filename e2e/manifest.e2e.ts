/**
 * The built manifests of both browsers against the pinned permissions
 * (tests/permissions-pin.ts). `npm run test:e2e` builds before running this,
 * so CI always checks what would ship.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { expectPinnedManifest, type ManifestShape } from '../tests/permissions-pin';

describe('the built manifests', () => {
  test.each(['chrome-mv3', 'firefox-mv2'])('%s asks for exactly the pinned permissions', (target) => {
    const path = resolve(import.meta.dirname, '..', '.output', target, 'manifest.json');
    expectPinnedManifest(JSON.parse(readFileSync(path, 'utf8')) as ManifestShape);
  });

  test('the Firefox build runs on Firefox for Android from the version that paints its underline', () => {
    const path = resolve(import.meta.dirname, '..', '.output', 'firefox-mv2', 'manifest.json');
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as {
      browser_specific_settings?: { gecko_android?: { strict_min_version?: string } };
    };
    // 146: text-decoration in ::highlight() (the underline); wxt.config.ts lists what else needs which version.
    expect(manifest.browser_specific_settings?.gecko_android?.strict_min_version).toBe('146.0');
  });
});
