/**
 * What each kind of local data looks like as a record body, and back.
 * Bodies from storage.sync are untrusted (another version of the extension,
 * a damaged item): each is validated before it can reach the database.
 */
import * as v from 'valibot';
import { EntrySchema, NoteTextSchema, OWN_ID_PREFIX, OWN_PACK_ID, type Entry, type Note } from '../model';
import { checkSettings, DEFAULT_SETTINGS, type Settings } from '../settings';
import { ENTRY_PREFIX, NOTE_PREFIX, SETTINGS_KEY, SITE_PREFIX, type NoteBody } from './records';
import type { LocalItem } from './reconcile';

/** The settings that sync; the switched-off sites travel as one record each (`site:<host>`). */
export type SyncedSettings = Omit<Settings, 'disabledSites'>;

export const entryKey = (entryId: string): string => `${ENTRY_PREFIX}${entryId.slice(OWN_ID_PREFIX.length)}`;
export const siteKey = (host: string): string => `${SITE_PREFIX}${host}`;

/** Everything this device would sync now, by record key. */
export function localItems(notes: readonly Note[], ownEntries: readonly Entry[], settings: Settings, now: number) {
  const items = new Map<string, LocalItem>();
  for (const note of notes) {
    items.set(`${NOTE_PREFIX}${note.id}`, {
      body: { e: note.entryId, x: note.text, c: note.created } satisfies NoteBody,
      t: note.updated,
    });
  }
  for (const { packId: _packId, ...entry } of ownEntries) items.set(entryKey(entry.id), { body: entry, t: now });
  const { disabledSites, ...synced } = settings;
  // Settings left at their defaults are not an edit: a fresh device must not outvote the reader's choices.
  const { disabledSites: _none, ...defaults } = DEFAULT_SETTINGS;
  if (JSON.stringify(synced) !== JSON.stringify(defaults)) {
    items.set(SETTINGS_KEY, { body: synced satisfies SyncedSettings, t: now });
  }
  for (const site of disabledSites) items.set(siteKey(site), { body: 1, t: now });
  return items;
}

const NoteBodySchema = v.object({
  e: v.pipe(v.string(), v.maxLength(200)),
  x: NoteTextSchema,
  c: v.pipe(v.number(), v.integer(), v.minValue(0)),
});

/** The note a record brings, or undefined when its body is not a valid note. */
export function noteFromBody(key: string, body: unknown, updated: number): Note | undefined {
  const parsed = v.safeParse(NoteBodySchema, body);
  if (!parsed.success) return undefined;
  return {
    id: key.slice(NOTE_PREFIX.length),
    entryId: parsed.output.e,
    text: parsed.output.x,
    created: parsed.output.c,
    updated,
  };
}

/** The own entry a record brings, or undefined when its body is not a valid own entry of that key. */
export function entryFromBody(key: string, body: unknown): Entry | undefined {
  const parsed = v.safeParse(EntrySchema, body);
  if (!parsed.success || entryKey(parsed.output.id) !== key || !parsed.output.id.startsWith(OWN_ID_PREFIX))
    return undefined;
  return { ...parsed.output, packId: OWN_PACK_ID };
}

/** The settings a record brings; a deletion (all set back to defaults on some device) brings the defaults. */
export function settingsFromBody(body: unknown): SyncedSettings | undefined {
  if (body === undefined) return settingsFromBody(DEFAULT_SETTINGS);
  try {
    const { disabledSites: _sites, ...synced } = checkSettings(body);
    return synced;
  } catch {
    return undefined;
  }
}
