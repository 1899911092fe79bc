import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '@/lib/i18n';
import { trackHeldKeys, type HeldKeys } from '@/lib/held-keys';
import { NOTE_MAX_LENGTH } from '@/lib/model';

interface NoteEditorFormProps {
  /** The note's text when editing, empty for a new note. */
  initialText: string;
  label: string;
  onSave(text: string): Promise<void>;
  /** Editing ended: after a save, or on Cancel / Escape. */
  onDone(saved: boolean): void;
}

/**
 * The form of the note editor page (entrypoints/note-editor), which the card
 * shows in an iframe. Escape cancels, Ctrl+Enter (⌘+Enter) saves; text typed
 * and not saved is saved when the editor loses focus or goes away, as in the
 * popup's notes. Nothing here touches a browser API: the page wires the save.
 */
export function NoteEditorForm({ initialText, label, onSave, onDone }: NoteEditorFormProps) {
  const [text, setText] = useState(initialText);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const textRef = useRef(initialText);
  /** The text last saved (or loaded): saving it again would change nothing. */
  const savedRef = useRef(initialText);
  const area = useRef<HTMLTextAreaElement>(null);

  useEffect(() => area.current?.focus(), []);

  // Ending the edit hands focus back to the card in the page: not while the shortcut that ended it
  // is still held, or the page would hear its keyup (lib/held-keys.ts).
  const heldKeys = useRef<HeldKeys | null>(null);
  useEffect(() => {
    const tracker = trackHeldKeys(window);
    heldKeys.current = tracker;
    return () => tracker.dispose();
  }, []);
  function finish(saved: boolean) {
    if (heldKeys.current) heldKeys.current.whenReleased(() => onDone(saved));
    else onDone(saved);
  }

  /** The save under way: a blur and a pagehide in a row must not add the same note twice. */
  const inFlight = useRef<Promise<boolean> | null>(null);

  async function save(): Promise<boolean> {
    while (inFlight.current) await inFlight.current;
    const current = textRef.current;
    if (!current.trim() || current === savedRef.current) return current === savedRef.current;
    const run = (async () => {
      setBusy(true);
      setError(null);
      try {
        await onSave(current);
        savedRef.current = current;
        return true;
      } catch (caught) {
        setError(caught instanceof Error ? caught.message : String(caught));
        return false;
      } finally {
        setBusy(false);
      }
    })();
    inFlight.current = run;
    try {
      return await run;
    } finally {
      inFlight.current = null;
    }
  }

  async function saveAndFinish() {
    const changed = textRef.current !== savedRef.current;
    if (await save()) finish(changed || savedRef.current !== initialText);
  }

  useEffect(() => {
    const flush = () => void save();
    // Leaving the frame (Tab out, a click elsewhere) or the card closing keeps what was typed.
    window.addEventListener('blur', flush);
    window.addEventListener('pagehide', flush);
    return () => {
      window.removeEventListener('blur', flush);
      window.removeEventListener('pagehide', flush);
    };
  }, []);

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === 'Escape') {
      event.preventDefault();
      finish(savedRef.current !== initialText);
    } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void saveAndFinish();
    }
  }

  return (
    <form
      class="cl-note-editor"
      onSubmit={(event) => {
        event.preventDefault();
        void saveAndFinish();
      }}
      onKeyDown={onKeyDown}
    >
      <textarea
        ref={area}
        class="cl-textarea"
        maxLength={NOTE_MAX_LENGTH}
        aria-label={label}
        placeholder={t('notesPlaceholder')}
        value={text}
        onInput={(event) => {
          textRef.current = event.currentTarget.value;
          setText(event.currentTarget.value);
        }}
      />
      <div class="cl-row">
        <button type="submit" class="cl-button cl-primary" disabled={busy || !text.trim()}>
          {t('save')}
        </button>
        <button type="button" class="cl-button" onClick={() => finish(savedRef.current !== initialText)}>
          {t('cancel')}
        </button>
      </div>
      {error && (
        <p class="cl-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
