/**
 * Every write path announces what it changed: a write that forgets its signal
 * leaves open tabs and the popup showing stale notes or spotting stale terms.
 */
import { describe, expect, test } from 'vitest';
import { miniPack } from '@/tests/fixtures/mini-pack';
import { LensDatabase } from '../db/database';
import { installPack } from '../db/packs';
import { createBackgroundService } from '../background/service';
import type { EntryInput } from '../model';
import { createBackup, serialiseBackup } from '../packs/backup';
import { exportOwnEntries, serialisePack } from '../packs/export';
import { watchNoteChanges, watchTermsChanges } from '../signals';
import { announceToOpenTabs, createAppContext, type AppContext, type ChangeAnnouncer } from './app-context';
import { addNote, deleteNote, updateNote } from './notes';
import { deleteOwnEntry, saveOwnEntry } from './own-entries';
import { ensureBundledPack, importPackFile, restoreBackupFile } from './packs';

type Announcement = { notes: string } | { terms: string };

async function setUp(): Promise<{ app: AppContext; heard: Announcement[] }> {
  const db = new LensDatabase(`test-${crypto.randomUUID()}`);
  await installPack(db, miniPack());
  const heard: Announcement[] = [];
  const announce: ChangeAnnouncer = {
    notesChanged: async (entryId) => void heard.push({ notes: entryId }),
    termsChanged: async (reason) => void heard.push({ terms: reason }),
  };
  return { app: createAppContext(db, announce), heard };
}

const ownEntry: EntryInput = {
  id: 'own:bridge',
  type: 'place',
  title: 'Bridge',
  aliases: [],
  summary: 'A bridge.',
  related: [],
  source: { url: 'https://news.example/' },
  checked: '2026-12-01',
};

const fileOf = (text: string) => new Blob([text], { type: 'application/json' });

describe('notes', () => {
  test('adding, editing and deleting a note each announce its entry', async () => {
    const { app, heard } = await setUp();
    const note = await addNote(app, 'kfor', 'first');
    expect(heard).toEqual([{ notes: 'kfor' }]);
    await updateNote(app, note.id, 'second');
    expect(heard).toEqual([{ notes: 'kfor' }, { notes: 'kfor' }]);
    expect(await deleteNote(app, note.id)).toEqual({ ...note, text: 'second', updated: expect.any(Number) });
    expect(heard).toHaveLength(3);
    // A note already gone: nothing changed, so nothing is announced.
    expect(await deleteNote(app, note.id)).toBeUndefined();
    expect(heard).toHaveLength(3);
  });

  test('the background writes notes through the same path', async () => {
    const { app, heard } = await setUp();
    const { handlers } = createBackgroundService(app, Promise.resolve());
    const sender = { id: 'extension', url: 'chrome-extension://extension/note-editor.html' };
    const note = await handlers.addNote({ entryId: 'ohrid', text: 'a' }, sender);
    await handlers.updateNote({ noteId: note.id, text: 'b' }, sender);
    await handlers.deleteNote({ noteId: note.id }, sender);
    expect(heard).toEqual([{ notes: 'ohrid' }, { notes: 'ohrid' }, { notes: 'ohrid' }]);
  });
});

describe('own entries', () => {
  test('saving and deleting an own entry announce a change of terms', async () => {
    const { app, heard } = await setUp();
    await saveOwnEntry(app, ownEntry);
    await deleteOwnEntry(app, ownEntry.id);
    expect(heard).toEqual([{ terms: 'own entry own:bridge saved' }, { terms: 'own entry own:bridge deleted' }]);
  });
});

describe('packs and backups', () => {
  test('importing a pack or own entries announces a change of terms', async () => {
    const { app, heard } = await setUp();
    await importPackFile(app, fileOf(JSON.stringify(miniPack({ id: 'other', entries: [], events: [] }))));
    expect(heard).toEqual([{ terms: 'pack other imported' }]);
    await saveOwnEntry(app, ownEntry);
    const own = serialisePack(await exportOwnEntries(app.db));
    heard.length = 0;
    await importPackFile(app, fileOf(own));
    expect(heard).toEqual([{ terms: 'own entries imported' }]);
  });

  test('restoring a backup announces a change of terms', async () => {
    const { app, heard } = await setUp();
    const backup = serialiseBackup(await createBackup(app.db));
    await restoreBackupFile(app, fileOf(backup));
    expect(heard).toEqual([{ terms: 'backup restored' }]);
  });

  test('the bundled pack is announced when installed or updated, not when current', async () => {
    const { app, heard } = await setUp();
    const bundled = miniPack({ id: 'bundled', entries: [], events: [] });
    await ensureBundledPack(app, async () => bundled);
    await ensureBundledPack(app, async () => bundled);
    await ensureBundledPack(app, async () => ({ ...bundled, version: '1.0.1' }));
    expect(heard).toEqual([{ terms: 'bundled pack installed' }, { terms: 'bundled pack updated' }]);
  });
});

describe('the default announcer', () => {
  test('reaches the signals every tab watches', async () => {
    const notes: string[] = [];
    let terms = 0;
    const stopNotes = watchNoteChanges((entryId) => notes.push(entryId));
    const stopTerms = watchTermsChanges(() => terms++);
    await announceToOpenTabs.notesChanged('kfor');
    await announceToOpenTabs.termsChanged('test');
    stopNotes();
    stopTerms();
    expect(notes).toEqual(['kfor']);
    expect(terms).toBe(1);
  });
});
