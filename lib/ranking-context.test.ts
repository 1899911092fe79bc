import { describe, expect, test } from 'vitest';
import { findCue, findYearCue, meaningFacts, type MeaningFacts, wordsAround, yearsIn } from './ranking-context';

const facts: Record<string, MeaningFacts> = {
  ohrid: { kind: 'place', title: 'ohrid' },
  'ohrid-framework-agreement': { kind: 'agreement', period: [2001, 2001], words: ['framework'] },
  'ohrid-agreement-2023': { kind: 'agreement', period: [2023, 2024] },
};
const ohrid = Object.keys(facts);

function cueIn(text: string, name = 'Ohrid') {
  const start = text.indexOf(name);
  return findCue(ohrid, wordsAround(text, start, start + name.length), facts);
}

describe('cue words next to a mention', () => {
  test('a kind word or a place preposition points at the meanings of that kind, the nearest word first', () => {
    expect(cueIn('held in the North Macedonian town of Ohrid on Saturday')).toEqual({ word: 'town', ids: ['ohrid'] });
    expect(cueIn('fish from Lake Ohrid')).toEqual({ word: 'lake', ids: ['ohrid'] });
    expect(cueIn('the agreement was reached in Ohrid')).toEqual({ word: 'in', ids: ['ohrid'] });
    expect(cueIn('the implementation of Ohrid stalled')?.ids).toEqual([
      'ohrid-framework-agreement',
      'ohrid-agreement-2023',
    ]);
    expect(cueIn('the Ohrid meeting')).toEqual({ word: 'meeting', ids: ['ohrid'] });
  });

  test('a town is not the region named after it', () => {
    const presevo: Record<string, MeaningFacts> = {
      presevo: { kind: 'place' },
      'presevo-valley': { kind: 'area', words: ['valley'] },
    };
    const cue = (text: string) =>
      findCue(Object.keys(presevo), wordsAround(text, text.indexOf('Presevo'), text.indexOf('Presevo') + 7), presevo);
    expect(cue('The town of Presevo, at the southern end')?.ids).toEqual(['presevo']);
    expect(cue('Albanians of the region of Presevo')?.ids).toEqual(['presevo-valley']);
    expect(cue('Albanians in Presevo and Bujanovac')).toBeUndefined();
  });

  test("a meaning's own word beats its kind; a preposition counts only right before the name", () => {
    expect(cueIn('the framework signed at Ohrid', 'Ohrid')?.word).toBe('at');
    expect(cueIn('signed the framework, the Ohrid one')?.ids).toEqual(['ohrid-framework-agreement']);
    expect(cueIn('Ohrid in 2001 was quiet')).toBeUndefined();
  });
});

describe('years near a mention', () => {
  test('are read as written, not from dates or numbers', () => {
    expect(yearsIn('signed on 13 August 2001, annexed in 2023; 12,2001 and 1/2001 are not years')).toEqual([
      2001, 2023,
    ]);
  });

  test('the first year that some meanings cover and others do not decides', () => {
    expect(findYearCue(ohrid, [2010, 2023, 2001], facts)).toEqual({ year: 2023, ids: ['ohrid-agreement-2023'] });
    expect(findYearCue(ohrid, [2010], facts)).toBeUndefined();
  });
});

describe('meaningFacts', () => {
  const terms = [
    { text: 'Ohrid', entryIds: ['ohrid', 'ohrid-framework-agreement', 'ohrid-agreement-2023'] },
    { text: 'Ohrid Agreement', entryIds: ['ohrid-framework-agreement', 'ohrid-agreement-2023'] },
    { text: 'Ohrid Framework Agreement (2001)', entryIds: ['ohrid-framework-agreement'] },
    { text: 'Agreement on the Path to Normalisation between Kosovo and Serbia', entryIds: ['ohrid-agreement-2023'] },
    { text: 'Lake Ohrid', entryIds: ['ohrid'] },
  ];
  const entries = {
    ohrid: { type: 'place', title: 'Ohrid', eventYears: [2023] },
    'ohrid-framework-agreement': { type: 'agreement', eventYears: [2001, 2004] },
    'ohrid-agreement-2023': { type: 'agreement', eventYears: [2023] },
  };
  const computed = meaningFacts(terms, entries, new Set(ohrid));

  test('own words come from short names built on the shared one; long titles and shared words do not count', () => {
    expect(computed.ohrid!.words).toEqual(['lake']);
    expect(computed['ohrid-framework-agreement']!.words).toEqual(['framework']);
    expect(computed['ohrid-agreement-2023']!.words).toBeUndefined();
  });

  test("a meaning's title gives own words even when its shared name is an abbreviation", () => {
    const rs = meaningFacts(
      [{ text: 'RS', entryIds: ['republika-srpska', 'serbia'] }],
      {
        'republika-srpska': { type: 'place', title: 'Republika Srpska', eventYears: [] },
        serbia: { type: 'place', title: 'Serbia', eventYears: [] },
      },
      new Set(['republika-srpska', 'serbia']),
    );
    expect(rs['republika-srpska']!.words).toEqual(['republika', 'srpska']);
    expect(rs.serbia!.words).toEqual(['serbia']);
  });

  test('periods span events and the years in names; places have none', () => {
    expect(computed['ohrid-framework-agreement']!.period).toEqual([2001, 2004]);
    expect(computed.ohrid).toEqual({ kind: 'place', words: ['lake'], title: 'ohrid' });
  });
});
