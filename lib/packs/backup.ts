/**
 * A full backup: every installed pack with its entries and events, the
 * reader's own entries, their notes and their settings, in one JSON
 * document. Restore validates the whole document first, then replaces the
 * database in one transaction, and only after that commits writes the
 * settings, so a bad file changes nothing at all.
 */
import * as v from 'valibot';
import type { InstalledPack, LensDatabase } from '../db/database';
import { readAllData, replaceAllData, type DatabaseContents } from '../db/contents';
import { OWN_PACK_ID } from '../model';
import { EntryIdSchema, NoteTextSchema, type Entry, type Note, type Pack, type Sighting } from '../model';
import { loadSettings, updateSettings, type Settings } from '../settings';
import { SettingsSchema } from '../settings-schema';
import { exportOwnEntries, packMetaOf, toPackEntry, toPackEvent, toPackMeta } from './export';
import { checkPackDocument, FILE_PATH, PackImportError, parseUntrustedJson } from './import';
import { PackError } from './bundled';
import type { PackProblem } from './validate';
import { issuePath } from '../issue-path';

export const BACKUP_FORMAT = 'context-lens-backup';
/**
 * Bumped when the backup layout changes; restore reads every version up to this one.
 * 2: adds `sightings` (the "seen on" memory); a version 1 backup restores with none.
 */
export const BACKUP_VERSION = 2;
/** A backup holds every pack at once, so it may be larger than one pack file. */
export const BACKUP_MAX_BYTES = 100 * 1024 * 1024;

const NOT_RESTORED = 'The backup was not restored; nothing was changed.';

/** A note as it travels in a backup: the stored record, checked field by field on restore. */
const BackupNoteSchema = v.strictObject({
  id: v.pipe(v.string(), v.uuid()),
  entryId: EntryIdSchema,
  text: NoteTextSchema,
  created: v.pipe(v.number(), v.integer(), v.minValue(0)),
  updated: v.pipe(v.number(), v.integer(), v.minValue(0)),
});

