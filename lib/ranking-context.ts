/**
 * What the words and years around a mention say about its meaning, beside
 * the names spotted on the page (lib/ranking.ts): "lake" or "the town of"
 * before "Ohrid" names the place, "signed" or "implementation of" an
 * agreement, "Dayton, Ohio" the city; "2001" in the sentence names the
 * agreement of that year. Each meaning carries a few facts computed once in
 * the background (meaningFacts) and sent with the page term index: its
 * kind, its period, the words of its names and how usual it is.
 */

/** What kind of thing a meaning is, as far as the words around a name can tell; an area is a place that is a region. */
export type MeaningKind = 'place' | 'area' | 'agreement' | 'event' | 'person' | 'body';

export interface MeaningFacts {
  kind: MeaningKind;
  /** The first and last year of its events and of the years in its names; only for agreements and events (DATED_KINDS). */
  period?: readonly [number, number];
  /** Words of its title and short names that the other meanings' names do not share ("framework", "valley", "ohio"), folded. */
  words?: readonly string[];
  /** Its title, folded: the usual meaning of a name is the entry called just that ("Ohrid" the town). */
  title?: string;
}

/** The entry types of the pack, as meaning kinds (the rest are bodies: parties, missions, institutions). */
const KIND_OF_TYPE: Readonly<Record<string, MeaningKind>> = {
  place: 'place',
  agreement: 'agreement',
  event: 'event',
  person: 'person',
};

/** A place whose title says it is a region ("Preševo Valley", "Macedonia (region)"): "the town of" is not it. */
const AREA_TITLE = /\b(?:valley|region|basin|plain|province)\b/i;

export function meaningKind(entryType: string, title = ''): MeaningKind {
  const kind = KIND_OF_TYPE[entryType] ?? 'body';
  return kind === 'place' && AREA_TITLE.test(title) ? 'area' : kind;
}

/**
 * Words that say which kind of thing a name next to them is ("the town of
 * Ohrid", "Ohrid meeting", "implementation of Ohrid", "Srebrenica
 * genocide"). A meeting or summit named after a town is held in the town:
 * the place.
 */
const KIND_WORDS: Readonly<Record<string, MeaningKind>> = Object.fromEntries(
  (
    [
      [
        'place',
        'lake lakeside lakes town towns city cities village villages municipality municipalities river ' +
          'shore shores mountain mountains resort hotel hotels beach beaches tourist tourists visitors visit visited ' +
          'residents resident mayor streets downtown meeting summit border',
      ],
      ['area', 'region regions valley area province'],
      [
        'agreement',
        'agreement agreements accord accords deal deals treaty treaties annex signed signing signatory signatories ' +
          'implementation implement implemented implementing framework pact provisions clause negotiated ratified',
      ],
      [
        'event',
        'attack attacks attackers terrorist terror massacre genocide killings clashes siege fall anniversary commemoration ' +
          'commemorations victims survivors memorial gunmen',
      ],
      ['person', 'president mr mrs ms dr brother sister son daughter father mother wife husband cousin uncle nephew'],
    ] as const
  ).flatMap(([kind, words]) => words.split(' ').map((word) => [word, kind])),
);

/** A preposition of place right before the name: "held in Ohrid", "talks at Dayton". */
const PLACE_PREPOSITIONS = new Set(['in', 'at', 'near', 'from', 'outside', 'around']);

/** Words passed over when looking for a cue: "the town of Ohrid", "a Prespa". */
const FILLER_WORDS = new Set(['the', 'of', 'a', 'an', 'this', 'that', 'its', 'their', 'northern', 'southern']);

/** A word folded as the cue lexicon and the meanings' words are: lower case, no diacritics, no possessive. */
export function foldWord(word: string): string {
  return word
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’]s$/, '');
}

/** The words of a text, folded, in order. */
export function foldedWords(text: string): string[] {
  return (text.match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu) ?? []).map(foldWord);
}

/** The words just before and just after a mention, folded and nearest first. */
export interface WordsAround {
  before: readonly string[];
  after: readonly string[];
}

