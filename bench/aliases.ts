/**
 * Alias sets for the benchmarks: the bundled pack's own terms, topped up
 * with generated names that look like a large Balkans glossary would: people
 * with diacritics, places, institutions and parties, acronyms, Cyrillic
 * spellings, and some names that news text really mentions (so a scan finds
 * matches and walks deep into the trie, as it does on real pages).
 *
 * Everything is deterministic (seeded), so runs compare.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { addEntryTerms, type Pack, type Term } from '../lib/model';

export const PACK_PATH = resolve(import.meta.dirname, '..', 'public', 'packs', 'western-balkans.json');

/** Deterministic pseudo-random numbers (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The pack's titles and aliases grouped the way the background's term index groups them. */
export function packTerms(): Term[] {
  const pack = JSON.parse(readFileSync(PACK_PATH, 'utf8')) as Pack;
  const byKey = new Map<string, Term>();
  for (const entry of pack.entries) addEntryTerms(byKey, entry);
  return [...byKey.values()];
}

const FIRST_NAMES = [
  'Aleksandar',
  'Ana',
  'Bojan',
  'Dragana',
  'Dušan',
  'Đorđe',
  'Emina',
  'Goran',
  'Ivana',
  'Jelena',
  'Jovan',
  'Katarina',
  'Ljubomir',
  'Marija',
  'Milica',
  'Miloš',
  'Nikola',
  'Nataša',
  'Predrag',
  'Ružica',
  'Slobodan',
  'Snežana',
  'Stefan',
  'Tijana',
  'Vesna',
  'Željko',
  'Zoran',
  'Arben',
  'Besnik',
  'Drita',
  'Fatmir',
  'Hashim',
  'Ilir',
  'Jeta',
  'Kujtim',
  'Lirije',
  'Mentor',
  'Shpresa',
  'Valon',
  'Vjosa',
  'Adnan',
  'Amra',
  'Edin',
  'Haris',
  'Lejla',
  'Mirsad',
  'Selma',
  'Zlatan',
  'Ante',
  'Ivo',
  'Kristina',
  'Tomislav',
  'Gjorgje',
  'Zaev',
  'Hristijan',
  'Blagoja',
  'Teuta',
  'Dritan',
  'Ermal',
  'Mimoza',
  'Andrej',
  'Tanja',
  'Nenad',
  'Vuk',
  'Mladen',
  'Radmila',
];
const SURNAME_ROOTS = [
  'Petr',
  'Jovan',
  'Nikol',
  'Marković',
  'Đur',
  'Stojan',
  'Popov',
  'Kovač',
  'Pavl',
  'Ilić',
  'Radov',
  'Vuč',
  'Milošev',
  'Tad',
  'Karadž',
  'Mladen',
  'Krasnić',
  'Hoxh',
  'Berish',
  'Gashi',
  'Krasniq',
  'Thaç',
  'Rugov',
  'Haradinaj',
  'Begić',
  'Hadžić',
  'Delić',
  'Šehović',
  'Babić',
  'Horvat',
  'Tomašev',
  'Zaharijev',
  'Trajkov',
  'Stevanov',
  'Lazar',
  'Ćosić',
  'Bošnjak',
  'Čolak',
  'Mehmed',
  'Dodik',
  'Izetbegov',
  'Xhaferi',
  'Osmani',
];
const SURNAME_ENDINGS = ['ić', 'ović', 'ević', 'ski', 'ska', 'aj', 'i', 'a', ''];
const PLACE_PREFIXES = ['Gornji', 'Donji', 'Novi', 'Stari', 'Veliki', 'Mali', 'Gornja', 'Donja', 'Nova', 'Srednje'];
const PLACE_ROOTS = [
  'Milan',
  'Brez',
  'Zvečan',
  'Lipljan',
  'Obil',
  'Drenic',
  'Kruš',
  'Tetov',
  'Struga',
  'Bitolj',
  'Kičev',
  'Zenič',
  'Tuzl',
  'Bijelj',
  'Trebinj',
  'Nikšić',
  'Pljevlj',
  'Prizren',
  'Peć',
  'Đakov',
  'Gnjilan',
  'Šabac',
  'Kraljev',
  'Čačak',
  'Užic',
  'Valjev',
  'Kumanov',
  'Ohrid',
  'Vlor',
  'Shkod',
  'Durrës',
  'Elbasan',
  'Korç',
];
const PLACE_ENDINGS = ['ovac', 'ica', 'evo', 'ište', 'ani', 'e', 'a', 'o', 'ac', 'jane'];
const INSTITUTION_HEADS = [
  'Ministry of',
  'Agency for',
  'Council for',
  'Office of',
  'Commission for',
  'Directorate of',
  'Institute for',
  'Fund for',
  'Assembly of',
  'Court of',
  'Chamber of',
  'Authority for',
  'Inspectorate of',
  'Union of',
];
const INSTITUTION_TOPICS = [
  'Regional Development',
  'Public Procurement',
  'Energy Regulation',
  'Minority Rights',
  'Returns and Communities',
  'Missing Persons',
  'Border Management',
  'European Integration',
  'Local Self-Government',
  'Anti-Corruption',
  'Privatisation',
  'Cultural Heritage',
  'War Crimes',
  'Property Claims',
  'Civil Aviation',
  'Water Management',
  'Statistics',
  'Veterans',
  'Dialogue',
  'Telecommunications',
];
const PARTY_ADJECTIVES = ['Democratic', 'Socialist', 'Social Democratic', 'Civic', 'National', 'Liberal', 'Green'];
const PARTY_NOUNS = ['Party', 'Alliance', 'Union', 'Movement', 'League', 'Initiative', 'Front', 'List'];

