import { useMemo, useState } from 'preact/hooks';
import { foldKey } from '@/lib/matcher';
import type { Entry } from '@/lib/model';
import { t } from '@/lib/i18n';
import { entryTypeLabel } from './entry-type';
import { foldedNamesById } from './popup/timeline-filter';

/** Enough to find an entry by typing; the glossary has hundreds, so the list is never shown whole. */
const MAX_MATCHES = 8;

interface RelatedPickerProps {
  /** Every entry that may be chosen (own and pack entries); null while loading. */
  entries: readonly Entry[] | null;
  /** The entry being edited, which cannot relate to itself. */
  selfId: string | null;
  chosen: readonly string[];
  onChange(chosen: string[]): void;
}

/** Finds entries by any of their names (folded: "zvecan" finds Zvečan), titles starting with the text first. */
function findMatches(entries: readonly Entry[], names: ReadonlyMap<string, string>, query: string): Entry[] {
  const text = foldKey(query);
  if (!text) return [];
  const starts: Entry[] = [];
  const contains: Entry[] = [];
  for (const entry of entries) {
    if (foldKey(entry.title).startsWith(text)) starts.push(entry);
    else if (names.get(entry.id)?.includes(text)) contains.push(entry);
  }
  return [...starts, ...contains];
}

/**
 * The related entries of an own entry: chosen ones as removable chips, and a
 * search box to add any entry of the glossary, own or from a pack. A chosen
 * entry that is gone (its pack dropped it) stays visible, named by its id,
 * so the reader decides whether to keep the link for when it returns.
 */
export function RelatedPicker({ entries, selfId, chosen, onChange }: RelatedPickerProps) {
  const [query, setQuery] = useState('');
  const byId = useMemo(() => new Map((entries ?? []).map((entry) => [entry.id, entry] as const)), [entries]);
  const names = useMemo(() => foldedNamesById(entries ?? []), [entries]);
  const matches = useMemo(() => {
    const found = findMatches(entries ?? [], names, query);
    return found.filter((entry) => entry.id !== selfId && !chosen.includes(entry.id)).slice(0, MAX_MATCHES);
  }, [entries, names, query, selfId, chosen]);

  return (
    <fieldset class="cl-field cl-related-picker">
      <legend>{t('editorRelatedLegend')}</legend>
      {chosen.length === 0 ? (
        <p class="cl-muted">{t('editorRelatedNone')}</p>
      ) : (
        <ul class="cl-related" aria-label={t('editorRelatedChosen')}>
          {chosen.map((id) => {
            const entry = byId.get(id);
            const label = entry ? entry.title : entries ? t('editorRelatedMissing', id) : id;
            return (
              <li key={id} class={entry || !entries ? 'cl-chip' : 'cl-chip cl-chip-missing'}>
                {label}{' '}
                <button
                  type="button"
                  class="cl-link-button"
                  aria-label={t('editorRelatedRemove', entry?.title ?? id)}
                  onClick={() => onChange(chosen.filter((other) => other !== id))}
                >
                  ×
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <input
        type="search"
        aria-label={t('editorRelatedSearch')}
        placeholder={t('editorRelatedSearchPlaceholder')}
        autoComplete="off"
        spellcheck={false}
        value={query}
        onInput={(e) => setQuery(e.currentTarget.value)}
        // Enter in the box would submit the whole form; here it adds the first match instead.
        onKeyDown={(e) => {
          if (e.key !== 'Enter') return;
          e.preventDefault();
          const first = matches[0];
          if (first) {
            onChange([...chosen, first.id]);
            setQuery('');
          }
        }}
      />
      {query.trim() &&
        (matches.length === 0 ? (
          <p class="cl-muted">{t('editorRelatedNoMatch', query.trim())}</p>
        ) : (
          <ul class="cl-picker-matches" aria-label={t('editorRelatedMatches')}>
            {matches.map((entry) => (
              <li key={entry.id}>
                <button
                  type="button"
                  class="cl-picker-match"
                  onClick={() => {
                    onChange([...chosen, entry.id]);
                    setQuery('');
                  }}
                >
                  {entry.title} <span class="cl-muted">· {entryTypeLabel(entry.type)}</span>
                </button>
              </li>
            ))}
          </ul>
        ))}
    </fieldset>
  );
}
