/**
 * Freshness of the people in the bundled Western Balkans pack. Offices end
 * (resignations, lost votes, mandates taken away) while a summary written a
 * year earlier keeps saying "is prime minister". Two rules keep that from
 * reaching a reader:
 * - an event that ends an office names it in `endsOffices`, and the person's
 *   summary must then give the year it ended next to the office;
 * - no person's summary states an office in the bare present tense
 *   ("is president"), which goes stale silently: offices carry their years.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { EndedOffice, Pack, PackEntry } from '@/lib/model';
import { validatePack } from '@/lib/packs/validate';

const raw = JSON.parse(readFileSync(resolve(import.meta.dirname, '../public/packs/western-balkans.json'), 'utf8'));
const validation = validatePack(raw);
if (!validation.ok) throw new Error('the bundled pack is invalid; see tests/bundled-pack.test.ts');
const pack: Pack = validation.pack;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Why `summary` does not show `office` as ended in `endYear`, or null when it
 * does. Each mention of the office is read up to the end of its clause (the
 * next full stop or semicolon), where the ending year must appear: "president
 * (2010–2018 and 2022–2025)" and "prime minister from May 2024 until he
 * resigned in January 2025" pass, "president from 2022" does not.
 */
function staleOfficeProblem(summary: string, office: string, endYear: string): string | null {
  const mention = new RegExp(`\\b${escapeRegExp(office)}\\b`, 'gi');
  const clauses = [...summary.matchAll(mention)].map((match) => summary.slice(match.index).split(/[.;](?:\s|$)/)[0]!);
  if (clauses.length === 0) return `never names the office "${office}"`;
  const year = new RegExp(`\\b${endYear}\\b`);
  if (!clauses.some((clause) => year.test(clause)))
    return `does not say next to "${office}" that it ended in ${endYear}`;
  return null;
}

const OFFICE_WORDS =
  '(?:[Pp]resident|[Pp]rime [Mm]inister|[Mm]inister|[Mm]ayor|[Ss]peaker|[Ll]eader|[Hh]ead|[Cc]hair(?:man|woman)?|[Cc]ommander|[Aa]mbassador|[Ee]nvoy|[Ss]ecretary|[Rr]epresentative|[Pp]rosecutor|[Gg]overnor)';

/**
 * A present-tense statement of an office: "is the president of …", "remains
 * prime minister", "currently Speaker". Capitalised words between the verb and
 * the office ("is Serbia's Foreign Minister") are allowed for; "is not the
 * former prime minister" is not a claim of office.
 */
const PRESENT_TENSE_OFFICE = new RegExp(
  `\\b(?:is|remains|currently)\\s+(?:also\\s+)?(?:the\\s+|its\\s+|a\\s+|an\\s+)?(?:current\\s+)?(?:[A-Z][\\w'’-]*\\s+)*${OFFICE_WORDS}\\b`,
  'g',
);

function presentTenseOffices(summary: string): string[] {
  return summary.match(PRESENT_TENSE_OFFICE) ?? [];
}

const entriesById = new Map<string, PackEntry>(pack.entries.map((entry) => [entry.id, entry]));
const endedOffices: Array<{ eventId: string; date: string; ended: EndedOffice }> = pack.events.flatMap((event) =>
  (event.endsOffices ?? []).map((ended) => ({ eventId: event.id, date: event.date, ended })),
);

describe('freshness of people in the Western Balkans pack', () => {
  test('events record the offices they end', () => {
    expect(endedOffices.length).toBeGreaterThanOrEqual(10);
  });

  test('a person whose office an event ended has that end year next to the office in the summary', () => {
    const problems = endedOffices.flatMap(({ eventId, date, ended }) => {
      const person = entriesById.get(ended.person);
      if (person?.type !== 'person') return [`${eventId}: ${ended.person} is not a person entry`];
      const problem = staleOfficeProblem(person.summary, ended.office, date.slice(0, 4));
      return problem ? [`${ended.person} (ended by ${eventId}): the summary ${problem}`] : [];
    });
    expect(problems).toEqual([]);
  });

  test('no person summary states an office in the bare present tense', () => {
    const problems = pack.entries
      .filter((entry) => entry.type === 'person')
      .flatMap((entry) => presentTenseOffices(entry.summary).map((claim) => `${entry.id}: "${claim}"`));
    expect(problems).toEqual([]);
  });

  test('the checks catch stale wording and accept dated wording', () => {
    const stale = 'He was its prime minister (1998–2001) and its president (2010–2018 and again from 2022).';
    expect(staleOfficeProblem(stale, 'president', '2025')).toMatch(/ended in 2025/);
    expect(
      staleOfficeProblem('He was prime minister from 2024. He resigned in 2025.', 'prime minister', '2025'),
    ).not.toBeNull();
    expect(staleOfficeProblem('He was minister.', 'president', '2025')).toMatch(/never names/);
    expect(staleOfficeProblem('its president (2010–2018 and 2022–2025)', 'president', '2025')).toBeNull();
    expect(
      staleOfficeProblem('prime minister from May 2024 until he resigned in January 2025', 'prime minister', '2025'),
    ).toBeNull();
    expect(presentTenseOffices('She is the Speaker of the National Assembly.')).toHaveLength(1);
    expect(presentTenseOffices("He is Serbia's Foreign Minister and remains SNS leader.")).toHaveLength(2);
    expect(presentTenseOffices('He is not the former prime minister of Kosovo.')).toEqual([]);
    expect(presentTenseOffices('Prime minister of Kosovo 2020 and since 2021.')).toEqual([]);
  });
});
