import { useMemo, useState } from 'preact/hooks';
import { ENTRY_TYPES, type Entry, type EntryType, type StoredEvent } from '@/lib/model';
import { formatPartialDate, t, tn } from '@/lib/i18n';
import { entryTypeLabel } from '../entry-type';
import { filterTimeline, foldedNamesById, NO_TIMELINE_FILTER, yearSpan, type TimelineFilter } from './timeline-filter';

/** Rendering hundreds of events at once makes the popup slow to open; more come on request. */
export const TIMELINE_PAGE_SIZE = 60;

interface TimelinePanelProps {
  /** Newest first; null while loading. */
  events: readonly StoredEvent[] | null;
  error: string | null;
  entries: readonly Entry[];
  entriesById: ReadonlyMap<string, Entry>;
  filter: TimelineFilter;
  onFilterChange(filter: TimelineFilter): void;
  onOpen(entryId: string, opener: HTMLElement): void;
}

function yearValue(value: string): number | null {
  return value === '' ? null : Number(value);
}

/** One end of the year range: "any year" or one of `years`, in the order given. */
function YearSelect(props: {
  label: string;
  years: readonly number[];
  value: number | null;
  onChange(year: number | null): void;
}) {
  return (
    <label class="cl-field">
      <span class="cl-field-label">{props.label}</span>
      <select
        class="cl-input"
        value={props.value ?? ''}
        onChange={(event) => props.onChange(yearValue(event.currentTarget.value))}
      >
        <option value="">{t('timelineAnyYear')}</option>
        {props.years.map((year) => (
          <option key={year} value={year}>
            {year}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Every event, newest first, narrowed by year range, entry name and entry type; events link to their entries. */
export function TimelinePanel({
  events,
  error,
  entries,
  entriesById,
  filter,
  onFilterChange,
  onOpen,
}: TimelinePanelProps) {
  const [shown, setShown] = useState(TIMELINE_PAGE_SIZE);
  const namesById = useMemo(() => foldedNamesById(entries), [entries]);
  const years = useMemo(() => yearSpan(events ?? []), [events]);
  const matching = useMemo(
    () => (events ? filterTimeline(events, entriesById, namesById, filter) : []),
    [events, entriesById, namesById, filter],
  );
  const isFiltered =
    filter.fromYear !== null || filter.toYear !== null || filter.entryText.trim() !== '' || filter.type !== null;

  const change = (patch: Partial<TimelineFilter>) => {
    setShown(TIMELINE_PAGE_SIZE);
    onFilterChange({ ...filter, ...patch });
  };

  if (error) {
    return (
      <p class="cl-error" role="alert">
        {t('timelineError', error)}
      </p>
    );
  }
  if (!events) return <p class="cl-muted">{t('timelineLoading')}</p>;

  return (
    <div class="cl-timeline">
      <form class="cl-filters" aria-label={t('timelineFilters')} onSubmit={(event) => event.preventDefault()}>
        <label class="cl-field cl-field-wide">
          <span class="cl-field-label">{t('timelineFilterEntry')}</span>
          <input
            type="search"
            class="cl-input"
            placeholder={t('timelineFilterEntryPlaceholder')}
            autoComplete="off"
            spellcheck={false}
            value={filter.entryText}
            onInput={(event) => change({ entryText: event.currentTarget.value })}
          />
        </label>
        {/* "From" lists the oldest year first and "To" the newest: each opens where its end of the range is. */}
        <YearSelect
          label={t('timelineFilterFrom')}
          years={[...years].reverse()}
          value={filter.fromYear}
          onChange={(fromYear) => change({ fromYear })}
        />
        <YearSelect
          label={t('timelineFilterTo')}
          years={years}
          value={filter.toYear}
          onChange={(toYear) => change({ toYear })}
        />
        <label class="cl-field">
          <span class="cl-field-label">{t('timelineFilterType')}</span>
          <select
            class="cl-input"
            value={filter.type ?? ''}
            onChange={(event) => {
              const value = event.currentTarget.value;
              change({ type: value === '' ? null : (value as EntryType) });
            }}
          >
            <option value="">{t('timelineAllTypes')}</option>
            {ENTRY_TYPES.map((type) => (
              <option key={type} value={type}>
                {entryTypeLabel(type)}
              </option>
            ))}
          </select>
        </label>
      </form>
      <div class="cl-timeline-summary">
        <p class="cl-muted" role="status">
          {isFiltered ? tn('timelineMatching', events.length, matching.length) : tn('timelineAll', events.length)}
        </p>
        {isFiltered && (
          <button type="button" class="cl-link-button" onClick={() => change(NO_TIMELINE_FILTER)}>
            {t('timelineClearFilters')}
          </button>
        )}
      </div>
      {matching.length === 0 ? (
        <p class="cl-empty">{t('timelineNoMatch')}</p>
      ) : (
        <ol class="cl-timeline-list" aria-label={t('timelineEvents')}>
          {matching.slice(0, shown).map((event) => (
            <li key={event.id} class="cl-timeline-event">
              <time class="cl-event-date" dateTime={event.date}>
                {formatPartialDate(event.date)}
              </time>
              <p class="cl-timeline-title">{event.title}</p>
              {event.summary && <p class="cl-timeline-text">{event.summary}</p>}
              <ul class="cl-related" aria-label={t('timelineEventEntries')}>
                {event.entries.map((id) => {
                  const entry = entriesById.get(id);
                  return entry ? (
                    <li key={id}>
                      <button
                        type="button"
                        class="cl-chip"
                        title={entryTypeLabel(entry.type)}
                        onClick={(click) => onOpen(id, click.currentTarget)}
                      >
                        {entry.title}
                      </button>
                    </li>
                  ) : null;
                })}
              </ul>
            </li>
          ))}
        </ol>
      )}
      {matching.length > shown && (
        <button type="button" class="cl-button cl-more" onClick={() => setShown(shown + TIMELINE_PAGE_SIZE)}>
          {t('timelineShowMore', Math.min(TIMELINE_PAGE_SIZE, matching.length - shown), matching.length - shown)}
        </button>
      )}
    </div>
  );
}
