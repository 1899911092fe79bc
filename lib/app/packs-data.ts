/** Packs, own entries and backups as the options page sees them: reads from the shared database, writes through lib/app. */
import type { InstalledPack } from '../db/database';
import type { Note } from '../model';
import type { PackImportResult } from '../packs/import';
import { listOrphanedNotes } from '../db/notes';
import { listOwnEntries } from '../db/own-entries';
import { listInstalledPacks, watchPacksAndNotes } from '../db/packs';
import { createBackup, backupFileName, serialiseBackup } from '../packs/backup';
import { exportOwnEntries, exportPack, packFileName, serialisePack } from '../packs/export';
import type { AppContext } from './app-context';
import { deleteNote } from './notes';
import { importPackFile, restoreBackupFile } from './packs';

/** A file the page offers for download. */
export interface FileToSave {
  fileName: string;
  text: string;
}

/**
 * Everything the options page's packs and backup section reads and does;
 * injected so tests need neither a browser nor downloads.
 */
export interface PacksAndBackupData {
  listPacks(): Promise<InstalledPack[]>;
  /** Calls back whenever packs, own entries or notes change anywhere; returns the unsubscribe function. */
  watchChanges?(onChange: () => void): () => void;
  countOwnEntries(): Promise<number>;
  listOrphanedNotes(): Promise<Note[]>;
  deleteNote(noteId: string): Promise<void>;
  importPackFile(file: File): Promise<PackImportResult>;
  exportPack(packId: string): Promise<FileToSave>;
  exportOwnEntries(): Promise<FileToSave>;
  createBackup(): Promise<FileToSave>;
  restoreBackupFile(file: File): Promise<{ packs: number; entries: number; notes: number }>;
  saveFile(file: FileToSave): void;
}

export function createPacksData(app: AppContext): Omit<PacksAndBackupData, 'saveFile'> {
  const { db } = app;
  return {
    listPacks: () => listInstalledPacks(db),
    countOwnEntries: async () => (await listOwnEntries(db)).length,
    listOrphanedNotes: () => listOrphanedNotes(db),
    deleteNote: async (noteId) => void (await deleteNote(app, noteId)),
    // The page may open before the background has installed the bundled pack (first install), and packs
    // change from other tabs.
    watchChanges: (onChange) => watchPacksAndNotes(db, onChange),
    importPackFile: (file) => importPackFile(app, file),
    async exportPack(packId) {
      const pack = await exportPack(db, packId);
      return { fileName: packFileName(pack), text: serialisePack(pack) };
    },
    async exportOwnEntries() {
      const pack = await exportOwnEntries(db);
      return { fileName: 'my-own-entries.json', text: serialisePack(pack) };
    },
    async createBackup() {
      const backup = await createBackup(db);
      return { fileName: backupFileName(backup), text: serialiseBackup(backup) };
    },
    restoreBackupFile: (file) => restoreBackupFile(app, file),
  };
}
