/**
 * The content script runs in every frame of every page, so what it bundles
 * matters: the background compiles the matcher, and the page only decodes it
 * (lib/matcher/compiled.ts), so none of the build code (the trie builder,
 * Serbian transliteration, alias folding) may end up in it. Checked on an
 * esbuild bundle of the entry, which tree-shakes functions as Vite does.
 */
import { resolve } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, test } from 'vitest';

const root = resolve(import.meta.dirname, '..');

describe('the content script bundle', () => {
  test('holds the matcher’s decoder and scanner but none of its builder', async () => {
    const result = await build({
      entryPoints: [resolve(root, 'entrypoints/spotter.content/index.ts')],
      bundle: true,
      write: false,
      format: 'iife',
      target: 'chrome120',
      alias: { '@': root, 'wxt/browser': '@wxt-dev/browser' },
      loader: { '.css': 'empty' },
      jsx: 'automatic',
      jsxImportSource: 'preact',
      define: { 'import.meta.env.BROWSER': '"chrome"', 'import.meta.env.MANIFEST_VERSION': '3' },
      logLevel: 'silent',
    });
    // Not minified, so declarations keep their names.
    const code = result.outputFiles[0]!.text;
    expect(code).toContain('function matcherFromCompiled(');
    expect(code).toContain('function scannerFor(');
    for (const builder of ['TrieBuilder', 'matcherTableBuildSteps', 'transliterateSerbian', 'TermFolder']) {
      expect(code, builder).not.toContain(builder);
    }
  }, 30_000);
});
