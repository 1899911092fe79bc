/**
 * Whole-pack validation: the schema first, then the checks a schema cannot
 * express (unique ids, references that resolve). Nothing is written anywhere
 * until a pack passes all of them, so an import lands whole or not at all.
 */
import * as v from 'valibot';
import { OWN_ID_PREFIX, OWN_PACK_ID, PackSchema, aliasText, type Pack } from '../model';
import { issuePath } from '../issue-path';

export interface PackProblem {
  /** Where the problem is, e.g. `entries[17].aliases[2]`. */
  path: string;
  message: string;
}

export type PackValidation = { ok: true; pack: Pack } | { ok: false; problems: PackProblem[] };

export function formatProblems(problems: readonly PackProblem[], limit = 10): string {
  const shown = problems.slice(0, limit).map((p) => `${p.path}: ${p.message}`);
  if (problems.length > limit) shown.push(`… and ${problems.length - limit} more`);
  return shown.join('\n');
}

export function validatePack(input: unknown): PackValidation {
  const parsed = v.safeParse(PackSchema, input);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.issues.map((issue) => ({ path: issuePath(issue) || '(pack)', message: issue.message })),
    };
  }
  const pack = parsed.output;
  const problems = findReferenceProblems(pack);
  return problems.length ? { ok: false, problems } : { ok: true, pack };
}

/**
 * The reader's own entries travel as the pack "own" (lib/db/own-entries.ts), and
 * may relate to entries of installed packs, which are not in the file. Only
 * their relations to other own entries ("own:…") must resolve inside it.
 */
function findReferenceProblems(pack: Pack): PackProblem[] {
  const problems: PackProblem[] = [];
  const mayPointOutside = (id: string) => pack.id === OWN_PACK_ID && !id.startsWith(OWN_ID_PREFIX);
  const entryIds = new Set<string>();
  pack.entries.forEach((entry, i) => {
    if (entryIds.has(entry.id))
      problems.push({ path: `entries[${i}].id`, message: `duplicate entry id "${entry.id}"` });
    entryIds.add(entry.id);
  });
  pack.entries.forEach((entry, i) => {
    entry.related.forEach((relation, j) => {
      if (!entryIds.has(relation.id) && !mayPointOutside(relation.id)) {
        problems.push({ path: `entries[${i}].related[${j}].id`, message: `unknown entry "${relation.id}"` });
      } else if (relation.id === entry.id) {
        problems.push({ path: `entries[${i}].related[${j}].id`, message: 'an entry cannot relate to itself' });
      }
    });
    const seenAliases = new Set<string>();
    entry.aliases.forEach((alias, j) => {
      const key = aliasText(alias);
      if (seenAliases.has(key))
        problems.push({ path: `entries[${i}].aliases[${j}]`, message: `repeated alias "${key}"` });
      seenAliases.add(key);
    });
  });
  const eventIds = new Set<string>();
  pack.events.forEach((event, i) => {
    if (eventIds.has(event.id)) problems.push({ path: `events[${i}].id`, message: `duplicate event id "${event.id}"` });
    eventIds.add(event.id);
    event.entries.forEach((id, j) => {
      if (!entryIds.has(id)) problems.push({ path: `events[${i}].entries[${j}]`, message: `unknown entry "${id}"` });
    });
    event.endsOffices?.forEach((ended, j) => {
      if (!event.entries.includes(ended.person))
        problems.push({
          path: `events[${i}].endsOffices[${j}].person`,
          message: `"${ended.person}" must also be one of the event's entries`,
        });
    });
  });
  return problems;
}
