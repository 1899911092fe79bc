import { useMemo, useRef } from 'preact/hooks';
import type { Entry } from '@/lib/model';
import type { SearchResult } from '@/lib/search/glossary-search';
import { ResultList } from './ResultList';
import { t, tn } from '@/lib/i18n';
import { MessageWithElements } from '../MessageWithElements';

interface SearchPanelProps {
  query: string;
  onQueryChange(query: string): void;
  /** null while the glossary is loading. */
  results: readonly SearchResult[] | null;
  entriesById: ReadonlyMap<string, Entry>;
  recentIds: readonly string[];
  notedIds: readonly string[];
  onOpen(entryId: string, opener: HTMLElement): void;
}

function entriesFor(ids: readonly string[], entriesById: ReadonlyMap<string, Entry>): Entry[] {
  return ids.flatMap((id) => {
    const entry = entriesById.get(id);
    return entry ? [entry] : [];
  });
}

/**
 * The search box and what it finds. With an empty box it offers the entries
 * opened lately and the ones with notes, so the popup is useful before typing.
 *
 * Keyboard: ArrowDown from the box moves into the results and through them,
 * ArrowUp back up to the box, Enter opens (in the box: the first result),
 * Escape or typing a letter on a result returns to the box.
 */
export function SearchPanel({
  query,
  onQueryChange,
  results,
  entriesById,
  recentIds,
  notedIds,
  onOpen,
}: SearchPanelProps) {
  const panel = useRef<HTMLDivElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const trimmed = query.trim();
  const notedSet = useMemo(() => new Set(notedIds), [notedIds]);
  const recent = useMemo(() => entriesFor(recentIds, entriesById), [recentIds, entriesById]);
  // An entry both recent and noted is listed once, under "Recently opened", with its marker.
  const noted = useMemo(
    () => entriesFor(notedIds, entriesById).filter((entry) => !recentIds.includes(entry.id)),
    [notedIds, recentIds, entriesById],
  );

  function resultButtons(): HTMLElement[] {
    return [...(panel.current?.querySelectorAll<HTMLElement>('[data-result]') ?? [])];
  }

  function onKeyDown(event: KeyboardEvent) {
    const buttons = resultButtons();
    const at = buttons.indexOf(document.activeElement as HTMLElement);
    const inBox = event.target === input.current;
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      buttons[Math.min(at + 1, buttons.length - 1)]?.focus();
    } else if (event.key === 'ArrowUp' && at >= 0) {
      event.preventDefault();
      if (at === 0) input.current?.focus();
      else buttons[at - 1]?.focus();
    } else if (event.key === 'Enter' && inBox) {
      const first = buttons[0];
      if (first) {
        event.preventDefault();
        first.click();
      }
    } else if (
      !inBox &&
      at >= 0 &&
      (event.key === 'Escape' || (event.key.length === 1 && event.key !== ' ' && !event.ctrlKey && !event.metaKey))
    ) {
      // Focus moves before the key's default action, so a typed letter lands in the box.
      // Space is left alone: on a button it opens the entry, as Enter does.
      input.current?.focus();
    }
  }

  return (
    <div class="cl-search-panel" ref={panel} onKeyDown={onKeyDown}>
      <input
        ref={input}
        class="cl-search"
        type="search"
        placeholder={t('searchPlaceholder')}
        aria-label={t('searchLabel')}
        autoFocus
        autoComplete="off"
        spellcheck={false}
        value={query}
        onInput={(event) => onQueryChange(event.currentTarget.value)}
      />
      {/* Always present, so screen readers announce the count as it changes with each keystroke. */}
      <p class="cl-visually-hidden" role="status">
        {results === null || !trimmed
          ? ''
          : results.length === 0
            ? t('searchNoResults')
            : tn('resultCount', results.length)}
      </p>
      {results !== null && trimmed && (
        <>
          {results.length === 0 ? (
            <p class="cl-empty">{t('searchNothingMatches', trimmed)}</p>
          ) : (
            <ResultList
              label={t('searchResults')}
              entries={results.map((result) => result.entry)}
              notedIds={notedSet}
              onOpen={onOpen}
            />
          )}
        </>
      )}
      {results !== null && !trimmed && (
        <>
          {recent.length > 0 && (
            <section aria-labelledby="cl-recent-heading">
              <h2 class="cl-section-title cl-list-heading" id="cl-recent-heading">
                {t('searchRecent')}
              </h2>
              <ResultList label={t('searchRecent')} entries={recent} notedIds={notedSet} onOpen={onOpen} />
            </section>
          )}
          {noted.length > 0 && (
            <section aria-labelledby="cl-noted-heading">
              <h2 class="cl-section-title cl-list-heading" id="cl-noted-heading">
                {t('searchNoted')}
              </h2>
              <ResultList label={t('searchNoted')} entries={noted} notedIds={notedSet} onOpen={onOpen} />
            </section>
          )}
          {recent.length === 0 && noted.length === 0 && (
            <div class="cl-empty">
              <p>{t('searchIntro')}</p>
              <p>
                <MessageWithElements
                  text={t('searchKeys', '{0}', '{1}')}
                  elements={[
                    <>
                      <kbd>↑</kbd> <kbd>↓</kbd>
                    </>,
                    <kbd>Enter</kbd>,
                  ]}
                />
              </p>
            </div>
          )}
        </>
      )}
    </div>
  );
}
