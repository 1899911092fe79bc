/**
 * The one protocol between the content script (and extension pages) and the
 * background. Each request type has a valibot schema for its data, checked
 * in the background before any handler runs, and a sender policy: requests
 * that write what the reader typed (addNote, updateNote) come only from the
 * extension's own pages, never from content scripts, which share a process
 * with the web page. The content script asks only for what spotting and the
 * card need: the term index, one entry at a time, sightings, and deleting a
 * note from the card.
 */
import * as v from 'valibot';
import type { CompiledPrefilter } from '../matcher/prefilter';
import { EntryIdSchema, NOTE_MAX_LENGTH, type EntryDetail, type Note } from '../model';
import { MAX_TERM_INDEX_CHUNKS, type TermIndexHead } from './term-index-wire';

export interface TermPrefilter {
  version: string;
  prefilter: CompiledPrefilter;
}

/** Note text is checked again in lib/db/notes.ts; this bound only keeps huge messages out early. */
const NoteTextInput = v.pipe(
  v.string(),
  v.maxLength(NOTE_MAX_LENGTH),
  v.check((text) => text.trim().length > 0, 'is empty'),
);
const NoteIdSchema = v.pipe(v.string(), v.uuid());

export const requestSchemas = {
  getTermIndex: v.strictObject({ knownVersion: v.nullable(v.pipe(v.string(), v.maxLength(40))) }),
  getTermIndexChunk: v.strictObject({
    version: v.pipe(v.string(), v.maxLength(40)),
    chunk: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_TERM_INDEX_CHUNKS - 1)),
  }),
  getEntryDetail: v.strictObject({ entryId: EntryIdSchema }),
  addNote: v.strictObject({ entryId: EntryIdSchema, text: NoteTextInput }),
  updateNote: v.strictObject({ noteId: NoteIdSchema, text: NoteTextInput }),
  deleteNote: v.strictObject({ noteId: NoteIdSchema }),
  /** The page's address is taken from the sender, not from this request. */
  recordSightings: v.strictObject({
    title: v.pipe(v.string(), v.maxLength(1000)),
    entryIds: v.pipe(v.array(EntryIdSchema), v.maxLength(2000)),
  }),
} as const;

export type RequestType = keyof typeof requestSchemas;
export type RequestData<T extends RequestType> = v.InferOutput<(typeof requestSchemas)[T]>;

/** Who may send each request. */
export type SenderPolicy = 'extension-page' | 'content-script-or-page';
export const senderPolicies: Record<RequestType, SenderPolicy> = {
  getTermIndex: 'content-script-or-page',
  getTermIndexChunk: 'content-script-or-page',
  getEntryDetail: 'content-script-or-page',
  // Notes are typed in the note editor, an extension page framed in the card (lib/note-editor-link.ts).
  addNote: 'extension-page',
  updateNote: 'extension-page',
  // The card's delete button is in the content script; deleting types nothing a page could read.
  deleteNote: 'content-script-or-page',
  recordSightings: 'content-script-or-page',
};

export interface ProtocolMap {
  /**
   * The compiled term index's head, or null when the caller's copy (knownVersion) is current; its
   * matcher's bytes come with getTermIndexChunk (term-index-wire.ts).
   */
  getTermIndex(data: RequestData<'getTermIndex'>): TermIndexHead | null;
  /** One chunk of the matcher's compressed bytes (base64) of `version`; refused once that is no longer current. */
  getTermIndexChunk(data: RequestData<'getTermIndexChunk'>): string;
  getEntryDetail(data: RequestData<'getEntryDetail'>): EntryDetail | null;
  addNote(data: RequestData<'addNote'>): Note;
  updateNote(data: RequestData<'updateNote'>): Note;
  deleteNote(data: RequestData<'deleteNote'>): void;
  /** Returns how many sightings were stored (0 when the memory is off or the window is private). */
  recordSightings(data: RequestData<'recordSightings'>): number;
}

// Defined in messenger.ts, which the content script imports without the schemas above.
export { sendMessage } from './messenger';