/** Latin to Serbian Cyrillic, letter for letter (digraphs first), for the Cyrillic share of the aliases. */
const TO_CYRILLIC: ReadonlyArray<readonly [string, string]> = [
  ['lj', 'љ'],
  ['nj', 'њ'],
  ['dž', 'џ'],
  ['a', 'а'],
  ['b', 'б'],
  ['c', 'ц'],
  ['č', 'ч'],
  ['ć', 'ћ'],
  ['d', 'д'],
  ['đ', 'ђ'],
  ['e', 'е'],
  ['f', 'ф'],
  ['g', 'г'],
  ['h', 'х'],
  ['i', 'и'],
  ['j', 'ј'],
  ['k', 'к'],
  ['l', 'л'],
  ['m', 'м'],
  ['n', 'н'],
  ['o', 'о'],
  ['p', 'п'],
  ['r', 'р'],
  ['s', 'с'],
  ['š', 'ш'],
  ['t', 'т'],
  ['u', 'у'],
  ['v', 'в'],
  ['z', 'з'],
  ['ž', 'ж'],
];

function toCyrillic(latin: string): string {
  let result = '';
  for (let index = 0; index < latin.length;) {
    const lower = latin.toLowerCase();
    const pair = TO_CYRILLIC.find(([from]) => lower.startsWith(from, index));
    if (!pair) {
      result += latin[index];
      index++;
      continue;
    }
    const upper = latin[index] !== lower[index];
    result += upper ? pair[1].toUpperCase() : pair[1];
    index += pair[0].length;
  }
  return result;
}

/** Capitalised runs of one to three words in the text ("New Zealand", "Mozilla Corporation"). */
function namesMentionedIn(text: string): string[] {
  const names = new Set<string>();
  for (const match of text.matchAll(/\b\p{Lu}\p{Ll}+(?: \p{Lu}\p{Ll}+){0,2}\b/gu)) names.add(match[0]);
  return [...names];
}

/**
 * `count` distinct generated aliases. The same seed gives the same sequence,
 * so a smaller set is a prefix of a larger one.
 */
export function generatedTerms(count: number, newsText: string, seed = 2026): Term[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const mentioned = namesMentionedIn(newsText);
  const surname = () => pick(SURNAME_ROOTS) + pick(SURNAME_ENDINGS);
  const person = () => `${pick(FIRST_NAMES)} ${surname()}`;
  const place = () => {
    const name = pick(PLACE_ROOTS) + pick(PLACE_ENDINGS);
    return random() < 0.5 ? `${pick(PLACE_PREFIXES)} ${name}` : name;
  };
  const acronym = () => {
    const letters = 'ABCDEFGHIJKLMNOPRSTUVZ';
    let text = '';
    const length = 3 + Math.floor(random() * 3);
    for (let k = 0; k < length; k++) text += pick([...letters]);
    return text;
  };
  const makers: Array<[number, () => string]> = [
    [0.34, person],
    [0.16, place],
    [0.12, () => `${pick(INSTITUTION_HEADS)} ${pick(INSTITUTION_TOPICS)} of ${place()}`],
    [0.08, () => `${pick(PARTY_ADJECTIVES)} ${pick(PARTY_NOUNS)} of ${place()}`],
    [0.12, acronym],
    [0.12, () => toCyrillic(random() < 0.7 ? person() : place())],
    [0.06, () => pick(mentioned)],
  ];
  const seen = new Set<string>();
  const terms: Term[] = [];
  // Bounded, so a tiny corpus (few distinct mentioned names) cannot loop for ever.
  for (let attempt = 0; terms.length < count && attempt < count * 20; attempt++) {
    let roll = random();
    const maker = makers.find(([share]) => (roll -= share) < 0)?.[1] ?? person;
    const text = maker();
    if (seen.has(text)) continue;
    seen.add(text);
    terms.push({ text, case: 'auto', entryIds: [`generated-${terms.length}`] });
  }
  return terms;
}

/** `count` terms: the pack's own first, then generated ones. */
export function benchmarkTerms(count: number, newsText: string): Term[] {
  const real = packTerms();
  if (count <= real.length) return real.slice(0, count);
  const known = new Set(real.map((term) => term.text));
  const extra = generatedTerms(count - real.length + 200, newsText).filter((term) => !known.has(term.text));
  return [...real, ...extra.slice(0, count - real.length)];
}
