import { describe, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { miniPack } from '@/tests/fixtures/mini-pack';
import { LensDatabase } from '../db/database';
import { buildTermIndex } from '../db/terms';
import { installPack } from '../db/packs';
import { compileMatcher } from '../matcher/compile';
import { prefilterFromCompiled } from '../matcher/prefilter';
import type { Handlers } from '../messaging/handlers';
import { fetchTermIndex } from '../page/term-index-transfer';
import { rankCandidates } from '../ranking';
import { compilePageTermIndex } from './page-term-index';
import { createAppContext } from '../app/app-context';
import { createBackgroundService, SESSION_COPY_KEY } from './service';

// The real compilation, watched: a restarted worker should read its session copy instead.
vi.mock('./page-term-index', async (importOriginal) => {
  const original = await importOriginal<typeof import('./page-term-index')>();
  return { ...original, compilePageTermIndex: vi.fn(original.compilePageTermIndex) };
});

const sender = { id: 'extension', url: 'https://news.example/article' };

/** The term index as a page gets it from these handlers (head, then chunks), decoded. */
async function pageTermIndex(handlers: Handlers, knownVersion: string | null = null) {
  return fetchTermIndex(knownVersion, {
    head: (known) => handlers.getTermIndex({ knownVersion: known }, sender),
    chunk: (version, chunk) => handlers.getTermIndexChunk({ version, chunk }, sender),
  });
}

async function setUp() {
  const db = new LensDatabase(`test-${crypto.randomUUID()}`);
  await installPack(db, miniPack());
  const service = createBackgroundService(createAppContext(db), Promise.resolve());
  return { db, handlers: service.handlers, service };
}

describe('the term index for pages', () => {
  test('is the compiled matcher, which finds what a matcher built from the terms finds', async () => {
    const { db, handlers } = await setUp();
    const index = (await pageTermIndex(handlers))!;
    const terms = (await buildTermIndex(db)).terms;
    expect(index.termCount).toBe(terms.length);
    const text = 'KFOR patrols near Ohrid; the Kosovo Force and the Ohrid Framework Agreement.';
    expect(index.matcher.find(text)).toEqual(compileMatcher(terms).find(text));
  });

  test('is null when the caller has the current version, and new after the terms change', async () => {
    const { db, handlers } = await setUp();
    const first = (await handlers.getTermIndex({ knownVersion: null }, sender))!;
    expect(await handlers.getTermIndex({ knownVersion: first.version }, sender)).toBeNull();
    // Compiled once per version: every frame asking gets the same compilation.
    expect(await handlers.getTermIndex({ knownVersion: 'older' }, sender)).toBe(first);
    await installPack(db, miniPack({ version: '2.0.0', entries: miniPack().entries.slice(0, 1) }));
    const second = (await pageTermIndex(handlers, first.version))!;
    expect(second.version).not.toBe(first.version);
    expect(second.matcher.find('near Ohrid')).toEqual([]);
  });

  test('refuses a chunk of a version no longer current, or one that does not exist', async () => {
    const { db, handlers } = await setUp();
    const first = (await handlers.getTermIndex({ knownVersion: null }, sender))!;
    expect(await handlers.getTermIndexChunk({ version: first.version, chunk: 0 }, sender)).toMatch(/^[A-Za-z0-9+/=]+$/);
    await expect(
      handlers.getTermIndexChunk({ version: first.version, chunk: first.packed.chunks }, sender),
    ).rejects.toThrow(/chunk 1 does not exist/);
    await installPack(db, miniPack({ version: '2.0.0', entries: miniPack().entries.slice(0, 1) }));
    await expect(handlers.getTermIndexChunk({ version: first.version, chunk: 0 }, sender)).rejects.toThrow(
      /is no longer current/,
    );
  });

  test('gives the prefilter of the current index, which the background publishes for every frame', async () => {
    const { db, handlers, service } = await setUp();
    const first = await service.currentPrefilter();
    expect(first.version).toBe((await handlers.getTermIndex({ knownVersion: null }, sender))!.version);
    expect(prefilterFromCompiled(first.prefilter).mayMatch('patrols near Ohrid')).toBe(true);
    expect(prefilterFromCompiled(first.prefilter).mayMatch('a quiet day in the garden')).toBe(false);
    await installPack(db, miniPack({ version: '2.0.0', entries: miniPack().entries.slice(0, 1) }));
    expect((await service.currentPrefilter()).version).not.toBe(first.version);
  });

  test('carries the links of ambiguous candidates, and ranks them as the full links do', async () => {
    const { db, handlers } = await setUp();
    const index = (await pageTermIndex(handlers))!;
    const full = (await buildTermIndex(db)).links;
    // "Ohrid" names the city and the agreement; KFOR names only itself, so its links are not needed.
    expect(Object.keys(index.links).sort()).toEqual(['ohrid']);
    expect(Object.keys(full)).toContain('kfor');
    const [mention] = index.matcher.find('Ohrid');
    expect(mention?.entryIds).toEqual(['ohrid', 'ohrid-framework-agreement']);
    const page = new Set(['kfor', ...mention!.entryIds]);
    expect(rankCandidates(mention!.entryIds, index.links, page)).toEqual(rankCandidates(mention!.entryIds, full, page));
  });
});

describe('a restarted service worker', () => {
  test('answers from the session copy of the compilation instead of compiling again', async () => {
    const { db, handlers } = await setUp();
    const compiled = (await handlers.getTermIndex({ knownVersion: null }, sender))!;
    await vi.waitFor(async () => expect(await fakeBrowser.storage.session.get(SESSION_COPY_KEY)).not.toEqual({}));
    vi.mocked(compilePageTermIndex).mockClear();

    const restarted = createBackgroundService(createAppContext(db), Promise.resolve()).handlers;
    const restored = (await restarted.getTermIndex({ knownVersion: null }, sender))!;
    expect(compilePageTermIndex).not.toHaveBeenCalled();
    expect(restored).toEqual(compiled);
    expect((await pageTermIndex(restarted))!.matcher.find('KFOR')).toHaveLength(1);
  });

  test('compiles again when the session copy is of another version or format', async () => {
    const { db, handlers } = await setUp();
    const compiled = (await handlers.getTermIndex({ knownVersion: null }, sender))!;
    for (const stale of [
      { ...compiled, version: 'older' },
      { ...compiled, matcher: { ...compiled.matcher, format: 'context-lens/matcher-tables@0' } },
      { ...compiled, packed: { ...compiled.packed, packing: 'context-lens/term-index-deflate@0' } },
    ]) {
      const { chunks } = (await fakeBrowser.storage.session.get(SESSION_COPY_KEY))[SESSION_COPY_KEY] as {
        chunks: string[];
      };
      await fakeBrowser.storage.session.set({ [SESSION_COPY_KEY]: { head: stale, chunks } });
      vi.mocked(compilePageTermIndex).mockClear();
      const restored = (await createBackgroundService(createAppContext(db), Promise.resolve()).handlers.getTermIndex(
        { knownVersion: null },
        sender,
      ))!;
      expect(compilePageTermIndex).toHaveBeenCalledTimes(1);
      expect(restored).toEqual(compiled);
    }
  });
});