const BackupSightingSchema = v.strictObject({
  entryId: EntryIdSchema,
  url: v.pipe(v.string(), v.maxLength(2000), v.url(), v.regex(/^https?:\/\//, 'must be an http(s) address')),
  title: v.pipe(v.string(), v.maxLength(300)),
  seenAt: v.pipe(v.number(), v.integer(), v.minValue(0)),
});

/** The outer shape; packs, own entries and settings are checked by their own validators for exact paths. */
const BackupShapeSchema = v.strictObject({
  format: v.literal(BACKUP_FORMAT),
  version: v.picklist([1, BACKUP_VERSION]),
  created: v.pipe(v.string(), v.isoTimestamp('must be an ISO date and time')),
  packs: v.pipe(
    v.array(v.strictObject({ installedAt: v.pipe(v.number(), v.integer(), v.minValue(0)), pack: v.unknown() })),
    v.maxLength(1000),
  ),
  own: v.unknown(),
  notes: v.pipe(v.array(BackupNoteSchema), v.maxLength(1_000_000)),
  sightings: v.optional(v.pipe(v.array(BackupSightingSchema), v.maxLength(100_000)), []),
  settings: v.unknown(),
});

export interface Backup {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  /** When the backup was made (ISO 8601). */
  created: string;
  packs: Array<{ installedAt: number; pack: Pack }>;
  /** The reader's own entries, as the pack that "Export own entries" writes. */
  own: Pack;
  notes: Note[];
  /** Pages where entries were spotted ("seen on"). */
  sightings: Sighting[];
  settings: Settings;
}

export async function createBackup(db: LensDatabase, now = new Date()): Promise<Backup> {
  const data = await readAllData(db);
  const packs = data.packs
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((installed) => ({
      installedAt: installed.installedAt,
      pack: {
        ...toPackMeta(installed),
        entries: data.entries.filter((entry) => entry.packId === installed.id).map(toPackEntry),
        events: data.events.filter((event) => event.packId === installed.id).map(toPackEvent),
      },
    }));
  return {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    created: now.toISOString(),
    packs,
    own: await exportOwnEntries(db),
    notes: data.notes,
    sightings: data.sightings,
    settings: await loadSettings(),
  };
}

export function serialiseBackup(backup: Backup): string {
  return `${JSON.stringify(backup)}\n`;
}

export function backupFileName(backup: Backup): string {
  return `context-lens-backup-${backup.created.slice(0, 10)}.json`;
}

function prefixed(problems: readonly PackProblem[], prefix: string): PackProblem[] {
  return problems.map((problem) => ({
    path: problem.path === '(pack)' ? prefix : `${prefix}.${problem.path}`,
    message: problem.message,
  }));
}

function valibotProblems(issues: readonly v.BaseIssue<unknown>[], prefix = ''): PackProblem[] {
  return issues.map((issue) => ({ path: issuePath(issue, prefix) || '(backup)', message: issue.message }));
}

/** Checks a parsed backup completely; returns the records to store, or throws with every problem found. */
export function checkBackupDocument(document: unknown): { contents: DatabaseContents; settings: Settings } {
  const shape = v.safeParse(BackupShapeSchema, document);
  if (!shape.success) throw new PackImportError(valibotProblems(shape.issues), NOT_RESTORED);
  const problems: PackProblem[] = [];

  const packs: Array<{ installedAt: number; pack: Pack }> = [];
  shape.output.packs.forEach((item, i) => {
    try {
      const pack = checkPackDocument(item.pack);
      if (pack.id === OWN_PACK_ID) problems.push({ path: `packs[${i}].pack.id`, message: '"own" is not a pack' });
      else packs.push({ installedAt: item.installedAt, pack });
    } catch (error) {
      if (!(error instanceof PackImportError)) throw error;
      problems.push(...prefixed(error.problems, `packs[${i}].pack`));
    }
  });
  let own: Pack | undefined;
  try {
    own = checkPackDocument(shape.output.own);
    if (own.id !== OWN_PACK_ID) problems.push({ path: 'own.id', message: 'must be "own"' });
  } catch (error) {
    if (!(error instanceof PackImportError)) throw error;
    problems.push(...prefixed(error.problems, 'own'));
  }
  const settings = v.safeParse(SettingsSchema, shape.output.settings);
  if (!settings.success) problems.push(...valibotProblems(settings.issues, 'settings'));

  // Ids are global keys: two packs naming the same entry, event or pack would overwrite each other.
  const seen = { pack: new Map<string, string>(), entry: new Map<string, string>(), event: new Map<string, string>() };
  const claim = (kind: keyof typeof seen, id: string, path: string) => {
    const first = seen[kind].get(id);
    if (first) problems.push({ path, message: `${kind} id "${id}" is also used at ${first}` });
    else seen[kind].set(id, path);
  };
  packs.forEach(({ pack }, i) => {
    claim('pack', pack.id, `packs[${i}].pack.id`);
    pack.entries.forEach((entry, j) => claim('entry', entry.id, `packs[${i}].pack.entries[${j}].id`));
    pack.events.forEach((event, j) => claim('event', event.id, `packs[${i}].pack.events[${j}].id`));
  });
  own?.entries.forEach((entry, j) => claim('entry', entry.id, `own.entries[${j}].id`));
  const noteIds = new Set<string>();
  shape.output.notes.forEach((note, i) => {
    if (noteIds.has(note.id)) problems.push({ path: `notes[${i}].id`, message: `duplicate note id "${note.id}"` });
    noteIds.add(note.id);
  });

  if (problems.length || !own || !settings.success) throw new PackImportError(problems, NOT_RESTORED);
  const ownEntries: Entry[] = own.entries.map((entry) => ({ ...entry, packId: OWN_PACK_ID }));
  const contents: DatabaseContents = {
    packs: packs.map(({ installedAt, pack }): InstalledPack => ({
      ...packMetaOf(pack),
      installedAt,
      entryCount: pack.entries.length,
      eventCount: pack.events.length,
    })),
    entries: [
      ...packs.flatMap(({ pack }) => pack.entries.map((entry): Entry => ({ ...entry, packId: pack.id }))),
      ...ownEntries,
    ],
    events: packs.flatMap(({ pack }) => pack.events.map((event) => ({ ...event, packId: pack.id }))),
    notes: shape.output.notes,
    // A sighting of an entry the backup does not hold would be unreachable; it is dropped.
    sightings: shape.output.sightings.filter((sighting) => seen.entry.has(sighting.entryId)),
  };
  return { contents, settings: settings.output };
}

/**
 * Replaces everything with the backup in `text`. Validation is complete
 * before the one database transaction starts; settings are written after it
 * commits (they live in extension storage, which cannot join the
 * transaction), so a failed database write leaves the settings untouched too.
 */
export async function restoreBackupText(
  db: LensDatabase,
  text: string,
  maxBytes = BACKUP_MAX_BYTES,
): Promise<{ packs: number; entries: number; notes: number }> {
  let document: unknown;
  try {
    document = parseUntrustedJson(text, maxBytes);
  } catch (error) {
    if (error instanceof PackImportError) throw new PackImportError(error.problems, NOT_RESTORED);
    throw error;
  }
  const { contents, settings } = checkBackupDocument(document);
  await replaceAllData(db, contents);
  try {
    await updateSettings(settings);
  } catch (error) {
    throw new PackError(
      `The glossary and notes were restored, but the settings could not be: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return { packs: contents.packs.length, entries: contents.entries.length, notes: contents.notes.length };
}

/** Restores from a file chosen by the reader; its size is checked before it is read. */
export async function restoreBackupFile(
  db: LensDatabase,
  file: Blob,
  maxBytes = BACKUP_MAX_BYTES,
): Promise<{ packs: number; entries: number; notes: number }> {
  if (file.size > maxBytes) {
    throw new PackImportError(
      [{ path: FILE_PATH, message: `the file is larger than the ${maxBytes / (1024 * 1024)} MB limit for backups` }],
      NOT_RESTORED,
    );
  }
  return restoreBackupText(db, await file.text(), maxBytes);
}
