import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { GlossaryData } from '@/lib/app/glossary-data';
import { isOwnEntry, type Entry, type EntryDetail, type StoredEvent } from '@/lib/model';
import { GlossarySearch } from '@/lib/search/glossary-search';
import { EntryView } from './EntryView';
import { OwnEntryActions } from './popup/OwnEntryActions';
import { PagePanel } from './popup/PagePanel';
import { AddSelection } from './popup/AddSelection';
import { SearchPanel } from './popup/SearchPanel';
import { TimelinePanel } from './popup/TimelinePanel';
import { NO_TIMELINE_FILTER, type TimelineFilter } from './popup/timeline-filter';
import type { ActivePage, ReadingHistory, SettingsStore, TimelineSource } from './popup/services';
import { t, tn, type MessageKey } from '@/lib/i18n';

export type { ActivePage, ReadingHistory, SettingsStore, TimelineSource } from './popup/services';

export interface PopupProps {
  data: GlossaryData;
  history: ReadingHistory;
  timeline: TimelineSource;
  page: ActivePage;
  settings: SettingsStore;
  /**
   * Calls back with the whole entry table whenever it changes (an entry added
   * in the options page, a pack updated) and returns the unsubscribe function.
   * The search index is brought up to date, not rebuilt.
   */
  watchEntries?: (onChange: (entries: Entry[]) => void, onError: (error: unknown) => void) => () => void;
}

type Loaded<T> = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; value: T };

