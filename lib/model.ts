/**
 * The data model and the pack format, as valibot schemas.
 *
 * The schemas are the single source of truth: the TypeScript types below are
 * derived from them, so what the validator accepts and what the code expects
 * cannot drift apart. Everything a pack contains is untrusted input (packs can
 * be imported from files), so every string has a length bound and every id a
 * strict shape.
 */
import * as v from 'valibot';
import type { CompiledMatcher } from './matcher/compiled';
import type { Matcher } from './matcher/tables';
import type { CompiledPrefilter } from './matcher/prefilter';
import type { EntryFacts, MeaningFacts } from './ranking-context';

/** Kebab-case ids keep references readable in packs and safe as keys. */
const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*(?::[a-z0-9]+(?:-[a-z0-9]+)*)?$/;

export const EntryIdSchema = v.pipe(
  v.string(),
  v.maxLength(120),
  v.regex(ID_PATTERN, 'must be a kebab-case id such as "kosovo-security-force"'),
);

const text = (max: number) => v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(max));

/** ISO date at day, month or year precision: 1999-06-10, 1999-06 or 1999. */
export const PartialDateSchema = v.pipe(
  v.string(),
  v.regex(/^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$/, 'must be YYYY, YYYY-MM or YYYY-MM-DD'),
);

/** A full calendar day, used for "checked on" dates. */
export const DaySchema = v.pipe(v.string(), v.isoDate('must be a YYYY-MM-DD date'));

export const ENTRY_TYPES = [
  'person',
  'organisation',
  'mission',
  'agreement',
  'place',
  'institution',
  'party',
  'event',
  'concept',
] as const;
export const EntryTypeSchema = v.picklist(ENTRY_TYPES);
export type EntryType = (typeof ENTRY_TYPES)[number];

/**
 * How an alias is compared with page text.
 * - `auto` (default): an alias written entirely in capitals (KFOR) matches only
 *   in capitals; a name starting with a capital (Kosovo) matches in any case
 *   that keeps the capital first letter (KOSOVO, Kosovo), so a common word in
 *   lower case ("a trump card") is not taken for a name; an alias written in
 *   lower case matches in any case.
 * - `sensitive` / `insensitive` override that rule for one alias.
 */
export const CASE_MODES = ['auto', 'sensitive', 'insensitive'] as const;
export type CaseMode = (typeof CASE_MODES)[number];

export const AliasSchema = v.union([
  text(200),
  v.strictObject({
    text: text(200),
    case: v.optional(v.picklist(CASE_MODES)),
  }),
]);
export type Alias = v.InferOutput<typeof AliasSchema>;

export const RELATION_KINDS = [
  'related',
  'member-of',
  'part-of',
  'located-in',
  'signatory-to',
  'succeeded-by',
  'preceded-by',
  'leads',
  'led-by',
  'established-by',
] as const;
export const RelationSchema = v.strictObject({
  id: EntryIdSchema,
  kind: v.optional(v.picklist(RELATION_KINDS), 'related'),
});
export type Relation = v.InferOutput<typeof RelationSchema>;

