/**
 * The term index as pages receive it: compiled into a matcher here, once per
 * term-index version, instead of in every frame of every page.
 */
import { compileMatcherTablesInSlices } from '../matcher/compile';
import type { MatcherTables } from '../matcher/tables';
import { serialiseMatcherTables } from '../matcher/compiled';
import { compilePrefilter } from '../matcher/prefilter-build';
import type { CompiledTermIndex, TermIndex } from '../model';
import { earliestYears, linkSpecificity, specificityFor } from '../ranking';
import { meaningFacts } from '../ranking-context';

/**
 * Compiles in slices of a few milliseconds: the worker answers other
 * requests (a card's details, a note) in between, even while a large
 * glossary compiles.
 */
export async function compilePageTermIndex(index: TermIndex): Promise<CompiledTermIndex> {
  const tables = await compileMatcherTablesInSlices(index.terms, {}, { budgetMs: 10 });
  const links = linksForRanking(index.links, tables);
  return {
    version: index.version,
    termCount: index.terms.length,
    matcher: serialiseMatcherTables(tables),
    prefilter: compilePrefilter(index.terms),
    links,
    specificity: specificityFor(linkSpecificity(index.links), links),
    since: earliestYears(index.terms, new Set(Object.keys(links))),
    meanings: meaningFacts(index.terms, index.facts ?? {}, new Set(Object.keys(links))),
  };
}

/**
 * Ranking orders the candidates of one mention by their links, and a
 * mention has several candidates only when an id list has several ids or
 * lists merge at scan time (those ids have a rank). Every other entry's
 * links are never read in a page, so they are not sent.
 */
export function linksForRanking(links: TermIndex['links'], { table }: MatcherTables): TermIndex['links'] {
  const ambiguous = new Set<string>(table.idRank.keys());
  const { ids, listStarts } = table;
  for (let list = 0; list + 1 < listStarts.length; list++) {
    const start = listStarts[list]!;
    const end = listStarts[list + 1]!;
    if (end - start > 1) for (let k = start; k < end; k++) ambiguous.add(ids[k]!);
  }
  // fromEntries defines own properties, so even an id named __proto__ stays a plain key.
  return Object.fromEntries([...ambiguous].filter((id) => Object.hasOwn(links, id)).map((id) => [id, links[id]!]));
}
