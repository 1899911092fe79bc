/**
 * The contract between the entry editor page and whoever opens it: the
 * context menu ("Add “…” to the glossary", with the selection and the page's
 * address) and the popup ("Edit entry", with an own entry's id). Both ends
 * live here, like lib/note-editor-link.ts, so the address is built and read
 * by one module.
 */
import * as v from 'valibot';
import { EntryIdSchema } from './model';

export const ADD_TO_GLOSSARY_MENU = 'add-to-glossary';
export const ENTRY_EDITOR_PATH = '/editor.html';

/** A new entry prefilled with a title and a source address, or an own entry to edit. */
export type EntryEditorTarget = { kind: 'new'; title: string; source: string } | { kind: 'edit'; entryId: string };

const TITLE_MAX = 200;
const SOURCE_MAX = 2000;

/**
 * The selection comes from a web page: it is capped and only ever used as a
 * form value; the page's address becomes the source only if it is http(s).
 */
export function newEntryTarget(selection: string, pageUrl: string): EntryEditorTarget {
  const source = /^https?:\/\//.test(pageUrl) ? pageUrl.slice(0, SOURCE_MAX) : '';
  return { kind: 'new', title: selection.trim().slice(0, TITLE_MAX), source };
}

/** `pageUrl` is runtime.getURL(ENTRY_EDITOR_PATH). */
export function entryEditorUrl(pageUrl: string, target: EntryEditorTarget): string {
  const url = new URL(pageUrl);
  if (target.kind === 'edit') {
    url.searchParams.set('id', target.entryId);
  } else {
    url.searchParams.set('title', target.title);
    if (target.source) url.searchParams.set('source', target.source);
  }
  return url.href;
}

/** What the editor's address asks for; anything unreadable opens an empty new entry. */
export function readEntryEditorTarget(search: string): EntryEditorTarget {
  const params = new URLSearchParams(search);
  const id = v.safeParse(EntryIdSchema, params.get('id'));
  if (id.success) return { kind: 'edit', entryId: id.output };
  return newEntryTarget(params.get('title') ?? '', params.get('source') ?? '');
}
