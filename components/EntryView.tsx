import type { EntryDetail, StoredEvent } from '@/lib/model';
import { hostOf, safeHttpUrl, aliasListText } from '@/lib/format';
import { formatPartialDate, t, tn } from '@/lib/i18n';
import { entryTypeLabel } from './entry-type';
import { isAfterDay } from '@/lib/page/published-date';
import { Notes, type NoteActions } from './Notes';

interface EntryViewProps extends NoteActions {
  detail: EntryDetail;
  /** The card shows fewer events, aliases and related entries to stay small; the popup shows them all. */
  maxEvents?: number;
  maxAliases?: number;
  maxRelated?: number;
  showNoteDates?: boolean;
  /** Lists the pages where the entry was spotted (the popup has room for it, the card does not). */
  showSightings?: boolean;
  /** When the page is a dated article, events are split into before it and since it. */
  articleDate?: string;
  onOpenRelated?: (entryId: string) => void;
}

/** Everything known about one entry: used by the hover card and by the popup's entry view. */
export function EntryView({
  detail,
  maxEvents,
  maxAliases,
  maxRelated,
  showNoteDates,
  showSightings,
  articleDate,
  onOpenRelated,
  ...noteActions
}: EntryViewProps) {
  const { entry, events, notes, related } = detail;
  const sourceUrl = safeHttpUrl(entry.source.url);
  const aliases = aliasListText(entry, maxAliases);
  const shownRelated = maxRelated === undefined ? related : related.slice(0, maxRelated);
  return (
    <article class="cl-entry" aria-labelledby={`cl-title-${entry.id}`}>
      <header class="cl-entry-header">
        <h2 class="cl-title" id={`cl-title-${entry.id}`}>
          {entry.title}
        </h2>
        <span class={`cl-badge cl-badge-${entry.type}`}>{entryTypeLabel(entry.type)}</span>
      </header>
      {aliases && <p class="cl-aliases">{t('entryAliases', aliases)}</p>}
      <p class="cl-summary">{entry.summary}</p>
      {articleDate ? (
        <>
          <EventList
            title={t('eventsBeforeArticle')}
            events={events.filter((event) => !isAfterDay(event.date, articleDate))}
            limit={maxEvents}
            keep="latest"
          />
          <EventList
            title={t('eventsSinceArticle')}
            events={events.filter((event) => isAfterDay(event.date, articleDate))}
            limit={maxEvents}
            keep="earliest"
          />
        </>
      ) : (
        <EventList title={t('eventsTimeline')} events={events} limit={maxEvents} keep="latest" />
      )}
      <Notes notes={notes} showDates={showNoteDates} {...noteActions} />
      {related.length > 0 && (
        <section aria-label={t('relatedLabel')}>
          <h3 class="cl-section-title">{t('relatedHeading')}</h3>
          <ul class="cl-related">
            {shownRelated.map((item) => (
              <li key={item.id}>
                {onOpenRelated ? (
                  <button type="button" class="cl-chip" onClick={() => onOpenRelated(item.id)}>
                    {item.title}
                  </button>
                ) : (
                  <span class="cl-chip">{item.title}</span>
                )}
              </li>
            ))}
            {shownRelated.length < related.length && (
              <li class="cl-muted">{tn('relatedMore', related.length - shownRelated.length)}</li>
            )}
          </ul>
        </section>
      )}
      {showSightings && detail.sightings.length > 0 && (
        <section aria-label={tn('seenOnPages', detail.sightings.length)}>
          <h3 class="cl-section-title">{tn('seenOnPages', detail.sightings.length)}</h3>
          <ul class="cl-sightings">
            {detail.sightings.map((sighting) => {
              const url = safeHttpUrl(sighting.url);
              return (
                <li key={sighting.url}>
                  {url ? (
                    <a href={url} target="_blank" rel="noopener noreferrer">
                      {sighting.title}
                    </a>
                  ) : (
                    <span>{sighting.title}</span>
                  )}{' '}
                  <span class="cl-muted">
                    {hostOf(sighting.url)} · {new Date(sighting.seenAt).toLocaleDateString()}
                  </span>
                </li>
              );
            })}
          </ul>
        </section>
      )}
      <footer class="cl-source">
        {t('entrySource')}{' '}
        {sourceUrl ? (
          <a href={sourceUrl} target="_blank" rel="noopener noreferrer">
            {entry.source.title ?? hostOf(sourceUrl)}
          </a>
        ) : (
          <span>{entry.source.title ?? t('entrySourceUnknown')}</span>
        )}{' '}
        <span class="cl-muted">{t('entryChecked', formatPartialDate(entry.checked))}</span>
      </footer>
    </article>
  );
}

/**
 * A dated list of events. With a limit, it keeps the events nearest the
 * article: the latest ones before it, the earliest ones since.
 */
function EventList({
  title,
  events,
  limit = Infinity,
  keep,
}: {
  title: string;
  events: StoredEvent[];
  limit?: number;
  keep: 'latest' | 'earliest';
}) {
  if (events.length === 0) return null;
  const shown = events.length <= limit ? events : keep === 'latest' ? events.slice(-limit) : events.slice(0, limit);
  return (
    <section aria-label={title}>
      <h3 class="cl-section-title">
        {title}
        {shown.length < events.length
          ? ` ${t(keep === 'latest' ? 'eventsLatestOf' : 'eventsEarliestOf', shown.length, events.length)}`
          : ''}
      </h3>
      <ol class="cl-events">
        {shown.map((event) => (
          <li key={event.id} class="cl-event">
            <time class="cl-event-date" dateTime={event.date}>
              {formatPartialDate(event.date)}
            </time>
            <span class="cl-event-title">{event.title}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
