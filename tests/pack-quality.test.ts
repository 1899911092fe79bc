/**
 * Checks on the content of the bundled Western Balkans pack beyond its
 * schema: coverage, sources, references, intended alias sharing, and that it
 * spots what a reader of Kosovo–Serbia news meets.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { compileMatcher } from '@/lib/matcher';
import { aliasText, type Pack } from '@/lib/model';
import { validatePack } from '@/lib/packs/validate';

const raw = JSON.parse(readFileSync(resolve(import.meta.dirname, '../public/packs/western-balkans.json'), 'utf8'));
const validation = validatePack(raw);
if (!validation.ok) throw new Error('the bundled pack is invalid; see tests/bundled-pack.test.ts');
const pack: Pack = validation.pack;

/**
 * Aliases that deliberately name several entries. The card shows every
 * candidate, ranked by the page's other entries. Any other collision is a
 * mistake in the pack.
 */
const DECLARED_SHARED_ALIASES: Record<string, string[]> = {
  ohrid: ['ohrid', 'ohrid-agreement-2023', 'ohrid-framework-agreement'],
  'ohrid agreement': ['ohrid-agreement-2023', 'ohrid-framework-agreement'],
  'brussels agreement': ['brussels-agreement-2013', 'ohrid-agreement-2023'],
  // Short forms the news uses for a place and for what happened or was signed there.
  banjska: ['banjska', 'banjska-attack-2023'],
  dayton: ['dayton-agreement', 'dayton-ohio'],
  kumanovo: ['kumanovo', 'kumanovo-agreement'],
  macedonia: ['macedonia-greece', 'macedonia-region', 'north-macedonia'],
  mitrovica: ['mitrovica', 'north-mitrovica', 'south-mitrovica'],
  presevo: ['presevo', 'presevo-valley'],
  preševo: ['presevo', 'presevo-valley'],
  prespa: ['lake-prespa', 'prespa-agreement'],
  // Republika Srpska in Bosnian news, the Republic of Serbia (Republika Srbija) in Serbian official texts;
  // an acronym in capitals matches only in capitals, so "Rs" and "rs" stay plain text.
  rs: ['republika-srpska', 'serbia'],
  rambouillet: ['rambouillet', 'rambouillet-agreement'],
  sandzak: ['sandzak', 'sanjak-of-novi-pazar'],
  sandžak: ['sandzak', 'sanjak-of-novi-pazar'],
  sanjak: ['sandzak', 'sanjak-of-novi-pazar'],
  санџак: ['sandzak', 'sanjak-of-novi-pazar'],
  srebrenica: ['srebrenica', 'srebrenica-massacre'],
  'washington agreement': ['washington-agreement-1994', 'washington-agreement-2020'],
  // Bare surnames that name a politician and a relative or namesake in the news; the page's
  // other names (the first name, a party, the court) decide which one the card offers first.
  dodik: ['igor-dodik', 'milorad-dodik'],
  додик: ['igor-dodik', 'milorad-dodik'],
  djukanovic: ['aco-djukanovic', 'milo-djukanovic'],
  đukanović: ['aco-djukanovic', 'milo-djukanovic'],
  izetbegovic: ['alija-izetbegovic', 'bakir-izetbegovic'],
  izetbegović: ['alija-izetbegovic', 'bakir-izetbegovic'],
  karadzic: ['radovan-karadzic', 'vuk-karadzic'],
  karadžić: ['radovan-karadzic', 'vuk-karadzic'],
  mladic: ['darko-mladic', 'ratko-mladic'],
  mladić: ['darko-mladic', 'ratko-mladic'],
  tadic: ['boris-tadic', 'dusko-tadic'],
  tadić: ['boris-tadic', 'dusko-tadic'],
  tači: ['hashim-thaci', 'menduh-thaci'],
  thaci: ['hashim-thaci', 'menduh-thaci'],
  thaçi: ['hashim-thaci', 'menduh-thaci'],
  vucic: ['aleksandar-vucic', 'andrej-vucic'],
  vučić: ['aleksandar-vucic', 'andrej-vucic'],
  вучић: ['aleksandar-vucic', 'andrej-vucic'],
  // Generic names of parties and bodies that several Western Balkan states have.
  cec: ['central-election-commission-albania', 'central-election-commission-bih', 'central-election-commission-kosovo'],
  'central election commission': [
    'central-election-commission-albania',
    'central-election-commission-bih',
    'central-election-commission-kosovo',
  ],
  'democratic front': ['democratic-front-bih', 'democratic-front-montenegro'],
  df: ['democratic-front-bih', 'democratic-front-montenegro'],
  'high representative': ['eu-high-representative', 'office-of-the-high-representative'],
  // Kosovo Serb Nenad Rašić's party and Serbia's SSP, both translated so in the news.
  'party for freedom and justice': ['for-freedom-justice-and-survival', 'party-of-freedom-and-justice'],
  sdp: ['sdp-bih', 'sdp-croatia', 'sdp-montenegro'],
  // The Kosovo Specialist Chambers and Albania's anti-corruption court, both "the Special Court" locally.
  'special court': ['kosovo-specialist-chambers', 'special-court-against-corruption-albania'],
};