const TABS = [
  { id: 'search', label: 'tabGlossary', back: 'backToSearch' },
  { id: 'timeline', label: 'tabTimeline', back: 'backToTimeline' },
  { id: 'page', label: 'tabPage', back: 'backToPage' },
] as const satisfies ReadonlyArray<{ id: string; label: MessageKey; back: MessageKey }>;
type TabId = (typeof TABS)[number]['id'];

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The toolbar popup: search the glossary, browse the timeline, see the current page's terms, open entries. */
export function Popup({ data, history, timeline, page, settings, watchEntries }: PopupProps) {
  const [entries, setEntries] = useState<Loaded<Entry[]>>({ status: 'loading' });
  // One index for the popup's lifetime, kept in step with the entries rather than rebuilt.
  const search = useRef<GlossarySearch | null>(null);
  const [query, setQuery] = useState('');
  const [tab, setTab] = useState<TabId>('search');
  // Panels stay mounted once visited, so their filters and scroll survive a visit to an entry.
  const [visited, setVisited] = useState<ReadonlySet<TabId>>(new Set(['search']));
  const [recentIds, setRecentIds] = useState<string[]>([]);
  const [notedIds, setNotedIds] = useState<string[]>([]);
  const [events, setEvents] = useState<Loaded<StoredEvent[]> | null>(null);
  const [timelineFilter, setTimelineFilter] = useState<TimelineFilter>(NO_TIMELINE_FILTER);
  const [trail, setTrail] = useState<string[]>([]);
  const [detail, setDetail] = useState<Loaded<EntryDetail> | null>(null);
  const opener = useRef<HTMLElement | null>(null);
  const entryRegion = useRef<HTMLDivElement>(null);
  const tabButtons = useRef(new Map<TabId, HTMLButtonElement>());
  const openId = trail[trail.length - 1];

  function acceptEntries(value: Entry[]) {
    if (search.current) search.current.sync(value);
    else search.current = new GlossarySearch(value);
    setEntries({ status: 'ready', value });
  }

  useEffect(() => {
    const fail = (error: unknown) => setEntries({ status: 'error', message: messageOf(error) });
    // A live source delivers the first list too, so the table is read once either way.
    if (watchEntries) return watchEntries(acceptEntries, fail);
    data.listEntries().then(acceptEntries, fail);
    return undefined;
  }, [data, watchEntries]);

  const refreshNoted = () =>
    history.listNoted().then(setNotedIds, () => {
      // The lists under an empty search box are a convenience; the popup works without them.
    });

  useEffect(() => {
    history.listRecent().then(setRecentIds, () => undefined);
    void refreshNoted();
  }, [history]);

  useEffect(() => {
    if (tab !== 'timeline' || events) return;
    setEvents({ status: 'loading' });
    timeline.listEvents().then(
      (value) => setEvents({ status: 'ready', value }),
      (error: unknown) => setEvents({ status: 'error', message: messageOf(error) }),
    );
  }, [tab, timeline, events]);

  const entriesById = useMemo(
    () => new Map(entries.status === 'ready' ? entries.value.map((entry) => [entry.id, entry] as const) : []),
    [entries],
  );
  const results = useMemo(
    () => (entries.status === 'ready' && search.current ? search.current.search(query) : null),
    [entries, query],
  );

  async function reload(entryId: string) {
    try {
      const value = await data.loadDetail(entryId);
      setDetail(value ? { status: 'ready', value } : { status: 'error', message: t('entryMissing') });
    } catch (error) {
      setDetail({ status: 'error', message: messageOf(error) });
    }
  }

  useEffect(() => {
    if (!openId) {
      setDetail(null);
      return;
    }
    setDetail({ status: 'loading' });
    void reload(openId);
    setRecentIds((ids) => [openId, ...ids.filter((id) => id !== openId)]);
    history.rememberOpened(openId).catch(() => undefined);
  }, [openId]);

  // Focus follows the view: into the entry when one opens, back to what opened it when it closes.
  useEffect(() => {
    if (openId && detail?.status !== 'loading') entryRegion.current?.focus();
  }, [openId, detail?.status]);
  useEffect(() => {
    if (!openId && opener.current?.isConnected) opener.current.focus();
  }, [openId]);

  function openEntry(entryId: string, from: HTMLElement) {
    opener.current = from;
    setTrail([entryId]);
  }

  function selectTab(next: TabId) {
    setTab(next);
    setVisited((tabs) => (tabs.has(next) ? tabs : new Set([...tabs, next])));
  }

  function onTabKeyDown(event: KeyboardEvent) {
    const index = TABS.findIndex((item) => item.id === tab);
    const moves: Record<string, number> = {
      ArrowRight: index + 1,
      ArrowLeft: index - 1,
      Home: 0,
      End: TABS.length - 1,
    };
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const next = TABS[(target + TABS.length) % TABS.length]!.id;
    selectTab(next);
    tabButtons.current.get(next)?.focus();
  }

  const afterNoteChange = async (action: Promise<void>) => {
    await action;
    await Promise.all([openId ? reload(openId) : undefined, refreshNoted()]);
  };

  const goBack = () => setTrail(trail.slice(0, -1));

  return (
    <main class="cl-popup">
      {openId && (
        <div
          class="cl-entry-screen"
          onKeyDown={(event) => {
            const typing = event.target instanceof HTMLTextAreaElement || event.target instanceof HTMLInputElement;
            if (event.key === 'Escape' && !typing) {
              event.preventDefault();
              goBack();
            }
          }}
        >
          <nav class="cl-entry-nav">
            <button type="button" class="cl-link-button cl-back" onClick={goBack}>
              <span aria-hidden="true">← </span>
              {t(trail.length > 1 ? 'back' : (TABS.find((item) => item.id === tab)?.back ?? 'back'))}
            </button>
          </nav>
          <div class="cl-entry-region" ref={entryRegion} tabIndex={-1} aria-label={t('popupEntryRegion')}>
            {detail?.status === 'loading' && <p class="cl-muted">{t('loading')}</p>}
            {detail?.status === 'error' && (
              <p class="cl-error" role="alert">
                {detail.message}
              </p>
            )}
            {detail?.status === 'ready' && (
              <EntryView
                detail={detail.value}
                showNoteDates
                showSightings
                onOpenRelated={(id) => setTrail([...trail, id])}
                onAdd={(text) => afterNoteChange(data.addNote(detail.value.entry.id, text))}
                onUpdate={(noteId, text) => afterNoteChange(data.updateNote(noteId, text))}
                onDelete={(noteId) => afterNoteChange(data.deleteNote(noteId))}
              />
            )}
            {detail?.status === 'ready' && isOwnEntry(detail.value.entry) && (
              <OwnEntryActions
                entryId={detail.value.entry.id}
                title={detail.value.entry.title}
                onEdit={data.editOwnEntry}
                onDelete={
                  data.deleteOwnEntry &&
                  (async (entryId) => {
                    await data.deleteOwnEntry!(entryId);
                    setTrail(trail.slice(0, -1));
                  })
                }
              />
            )}
          </div>
        </div>
      )}
      <div class="cl-home" hidden={Boolean(openId)}>
        <div class="cl-top">
          <header class="cl-popup-header">
            <h1 class="cl-popup-title">{t('extensionName')}</h1>
            {entries.status === 'ready' && <span class="cl-muted">{tn('entryCount', entries.value.length)}</span>}
          </header>
          <AddSelection page={page} />
          <div class="cl-tabs" role="tablist" aria-label={t('popupViews')} onKeyDown={onTabKeyDown}>
            {TABS.map((item) => (
              <button
                key={item.id}
                type="button"
                role="tab"
                id={`cl-tab-${item.id}`}
                class="cl-tab"
                aria-selected={tab === item.id}
                aria-controls={`cl-panel-${item.id}`}
                tabIndex={tab === item.id ? 0 : -1}
                ref={(button) => {
                  if (button) tabButtons.current.set(item.id, button);
                }}
                onClick={() => selectTab(item.id)}
              >
                {t(item.label)}
              </button>
            ))}
          </div>
        </div>
        {entries.status === 'loading' && <p class="cl-muted">{t('popupLoadingGlossary')}</p>}
        {entries.status === 'error' && (
          <p class="cl-error" role="alert">
            {t('popupGlossaryError', entries.message)}
          </p>
        )}
        {TABS.map(
          (item) =>
            visited.has(item.id) && (
              <section
                key={item.id}
                id={`cl-panel-${item.id}`}
                class="cl-panel"
                role="tabpanel"
                aria-labelledby={`cl-tab-${item.id}`}
                hidden={tab !== item.id}
              >
                {item.id === 'search' && (
                  <SearchPanel
                    query={query}
                    onQueryChange={setQuery}
                    results={results}
                    entriesById={entriesById}
                    recentIds={recentIds}
                    notedIds={notedIds}
                    onOpen={openEntry}
                  />
                )}
                {item.id === 'timeline' && entries.status === 'ready' && (
                  <TimelinePanel
                    events={events?.status === 'ready' ? events.value : null}
                    error={events?.status === 'error' ? events.message : null}
                    entries={entries.value}
                    entriesById={entriesById}
                    filter={timelineFilter}
                    onFilterChange={setTimelineFilter}
                    onOpen={openEntry}
                  />
                )}
                {item.id === 'page' && entries.status === 'ready' && (
                  <PagePanel page={page} settings={settings} entriesById={entriesById} onOpen={openEntry} />
                )}
              </section>
            ),
        )}
      </div>
    </main>
  );
}
