/**
 * How much of what real articles name the glossary explains. The coverage set
 * (tests/fixtures/coverage/articles.json) lists, per article, the names a reader
 * may want explained, as the article writes them; this module runs the same
 * matcher the pages use over each name and counts the names it explains.
 */
import * as v from 'valibot';
import { compileMatcher } from '../matcher';
import { addEntryTerms, type Alias, type Term } from '../model';

export const NAME_KINDS = [
  'person',
  'place',
  'country',
  'institution',
  'organisation',
  'mission',
  'party',
  'agreement',
  'event',
  'group',
  'concept',
] as const;
export type NameKind = (typeof NAME_KINDS)[number];

const CoverageArticleSchema = v.strictObject({
  url: v.pipe(v.string(), v.url()),
  outlet: v.pipe(v.string(), v.minLength(1)),
  /** A day, a month or a year: as precise as the page states it. */
  date: v.pipe(v.string(), v.regex(/^\d{4}(-\d{2}(-\d{2})?)?$/)),
  title: v.pipe(v.string(), v.minLength(1)),
  countries: v.pipe(v.array(v.string()), v.minLength(1)),
  names: v.pipe(v.array(v.tuple([v.pipe(v.string(), v.minLength(1)), v.picklist(NAME_KINDS)])), v.minLength(1)),
});
export type CoverageArticle = v.InferOutput<typeof CoverageArticleSchema>;

export const CoverageSetSchema = v.strictObject({ articles: v.array(CoverageArticleSchema) });

export interface NameCoverage {
  name: string;
  kind: NameKind;
  /** The entries whose alias spans the whole name; empty when the name is not explained. */
  entryIds: readonly string[];
}

export interface ArticleCoverage {
  article: CoverageArticle;
  names: NameCoverage[];
  explained: number;
}

export interface CoverageReport {
  articles: ArticleCoverage[];
  explained: number;
  total: number;
  byKind: Record<NameKind, { explained: number; total: number }>;
}

/**
 * The part of a written name an alias has to span: an article's leading "the"
 * and a possessive ending are grammar, not the name ("the Hague" aside, which
 * is written with a capital and kept).
 */
export function nameCore(name: string): string {
  return name
    .trim()
    .replace(/^the\s+/, '')
    .replace(/['’]s$/, '');
}

/** Measures how many of the set's names the entries explain, with the same term grouping the background uses. */
export function measureCoverage(
  entries: ReadonlyArray<{ id: string; title: Alias; aliases?: readonly Alias[] }>,
  articles: readonly CoverageArticle[],
): CoverageReport {
  const byKey = new Map<string, Term>();
  for (const entry of entries) addEntryTerms(byKey, entry);
  const matcher = compileMatcher([...byKey.values()]);

  const byKind = Object.fromEntries(
    NAME_KINDS.map((kind) => [kind, { explained: 0, total: 0 }]),
  ) as CoverageReport['byKind'];
  let explained = 0;
  let total = 0;
  const report = articles.map((article): ArticleCoverage => {
    const names = article.names.map(([name, kind]): NameCoverage => {
      const core = nameCore(name);
      const whole = matcher.find(core).find((match) => match.start === 0 && match.end === core.length);
      return { name, kind, entryIds: whole ? whole.entryIds : [] };
    });
    const articleExplained = names.filter((item) => item.entryIds.length > 0).length;
    for (const item of names) {
      byKind[item.kind].total++;
      if (item.entryIds.length > 0) byKind[item.kind].explained++;
    }
    explained += articleExplained;
    total += names.length;
    return { article, names, explained: articleExplained };
  });
  return { articles: report, explained, total, byKind };
}

/** The report as text: per article, overall, per kind, and the names still missing. */
export function formatCoverage(report: CoverageReport): string {
  const percent = (part: number, whole: number) => (whole === 0 ? '—' : `${((100 * part) / whole).toFixed(1)}%`);
  const lines = [
    `Coverage: ${report.explained}/${report.total} names explained (${percent(report.explained, report.total)})`,
    '',
  ];
  for (const { article, names, explained } of report.articles) {
    const missing = names.filter((item) => item.entryIds.length === 0).map((item) => item.name);
    lines.push(
      `${percent(explained, names.length).padStart(6)}  ${explained}/${names.length}  ${article.date}  ${article.outlet}: ${article.title}`,
    );
    if (missing.length > 0) lines.push(`        missing: ${missing.join('; ')}`);
  }
  lines.push('', 'By kind:');
  for (const [kind, counts] of Object.entries(report.byKind)) {
    if (counts.total > 0)
      lines.push(
        `  ${kind.padEnd(13)} ${counts.explained}/${counts.total} (${percent(counts.explained, counts.total)})`,
      );
  }
  return lines.join('\n');
}
