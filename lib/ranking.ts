/**
 * Orders the meanings of an ambiguous term ("Ohrid": the city, the 2001
 * agreement, the 2023 agreement) by the other entries spotted on the same
 * page that each meaning is connected to, each weighted by how specific it
 * is. A link to NATO or the EU says little (half the pack is linked to
 * them); a link to the Belgrade–Pristina dialogue says a lot. Without the
 * weights, three hub entries in a "related posts" sidebar outvoted the one
 * link that mattered and opened a Kosovo–Serbia article on the 2001
 * agreement (issue 14).
 */

/** For each entry, the entries it is connected to (see TermIndex.links). */
export type Links = Readonly<Record<string, readonly string[]>>;

/** How much one spotted neighbour says, by entry id; 1 when absent. */
export type Specificity = Readonly<Record<string, number>>;

/**
 * The entries spotted around one mention: in its own paragraph, and
 * elsewhere in the article (lib/page/mention-context.ts leaves out
 * navigation, sidebars and "related posts").
 */
export interface MentionNeighbours {
  paragraph: ReadonlySet<string>;
  page: ReadonlySet<string>;
}

/** A neighbour in the mention's own paragraph counts this many times one elsewhere on the page. */
export const PARAGRAPH_WEIGHT = 3;

export interface RankedCandidate {
  id: string;
  score: number;
  /** The spotted neighbours that raised the score, the most telling first: the reason a reader can be shown. */
  because: string[];
}

/**
 * How specific each linked entry is: a neighbour that k entries link to
 * counts 1/k. Plain inverse frequency rather than its logarithm, because a
 * pack is small and a hub must not be able to outvote a specific link by
 * being spotted together with two other hubs. Computed once in the
 * background over the whole link graph, where every entry is known; a page
 * only holds the links of ambiguous entries and could not count this.
 */
export function linkSpecificity(links: Links): Record<string, number> {
  const linkedBy = new Map<string, number>();
  for (const id of Object.keys(links)) {
    for (const neighbour of new Set(links[id])) linkedBy.set(neighbour, (linkedBy.get(neighbour) ?? 0) + 1);
  }
  // Entries linked by one entry only count fully; they are left out to keep the page's copy small.
  return Object.fromEntries([...linkedBy].filter(([, count]) => count > 1).map(([id, count]) => [id, 1 / count]));
}

/** Keeps only the weights of the neighbours of the given entries: the only ones a page reads. */
export function specificityFor(specificity: Specificity, links: Links): Record<string, number> {
  const needed = new Set(Object.values(links).flat());
  return Object.fromEntries(Object.entries(specificity).filter(([id]) => needed.has(id)));
}

/**
 * The earliest year written in each entry's names ("Ohrid Framework
 * Agreement (2001)", "2013 Brussels Agreement"), for the given entries: the
 * year before which an article cannot be about it.
 */
export function earliestYears(
  terms: readonly { text: string; entryIds: readonly string[] }[],
  ids: ReadonlySet<string>,
): Record<string, number> {
  const since: Record<string, number> = {};
  for (const term of terms) {
    for (const match of term.text.matchAll(/(?<!\d)(?:19|20)\d\d(?!\d)/g)) {
      const year = Number(match[0]);
      for (const id of term.entryIds) {
        if (ids.has(id) && !(Object.hasOwn(since, id) && since[id]! <= year)) since[id] = year;
      }
    }
  }
  return since;
}

/** The article's year, and the year each candidate came to be (earliestYears). */
export interface ArticleTime {
  articleYear?: number;
  since?: Readonly<Record<string, number>>;
  /**
   * The mention is written as a place ("talks in Ohrid", "near Dayton"): the candidates that are
   * places come first, whatever the page's other names say about the rest.
   */
  writtenAsPlace?: boolean;
  places?: readonly string[];
}

export function explainRanking(
  candidates: readonly string[],
  links: Links,
  spotted: ReadonlySet<string> | MentionNeighbours,
  specificity: Specificity = {},
  { articleYear, since = {}, writtenAsPlace = false, places = [] }: ArticleTime = {},
): RankedCandidate[] {
  const candidateSet = new Set(candidates);
  const notPlace = (id: string) => (writtenAsPlace && !places.includes(id) ? 1 : 0);
  // A 2001 report cannot be about the 2023 agreement, whatever else the page names.
  const notYet = (id: string) =>
    articleYear !== undefined && Object.hasOwn(since, id) && since[id]! > articleYear ? 1 : 0;
  const { paragraph, page }: MentionNeighbours =
    'page' in spotted ? spotted : { paragraph: new Set<string>(), page: spotted };
  const spottedOnPage = { has: (id: string) => paragraph.has(id) || page.has(id) };
  // Own properties only: an entry may be called "constructor", which every object inherits.
  const weightOf = (id: string) =>
    (Object.hasOwn(specificity, id) ? (specificity[id] ?? 1) : 1) * (paragraph.has(id) ? PARAGRAPH_WEIGHT : 1);
  const scored = candidates.map((id, order) => {
    const neighbours = Object.hasOwn(links, id) ? (links[id] ?? []) : [];
    // The other candidates of the same term do not count: they are spotted because the term is.
    const counted = [...new Set(neighbours)].filter((n) => spottedOnPage.has(n) && !candidateSet.has(n));
    counted.sort((a, b) => weightOf(b) - weightOf(a));
    const score = counted.reduce((sum, n) => sum + weightOf(n), 0);
    return { id, order, score, because: counted };
  });
  // Ties keep the pack's order, so the result is stable and predictable.
  scored.sort(
    (a, b) => notYet(a.id) - notYet(b.id) || notPlace(a.id) - notPlace(b.id) || b.score - a.score || a.order - b.order,
  );
  return scored.map(({ id, score, because }) => ({ id, score, because }));
}

export function rankCandidates(
  candidates: readonly string[],
  links: Links,
  spotted: ReadonlySet<string> | MentionNeighbours,
  specificity: Specificity = {},
): string[] {
  return explainRanking(candidates, links, spotted, specificity).map((item) => item.id);
}