/**
 * Names so common in other countries' news that, as aliases, they would underline every article
 * about US, British or French politics with a Balkan card. The country-qualified forms and the
 * local acronyms (PD, DS, SPS) carry these meanings instead.
 */
const NAMES_TOO_GENERIC_TO_SPOT = [
  'democratic party',
  'republican party',
  'socialist party',
  'labour party',
  'house of representatives',
  'senate',
  'parliament',
  'government',
  'supreme court',
  'constitutional court',
  'prime minister',
  'president',
  // "Izvor" (source) heads the credit line of nearly every Serbian, Bosnian and Croatian news item; as an
  // alias, the Izvor crossing used in the Banjska attack would underline them all.
  'izvor',
];

function visibleText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&[a-z]+;/g, ' ');
}

describe('the Western Balkans pack content', () => {
  test('has at least 250 entries and 200 dated events', () => {
    expect(pack.entries.length).toBeGreaterThanOrEqual(250);
    expect(pack.events.length).toBeGreaterThanOrEqual(200);
  });

  test('covers every kind of entry', () => {
    const types = new Set(pack.entries.map((entry) => entry.type));
    for (const type of ['person', 'organisation', 'mission', 'agreement', 'place', 'institution', 'party', 'concept']) {
      expect(types, type).toContain(type);
    }
  });

  test('every entry and event has an http(s) source and a checked date', () => {
    for (const item of [...pack.entries, ...pack.events]) {
      expect(item.source.url, item.id).toMatch(/^https?:\/\/[^/]+\.[a-z]{2,}/);
      expect(item.checked, item.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  test('only the declared aliases are shared between entries', () => {
    const owners = new Map<string, Set<string>>();
    for (const entry of pack.entries) {
      for (const alias of [entry.title, ...entry.aliases]) {
        const key = aliasText(alias).toLowerCase();
        let set = owners.get(key);
        if (!set) owners.set(key, (set = new Set()));
        set.add(entry.id);
      }
    }
    const shared = Object.fromEntries(
      [...owners].filter(([, ids]) => ids.size > 1).map(([alias, ids]) => [alias, [...ids].sort()]),
    );
    expect(shared).toEqual(DECLARED_SHARED_ALIASES);
  });

  test('no alias is a name that every country’s news uses', () => {
    const generic = pack.entries.flatMap((entry) =>
      [entry.title, ...entry.aliases]
        .map((alias) => aliasText(alias).toLowerCase())
        .filter((text) => NAMES_TOO_GENERIC_TO_SPOT.includes(text))
        .map((text) => `${entry.id}: ${text}`),
    );
    expect(generic).toEqual([]);
  });

  test('every entry is connected: it has a relation or appears in an event', () => {
    const inEvents = new Set(pack.events.flatMap((event) => event.entries));
    const related = new Set(pack.entries.flatMap((entry) => entry.related.map((relation) => relation.id)));
    const isolated = pack.entries
      .filter((entry) => entry.related.length === 0 && !inEvents.has(entry.id) && !related.has(entry.id))
      .map((entry) => entry.id);
    expect(isolated).toEqual([]);
  });

  test('an article about current Kosovo–Serbia news has at least 25 distinct entries spotted', () => {
    const html = readFileSync(resolve(import.meta.dirname, '../e2e/fixtures/kosovo-serbia-news.html'), 'utf8');
    const terms = pack.entries.flatMap((entry) =>
      [entry.title, ...entry.aliases].map((alias) => ({
        text: aliasText(alias),
        case: typeof alias === 'string' ? ('auto' as const) : (alias.case ?? ('auto' as const)),
        entryIds: [entry.id],
      })),
    );
    const found = new Set(
      compileMatcher(terms)
        .find(visibleText(html))
        .flatMap((match) => match.entryIds),
    );
    for (const id of [
      'albin-kurti',
      'aleksandar-vucic',
      'association-of-serb-majority-municipalities',
      'kfor',
      'banjska',
    ]) {
      expect(found, id).toContain(id);
    }
    expect(found.size).toBeGreaterThanOrEqual(25);
  });
});
