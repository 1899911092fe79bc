import { LinkifiedText } from './LinkifiedText';
import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import { NOTE_MAX_LENGTH, type Note } from '@/lib/model';
import { t } from '@/lib/i18n';
import { NoteEditorUrlContext } from './note-editor-context';
import { NoteEditorFrame } from './NoteEditorFrame';

export interface NoteActions {
  /**
   * Save a note typed in place. Left out in the card, which sets the note
   * editor page (NoteEditorUrlContext) instead: that page saves what is typed in it.
   */
  onAdd?(text: string): Promise<void>;
  onUpdate?(noteId: string, text: string): Promise<void>;
  onDelete(noteId: string): Promise<void>;
}

/** In place of onAdd/onUpdate where none were given: says so instead of dropping the text silently. */
const notWritableHere = (): Promise<void> => Promise.reject(new Error(t('notesNotWritableHere')));

interface NotesProps extends NoteActions {
  notes: Note[];
  /** Shows when each note was last changed (the popup has room for it, the card does not). */
  showDates?: boolean;
}

interface Editing {
  id: string;
  text: string;
  /** The text when editing began: leaving an unchanged edit saves nothing. */
  original: string;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The reader's notes on one entry, editable in place. Note text is rendered as text, never as HTML.
 *
 * Nothing typed is lost: a draft or an edit is saved when focus leaves its
 * form, when the page is hidden for good (the popup closes) and when the
 * component unmounts, as well as on "Save". Saves of the same text are
 * deduplicated, so a blur followed by a click on "Add note" adds one note.
 */
export function Notes({ notes, showDates = false, onAdd, onUpdate, onDelete }: NotesProps) {
  const [draft, setDraftState] = useState('');
  const [editing, setEditingState] = useState<Editing | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // In the card, typing happens in the isolated note editor page (components/note-editor-context.ts).
  const editorUrl = useContext(NoteEditorUrlContext);
  const [addingInFrame, setAddingInFrame] = useState(false);
  const section = useRef<HTMLElement>(null);
  /** After the editor frame closes, focus goes back to the button that opened it. */
  const refocus = (selector: string) =>
    requestAnimationFrame(() => section.current?.querySelector<HTMLElement>(selector)?.focus());

  // Refs mirror the state so the unmount and pagehide handlers see the latest text and callbacks.
  const draftRef = useRef('');
  const editingRef = useRef<Editing | null>(null);
  const actionsRef = useRef({ onAdd, onUpdate });
  actionsRef.current = { onAdd, onUpdate };
  const mountedRef = useRef(true);
  const savesInFlight = useRef(new Set<string>());

  const setDraft = (text: string) => {
    draftRef.current = text;
    setDraftState(text);
  };
  const setEditing = (value: Editing | null) => {
    editingRef.current = value;
    setEditingState(value);
  };

  async function run(action: () => Promise<void>): Promise<boolean> {
    if (mountedRef.current) {
      setBusy(true);
      setError(null);
    }
    try {
      await action();
      return true;
    } catch (caught) {
      if (mountedRef.current) setError(errorMessage(caught));
      return false;
    } finally {
      if (mountedRef.current) setBusy(false);
    }
  }

  /** Runs one save unless the same save is already under way. */
  async function saveOnce(key: string, save: () => Promise<void>): Promise<boolean> {
    if (savesInFlight.current.has(key)) return false;
    savesInFlight.current.add(key);
    try {
      return await run(save);
    } finally {
      savesInFlight.current.delete(key);
    }
  }

  async function saveDraft(): Promise<void> {
    const text = draftRef.current;
    if (!text.trim()) return;
    const saved = await saveOnce(`add\u0000${text}`, () => (actionsRef.current.onAdd ?? notWritableHere)(text));
    // Only clear what was saved: the reader may have typed on while the save ran.
    if (saved && mountedRef.current && draftRef.current === text) setDraft('');
  }

  async function saveEdit(): Promise<void> {
    const edit = editingRef.current;
    if (!edit) return;
    if (edit.text === edit.original) {
      if (mountedRef.current) setEditing(null);
      return;
    }
    // An emptied note is not saved (and not deleted): the reader may be rewriting it.
    if (!edit.text.trim()) return;
    const saved = await saveOnce(`update\u0000${edit.id}\u0000${edit.text}`, () =>
      (actionsRef.current.onUpdate ?? notWritableHere)(edit.id, edit.text),
    );
    if (saved && mountedRef.current && editingRef.current?.id === edit.id && editingRef.current.text === edit.text) {
      setEditing(null);
    }
  }

  useEffect(() => {
    mountedRef.current = true;
    const flush = () => {
      void saveDraft();
      void saveEdit();
    };
    // Closing the popup destroys the page without unmounting the components: pagehide is the last word.
    window.addEventListener('pagehide', flush);
    return () => {
      window.removeEventListener('pagehide', flush);
      mountedRef.current = false;
      flush();
    };
  }, []);

  /** Saves when focus leaves the form, not when it moves to the form's own buttons. */
  function onFormFocusOut(save: () => Promise<void>) {
    return (event: FocusEvent) => {
      const form = event.currentTarget as HTMLElement;
      if (event.relatedTarget instanceof Node && form.contains(event.relatedTarget)) return;
      void save();
    };
  }

  function submitDraft(event: Event) {
    event.preventDefault();
    void saveDraft();
  }

  function submitEdit(event: Event) {
    event.preventDefault();
    void saveEdit();
  }

  return (
    <section class="cl-notes" aria-label={t('notesHeading')} ref={section}>
      <h3 class="cl-section-title">{t('notesHeading')}</h3>
      {notes.length === 0 && <p class="cl-muted">{t('notesNone')}</p>}
      <ul class="cl-note-list">
        {notes.map((note) =>
          editing?.id === note.id && editorUrl ? (
            <li key={note.id} class="cl-note">
              <NoteEditorFrame
                src={editorUrl.url(note.id)}
                origin={editorUrl.origin}
                label={t('notesEditLabel')}
                onDone={() => {
                  setEditing(null);
                  refocus(`[data-edit-note="${note.id}"]`);
                }}
              />
            </li>
          ) : editing?.id === note.id ? (
            <li key={note.id} class="cl-note">
              <form onSubmit={submitEdit} onFocusOut={onFormFocusOut(saveEdit)}>
                <textarea
                  class="cl-textarea"
                  maxLength={NOTE_MAX_LENGTH}
                  aria-label={t('notesEditLabel')}
                  value={editing.text}
                  onInput={(e) => setEditing({ ...editing, text: e.currentTarget.value })}
                />
                <div class="cl-row">
                  <button type="submit" class="cl-button cl-primary" disabled={busy}>
                    {t('save')}
                  </button>
                  <button type="button" class="cl-button" onClick={() => setEditing(null)}>
                    {t('cancel')}
                  </button>
                </div>
              </form>
            </li>
          ) : (
            <li key={note.id} class="cl-note">
              <p class="cl-note-text">
                <LinkifiedText text={note.text} />
              </p>
              <div class="cl-row cl-note-actions">
                {showDates && <span class="cl-muted">{new Date(note.updated).toLocaleDateString()}</span>}
                <button
                  type="button"
                  class="cl-link-button"
                  data-edit-note={note.id}
                  onClick={() => setEditing({ id: note.id, text: note.text, original: note.text })}
                >
                  {t('edit')}
                </button>
                <button
                  type="button"
                  class="cl-link-button"
                  disabled={busy}
                  onClick={() => run(() => onDelete(note.id))}
                >
                  {t('delete')}
                </button>
              </div>
            </li>
          ),
        )}
      </ul>
      {editorUrl &&
        (addingInFrame ? (
          <NoteEditorFrame
            src={editorUrl.url(null)}
            origin={editorUrl.origin}
            label={t('notesNewLabel')}
            onDone={() => {
              setAddingInFrame(false);
              refocus('[data-add-note]');
            }}
          />
        ) : (
          <button type="button" class="cl-button" data-add-note onClick={() => setAddingInFrame(true)}>
            {t('notesAdd')}
          </button>
        ))}
      {!editorUrl && (
        <form class="cl-note-form" onSubmit={submitDraft} onFocusOut={onFormFocusOut(saveDraft)}>
          <textarea
            class="cl-textarea"
            maxLength={NOTE_MAX_LENGTH}
            aria-label={t('notesNewLabel')}
            placeholder={t('notesPlaceholder')}
            value={draft}
            onInput={(e) => setDraft(e.currentTarget.value)}
          />
          <button type="submit" class="cl-button cl-primary" disabled={busy || !draft.trim()}>
            {t('notesAdd')}
          </button>
        </form>
      )}
      {error && (
        <p class="cl-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
