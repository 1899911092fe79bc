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
import { findCue, findYearCue, inPeriod, type MeaningFacts, type WordsAround } from './ranking-context';

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
  /**
   * Entries the article names by a name of their own ("Central Election
   * Commission of Albania"), not only by one they share ("CEC"): the short
   * form may well refer back to them.
   */
  named?: ReadonlySet<string>;
}

/** A neighbour in the mention's own paragraph counts this many times one elsewhere on the page. */
export const PARAGRAPH_WEIGHT = 3;

export interface RankedCandidate {
  id: string;
  score: number;
  /** The spotted neighbours that raised the score, the most telling first: the reason a reader can be shown. */
  because: string[];
  /** On the first candidate only, when there was a choice: what put it first. */
  reason?: ChoiceReason;
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

/** What decided the first meaning, for the reason line under the card's meanings. */
export type ChoiceReason =
  { kind: 'word'; word: string } | { kind: 'year'; year: number } | { kind: 'names' } | { kind: 'date'; year: number };

/** What is known around one mention besides the names spotted near it (lib/ranking-context.ts). */
export interface MentionClues {
  /** The article's year (its publication date). */
  articleYear?: number;
  /** The year each candidate came to be (earliestYears): a 2001 report cannot be about the 2023 agreement. */
  since?: Readonly<Record<string, number>>;
  /** The candidates' kinds, periods, own words and links (meaningFacts). */
  facts?: Readonly<Record<string, MeaningFacts>>;
  /** The words right before and after the mention. */
  around?: WordsAround;
  /** Years written in the mention's sentence, then in the rest of its paragraph. */
  sentenceYears?: readonly number[];
  paragraphYears?: readonly number[];
  /** Every word of the mention's paragraph, folded: a meaning's own words anywhere in it ("Kosovo" near "CEC"). */
  paragraphWords?: ReadonlySet<string>;
  /** The mention as written, folded (foldedWords joined by spaces). */
  written?: string;
}

/**
 * Orders the candidates by what tells most, in turn, each step deciding
 * only where the ones before it tie:
 * 1. a candidate that came to be after the article was written goes last;
 * 2. a word next to the mention ("lake", "town of", "signed", "Ohio");
 * 3. a year written in the mention's sentence, then its paragraph, inside a candidate's period;
 * 4. the spotted names each candidate is linked to, weighted by specificity and distance;
 * 5. the usual meaning: the candidate called just what the text writes ("Ohrid", the town);
 * 6. a candidate the article names by a name of its own ("CEC" after "Central Election Commission of Albania");
 * 7. the article's year inside a candidate's period;
 * 8. the pack's order: the meaning its author put first for the name (the
 *    earlier, usually better-known one; measured better on the labelled set
 *    than the better-linked one, as bodies like the CECs have few links).
 * Tiers rather than one weighted sum, so the reason for a choice is one
 * thing a reader can check in the text.
 */
/** The tier of a candidate named in full on the page (see explainRanking's tiers). */
const NAMED_TIER = 5;

export function explainRanking(
  candidates: readonly string[],
  links: Links,
  spotted: ReadonlySet<string> | MentionNeighbours,
  specificity: Specificity = {},
  {
    articleYear,
    since = {},
    facts = {},
    around,
    sentenceYears = [],
    paragraphYears = [],
    written,
    paragraphWords,
  }: MentionClues = {},
): RankedCandidate[] {
  const candidateSet = new Set(candidates);
  const factsOf = (id: string) => (Object.hasOwn(facts, id) ? facts[id] : undefined);
  const notYet = (id: string) =>
    articleYear !== undefined && Object.hasOwn(since, id) && since[id]! > articleYear ? 1 : 0;
  const cue = around ? findCue(candidates, around, facts) : undefined;
  const sentenceYear = findYearCue(candidates, sentenceYears, facts);
  const paragraphYear = sentenceYear ? undefined : findYearCue(candidates, paragraphYears, facts);
  const nearYear = sentenceYear ?? paragraphYear;
  const {
    paragraph,
    page,
    named = new Set<string>(),
  }: MentionNeighbours = 'page' in spotted ? spotted : { paragraph: new Set<string>(), page: spotted };
  const spottedOnPage = { has: (id: string) => paragraph.has(id) || page.has(id) };
  // Own properties only: an entry may be called "constructor", which every object inherits.
  const weightOf = (id: string) =>
    (Object.hasOwn(specificity, id) ? (specificity[id] ?? 1) : 1) * (paragraph.has(id) ? PARAGRAPH_WEIGHT : 1);
  // The first of a candidate's own words written anywhere in the paragraph, if any.
  const ownWordIn = (id: string) => paragraphWords && factsOf(id)?.words?.find((word) => paragraphWords.has(word));
  const scored = candidates.map((id, order) => {
    const neighbours = Object.hasOwn(links, id) ? (links[id] ?? []) : [];
    // The other candidates of the same term do not count: they are spotted because the term is.
    const counted = [...new Set(neighbours)].filter((n) => spottedOnPage.has(n) && !candidateSet.has(n));
    counted.sort((a, b) => weightOf(b) - weightOf(a));
    const score = counted.reduce((sum, n) => sum + weightOf(n), 0);
    const tiers = [
      -notYet(id),
      cue?.ids.includes(id) ? 1 : 0,
      nearYear?.ids.includes(id) ? 1 : 0,
      score,
      written !== undefined && factsOf(id)?.title === written ? 1 : 0,
      named.has(id) ? 1 : 0,
      ownWordIn(id) ? 1 : 0,
      articleYear !== undefined && inPeriod(factsOf(id), articleYear) ? 1 : 0,
      -order,
    ];
    return { id, tiers, score, because: counted };
  });
  const decidingTier = (a: number[], b: number[]) => a.findIndex((value, i) => value !== b[i]);
  scored.sort((a, b) => {
    const tier = decidingTier(a.tiers, b.tiers);
    return tier < 0 ? 0 : b.tiers[tier]! - a.tiers[tier]!;
  });
  const [first, second] = scored;
  const byDate: ChoiceReason | undefined = articleYear !== undefined ? { kind: 'date', year: articleYear } : undefined;
  const reasons: (ChoiceReason | undefined)[] = [
    byDate,
    cue && { kind: 'word', word: cue.word },
    nearYear && { kind: 'year', year: nearYear.year },
    { kind: 'names' },
    undefined,
    { kind: 'names' },
    undefined,
    byDate,
  ];
  const tier = first && second ? decidingTier(first.tiers, second.tiers) : -1;
  // Named in full, the candidate is itself the name the reason gives.
  if (first && tier === NAMED_TIER) first.because = [first.id];
  const paragraphWord = first && tier === NAMED_TIER + 1 ? ownWordIn(first.id) : undefined;
  const reason: ChoiceReason | undefined =
    reasons[tier] ?? (paragraphWord ? { kind: 'word', word: paragraphWord } : undefined);
  return scored.map(({ id, score, because }, index) => ({
    id,
    score,
    because,
    ...(index === 0 && reason ? { reason } : {}),
  }));
}

export function rankCandidates(
  candidates: readonly string[],
  links: Links,
  spotted: ReadonlySet<string> | MentionNeighbours,
  specificity: Specificity = {},
): string[] {
  return explainRanking(candidates, links, spotted, specificity).map((item) => item.id);
}
