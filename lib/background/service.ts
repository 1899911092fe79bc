/**
 * What the background does, without the browser wiring: answers requests
 * from the database and keeps the compiled term index cached. The cache is
 * only an optimisation, and every request first compares the stored version.
 * It is kept in memory and in `storage.session`: Chrome stops an idle MV3
 * service worker, and without the session copy the first page after a
 * restart would wait for a whole compilation (hundreds of milliseconds at
 * 10k aliases) instead of one read.
 */
import { browser } from 'wxt/browser';
import type { LensDatabase } from '../db/database';
import type { AppContext } from '../app/app-context';
import { addNote, deleteNote, updateNote } from '../app/notes';
import { buildTermIndex, getTermsVersion } from '../db/terms';
import { getEntryDetail } from '../db/entry-detail';
import { COMPILED_MATCHER_FORMAT } from '../matcher/compiled';
import { PREFILTER_FORMAT } from '../matcher/prefilter';
import { compilePageTermIndex } from './page-term-index';
import { RequestError, type Handlers } from '../messaging/handlers';
import type { TermPrefilter } from '../messaging/protocol';
import { TERM_INDEX_PACKING } from '../messaging/term-index-wire';
import { packTermIndex, type PackedTermIndex } from './term-index-packing';
import { loadSettings } from '../settings';
import { recordSightings } from '../db/sightings';

/** The background's request handlers, and the prefilter it publishes for every frame (prefilter-publisher.ts). */
export interface BackgroundService {
  handlers: Handlers;
  /** The prefilter of the current term index, with that index's version. */
  currentPrefilter(): Promise<TermPrefilter>;
}

export function createBackgroundService(app: AppContext, ready: Promise<unknown>): BackgroundService {
  const { db } = app;
  /** The packed index of one version; every frame that asks meanwhile waits for the same compilation. */
  let cached: { version: string; index: Promise<PackedTermIndex> } | undefined;

  async function currentTermIndex(): Promise<PackedTermIndex> {
    await ready;
    const version = await getTermsVersion(db);
    if (cached?.version !== version) {
      const index = restoreOrCompile(db, version);
      cached = { version, index };
      // A failed compilation is not kept: the next request tries again.
      index.catch(() => {
        if (cached?.index === index) cached = undefined;
      });
    }
    return cached.index;
  }

  const handlers: Handlers = {
    async getTermIndex({ knownVersion }) {
      const { head } = await currentTermIndex();
      return head.version === knownVersion ? null : head;
    },
    async getTermIndexChunk({ version, chunk }) {
      const { head, chunks } = await currentTermIndex();
      // A page that got an older head must start again with the new one, not mix two versions' bytes.
      if (head.version !== version) {
        throw new RequestError(`Term index version ${version} is no longer current (now ${head.version})`);
      }
      const text = chunks[chunk];
      if (text === undefined) throw new RequestError(`Term index chunk ${chunk} does not exist (${chunks.length})`);
      return text;
    },
    async getEntryDetail({ entryId }) {
      await ready;
      return getEntryDetail(db, entryId);
    },
    addNote: ({ entryId, text }) => addNote(app, entryId, text),
    updateNote: ({ noteId, text }) => updateNote(app, noteId, text),
    async recordSightings({ title, entryIds }, sender) {
      // Private windows leave no trace; the reader may also have switched the memory off.
      if (sender.tab?.incognito || !sender.url || !(await loadSettings()).rememberPages) return 0;
      await ready;
      return recordSightings(db, { url: sender.url, title, entryIds });
    },
    async deleteNote({ noteId }) {
      await deleteNote(app, noteId);
    },
  };
  return {
    handlers,
    async currentPrefilter() {
      const { version, prefilter } = (await currentTermIndex()).head;
      return { version, prefilter };
    },
  };
}

/** Where the worker keeps its last compilation for the browser session (not readable by content scripts). */
export const SESSION_COPY_KEY = 'compiledTermIndex';

async function restoreOrCompile(db: LensDatabase, version: string): Promise<PackedTermIndex> {
  const saved = await readSessionCopy(version);
  if (saved) return saved;
  const index = await packTermIndex(await compilePageTermIndex(await buildTermIndex(db)));
  // Best effort: without it the next restart compiles again, which is only slower.
  browser.storage.session?.set({ [SESSION_COPY_KEY]: index }).catch(() => undefined);
  return index;
}

/**
 * The session copy if it is of `version` and of the format pages accept; an
 * update of the extension can change the format while the session lives on.
 */
async function readSessionCopy(version: string): Promise<PackedTermIndex | undefined> {
  try {
    const saved = (await browser.storage.session?.get(SESSION_COPY_KEY))?.[SESSION_COPY_KEY] as
      Partial<PackedTermIndex> | undefined;
    const head = saved?.head;
    if (
      head?.version === version &&
      head.matcher?.format === COMPILED_MATCHER_FORMAT &&
      head.prefilter?.format === PREFILTER_FORMAT &&
      head.packed?.packing === TERM_INDEX_PACKING &&
      saved?.chunks?.length === head.packed.chunks
    ) {
      return saved as PackedTermIndex;
    }
  } catch {
    // No session storage here (an older Firefox): compile instead.
  }
  return undefined;
}
