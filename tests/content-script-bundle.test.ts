/**
 * The content script runs in every frame of every page, so what it bundles
 * matters: the background compiles the matcher, and the page only decodes it
 * (lib/matcher/compiled.ts), so none of the build code (the trie builder,
 * case rules, Serbian transliteration, alias folding) may end up in it. That
 * follows from the files it imports, not from tree-shaking: checked on the
 * module graph esbuild resolves from the entry, which lists every file the
 * bundle reads, whether or not any of its code survives.
 */
import { resolve } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, test } from 'vitest';

const root = resolve(import.meta.dirname, '..');

/** The matcher's page side: decode and check the tables and the prefilter, scan with them, fold text unit by unit. */
const PAGE_SIDE_OF_MATCHER = [
  'lib/matcher/compiled.ts',
  'lib/matcher/fold.ts',
  'lib/matcher/prefilter.ts',
  'lib/matcher/scan.ts',
  'lib/matcher/table-checks.ts',
  'lib/matcher/tables.ts',
];

describe('the content script bundle', () => {
  test('imports the matcher’s decoder and scanner and no file of its builder', async () => {
    const result = await build({
      entryPoints: [resolve(root, 'entrypoints/spotter.content/index.ts')],
      bundle: true,
      write: false,
      metafile: true,
      format: 'iife',
      target: 'chrome120',
      alias: { '@': root, 'wxt/browser': '@wxt-dev/browser' },
      loader: { '.css': 'empty' },
      jsx: 'automatic',
      jsxImportSource: 'preact',
      define: { 'import.meta.env.BROWSER': '"chrome"', 'import.meta.env.MANIFEST_VERSION': '3' },
      logLevel: 'silent',
    });
    const matcherFiles = Object.keys(result.metafile.inputs)
      .filter((file) => file.startsWith('lib/matcher/'))
      .sort();
    expect(matcherFiles).toEqual(PAGE_SIDE_OF_MATCHER);
  }, 30_000);
});
