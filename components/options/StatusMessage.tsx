/** What the packs and backup section tells the reader after an import, export or restore. */
import type { PackImportResult } from '@/lib/packs/import';
import type { PackProblem } from '@/lib/packs/validate';
import { t, tn } from '@/lib/i18n';

/** A message for the reader; `problems` lists the records an import or restore refused. */
export interface Status {
  kind: 'ok' | 'error';
  text: string;
  problems?: PackProblem[];
}

export function statusOf(error: unknown): Status {
  if (error instanceof Error && 'problems' in error && Array.isArray(error.problems)) {
    // The first line of the message is the heading ("… nothing was changed."); the problems are listed below it.
    return { kind: 'error', text: error.message.split('\n')[0] ?? error.message, problems: error.problems };
  }
  return { kind: 'error', text: error instanceof Error ? error.message : String(error) };
}

export function describeImport(result: PackImportResult): string {
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

export function StatusMessage({ status }: { status: Status | null }) {
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
