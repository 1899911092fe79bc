import { useState } from 'preact/hooks';
import type { Note } from '@/lib/model';

export interface NoteActions {
  onAdd(text: string): Promise<void>;
  onUpdate(noteId: string, text: string): Promise<void>;
  onDelete(noteId: string): Promise<void>;
}

interface NotesProps extends NoteActions {
  notes: Note[];
  /** Shows when each note was last changed (the popup has room for it, the card does not). */
  showDates?: boolean;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The reader's notes on one entry, editable in place. Note text is rendered as text, never as HTML. */
export function Notes({ notes, showDates = false, onAdd, onUpdate, onDelete }: NotesProps) {
  const [draft, setDraft] = useState('');
  const [editing, setEditing] = useState<{ id: string; text: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function run(action: () => Promise<void>): Promise<boolean> {
    setBusy(true);
    setError(null);
    try {
      await action();
      return true;
    } catch (caught) {
      setError(errorMessage(caught));
      return false;
    } finally {
      setBusy(false);
    }
  }

  async function submitDraft(event: Event) {
    event.preventDefault();
    if (!draft.trim()) return;
    if (await run(() => onAdd(draft))) setDraft('');
  }

  async function submitEdit(event: Event) {
    event.preventDefault();
    if (!editing) return;
    if (await run(() => onUpdate(editing.id, editing.text))) setEditing(null);
  }

  return (
    <section class="cl-notes" aria-label="Your notes">
      <h3 class="cl-section-title">Your notes</h3>
      {notes.length === 0 && <p class="cl-muted">No notes yet.</p>}
      <ul class="cl-note-list">
        {notes.map((note) =>
          editing?.id === note.id ? (
            <li key={note.id} class="cl-note">
              <form onSubmit={submitEdit}>
                <textarea
                  class="cl-textarea"
                  aria-label="Edit note"
                  value={editing.text}
                  onInput={(e) => setEditing({ id: note.id, text: e.currentTarget.value })}
                />
                <div class="cl-row">
                  <button type="submit" class="cl-button cl-primary" disabled={busy}>
                    Save
                  </button>
                  <button type="button" class="cl-button" onClick={() => setEditing(null)}>
                    Cancel
                  </button>
                </div>
              </form>
            </li>
          ) : (
            <li key={note.id} class="cl-note">
              <p class="cl-note-text">{note.text}</p>
              <div class="cl-row cl-note-actions">
                {showDates && <span class="cl-muted">{new Date(note.updated).toLocaleDateString()}</span>}
                <button
                  type="button"
                  class="cl-link-button"
                  onClick={() => setEditing({ id: note.id, text: note.text })}
                >
                  Edit
                </button>
                <button
                  type="button"
                  class="cl-link-button"
                  disabled={busy}
                  onClick={() => run(() => onDelete(note.id))}
                >
                  Delete
                </button>
              </div>
            </li>
          ),
        )}
      </ul>
      <form class="cl-note-form" onSubmit={submitDraft}>
        <textarea
          class="cl-textarea"
          aria-label="New note"
          placeholder="Add a note…"
          value={draft}
          onInput={(e) => setDraft(e.currentTarget.value)}
        />
        <button type="submit" class="cl-button cl-primary" disabled={busy || !draft.trim()}>
          Add note
        </button>
      </form>
      {error && (
        <p class="cl-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
