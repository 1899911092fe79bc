/**
 * The note editor is an extension page shown in an iframe inside the card, so
 * the keys typed into a note never pass through the web page's DOM (key events
 * in the card's shadow root are composed: a capture listener on the page's
 * window would read every one). This module is the contract between the card
 * and that page: its address (which note or entry to edit) and the messages the
 * page sends back over a private MessageChannel port.
 */
import * as v from 'valibot';
import { EntryIdSchema } from './model';

export const NOTE_EDITOR_PATH = '/note-editor.html';

export interface NoteEditorTarget {
  entryId: string;
  /** The note to edit, or null to write a new one. */
  noteId: string | null;
}

const TargetSchema = v.strictObject({
  entryId: EntryIdSchema,
  noteId: v.nullable(v.pipe(v.string(), v.uuid())),
});

/** `pageUrl` is runtime.getURL(NOTE_EDITOR_PATH) in the content script. */
export function noteEditorUrl(pageUrl: string, target: NoteEditorTarget): string {
  const url = new URL(pageUrl);
  url.searchParams.set('entry', target.entryId);
  if (target.noteId) url.searchParams.set('note', target.noteId);
  return url.href;
}

/**
 * The card is a bottom sheet on a narrow screen (a phone): the editor framed in
 * it then uses thumb-sized controls and 16px text. Its own width cannot tell
 * (the frame is as narrow in a desktop card), so the card says so in the
 * address's fragment, which the target's parameters ignore.
 */
const SHEET_LAYOUT_FRAGMENT = 'sheet';

export function withSheetLayout(editorUrl: string): string {
  const url = new URL(editorUrl);
  url.hash = SHEET_LAYOUT_FRAGMENT;
  return url.href;
}

/** `hash` is the editor page's location.hash. */
export function isSheetLayout(hash: string): boolean {
  return hash === `#${SHEET_LAYOUT_FRAGMENT}`;
}

/** The target named by the editor's address, or an error saying what is wrong with it. */
export function readNoteEditorTarget(search: string): NoteEditorTarget {
  const params = new URLSearchParams(search);
  const result = v.safeParse(TargetSchema, { entryId: params.get('entry'), noteId: params.get('note') });
  if (!result.success) throw new Error('This note editor was opened without a valid entry or note.');
  return result.output;
}

/** What the editor tells the card: its content height, and that editing ended (saved or cancelled). */
export type NoteEditorMessage = { kind: 'size'; height: number } | { kind: 'done'; saved: boolean };

const MessageSchema = v.variant('kind', [
  v.strictObject({ kind: v.literal('size'), height: v.pipe(v.number(), v.minValue(0), v.maxValue(2000)) }),
  v.strictObject({ kind: v.literal('done'), saved: v.boolean() }),
]);

/** Null for anything that is not one of the editor's messages. */
export function parseNoteEditorMessage(data: unknown): NoteEditorMessage | null {
  const result = v.safeParse(MessageSchema, data);
  return result.success ? result.output : null;
}

/** The first message from the card to the editor carries the port; its data is this marker. */
export const NOTE_EDITOR_CONNECT = 'context-lens:note-editor-port';
