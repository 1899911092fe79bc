import { useEffect, useRef, useState } from 'preact/hooks';
import { NOTE_EDITOR_CONNECT, parseNoteEditorMessage } from '@/lib/note-editor-link';

interface NoteEditorFrameProps {
  /** The note editor page's address (lib/note-editor-link.ts). */
  src: string;
  /** The editor document's origin (for Chrome's per-session addresses it is not the address's own). */
  origin: string;
  /** The frame's accessible name: "New note" or "Edit note". */
  label: string;
  /** Editing ended: the note was saved or the reader cancelled (Escape, Cancel). */
  onDone(saved: boolean): void;
}

const INITIAL_HEIGHT = 96;

/**
 * The note editor page in an iframe. The two talk over a MessageChannel whose
 * port is handed to the frame once it has loaded, addressed to the
 * extension's origin only: the page hosting the card sees neither the port
 * nor what travels on it, and only sizes and "done" travel (never note text).
 */
export function NoteEditorFrame({ src, origin, label, onDone }: NoteEditorFrameProps) {
  const frame = useRef<HTMLIFrameElement>(null);
  const [height, setHeight] = useState(INITIAL_HEIGHT);
  const onDoneRef = useRef(onDone);
  onDoneRef.current = onDone;

  useEffect(() => {
    const element = frame.current;
    if (!element) return;
    const channel = new MessageChannel();
    channel.port1.onmessage = (event: MessageEvent) => {
      const message = parseNoteEditorMessage(event.data);
      if (message?.kind === 'size') setHeight(Math.ceil(message.height));
      if (message?.kind === 'done') onDoneRef.current(message.saved);
    };
    const connect = () => {
      element.contentWindow?.postMessage(NOTE_EDITOR_CONNECT, origin, [channel.port2]);
      // Focus follows the reader into the editor, whose own textarea is already focused inside it.
      element.focus();
    };
    element.addEventListener('load', connect, { once: true });
    return () => {
      element.removeEventListener('load', connect);
      channel.port1.close();
    };
  }, [src, origin]);

  return (
    <iframe
      ref={frame}
      class="cl-note-frame"
      src={src}
      title={label}
      style={{ display: 'block', width: '100%', height: `${height}px`, border: 'none', background: 'transparent' }}
    />
  );
}
