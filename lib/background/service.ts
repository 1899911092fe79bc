/**
 * What the background does, without the browser wiring: answers requests
 * from the database and keeps the term index cached. The cache is only an
 * optimisation: when the MV3 service worker is stopped it is simply rebuilt
 * on the next request, and every request first compares the stored version.
 */
import type { LensDatabase } from '../db/database';
import { addNote, buildTermIndex, deleteNote, getEntryDetail, getTermsVersion, updateNote } from '../db/repository';
import type { PageTermIndex } from '../model';
import { compilePageTermIndex } from './page-term-index';
import type { Handlers } from '../messaging/handlers';
import { announceNoteChange } from '../signals';
import { loadSettings } from '../settings';
import { recordSightings } from '../db/sightings';

export function createBackgroundHandlers(db: LensDatabase, ready: Promise<unknown>): Handlers {
  /** The compiled index of one version; every frame that asks meanwhile waits for the same compilation. */
  let cached: { version: string; index: Promise<PageTermIndex> } | undefined;

  async function currentTermIndex(): Promise<PageTermIndex> {
    await ready;
    const version = await getTermsVersion(db);
    if (cached?.version !== version) {
      const index = buildTermIndex(db).then(compilePageTermIndex);
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
    async getEntryDetail({ entryId }) {
      await ready;
      return getEntryDetail(db, entryId);
    },
    async addNote({ entryId, text }) {
      const note = await addNote(db, entryId, text);
      await announceNoteChange(note.entryId);
      return note;
    },
    async updateNote({ noteId, text }) {
      const note = await updateNote(db, noteId, text);
      await announceNoteChange(note.entryId);
      return note;
    },
    async recordSightings({ title, entryIds }, sender) {
      // Private windows leave no trace; the reader may also have switched the memory off.
      if (sender.tab?.incognito || !sender.url || !(await loadSettings()).rememberPages) return 0;
      await ready;
      return recordSightings(db, { url: sender.url, title, entryIds });
    },
    async deleteNote({ noteId }) {
      const note = await db.notes.get(noteId);
      await deleteNote(db, noteId);
      if (note) await announceNoteChange(note.entryId);
    },
  };
}
