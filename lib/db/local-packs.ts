/** Packs, own entries and backups as the options page sees them: straight from the database it shares with the background. */
import { liveQuery } from 'dexie';
import type { PacksAndBackupData } from '@/components/options/PacksAndBackup';
import { createBackup, backupFileName, restoreBackupFile, serialiseBackup } from '../packs/backup';
import { exportOwnEntries, exportPack, packFileName, serialisePack } from '../packs/export';
import { importPackFile } from '../packs/import';
import { announceTermsChange } from '../signals';
import type { LensDatabase } from './database';
import { deleteNote, listOrphanedNotes } from './notes';
import { listInstalledPacks } from './packs';
import { listOwnEntries } from './own-entries';
import { OWN_PACK_ID } from '../model';

export function createLocalPacksData(db: LensDatabase): Omit<PacksAndBackupData, 'saveFile'> {
  return {
    listPacks: () => listInstalledPacks(db),
    countOwnEntries: async () => (await listOwnEntries(db)).length,
    listOrphanedNotes: () => listOrphanedNotes(db),
    deleteNote: (noteId) => deleteNote(db, noteId),
    // The page may open before the background has installed the bundled pack (first install), and packs
    // change from other tabs: Dexie tells every page of the extension origin when these tables change.
    watchChanges(onChange) {
      const subscription = liveQuery(() =>
        Promise.all([
          db.packs.toArray(),
          db.entries.where('packId').equals(OWN_PACK_ID).primaryKeys(),
          db.notes.toCollection().primaryKeys(),
        ]),
      ).subscribe({ next: () => onChange(), error: () => onChange() });
      return () => subscription.unsubscribe();
    },
    // After a write that changes entries, open tabs are told to fetch the new term index and spot again.
    async importPackFile(file) {
      const result = await importPackFile(db, file);
      await announceTermsChange(
        result.kind === 'own-entries' ? 'own entries imported' : `pack ${result.pack.id} imported`,
      );
      return result;
    },
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
    async restoreBackupFile(file) {
      const restored = await restoreBackupFile(db, file);
      await announceTermsChange('backup restored');
      return restored;
    },
  };
}
