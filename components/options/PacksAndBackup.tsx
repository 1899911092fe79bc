import { useEffect, useState } from 'preact/hooks';
import type { InstalledPack } from '@/lib/db/database';
import type { Note } from '@/lib/model';
import type { PackImportResult } from '@/lib/packs/import';
import type { PackProblem } from '@/lib/packs/validate';
import { t, tn } from '@/lib/i18n';

/** A file the page offers for download. */
export interface FileToSave {
  fileName: string;
  text: string;
}

/** Everything the section reads and does; injected so tests need neither a browser nor downloads. */
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

interface Overview {
  packs: InstalledPack[];
  ownEntries: number;
  orphanedNotes: Note[];
}

/** A message for the reader; `problems` lists the records an import or restore refused. */
interface Status {
  kind: 'ok' | 'error';
  text: string;
  problems?: PackProblem[];
}

function statusOf(error: unknown): Status {
  if (error instanceof Error && 'problems' in error && Array.isArray(error.problems)) {
    // The first line of the message is the heading ("… nothing was changed."); the problems are listed below it.
    return { kind: 'error', text: error.message.split('\n')[0] ?? error.message, problems: error.problems };
  }
  return { kind: 'error', text: error instanceof Error ? error.message : String(error) };
}

function describeImport(result: PackImportResult): string {
  switch (result.kind) {
    case 'installed':
      return t(
        'packInstalled',
        result.pack.name,
        result.pack.version,
        tn('entryCount', result.pack.entryCount),
        tn('eventCount', result.pack.eventCount),
      );
    case 'updated':
      return t(
        'packUpdated',
        result.pack.name,
        result.previousVersion,
        result.pack.version,
        tn('entryCount', result.pack.entryCount),
        tn('eventCount', result.pack.eventCount),
      );
    case 'own-entries':
      return tn('ownEntriesImported', result.count);
  }
}

function StatusMessage({ status }: { status: Status | null }) {
  if (!status) return null;
  if (status.kind === 'ok') {
    return (
      <p class="cl-ok" role="status">
        {status.text}
      </p>
    );
  }
  return (
    <div class="cl-error" role="alert">
      <p>{status.text}</p>
      {status.problems && (
        <ul class="cl-problems">
          {status.problems.slice(0, 20).map((problem, i) => (
            <li key={i}>
              <code>{problem.path}</code>: {problem.message}
            </li>
          ))}
          {status.problems.length > 20 && <li>{tn('problemsMore', status.problems.length - 20)}</li>}
        </ul>
      )}
    </div>
  );
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
            <tr data-pack-id="own">
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
