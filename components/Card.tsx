import { useEffect, useLayoutEffect, useState } from 'preact/hooks';
import type { EntryDetail } from '@/lib/model';
import type { CardData } from '@/lib/page/card-data';
import type { PageControl } from '@/lib/page/card-contract';
import { EntryView } from './EntryView';
import { t } from '@/lib/i18n';
import type { ChoiceReason } from '@/lib/ranking';
import { choiceReasonText } from './choice-reason';
import { NoteEditorUrlContext, type NoteEditorLink } from './note-editor-context';
import { withSheetLayout } from '@/lib/note-editor-link';

interface CardProps {
  /** The entries the hovered term may mean, best candidate first. */
  candidates: readonly string[];
  data: CardData;
  /** The article's publication day, if the page states one. */
  articleDate?: string;
  /** The entries on the page that ranked the first candidate first; shown as the reason. */
  chosenBecause?: readonly string[];
  /** The page's link or button around a tapped term, which the tap did not follow: the card offers it. */
  pageControl?: PageControl;
  /** Drawn as a bottom sheet on a narrow screen: the note editor gets its touch layout too. */
  sheet?: boolean;
  /** What else decided, when it was not the names: a word or year near the term, or the article's date. */
  chosenBy?: ChoiceReason;
  onClose(): void;
  /** Called once the entry's content has been rendered (for the time-to-card benchmark). */
  onContentRendered?(): void;
}

type Loaded = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; detail: EntryDetail };

function fromPeek(data: CardData, entryId: string | undefined): Loaded {
  const peeked = entryId === undefined ? undefined : data.peekDetail?.(entryId);
  if (peeked === undefined) return { status: 'loading' };
  return peeked ? { status: 'ready', detail: peeked } : { status: 'error', message: t('entryMissing') };
}

/** The hover card: one entry at a time, with a switch between candidates and a back button for related entries. */
export function Card({
  candidates,
  data,
  articleDate,
  chosenBecause = [],
  pageControl,
  sheet = false,
  chosenBy,
  onClose,
  onContentRendered,
}: CardProps) {
  // The trail of entries followed through "Related"; its last item is shown.
  const [trail, setTrail] = useState<string[]>(() => candidates.slice(0, 1));
  const [loaded, setLoaded] = useState<Loaded>(() => fromPeek(data, candidates[0]));
  const [candidateTitles, setCandidateTitles] = useState<Record<string, string>>({});
  const currentId = trail[trail.length - 1];

  async function reload(entryId: string) {
    try {
      const detail = await data.loadDetail(entryId);
      setLoaded(detail ? { status: 'ready', detail } : { status: 'error', message: t('entryMissing') });
      if (detail) setCandidateTitles((titles) => ({ ...titles, [entryId]: detail.entry.title }));
    } catch (error) {
      setLoaded({ status: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  }

  useEffect(() => {
    if (!currentId) return;
    const peeked = fromPeek(data, currentId);
    setLoaded(peeked);
    if (peeked.status === 'loading') void reload(currentId);
  }, [currentId]);

  // A layout effect runs right after the DOM is updated; a plain effect would wait a frame first.
  useLayoutEffect(() => {
    if (loaded.status === 'ready') onContentRendered?.();
  }, [loaded]);

  // A note written elsewhere shows up here without reopening the card.
  useEffect(() => {
    if (!currentId || !data.watchNoteChanges) return;
    return data.watchNoteChanges((entryId) => {
      if (entryId === currentId) void reload(currentId);
    });
  }, [currentId, data]);

  // Titles for the candidate switch, fetched once per set of candidates.
  useEffect(() => {
    if (candidates.length < 2) return;
    for (const id of candidates) {
      data.loadDetail(id).then(
        (detail) => detail && setCandidateTitles((titles) => ({ ...titles, [id]: detail.entry.title })),
        () => undefined,
      );
    }
  }, [candidates]);

  // The reason names at most two entries: a line to glance at, not a list.
  const reasonIds = chosenBecause.slice(0, 2);
  const [reasonTitles, setReasonTitles] = useState<Record<string, string>>({});
  useEffect(() => {
    for (const id of reasonIds) {
      data.loadDetail(id).then(
        (detail) => detail && setReasonTitles((titles) => ({ ...titles, [id]: detail.entry.title })),
        () => undefined,
      );
    }
  }, [chosenBecause]);
  const reasonNames = reasonIds.map((id) => reasonTitles[id]).filter((title) => title !== undefined);
  const reason =
    choiceReasonText(chosenBy) ??
    (reasonNames.length === 2
      ? t('cardChosenBecauseTwo', reasonNames[0]!, reasonNames[1]!)
      : reasonNames.length === 1 && reasonIds.length === 1
        ? t('cardChosenBecauseOne', reasonNames[0]!)
        : undefined);

  const afterNoteChange = async (action: Promise<void>) => {
    await action;
    if (currentId) await reload(currentId);
  };

  return (
    // tabIndex -1: keyboard navigation focuses the card itself, then Tab moves through its controls.
    <div class="cl-card" role="dialog" aria-label={t('extensionName')} tabIndex={-1}>
      <div class="cl-card-bar">
        {trail.length > 1 ? (
          <button type="button" class="cl-link-button" onClick={() => setTrail(trail.slice(0, -1))}>
            ← {t('back')}
          </button>
        ) : (
          <span class="cl-brand">{t('extensionName')}</span>
        )}
        {pageControl && (
          <button type="button" class="cl-button cl-page-control" onClick={() => pageControl.activate()}>
            {pageControl.kind === 'link' ? `${t('cardOpenLink')} ↗` : t('cardPressButton')}
          </button>
        )}
        <button type="button" class="cl-close" aria-label={t('close')} onClick={onClose}>
          ×
        </button>
      </div>
      {candidates.length > 1 && trail.length === 1 && (
        <div class="cl-candidates" role="tablist" aria-label={t('cardCandidates')}>
          {candidates.map((id) => (
            <button
              key={id}
              type="button"
              role="tab"
              aria-selected={id === currentId}
              class="cl-candidate"
              onClick={() => setTrail([id])}
            >
              {candidateTitles[id] ?? id}
            </button>
          ))}
        </div>
      )}
      {candidates.length > 1 && trail.length === 1 && currentId === candidates[0] && reason && (
        <p class="cl-muted cl-pad cl-reason">{reason}</p>
      )}
      {loaded.status === 'loading' && <p class="cl-muted cl-pad">{t('loading')}</p>}
      {loaded.status === 'error' && (
        <p class="cl-error cl-pad" role="alert">
          {loaded.message}
        </p>
      )}
      {loaded.status === 'ready' && (
        <NoteEditorUrlContext.Provider value={noteEditorUrlFor(data, loaded.detail.entry.id, sheet)}>
          <EntryView
            detail={loaded.detail}
            maxEvents={4}
            maxAliases={5}
            maxRelated={6}
            articleDate={articleDate}
            onOpenRelated={(id) => setTrail([...trail, id])}
            onDelete={(noteId) => afterNoteChange(data.deleteNote(noteId))}
          />
        </NoteEditorUrlContext.Provider>
      )}
    </div>
  );
}

function noteEditorUrlFor(data: CardData, entryId: string, sheet: boolean): NoteEditorLink {
  const { noteEditor } = data;
  const url = (noteId: string | null) => noteEditor.url(entryId, noteId);
  return { url: sheet ? (noteId) => withSheetLayout(url(noteId)) : url, origin: noteEditor.origin };
}