/**
 * How many words before the mention may hold a cue: "the North Macedonian
 * town of Ohrid" reaches "town". After it only the next word does ("Ohrid
 * meeting", "Dayton, Ohio"): further on, words already speak of the rest of
 * the sentence ("to Srebrenica to commemorate the victims").
 */
const CUE_REACH = 4;
const CUE_REACH_AFTER = 1;

export function wordsAround(text: string, start: number, end: number): WordsAround {
  // Cues stay inside the mention's clause: "the meeting in Ohrid: Annex on…" says nothing of Ohrid by
  // "Annex". A comma may stand between ("Dayton, Ohio"), and an opening bracket ("Republika Srpska (RS)").
  const before = text.slice(Math.max(0, start - 60), start).split(/[.;:!?]\s/);
  const after = text.slice(end, end + 40).split(/[.;:!?()"“”—–]/);
  return {
    before: foldedWords(before[before.length - 1] ?? '')
      .reverse()
      .slice(0, CUE_REACH),
    after: foldedWords(after[0] ?? '').slice(0, CUE_REACH_AFTER),
  };
}

export interface Cue {
  word: string;
  /** The candidates the word points at: some of them, never all. */
  ids: readonly string[];
}

/**
 * The first word around the mention, nearest first (the word right after,
 * the word right before, then further back), that points at some of the candidates but not
 * all: a word of one meaning's own names, or a kind word. A preposition of
 * place counts only right before the name ("in Ohrid", not "Ohrid in 2001").
 */
export function findCue(
  candidates: readonly string[],
  around: WordsAround,
  facts: Readonly<Record<string, MeaningFacts>>,
): Cue | undefined {
  const factsOf = (id: string) => (Object.hasOwn(facts, id) ? facts[id] : undefined);
  const pointedAt = (word: string, rightBefore: boolean): string[] => {
    const own = candidates.filter((id) => factsOf(id)?.words?.includes(word));
    if (own.length > 0) return own;
    const kinds: readonly MeaningKind[] =
      rightBefore && PLACE_PREPOSITIONS.has(word) ? ['place', 'area'] : KIND_WORDS[word] ? [KIND_WORDS[word]] : [];
    return candidates.filter((id) => kinds.includes(factsOf(id)?.kind ?? 'body') && kinds.length > 0);
  };
  // The word right after first: a noun there heads the name ("Banjska attack", "Ohrid meeting") and
  // outweighs a preposition before it ("in Banjska attack case").
  const after = around.after.filter((word) => !FILLER_WORDS.has(word)).slice(0, 1);
  const before = around.before.filter((word) => !FILLER_WORDS.has(word));
  const words = [
    ...after.map((word) => ({ word, rightBefore: false })),
    ...before.map((word, i) => ({ word, rightBefore: i === 0 })),
  ];
  for (const { word, rightBefore } of words) {
    const ids = pointedAt(word, rightBefore);
    if (ids.length > 0 && ids.length < candidates.length) return { word, ids };
  }
  return undefined;
}

/** The years written in a text (1900–2099), in order. */
export function yearsIn(text: string): number[] {
  return (text.match(/(?<![\d.,/-])(?:19|20)\d\d(?![\d.,/-]\d)/g) ?? []).map(Number);
}

/** Whether `year` falls in the meaning's period. */
export function inPeriod(facts: MeaningFacts | undefined, year: number): boolean {
  return !!facts?.period && facts.period[0] <= year && year <= facts.period[1];
}

/**
 * The first year in `years` that falls in the period of some candidates but
 * not all, with those candidates: "signed in 2001" names the 2001 agreement.
 */
export function findYearCue(
  candidates: readonly string[],
  years: readonly number[],
  facts: Readonly<Record<string, MeaningFacts>>,
): { year: number; ids: string[] } | undefined {
  for (const year of years) {
    const ids = candidates.filter((id) => inPeriod(Object.hasOwn(facts, id) ? facts[id] : undefined, year));
    if (ids.length > 0 && ids.length < candidates.length) return { year, ids };
  }
  return undefined;
}

/** Words of names that are no cue: "Office of the High Representative" is not cued by "the". */
const NAME_FILLER = new Set(['the', 'of', 'and', 'for', 'on', 'in', 'to', 'a', 'an', 'between']);

/**
 * The kinds whose period the pack's events and names give well: an
 * agreement or an event happens at a time. A place has no period; a
 * person's or a body's events are a few moments of a long life (an EU High
 * Representative entry with events from 2009 to 2011 is not out of its
 * time in 2023), so a year near their name says nothing against them.
 */
const DATED_KINDS: ReadonlySet<MeaningKind> = new Set(['agreement', 'event']);

/** What the background knows of each entry, for meaningFacts. */
export interface EntryFacts {
  type: string;
  title?: string;
  /** Years of the entry's dated events. */
  eventYears: number[];
}

/**
 * The facts of the given entries (the ones that can be candidates of one
 * mention), from the term index: their names (the terms that name them),
 * and their events. A meaning's own words are the words of its
 * names that no other entry sharing one of its names uses ("framework" for
 * the Ohrid Framework Agreement, "north" for North Mitrovica).
 */
export function meaningFacts(
  terms: readonly { text: string; entryIds: readonly string[] }[],
  entries: Readonly<Record<string, EntryFacts>>,
  ids: ReadonlySet<string>,
): Record<string, MeaningFacts> {
  const namesOf = new Map<string, string[]>();
  const shared = new Map<string, { names: Set<string>; sharers: Set<string> }>();
  for (const term of terms) {
    const wanted = term.entryIds.filter((id) => ids.has(id));
    for (const id of wanted) {
      namesOf.set(id, [...(namesOf.get(id) ?? []), term.text]);
      const sharing = shared.get(id) ?? { names: new Set<string>(), sharers: new Set<string>() };
      for (const other of term.entryIds) if (other !== id) sharing.sharers.add(other);
      if (term.entryIds.length > 1) for (const word of foldedWords(term.text)) sharing.names.add(word);
      shared.set(id, sharing);
    }
  }
  // A name's words, without the small words that tell nothing ("of", "and", "the").
  const wordsOfName = (name: string) => foldedWords(name).filter((word) => !NAME_FILLER.has(word));
  const allWordsOf = (id: string) => (namesOf.get(id) ?? []).flatMap(wordsOfName);
  const facts: Record<string, MeaningFacts> = {};
  for (const id of ids) {
    const entry = Object.hasOwn(entries, id) ? entries[id] : undefined;
    if (!entry) continue;
    const kind = meaningKind(entry.type, entry.title);
    const { names: sharedName, sharers } = shared.get(id) ?? { names: new Set<string>(), sharers: new Set<string>() };
    const othersWords = new Set([...sharers].flatMap(allWordsOf));
    // Own words come from its title ("Republika Srpska" for "RS") and its short names built on the
    // shared one ("Lake Prespa", "North Mitrovica", "Dayton, Ohio"): a long official alias ("Agreement
    // on the Path to Normalisation between Kosovo and Serbia") is made of words news writes about anything.
    const words = new Set(
      (namesOf.get(id) ?? [])
        .map(wordsOfName)
        .filter((words) => words.length <= 4 && words.some((word) => sharedName.has(word)))
        .flat()
        .concat(wordsOfName(entry.title ?? ''))
        .filter((word) => !othersWords.has(word) && !/^\d+$/.test(word)),
    );
    const years = [...entry.eventYears, ...(namesOf.get(id) ?? []).flatMap(yearsIn)];
    facts[id] = {
      kind,
      ...(DATED_KINDS.has(kind) && years.length > 0
        ? { period: [Math.min(...years), Math.max(...years)] as const }
        : {}),
      ...(words.size > 0 ? { words: [...words] } : {}),
      ...(entry.title ? { title: foldedWords(entry.title).join(' ') } : {}),
    };
  }
  return facts;
}
