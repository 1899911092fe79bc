import type { Entry } from '@/lib/model';
import { t } from '@/lib/i18n';
import { entryTypeLabel } from '../entry-type';

interface ResultListProps {
  /** Names the list for screen readers ("Results", "Recently opened"). */
  label: string;
  entries: readonly Entry[];
  /** Entries with notes get a small marker. */
  notedIds: ReadonlySet<string>;
  onOpen(entryId: string, opener: HTMLElement): void;
}

/**
 * Entries as a list of buttons. Each carries `data-result`, which the search
 * panel's arrow-key handling walks; a real focus move (not an
 * aria-activedescendant) keeps Enter, Space and screen readers native.
 */
export function ResultList({ label, entries, notedIds, onOpen }: ResultListProps) {
  // The same entry can be in two lists at once (recent and a search), so ids carry the list's name.
  const idPrefix = `cl-summary-${label.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-')}`;
  return (
    <ul class="cl-results" aria-label={label}>
      {entries.map((entry) => (
        <li key={entry.id}>
          <button
            type="button"
            class="cl-result"
            data-result=""
            // The summary describes the result; the name stays short for screen readers and keyboard users.
            aria-label={t('resultLabel', entry.title, entryTypeLabel(entry.type))}
            aria-describedby={`${idPrefix}-${entry.id}`}
            onClick={(event) => onOpen(entry.id, event.currentTarget)}
          >
            <span class="cl-result-title">
              {entry.title}
              {notedIds.has(entry.id) && (
                <span class="cl-noted" title={t('resultNotedTitle')}>
                  {' '}
                  · {t('resultNoted')}
                </span>
              )}
            </span>
            <span class="cl-result-type">{entryTypeLabel(entry.type)}</span>
            <span class="cl-result-summary" id={`${idPrefix}-${entry.id}`}>
              {entry.summary}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
