import { render } from 'preact';
import { NoteEditorForm } from '@/components/NoteEditorForm';
import { sendMessage } from '@/lib/messaging/protocol';
import {
  isSheetLayout,
  NOTE_EDITOR_CONNECT,
  readNoteEditorTarget,
  type NoteEditorMessage,
} from '@/lib/note-editor-link';
import { t } from '@/lib/i18n';
import './style.css';

document.title = t('noteEditorPageTitle');
// In the phone's bottom sheet: thumb-sized controls, text that needs no zooming (style.css).
document.documentElement.classList.toggle('cl-sheet', isSheetLayout(location.hash));

// The card's note editor (lib/note-editor-link.ts explains why it is a page of its own).
// It saves through the background, whose sender check admits only the extension's own pages for
// note writes; the card refreshes on the note change signal the background sends.
const app = document.getElementById('app');

/** Messages wait here until the card has handed over its port. */
function connectToCard() {
  let port: MessagePort | undefined;
  const queue: NoteEditorMessage[] = [];
  const onMessage = (event: MessageEvent) => {
    if (event.source !== window.parent || event.data !== NOTE_EDITOR_CONNECT || event.ports.length !== 1) return;
    window.removeEventListener('message', onMessage);
    port = event.ports[0];
    for (const message of queue.splice(0)) port?.postMessage(message);
  };
  window.addEventListener('message', onMessage);
  return (message: NoteEditorMessage) => (port ? port.postMessage(message) : queue.push(message));
}

async function start(container: HTMLElement) {
  const tell = connectToCard();
  new ResizeObserver(() => tell({ kind: 'size', height: document.documentElement.scrollHeight })).observe(
    document.body,
  );
  try {
    const target = readNoteEditorTarget(location.search);
    const detail = target.noteId ? await sendMessage('getEntryDetail', { entryId: target.entryId }) : null;
    const note = detail?.notes.find((candidate) => candidate.id === target.noteId);
    if (target.noteId && !note) throw new Error(t('noteGone'));
    // A new note becomes an edit of itself once saved (a blur saves before the reader is done).
    let noteId = target.noteId;
    render(
      <NoteEditorForm
        initialText={note?.text ?? ''}
        label={noteId ? t('notesEditLabel') : t('notesNewLabel')}
        onSave={async (text) => {
          if (noteId) await sendMessage('updateNote', { noteId, text });
          else noteId = (await sendMessage('addNote', { entryId: target.entryId, text })).id;
        }}
        onDone={(saved) => tell({ kind: 'done', saved })}
      />,
      container,
    );
  } catch (error) {
    container.textContent = error instanceof Error ? error.message : String(error);
  }
}

if (app) void start(app);
