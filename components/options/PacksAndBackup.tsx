import { useEffect, useState } from 'preact/hooks';
import type { InstalledPack } from '@/lib/db/database';
import type { FileToSave, PacksAndBackupData } from '@/lib/app/packs-data';
import { OWN_PACK_ID, type Note } from '@/lib/model';
import { t, tn } from '@/lib/i18n';
import { describeImport, statusOf, StatusMessage, type Status } from './StatusMessage';

interface Overview {
  packs: InstalledPack[];
  ownEntries: number;
  orphanedNotes: Note[];
}

/** Installed packs, import and export, full backup and restore. */
export function PacksAndBackup({ data }: { data: PacksAndBackupData }) {
  const [overview, setOverview] = useState<Overview | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [packStatus, setPackStatus] = useState<Status | null>(null);
  const [backupStatus, setBackupStatus] = useState<Status | null>(null);
  const [pendingRestore, setPendingRestore] = useState<File | null>(null);
  // Bumped to empty the file inputs, so picking the same file again fires a change.
  const [inputGeneration, setInputGeneration] = useState(0);

  async function refresh() {
    try {
      const [packs, ownEntries, orphanedNotes] = await Promise.all([
        data.listPacks(),
        data.countOwnEntries(),
        data.listOrphanedNotes(),
      ]);
      setOverview({ packs, ownEntries, orphanedNotes });
      setLoadError(null);
    } catch (error) {
      setLoadError(statusOf(error).text);
    }
  }

  useEffect(() => {
    void refresh();
    return data.watchChanges?.(() => void refresh());
  }, [data]);

  async function act(setStatus: (status: Status | null) => void, action: () => Promise<string | null>) {
    setBusy(true);
    setStatus(null);
    try {
      const message = await action();
      if (message) setStatus({ kind: 'ok', text: message });
    } catch (error) {
      setStatus(statusOf(error));
    } finally {
      setBusy(false);
      setInputGeneration((n) => n + 1);
      await refresh();
    }
  }

  const download = (make: () => Promise<FileToSave>) => async () => {
    const file = await make();
    data.saveFile(file);
    return t('fileSaved', file.fileName);
  };

  function chosenFile(event: Event): File | undefined {
    return (event.currentTarget as HTMLInputElement).files?.[0];
  }

  return (
    <div class="cl-options-body">
      {loadError && (
        <p class="cl-error" role="alert">
          {t('packsError', loadError)}
        </p>
      )}
      <table class="cl-pack-table" aria-label={t('packsTable')}>
        <thead>
          <tr>
            <th scope="col">{t('packsColumnPack')}</th>
            <th scope="col">{t('packsColumnVersion')}</th>
            <th scope="col">{t('packsColumnEntries')}</th>
            <th scope="col">{t('packsColumnEvents')}</th>
            <th scope="col">
              <span class="cl-visually-hidden">{t('packsColumnActions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {overview?.packs.map((pack) => (
            <tr key={pack.id} data-pack-id={pack.id}>
              <th scope="row">
                {pack.name} <span class="cl-muted">({pack.id})</span>
              </th>
              <td>{pack.version}</td>
              <td>{pack.entryCount}</td>
              <td>{pack.eventCount}</td>
              <td>
                <button
                  type="button"
                  class="cl-button"
                  disabled={busy}
                  aria-label={t('packsExportNamed', pack.name)}
                  onClick={() =>
                    act(
                      setPackStatus,
                      download(() => data.exportPack(pack.id)),
                    )
                  }
                >
                  {t('packsExport')}
                </button>
              </td>
            </tr>
          ))}
          {overview && (
            <tr data-pack-id={OWN_PACK_ID}>
              <th scope="row">{t('packsOwnEntries')}</th>
              <td>–</td>
              <td>{overview.ownEntries}</td>
              <td>–</td>
              <td>
                <button
                  type="button"
                  class="cl-button"
                  disabled={busy}
                  aria-label={t('packsExportOwn')}
                  onClick={() => act(setPackStatus, download(data.exportOwnEntries))}
                >
                  {t('packsExport')}
                </button>
              </td>
            </tr>
          )}
        </tbody>
      </table>

      <h3 class="cl-subheading">{t('packsImportHeading')}</h3>
      <p class="cl-muted">{t('packsImportHelp')}</p>
      <input
        key={`pack-${inputGeneration}`}
        type="file"
        accept=".json,application/json"
        aria-label={t('packsImportInput')}
        disabled={busy}
        onChange={(event) => {
          const file = chosenFile(event);
          if (file) void act(setPackStatus, async () => describeImport(await data.importPackFile(file)));
        }}
      />
      <StatusMessage status={packStatus} />

      <h3 class="cl-subheading">{t('backupHeading')}</h3>
      <p class="cl-muted">{t('backupHelp')}</p>
      <div class="cl-row">
        <button
          type="button"
          class="cl-button cl-primary"
          disabled={busy}
          onClick={() => act(setBackupStatus, download(data.createBackup))}
        >
          {t('backupDownload')}
        </button>
        <label class="cl-file-label">
          {t('backupRestore')}
          <input
            key={`backup-${inputGeneration}`}
            type="file"
            accept=".json,application/json"
            aria-label={t('backupRestoreInput')}
            disabled={busy}
            onChange={(event) => {
              const file = chosenFile(event);
              if (file) setPendingRestore(file);
            }}
          />
        </label>
      </div>
      {pendingRestore && (
        <div class="cl-confirm" role="alertdialog" aria-labelledby="cl-restore-question">
          <p id="cl-restore-question">{t('backupRestoreQuestion', pendingRestore.name)}</p>
          <div class="cl-row">
            <button
              type="button"
              class="cl-button cl-danger"
              disabled={busy}
              onClick={() => {
                const file = pendingRestore;
                setPendingRestore(null);
                void act(setBackupStatus, async () => {
                  const restored = await data.restoreBackupFile(file);
                  return t(
                    'backupRestored',
                    tn('packCount', restored.packs),
                    tn('entryCount', restored.entries),
                    tn('noteCount', restored.notes),
                  );
                });
              }}
            >
              {t('backupRestoreConfirm')}
            </button>
            <button
              type="button"
              class="cl-button"
              onClick={() => {
                setPendingRestore(null);
                setInputGeneration((n) => n + 1);
              }}
            >
              {t('cancel')}
            </button>
          </div>
        </div>
      )}
      <StatusMessage status={backupStatus} />

      {overview && overview.orphanedNotes.length > 0 && (
        <>
          <h3 class="cl-subheading">{t('orphansHeading')}</h3>
          <p class="cl-muted">{t('orphansHelp')}</p>
          <ul class="cl-orphans" aria-label={t('orphansHeading')}>
            {overview.orphanedNotes.map((note) => (
              <li key={note.id}>
                <span class="cl-muted">{t('orphanNoteEntry', note.entryId)} </span>
                {note.text}{' '}
                <button
                  type="button"
                  class="cl-link-button"
                  disabled={busy}
                  aria-label={t('orphanNoteDelete', note.entryId)}
                  onClick={() =>
                    act(setPackStatus, async () => {
                      await data.deleteNote(note.id);
                      return null;
                    })
                  }
                >
                  {t('delete')}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
