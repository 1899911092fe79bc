import { useEffect, useState } from 'preact/hooks';
import type { InstalledPack } from '@/lib/db/database';
import type { Note } from '@/lib/model';
import type { PackImportResult } from '@/lib/packs/import';
import type { PackProblem } from '@/lib/packs/validate';

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
      return `Installed “${result.pack.name}” ${result.pack.version}: ${result.pack.entryCount} entries, ${result.pack.eventCount} events.`;
    case 'updated':
      return `Updated “${result.pack.name}” from ${result.previousVersion} to ${result.pack.version}: ${result.pack.entryCount} entries, ${result.pack.eventCount} events. Your notes were kept.`;
    case 'own-entries':
      return `Added or updated ${result.count} of your own entries.`;
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
          {status.problems.length > 20 && <li>… and {status.problems.length - 20} more</li>}
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
    return `Saved ${file.fileName}.`;
  };

  function chosenFile(event: Event): File | undefined {
    return (event.currentTarget as HTMLInputElement).files?.[0];
  }

  return (
    <div class="cl-options-body">
      {loadError && (
        <p class="cl-error" role="alert">
          The packs could not be read: {loadError}
        </p>
      )}
      <table class="cl-pack-table" aria-label="Installed packs">
        <thead>
          <tr>
            <th scope="col">Pack</th>
            <th scope="col">Version</th>
            <th scope="col">Entries</th>
            <th scope="col">Events</th>
            <th scope="col">
              <span class="cl-visually-hidden">Actions</span>
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
                  aria-label={`Export ${pack.name}`}
                  onClick={() =>
                    act(
                      setPackStatus,
                      download(() => data.exportPack(pack.id)),
                    )
                  }
                >
                  Export
                </button>
              </td>
            </tr>
          ))}
          {overview && (
            <tr data-pack-id="own">
              <th scope="row">Your own entries</th>
              <td>–</td>
              <td>{overview.ownEntries}</td>
              <td>–</td>
              <td>
                <button
                  type="button"
                  class="cl-button"
                  disabled={busy}
                  aria-label="Export your own entries"
                  onClick={() => act(setPackStatus, download(data.exportOwnEntries))}
                >
                  Export
                </button>
              </td>
            </tr>
          )}
        </tbody>
      </table>

      <h3 class="cl-subheading">Import a pack</h3>
      <p class="cl-muted">
        A pack file (JSON, up to 20 MB) is checked completely before anything is stored: it is added whole or not at
        all. A newer version of an installed pack replaces its entries; your notes stay.
      </p>
      <input
        key={`pack-${inputGeneration}`}
        type="file"
        accept=".json,application/json"
        aria-label="Pack file to import"
        disabled={busy}
        onChange={(event) => {
          const file = chosenFile(event);
          if (file) void act(setPackStatus, async () => describeImport(await data.importPackFile(file)));
        }}
      />
      <StatusMessage status={packStatus} />

      <h3 class="cl-subheading">Backup</h3>
      <p class="cl-muted">
        A backup holds every pack, your own entries, your notes and your settings. Restoring one replaces all of them.
      </p>
      <div class="cl-row">
        <button
          type="button"
          class="cl-button cl-primary"
          disabled={busy}
          onClick={() => act(setBackupStatus, download(data.createBackup))}
        >
          Download a full backup
        </button>
        <label class="cl-file-label">
          Restore from a backup…
          <input
            key={`backup-${inputGeneration}`}
            type="file"
            accept=".json,application/json"
            aria-label="Backup file to restore"
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
          <p id="cl-restore-question">
            Replace all packs, your own entries, your notes and your settings with the backup “{pendingRestore.name}”?
            What is stored now will be gone; download a backup first if you may want it back.
          </p>
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
                  return `Restored ${restored.packs} packs, ${restored.entries} entries and ${restored.notes} notes.`;
                });
              }}
            >
              Replace everything
            </button>
            <button
              type="button"
              class="cl-button"
              onClick={() => {
                setPendingRestore(null);
                setInputGeneration((n) => n + 1);
              }}
            >
              Cancel
            </button>
          </div>
        </div>
      )}
      <StatusMessage status={backupStatus} />

      {overview && overview.orphanedNotes.length > 0 && (
        <>
          <h3 class="cl-subheading">Notes on removed entries</h3>
          <p class="cl-muted">
            These notes belong to entries that are no longer in any pack. They are kept, and come back to their entry if
            it returns in a later version.
          </p>
          <ul class="cl-orphans" aria-label="Notes on removed entries">
            {overview.orphanedNotes.map((note) => (
              <li key={note.id}>
                <span class="cl-muted">{note.entryId} (entry removed from pack): </span>
                {note.text}{' '}
                <button
                  type="button"
                  class="cl-link-button"
                  disabled={busy}
                  aria-label={`Delete the note on ${note.entryId}`}
                  onClick={() =>
                    act(setPackStatus, async () => {
                      await data.deleteNote(note.id);
                      return null;
                    })
                  }
                >
                  Delete
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
