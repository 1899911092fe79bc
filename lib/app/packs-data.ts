/** Packs, own entries and backups as the options page sees them: reads from the shared database, writes through lib/app. */
import type { PacksAndBackupData } from '@/components/options/PacksAndBackup';
import { listOrphanedNotes } from '../db/notes';
import { listOwnEntries } from '../db/own-entries';
import { listInstalledPacks, watchPacksAndNotes } from '../db/packs';
import { createBackup, backupFileName, serialiseBackup } from '../packs/backup';
import { exportOwnEntries, exportPack, packFileName, serialisePack } from '../packs/export';
import type { AppContext } from './app-context';
import { deleteNote } from './notes';
import { importPackFile, restoreBackupFile } from './packs';

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