export const SourceSchema = v.strictObject({
  url: v.pipe(v.string(), v.maxLength(2000), v.url(), v.regex(/^https?:\/\//, 'must be an http(s) address')),
  title: v.optional(text(300)),
});

export const EntrySchema = v.strictObject({
  id: EntryIdSchema,
  type: EntryTypeSchema,
  title: text(200),
  aliases: v.optional(v.pipe(v.array(AliasSchema), v.maxLength(100)), []),
  summary: text(4000),
  related: v.optional(v.pipe(v.array(RelationSchema), v.maxLength(200)), []),
  source: SourceSchema,
  checked: DaySchema,
});
export type EntryInput = v.InferInput<typeof EntrySchema>;
export type PackEntry = v.InferOutput<typeof EntrySchema>;

/**
 * An office that an event ends for one of its people (a resignation, a lost vote, a removal). The bundled
 * pack's tests use it to catch a person's summary that still presents the office as current.
 */
export const EndedOfficeSchema = v.strictObject({
  person: EntryIdSchema,
  /** The words the person's summary uses for the office, such as "prime minister". */
  office: text(200),
});
export type EndedOffice = v.InferOutput<typeof EndedOfficeSchema>;

export const TimelineEventSchema = v.strictObject({
  id: EntryIdSchema,
  date: PartialDateSchema,
  title: text(300),
  summary: v.optional(text(4000)),
  entries: v.pipe(v.array(EntryIdSchema), v.minLength(1, 'must name at least one entry'), v.maxLength(100)),
  endsOffices: v.optional(v.pipe(v.array(EndedOfficeSchema), v.maxLength(20))),
  source: SourceSchema,
  checked: DaySchema,
});
export type TimelineEvent = v.InferOutput<typeof TimelineEventSchema>;

export const PACK_FORMAT = 1;

/** MAJOR.MINOR.PATCH, compared numerically (lib/packs/bundled.ts compareVersions). */
export const PackVersionSchema = v.pipe(
  v.string(),
  v.regex(/^\d+\.\d+\.\d+$/, 'must be a semantic version such as 1.2.0'),
);

// A plain object rather than PackMetaSchema.entries, so bundlers can drop both schemas from
// bundles that import only this module's helpers (reading `.entries` could have side effects).
const packMetaEntries = {
  // Where an editor finds the pack's JSON Schema (docs/pack.schema.json), so it validates and completes
  // while an author types. The extension never follows it; it is kept so an export points there too.
  $schema: v.optional(v.pipe(v.string(), v.maxLength(2000))),
  format: v.literal(PACK_FORMAT),
  id: EntryIdSchema,
  name: text(200),
  version: PackVersionSchema,
  language: v.pipe(v.string(), v.regex(/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/, 'must be a language tag such as en')),
  license: text(200),
  description: v.optional(text(2000)),
};
export const PackMetaSchema = v.strictObject(packMetaEntries);
export type PackMeta = v.InferOutput<typeof PackMetaSchema>;

export const PackSchema = v.strictObject({
  ...packMetaEntries,
  entries: v.pipe(v.array(EntrySchema), v.maxLength(50_000)),
  events: v.optional(v.pipe(v.array(TimelineEventSchema), v.maxLength(50_000)), []),
});
export type Pack = v.InferOutput<typeof PackSchema>;

/** An entry as stored: a pack entry plus the pack it came from. */
export interface Entry extends PackEntry {
  packId: string;
}

/**
 * The pack id of the reader's own entries, and the prefix of their entry ids
 * (`own:<slug>`). No installed pack may use either; an export of own entries
 * is a pack with this id.
 */
export const OWN_PACK_ID = 'own';
export const OWN_ID_PREFIX = `${OWN_PACK_ID}:`;

/** Whether an entry is one of the reader's own (editable, deletable) rather than a pack's. */
export const isOwnEntry = (entry: Pick<Entry, 'packId'>): boolean => entry.packId === OWN_PACK_ID;

/** A timeline event as stored. */
export interface StoredEvent extends TimelineEvent {
  packId: string;
}

/** The reader's own note on an entry. Notes outlive pack updates: they are keyed by entry id only. */
export interface Note {
  id: string;
  entryId: string;
  text: string;
  created: number;
  updated: number;
}

export const NOTE_MAX_LENGTH = 20_000;
export const NoteTextSchema = v.pipe(
  v.string(),
  v.trim(),
  v.minLength(1, 'must not be empty'),
  v.maxLength(NOTE_MAX_LENGTH),
);

/**
 * "Seen on": a page where an entry was spotted, kept locally so the reader
 * can find the articles again. One record per entry and page address.
 */
export interface Sighting {
  entryId: string;
  url: string;
  title: string;
  seenAt: number;
}

/** Everything the card and the popup show about one entry. */
export interface EntryDetail {
  entry: Entry;
  events: StoredEvent[];
  notes: Note[];
  related: Array<{ id: string; kind: Relation['kind']; title: string; type: EntryType }>;
  /** The pages where the entry was spotted, newest first (empty when the memory is off). */
  sightings: Sighting[];
}

/** The text and flags of an alias, whichever way the pack wrote it. */
export function aliasText(alias: Alias): string {
  return typeof alias === 'string' ? alias : alias.text;
}
export function aliasCase(alias: Alias): CaseMode {
  return typeof alias === 'string' ? 'auto' : (alias.case ?? 'auto');
}

/**
 * One matchable string in the term index. Several entries may share a term
 * (Ohrid: the city and two agreements); the matcher reports all of them.
 */
export interface Term {
  text: string;
  case: CaseMode;
  entryIds: string[];
}

/**
 * Adds an entry's title and aliases to `byKey`, grouped by exact text and case
 * rule (the matcher merges the ones that fold alike). One way to build the
 * term index, shared by the background and the benchmarks that stand in for it.
 */
export function addEntryTerms(
  byKey: Map<string, Term>,
  entry: { id: string; title: Alias; aliases?: readonly Alias[] },
): void {
  for (const alias of [entry.title, ...(entry.aliases ?? [])]) {
    const text = aliasText(alias);
    const caseMode = aliasCase(alias);
    const key = `${caseMode}\u0000${text}`;
    const term = byKey.get(key);
    if (!term) byKey.set(key, { text, case: caseMode, entryIds: [entry.id] });
    else if (!term.entryIds.includes(entry.id)) term.entryIds.push(entry.id);
  }
}

/**
 * The compact index the content script matches against. `version` changes
 * whenever any entry or alias changes, so a tab can tell a stale copy.
 */
export interface TermIndex {
  version: string;
  terms: Term[];
  /**
   * For each entry, the entries it is connected to (relations in either
   * direction, or a shared timeline event). Used to rank the meanings of an
   * ambiguous term by the other entries spotted on the same page.
   */
  links: Record<string, string[]>;
  /** Each entry's type and the years of its events, for the facts ranking reads (lib/ranking-context.ts meaningFacts). */
  facts?: Record<string, EntryFacts>;
}

/**
 * What the background makes of the TermIndex for pages, once per version:
 * the matcher compiled from it (lib/matcher/compiled.ts), so pages only
 * decode it, and the links of the entries that can be candidates of one
 * ambiguous mention, the only ones ranking reads. Pages receive it packed
 * (lib/messaging/term-index-wire.ts) and work with a PageTermIndex.
 */
export interface CompiledTermIndex {
  version: string;
  /** How many terms the matcher was compiled from. */
  termCount: number;
  matcher: CompiledMatcher;
  /** The first words of the aliases, which every frame gets first and alone (lib/matcher/prefilter.ts). */
  prefilter: CompiledPrefilter;
  links: Record<string, string[]>;
  /**
   * How specific each neighbour in `links` is (lib/ranking.ts
   * linkSpecificity), counted over the whole link graph, which a page does
   * not have. Absent neighbours count 1.
   */
  specificity?: Record<string, number>;
  /** The earliest year written in the names of the entries in `links` (lib/ranking.ts earliestYears). */
  since?: Record<string, number>;
  /**
   * What the words and years around a mention are checked against, for the
   * entries in `links`: kind, period, own words, link count
   * (lib/ranking-context.ts meaningFacts).
   */
  meanings?: Record<string, MeaningFacts>;
}

/** The term index as a page works with it: the CompiledTermIndex with its matcher decoded (lib/page/term-index-transfer.ts). */
export interface PageTermIndex extends Omit<CompiledTermIndex, 'matcher'> {
  matcher: Matcher;
}
