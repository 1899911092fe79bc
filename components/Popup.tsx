import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Entry, EntryDetail } from '@/lib/model';
import { ENTRY_TYPE_LABELS } from '@/lib/format';
import { GlossarySearch } from '@/lib/search/glossary-search';
import { EntryView } from './EntryView';

export interface GlossaryData {
  listEntries(): Promise<Entry[]>;
  loadDetail(entryId: string): Promise<EntryDetail | null>;
  addNote(entryId: string, text: string): Promise<void>;
  updateNote(noteId: string, text: string): Promise<void>;
  deleteNote(noteId: string): Promise<void>;
}

type Loaded<T> = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; value: T };

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The toolbar popup: search the glossary, open an entry, read its timeline, add notes. */
export function Popup({ data }: { data: GlossaryData }) {
  const [entries, setEntries] = useState<Loaded<Entry[]>>({ status: 'loading' });
  const [query, setQuery] = useState('');
  const [trail, setTrail] = useState<string[]>([]);
  const [detail, setDetail] = useState<Loaded<EntryDetail> | null>(null);
  const openId = trail[trail.length - 1];

  useEffect(() => {
    data.listEntries().then(
      (value) => setEntries({ status: 'ready', value }),
      (error: unknown) => setEntries({ status: 'error', message: messageOf(error) }),
    );
  }, [data]);

  const search = useMemo(() => (entries.status === 'ready' ? new GlossarySearch(entries.value) : null), [entries]);
  const results = useMemo(() => search?.search(query) ?? [], [search, query]);

  async function reload(entryId: string) {
    try {
      const value = await data.loadDetail(entryId);
      setDetail(value ? { status: 'ready', value } : { status: 'error', message: 'This entry no longer exists.' });
    } catch (error) {
      setDetail({ status: 'error', message: messageOf(error) });
    }
  }

  useEffect(() => {
    if (!openId) return setDetail(null);
    setDetail({ status: 'loading' });
    void reload(openId);
  }, [openId]);

  const afterNoteChange = async (action: Promise<void>) => {
    await action;
    if (openId) await reload(openId);
  };

  if (openId) {
    return (
      <main class="cl-popup">
        <button type="button" class="cl-link-button cl-back" onClick={() => setTrail(trail.slice(0, -1))}>
          ← {trail.length > 1 ? 'Back' : 'Back to search'}
        </button>
        {detail?.status === 'loading' && <p class="cl-muted">Loading…</p>}
        {detail?.status === 'error' && (
          <p class="cl-error" role="alert">
            {detail.message}
          </p>
        )}
        {detail?.status === 'ready' && (
          <EntryView
            detail={detail.value}
            showNoteDates
            onOpenRelated={(id) => setTrail([...trail, id])}
            onAdd={(text) => afterNoteChange(data.addNote(detail.value.entry.id, text))}
            onUpdate={(noteId, text) => afterNoteChange(data.updateNote(noteId, text))}
            onDelete={(noteId) => afterNoteChange(data.deleteNote(noteId))}
          />
        )}
      </main>
    );
  }

  return (
    <main class="cl-popup">
      <header class="cl-popup-header">
        <h1 class="cl-popup-title">Context Lens</h1>
        {entries.status === 'ready' && <span class="cl-muted">{entries.value.length} entries</span>}
      </header>
      <input
        class="cl-search"
        type="search"
        placeholder="Search the glossary (e.g. KFOR, Zvecan)"
        aria-label="Search the glossary"
        autoFocus
        value={query}
        onInput={(e) => setQuery(e.currentTarget.value)}
        onKeyDown={(e) => {
          const first = results[0];
          if (e.key === 'Enter' && first) setTrail([first.entry.id]);
        }}
      />
      {entries.status === 'loading' && <p class="cl-muted">Loading the glossary…</p>}
      {entries.status === 'error' && (
        <p class="cl-error" role="alert">
          The glossary could not be read: {entries.message}
        </p>
      )}
      {query.trim() && entries.status === 'ready' && results.length === 0 && (
        <p class="cl-muted">Nothing matches “{query.trim()}”.</p>
      )}
      <ul class="cl-results" aria-label="Results">
        {results.map(({ entry }) => (
          <li key={entry.id}>
            <button
              type="button"
              class="cl-result"
              // The summary describes the result; the name stays short for screen readers and keyboard users.
              aria-label={`${entry.title} (${ENTRY_TYPE_LABELS[entry.type]})`}
              aria-describedby={`cl-summary-${entry.id}`}
              onClick={() => setTrail([entry.id])}
            >
              <span class="cl-result-title">{entry.title}</span>
              <span class="cl-result-type">{ENTRY_TYPE_LABELS[entry.type]}</span>
              <span class="cl-result-summary" id={`cl-summary-${entry.id}`}>
                {entry.summary}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </main>
  );
}
