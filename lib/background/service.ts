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
import type { PageTermIndex } from '../model';
import { COMPILED_MATCHER_FORMAT } from '../matcher/compiled';
import { PREFILTER_FORMAT } from '../matcher/prefilter';
import { compilePageTermIndex } from './page-term-index';
import type { Handlers } from '../messaging/handlers';
import { loadSettings } from '../settings';
import { recordSightings } from '../db/sightings';

export function createBackgroundHandlers(app: AppContext, ready: Promise<unknown>): Handlers {
  const { db } = app;
  /** The compiled index of one version; every frame that asks meanwhile waits for the same compilation. */
  let cached: { version: string; index: Promise<PageTermIndex> } | undefined;

  async function currentTermIndex(): Promise<PageTermIndex> {
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

  return {
    async getTermIndex({ knownVersion }) {
      const index = await currentTermIndex();
      return index.version === knownVersion ? null : index;
    },
    async getTermPrefilter({ knownVersion }) {
      const { version, prefilter } = await currentTermIndex();
      return version === knownVersion ? null : { version, prefilter };
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
}

/** Where the worker keeps its last compilation for the browser session (not readable by content scripts). */
export const SESSION_COPY_KEY = 'compiledTermIndex';

async function restoreOrCompile(db: LensDatabase, version: string): Promise<PageTermIndex> {
  const saved = await readSessionCopy(version);
  if (saved) return saved;
  const index = await compilePageTermIndex(await buildTermIndex(db));
  // Best effort: without it the next restart compiles again, which is only slower.
  browser.storage.session?.set({ [SESSION_COPY_KEY]: index }).catch(() => undefined);
  return index;
}

/**
 * The session copy if it is of `version` and of the format pages accept; an
 * update of the extension can change the format while the session lives on.
 */
async function readSessionCopy(version: string): Promise<PageTermIndex | undefined> {
  try {
    const saved = (await browser.storage.session?.get(SESSION_COPY_KEY))?.[SESSION_COPY_KEY] as
      Partial<PageTermIndex> | undefined;
    if (
      saved?.version === version &&
      saved.matcher?.format === COMPILED_MATCHER_FORMAT &&
      saved.prefilter?.format === PREFILTER_FORMAT
    ) {
      return saved as PageTermIndex;
    }
  } catch {
    // No session storage here (an older Firefox): compile instead.
  }
  return undefined;
}
