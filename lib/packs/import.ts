/**
 * Importing a pack from a file: size check, JSON parse, a walk for keys that
 * could pollute prototypes, whole-pack validation, and only then one Dexie
 * transaction. A file that fails any step changes nothing, and the error
 * names the record and field (`entries[17].aliases[2]: …`).
 */
import type { InstalledPack, LensDatabase } from '../db/database';
import { getInstalledPack, installPack } from '../db/packs';
import { mergeOwnEntries } from '../db/own-entries';
import { OWN_ID_PREFIX, OWN_PACK_ID } from '../model';
import { PackConflictError } from '../db/errors';
import type { Pack } from '../model';
import { PackError } from './bundled';
import { formatProblems, validatePack, type PackProblem } from './validate';

/**
 * The largest pack file accepted, in bytes of UTF-8. The bundled Western
 * Balkans pack is under 0.5 MB; 20 MB leaves room for packs a hundred times
 * larger while keeping a mistaken pick (a video, a database dump) from
 * freezing the page in JSON.parse.
 */
export const PACK_IMPORT_MAX_BYTES = 20 * 1024 * 1024;

/** Where a problem that concerns the whole file is reported. */
export const FILE_PATH = '(file)';

/** An import refused before anything was written; `problems` name each bad record and field. */
export class PackImportError extends PackError {
  override name = 'PackImportError';
  constructor(
    readonly problems: PackProblem[],
    heading = 'The pack was not imported; nothing was changed.',
  ) {
    super(`${heading}\n${formatProblems(problems)}`);
  }
}

/** Keys that would reach an object's prototype if a later step ever merged the data into an object. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function megabytes(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
}

/** UTF-8 length without allocating a copy of a possibly large string. */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

export function checkSize(byteLength: number, maxBytes: number): void {
  if (byteLength > maxBytes) {
    throw new PackImportError([
      { path: FILE_PATH, message: `the file is ${megabytes(byteLength)}; the limit is ${megabytes(maxBytes)}` },
    ]);
  }
}

/** Formats a path the way validate.ts does, so all errors read alike. */
function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent ? `${parent}.${key}` : key;
}

/**
 * Finds `__proto__`, `constructor` and `prototype` keys at any depth.
 * JSON.parse makes them plain own properties, which is harmless here, but a
 * pack has no such field, and refusing them keeps every later step (and any
 * future code that spreads or merges pack data) safe. Iterative, so a deeply
 * nested file cannot overflow the stack.
 */
export function findForbiddenKeys(value: unknown, limit = 10): PackProblem[] {
  const problems: PackProblem[] = [];
  const stack: Array<{ value: unknown; path: string }> = [{ value, path: '' }];
  while (stack.length && problems.length < limit) {
    const item = stack.pop()!;
    if (Array.isArray(item.value)) {
      for (let i = item.value.length - 1; i >= 0; i--) {
        stack.push({ value: item.value[i], path: childPath(item.path, i) });
      }
    } else if (item.value && typeof item.value === 'object') {
      const keys = Object.keys(item.value);
      for (const key of keys) {
        if (FORBIDDEN_KEYS.has(key)) {
          problems.push({ path: childPath(item.path, key), message: `"${key}" is not allowed as a key` });
        }
      }
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i]!;
        if (!FORBIDDEN_KEYS.has(key)) {
          stack.push({ value: (item.value as Record<string, unknown>)[key], path: childPath(item.path, key) });
        }
      }
    }
  }
  return problems;
}

/**
 * Parses untrusted JSON text: size first (cheap), then JSON.parse with its
 * error reported plainly, then the forbidden-key walk. Shared by pack
 * imports and backup restores.
 */
export function parseUntrustedJson(text: string, maxBytes: number): unknown {
  // Counting code units first is free and already proves most oversize files (UTF-8 is never shorter).
  checkSize(text.length > maxBytes ? text.length : utf8ByteLength(text), maxBytes);
  // Editors on Windows like to start files with a byte-order mark, which JSON.parse refuses.
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (!body.trim()) throw new PackImportError([{ path: FILE_PATH, message: 'the file is empty' }]);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new PackImportError([{ path: FILE_PATH, message: `not valid JSON (${reason})` }]);
  }
  const forbidden = findForbiddenKeys(parsed);
  if (forbidden.length) throw new PackImportError(forbidden);
  return parsed;
}

/** Validates a parsed pack document, with the rules for the reader's own entries ("own" pack). */
export function checkPackDocument(document: unknown): Pack {
  if (!document || typeof document !== 'object' || Array.isArray(document)) {
    const kind = Array.isArray(document) ? 'a list' : document === null ? 'null' : typeof document;
    throw new PackImportError([{ path: '(pack)', message: `a pack is a JSON object, but the file holds ${kind}` }]);
  }
  const result = validatePack(document);
  if (!result.ok) throw new PackImportError(result.problems);
  const pack = result.pack;
  const problems: PackProblem[] = [];
  const isOwn = pack.id === OWN_PACK_ID;
  pack.entries.forEach((entry, i) => {
    if (isOwn !== entry.id.startsWith(OWN_ID_PREFIX)) {
      problems.push({
        path: `entries[${i}].id`,
        message: isOwn
          ? `your own entries have ids starting with "${OWN_ID_PREFIX}"`
          : `ids starting with "${OWN_ID_PREFIX}" are reserved for your own entries`,
      });
    }
  });
  if (isOwn && pack.events.length) {
    problems.push({ path: 'events', message: 'your own entries cannot carry timeline events' });
  }
  if (problems.length) throw new PackImportError(problems);
  return pack;
}

export type PackImportResult =
  | { kind: 'installed'; pack: InstalledPack }
  | { kind: 'updated'; pack: InstalledPack; previousVersion: string }
  | { kind: 'own-entries'; count: number };

/**
 * Imports a pack file's text. A pack with the id of an installed pack
 * replaces its entries and events (notes stay, keyed by entry id); a pack
 * with id "own" (an export of the reader's own entries) adds or replaces own
 * entries. Throws PackImportError, StorageFullError or DatabaseBlockedError.
 */
export async function importPackText(
  db: LensDatabase,
  text: string,
  maxBytes = PACK_IMPORT_MAX_BYTES,
): Promise<PackImportResult> {
  const pack = checkPackDocument(parseUntrustedJson(text, maxBytes));
  try {
    if (pack.id === OWN_PACK_ID) return { kind: 'own-entries', count: await mergeOwnEntries(db, pack.entries) };
    const previous = await getInstalledPack(db, pack.id);
    const installed = await installPack(db, pack);
    return previous
      ? { kind: 'updated', pack: installed, previousVersion: previous.version }
      : { kind: 'installed', pack: installed };
  } catch (error) {
    // Conflicts are found inside the transaction (which then writes nothing); report them like any other problem.
    if (error instanceof PackConflictError) throw new PackImportError(error.problems);
    throw error;
  }
}

/** Imports a file chosen by the reader; its size is checked before a byte of it is read. */
export async function importPackFile(
  db: LensDatabase,
  file: Blob,
  maxBytes = PACK_IMPORT_MAX_BYTES,
): Promise<PackImportResult> {
  checkSize(file.size, maxBytes);
  return importPackText(db, await file.text(), maxBytes);
}
