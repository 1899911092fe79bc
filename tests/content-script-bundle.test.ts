/**
 * The content script runs in every frame of every page, so what it bundles
 * matters. It is a thin first stage (lib/page/first-stage.ts): the frame gate,
 * the look for text, the settings and the popup's first answers, which every
 * frame pays to compile (issue 17). The prefilter's walk is a module of its own
 * (lib/page/candidate-walk-module.ts), imported by frames with text. The spotting stage
 * (lib/page/spotting-module.ts) is imported at the first candidate; it
 * decodes the matcher the background compiled (lib/matcher/compiled.ts), so
 * none of the build code (the trie builder, case rules, Serbian
 * transliteration, alias folding) may end up in it either.
 *
 * Checked on the module graph esbuild resolves from each entry, which lists
 * every file the bundle reads, whether or not any of its code survives; the
 * first stage's size on esbuild's minified bundle of it.
 */
import { resolve } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { describe, expect, test } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const FIRST_STAGE_ENTRY = 'entrypoints/spotter.ts';
const CANDIDATE_WALK_ENTRY = 'lib/page/candidate-walk-module.ts';
const SPOTTING_MODULE_ENTRY = 'lib/page/spotting-module.ts';

/**
 * The first stage’s budget, minified (not gzipped: the browser compiles what it reads, at about 0.2 ms per KB
 * in the page benchmark's frames, in every frame, cross-origin adverts included). The whole content script had
 * been 45 KB; the first stage was 23 KB when the Spotter moved out, 16.7 KB when its messaging library had
 * left it, and about 8 KB once the prefilter walk had. Raise it only for what every frame needs.
 */
const FIRST_STAGE_BUDGET_KB = 8.5;

/** What only a frame with text needs: the walk and the prefilter's reading of it. */
const CANDIDATE_WALK_ONLY = [
  'lib/matcher/',
  'lib/page/candidate-watch.ts',
  'lib/page/scanner.ts',
  'lib/page/slices.ts',
  'lib/page/text-walker.ts',
];

/** What only a page with a candidate needs: the spotting stage's files, and what they bring. */
const SPOTTING_STAGE_ONLY = [
  'lib/matcher/compiled.ts',
  'lib/matcher/scan.ts',
  'lib/page/card-controller.ts',
  'lib/page/card-loader.ts',
  'lib/page/page-requests.ts',
  'lib/page/spots.ts',
  'lib/page/spotter.ts',
  'lib/ranking.ts',
  'node_modules/valibot',
  // The popup is answered by the first stage's own receiving end (lib/messaging/envelope.ts), and WXT's
  // context reads runtime.id as it loads: both cost every frame, so both belong to the spotting stage.
  'node_modules/@webext-core',
  'node_modules/wxt/dist/utils/content-script-context',
];

/**
 * The matcher's part in the spotting stage: decode and check the tables, scan with them, fold text unit
 * by unit. The prefilter stays in the first stage, the only place a frame waits for a candidate.
 */
const SPOTTING_SIDE_OF_MATCHER = [
  'lib/matcher/base64.ts',
  'lib/matcher/compiled.ts',
  'lib/matcher/fold.ts',
  'lib/matcher/scan.ts',
  'lib/matcher/steps.ts',
  'lib/matcher/table-checks.ts',
  'lib/matcher/tables.ts',
];

async function bundle(entry: string): Promise<{ files: string[]; minifiedKB: number }> {
  const result = await build({
    entryPoints: [resolve(root, entry)],
    bundle: true,
    write: false,
    metafile: true,
    minify: true,
    format: 'iife',
    target: 'chrome120',
    // As wxt.config.ts builds the content script (its `browser` does not touch runtime); harmless for the module.
    alias: { '@': root, 'wxt/browser': resolve(root, 'lib/page/content-script-browser.ts') },
    loader: { '.css': 'empty' },
    jsx: 'automatic',
    jsxImportSource: 'preact',
    define: { 'import.meta.env.BROWSER': '"chrome"', 'import.meta.env.MANIFEST_VERSION': '3' },
    logLevel: 'silent',
  });
  const metafile: Metafile = result.metafile;
  return {
    files: Object.keys(metafile.inputs).sort(),
    minifiedKB: result.outputFiles[0]!.contents.length / 1000,
  };
}

const matcherFiles = (files: string[]) => files.filter((file) => file.startsWith('lib/matcher/'));

describe('the content script’s first stage', () => {
  test('holds only what every frame needs: neither the spotting stage nor the walk', async () => {
    const { files } = await bundle(FIRST_STAGE_ENTRY);
    const onlyLater = [...SPOTTING_STAGE_ONLY, ...CANDIDATE_WALK_ONLY];
    expect(files.filter((file) => onlyLater.some((only) => file.startsWith(only)))).toEqual([]);
  }, 30_000);

  test(`stays within ${FIRST_STAGE_BUDGET_KB} KB minified`, async () => {
    const { minifiedKB } = await bundle(FIRST_STAGE_ENTRY);
    expect(minifiedKB).toBeLessThanOrEqual(FIRST_STAGE_BUDGET_KB);
  }, 30_000);
});

describe('the prefilter walk', () => {
  test('holds the prefilter, the folding it walks text with and the checks of what it decodes, and no spotting', async () => {
    const { files } = await bundle(CANDIDATE_WALK_ENTRY);
    expect(files.filter((file) => SPOTTING_STAGE_ONLY.some((only) => file.startsWith(only)))).toEqual([]);
    expect(matcherFiles(files)).toEqual([
      'lib/matcher/base64.ts',
      'lib/matcher/fold.ts',
      'lib/matcher/prefilter.ts',
      'lib/matcher/table-checks.ts',
      'lib/matcher/tables.ts',
    ]);
  }, 30_000);
});

describe('the spotting stage', () => {
  test('imports the matcher’s decoder and scanner and no file of its builder', async () => {
    const { files } = await bundle(SPOTTING_MODULE_ENTRY);
    expect(matcherFiles(files)).toEqual(SPOTTING_SIDE_OF_MATCHER);
  }, 30_000);
});
