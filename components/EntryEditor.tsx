import { useEffect, useState } from 'preact/hooks';
import { ENTRY_TYPES, aliasText, type Entry, type EntryType } from '@/lib/model';
import type { EntryEditorData } from '@/lib/app/entry-editor-data';
import { t } from '@/lib/i18n';
import { entryTypeLabel } from './entry-type';
import { RelatedPicker } from './RelatedPicker';

export interface EntryEditorProps {
  data: EntryEditorData;
  /** Prefilled from the context menu: the selected text and the page it was on. */
  initialTitle?: string;
  initialSource?: string;
  /** An own entry to edit instead of creating a new one. */
  editing?: Entry;
  onSaved?(entry: Entry): void;
}

function splitAliases(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,;\n]/)
        .map((alias) => alias.trim())
        .filter(Boolean),
    ),
  ];
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** The form for an entry of the reader's own, opened from "Add … to the glossary". */
export function EntryEditor({ data, initialTitle = '', initialSource = '', editing, onSaved }: EntryEditorProps) {
  const [title, setTitle] = useState(editing?.title ?? initialTitle.trim().slice(0, 200));
  const [type, setType] = useState<EntryType>(editing?.type ?? 'concept');
  const [aliases, setAliases] = useState(editing ? editing.aliases.map(aliasText).join(', ') : '');
  const [summary, setSummary] = useState(editing?.summary ?? '');
  const [source, setSource] = useState(editing?.source.url ?? initialSource);
  const [related, setRelated] = useState<string[]>(editing?.related.map((relation) => relation.id) ?? []);
  const [relatable, setRelatable] = useState<Entry[] | null>(null);
  // Once saved, further saves from this form update that entry instead of adding another.
  const [savedId, setSavedId] = useState<string | null>(editing?.id ?? null);
  const [status, setStatus] = useState<{ kind: 'idle' | 'saving' | 'saved' | 'error'; message?: string }>({
    kind: 'idle',
  });

  useEffect(() => {
    data.listRelatableEntries().then(setRelatable, () => setRelatable([]));
  }, [data]);

  async function submit(event: Event) {
    event.preventDefault();
    setStatus({ kind: 'saving' });
    try {
      const saved = await data.save({
        id: savedId ?? (await data.newIdFor(title)),
        type,
        title: title.trim(),
        aliases: splitAliases(aliases),
        summary: summary.trim(),
        related: related.map((id) => ({ id, kind: 'related' as const })),
        source: { url: source.trim() },
        checked: today(),
      });
      setSavedId(saved.id);
      setStatus({ kind: 'saved', message: t('editorSaved', saved.title) });
      onSaved?.(saved);
    } catch (error) {
      setStatus({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  }

  return (
    <form class="cl-editor" onSubmit={submit} aria-labelledby="cl-editor-title">
      <h1 id="cl-editor-title" class="cl-editor-heading">
        {editing ? t('editorHeadingEdit') : t('editorHeadingAdd')}
      </h1>
      <label class="cl-field">
        <span>{t('editorTitle')}</span>
        <input required maxLength={200} value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
      </label>
      <label class="cl-field">
        <span>{t('editorType')}</span>
        <select value={type} onChange={(e) => setType(e.currentTarget.value as EntryType)}>
          {ENTRY_TYPES.map((value) => (
            <option key={value} value={value}>
              {entryTypeLabel(value)}
            </option>
          ))}
        </select>
      </label>
      <label class="cl-field">
        <span>{t('editorAliases')}</span>
        <input
          value={aliases}
          onInput={(e) => setAliases(e.currentTarget.value)}
          placeholder={t('editorAliasesPlaceholder')}
        />
      </label>
      <label class="cl-field">
        <span>{t('editorSummary')}</span>
        <textarea
          required
          maxLength={4000}
          rows={5}
          value={summary}
          onInput={(e) => setSummary(e.currentTarget.value)}
        />
      </label>
      <label class="cl-field">
        <span>{t('editorSource')}</span>
        <input
          required
          type="url"
          value={source}
          onInput={(e) => setSource(e.currentTarget.value)}
          placeholder="https://"
        />
      </label>
      <RelatedPicker entries={relatable} selfId={savedId} chosen={related} onChange={setRelated} />
      <div class="cl-row">
        <button type="submit" class="cl-button cl-primary" disabled={status.kind === 'saving'}>
          {savedId ? t('editorSaveChanges') : t('editorSaveNew')}
        </button>
      </div>
      {status.kind === 'saved' && (
        <p class="cl-saved" role="status">
          {status.message}
        </p>
      )}
      {status.kind === 'error' && (
        <p class="cl-error" role="alert">
          {status.message}
        </p>
      )}
    </form>
  );
}
