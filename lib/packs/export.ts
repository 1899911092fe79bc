/**
 * Exporting packs as pack documents: what `importPackText` reads back. Every
 * export is run through `validatePack` before it is handed out, so a file we
 * write is always a file we accept.
 */
import type { InstalledPack, LensDatabase } from '../db/database';
import { getInstalledPack } from '../db/packs';
import { listOwnEntries } from '../db/own-entries';
import { OWN_PACK_ID } from '../model';
import {
  PACK_FORMAT,
  type Entry,
  type Pack,
  type PackEntry,
  type PackMeta,
  type StoredEvent,
  type TimelineEvent,
} from '../model';
import { PackError } from './bundled';
import { formatProblems, validatePack } from './validate';

/** The metadata of the reader's own entries when they travel as a pack. */
export const OWN_PACK_META: PackMeta = {
  format: PACK_FORMAT,
  id: OWN_PACK_ID,
  name: 'My own entries',
  version: '1.0.0',
  // "und": undetermined; the reader may have written in any language.
  language: 'und',
  license: 'Written by the reader; no licence stated',
  description: 'Entries written in Context Lens by its reader. Importing this file adds them to your own entries.',
};

export function toPackEntry({ packId: _packId, ...entry }: Entry): PackEntry {
  return entry;
}

export function toPackEvent({ packId: _packId, ...event }: StoredEvent): TimelineEvent {
  return event;
}

export function toPackMeta({
  installedAt: _at,
  entryCount: _entries,
  eventCount: _events,
  ...meta
}: InstalledPack): PackMeta {
  return meta;
}

export function packMetaOf({ entries: _entries, events: _events, ...meta }: Pack): PackMeta {
  return meta;
}

function checkedPack(pack: Pack): Pack {
  const result = validatePack(pack);
  // Only a bug (or a database edited by hand) can get here; refuse rather than write a file we would not import.
  if (!result.ok) throw new PackError(`The pack "${pack.id}" cannot be exported:\n${formatProblems(result.problems)}`);
  return result.pack;
}

/** An installed pack as a pack document, with its current entries and events. */
export async function exportPack(db: LensDatabase, packId: string): Promise<Pack> {
  const installed = await getInstalledPack(db, packId);
  if (!installed) throw new PackError(`No pack "${packId}" is installed`);
  const [entries, events] = await db.transaction('r', [db.entries, db.events], () =>
    Promise.all([
      db.entries.where('packId').equals(packId).toArray(),
      db.events.where('packId').equals(packId).toArray(),
    ]),
  );
  return checkedPack({ ...toPackMeta(installed), entries: entries.map(toPackEntry), events: events.map(toPackEvent) });
}

/** The reader's own entries as a pack with id "own". */
export async function exportOwnEntries(db: LensDatabase): Promise<Pack> {
  const entries = await listOwnEntries(db);
  return checkedPack({ ...OWN_PACK_META, entries: entries.map(toPackEntry), events: [] });
}

/** Pretty-printed: packs are meant to be read and reviewed by people. */
export function serialisePack(pack: Pack): string {
  return `${JSON.stringify(pack, null, 2)}\n`;
}

export function packFileName(pack: Pack): string {
  return `${pack.id}-${pack.version}.json`;
}
