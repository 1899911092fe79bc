/** Installing packs and restoring backups: written whole, then announced so open tabs spot with the new terms. */
import { restoreBackupFile as restoreBackup } from '../packs/backup';
import { ensureBundledPack as ensureBundled, type BundledPackOutcome } from '../packs/bundled';
import { importPackFile as importPack, importPackText, type PackImportResult } from '../packs/import';
import type { AppContext } from './app-context';

export async function importPackFile(app: AppContext, file: Blob): Promise<PackImportResult> {
  const result = await importPack(app.db, file);
  await app.announce.termsChanged(
    result.kind === 'own-entries' ? 'own entries imported' : `pack ${result.pack.id} imported`,
  );
  return result;
}

/**
 * A pack a subscription fetched and verified (lib/subscriptions): the same
 * atomic import as a file the reader picks, notes kept, then announced.
 */
export async function installSubscribedPack(app: AppContext, text: string): Promise<PackImportResult> {
  const result = await importPackText(app.db, text);
  if (result.kind !== 'own-entries')
    await app.announce.termsChanged(`pack ${result.pack.id} updated by its subscription`);
  return result;
}

/**
 * A restore replaces notes too; the terms signal reaches every tab, which then
 * drops every cached entry. Announced even when it fails: the data may have
 * landed before the settings could not be restored, and a needless signal
 * costs a tab one version check.
 */
export async function restoreBackupFile(
  app: AppContext,
  file: Blob,
): Promise<Awaited<ReturnType<typeof restoreBackup>>> {
  try {
    return await restoreBackup(app.db, file);
  } finally {
    await app.announce.termsChanged('backup restored');
  }
}

/** Installs the shipped pack when it is missing or older; announced only when something was written. */
export async function ensureBundledPack(
  app: AppContext,
  loadJson: () => Promise<unknown>,
): Promise<BundledPackOutcome> {
  const outcome = await ensureBundled(app.db, loadJson);
  if (outcome !== 'current') await app.announce.termsChanged(`bundled pack ${outcome}`);
  return outcome;
}
