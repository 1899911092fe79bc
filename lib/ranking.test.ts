import { describe, expect, test } from 'vitest';
import { earliestYears, explainRanking, linkSpecificity, rankCandidates, specificityFor } from './ranking';

const links = {
  ohrid: ['north-macedonia', 'lake-ohrid'],
  'ohrid-framework-agreement': ['north-macedonia', 'nato', 'ohrid-agreement-2023'],
  'ohrid-agreement-2023': ['albin-kurti', 'aleksandar-vucic', 'miroslav-lajcak', 'ohrid-framework-agreement'],
};
const candidates = ['ohrid', 'ohrid-framework-agreement', 'ohrid-agreement-2023'];

describe('rankCandidates', () => {
  test('a Kosovo–Serbia article puts the 2023 agreement first', () => {
    const page = new Set(['albin-kurti', 'aleksandar-vucic', 'kfor', ...candidates]);
    expect(rankCandidates(candidates, links, page)[0]).toBe('ohrid-agreement-2023');
  });

  test('a travel article about North Macedonia puts the city first', () => {
    const page = new Set(['north-macedonia', 'lake-ohrid', ...candidates]);
    expect(rankCandidates(candidates, links, page)).toEqual(candidates);
  });

  test('no context keeps the pack order, and the other candidates do not count as context', () => {
    expect(rankCandidates(candidates, links, new Set(candidates))).toEqual(candidates);
  });

  test('an entry id that is also an Object.prototype name ranks like any other', () => {
    expect(rankCandidates(['constructor', 'ohrid'], links, new Set(['north-macedonia']))).toEqual([
      'ohrid',
      'constructor',
    ]);
  });
});

describe('ranking weighted by how specific each neighbour is', () => {
  // The shape of the real pack: NATO, the EU and North Macedonia are linked to
  // many entries; the Belgrade–Pristina dialogue to few.
  const hubs = ['nato', 'eu', 'north-macedonia'];
  const graph = {
    ohrid: ['north-macedonia', 'lake-ohrid'],
    'ohrid-framework-agreement': [...hubs, 'ohrid-agreement-2023'],
    'ohrid-agreement-2023': ['belgrade-pristina-dialogue', 'eu', 'ohrid-framework-agreement'],
    'brussels-agreement': ['belgrade-pristina-dialogue', 'eu', 'nato'],
    kfor: ['nato', 'eu'],
    bosnia: ['nato', 'eu', 'north-macedonia'],
    albania: ['nato', 'eu', 'north-macedonia'],
    serbia: ['eu', 'north-macedonia'],
    'lake-ohrid': ['north-macedonia'],
  };
  const specificity = linkSpecificity(graph);

  test('a hub counts less than a specific link, and an entry linked once counts fully', () => {
    expect(specificity['nato']).toBeLessThan(specificity['belgrade-pristina-dialogue']!);
    expect(specificity['lake-ohrid']).toBeUndefined();
  });

  test('the seed article: one specific link outvotes three hubs from a related-posts sidebar', () => {
    const page = new Set(['belgrade-pristina-dialogue', ...hubs, ...candidates]);
    // Counting links alone gets it wrong, which is the bug of issue 14.
    expect(rankCandidates(candidates, graph, page)[0]).toBe('ohrid-framework-agreement');
    const ranked = explainRanking(candidates, graph, page, specificity);
    expect(ranked[0]).toMatchObject({ id: 'ohrid-agreement-2023', because: ['belgrade-pristina-dialogue', 'eu'] });
  });

  test('a 2001 article with only hubs on the page still opens on the Framework Agreement', () => {
    const page = new Set([...hubs, ...candidates]);
    expect(rankCandidates(candidates, graph, page, specificity)[0]).toBe('ohrid-framework-agreement');
  });

  test('the page keeps only the weights of the neighbours it can read', () => {
    const pageLinks = { 'ohrid-agreement-2023': graph['ohrid-agreement-2023'] };
    expect(Object.keys(specificityFor(specificity, pageLinks)).sort()).toEqual(['belgrade-pristina-dialogue', 'eu']);
  });

  test("a neighbour in the mention's own paragraph counts more than one elsewhere on the page", () => {
    const ranked = explainRanking(
      candidates,
      graph,
      { paragraph: new Set(['north-macedonia', 'nato']), page: new Set(['belgrade-pristina-dialogue']) },
      specificity,
    );
    expect(ranked[0]!.id).toBe('ohrid-framework-agreement');
    const flat = explainRanking(
      candidates,
      graph,
      new Set(['north-macedonia', 'nato', 'belgrade-pristina-dialogue']),
      specificity,
    );
    expect(flat[0]!.id).toBe('ohrid-agreement-2023');
  });

  test('an article cannot be about what came after it was written', () => {
    const since = earliestYears(
      [
        { text: 'Ohrid Framework Agreement (2001)', entryIds: ['ohrid-framework-agreement'] },
        { text: '2023 Ohrid agreement', entryIds: ['ohrid-agreement-2023'] },
        { text: 'Ohrid', entryIds: candidates },
      ],
      new Set(candidates),
    );
    expect(since).toEqual({ 'ohrid-framework-agreement': 2001, 'ohrid-agreement-2023': 2023 });
    const page = new Set(['belgrade-pristina-dialogue', ...candidates]);
    expect(rankCandidates(candidates, graph, page, specificity)[0]).toBe('ohrid-agreement-2023');
    const in2001 = explainRanking(candidates, graph, page, specificity, { articleYear: 2001, since });
    expect(in2001.map((item) => item.id)).toEqual(['ohrid', 'ohrid-framework-agreement', 'ohrid-agreement-2023']);
  });
});

describe('what decides, in turn', () => {
  const facts = {
    ohrid: { kind: 'place', title: 'ohrid' },
    'ohrid-framework-agreement': { kind: 'agreement', period: [2001, 2004], words: ['framework'] },
    'ohrid-agreement-2023': { kind: 'agreement', period: [2023, 2024] },
  } as const;
  const kosovoSerbia = { paragraph: new Set(['albin-kurti', ...candidates]), page: new Set<string>() };
  const rank = (clues: Parameters<typeof explainRanking>[4]) => {
    const ranked = explainRanking(candidates, links, kosovoSerbia, {}, { facts, ...clues });
    return [ranked[0]!.id, ranked[0]!.reason];
  };

  test('a word next to the name beats the names on the page; the names beat the usual meaning', () => {
    expect(rank({ around: { before: ['town', 'old'], after: [] } })).toEqual(['ohrid', { kind: 'word', word: 'town' }]);
    expect(rank({})).toEqual(['ohrid-agreement-2023', { kind: 'names' }]);
    expect(explainRanking(candidates, links, new Set(), {}, { facts, written: 'ohrid' })[0]!.id).toBe('ohrid');
  });

  test("a year in the sentence beats the names; the article's date comes after them", () => {
    expect(rank({ sentenceYears: [2001] })).toEqual(['ohrid-framework-agreement', { kind: 'year', year: 2001 }]);
    const quiet = { paragraph: new Set(candidates), page: new Set<string>() };
    const dated = explainRanking(candidates, links, quiet, {}, { facts, articleYear: 2002 });
    expect([dated[0]!.id, dated[0]!.reason]).toEqual(['ohrid-framework-agreement', { kind: 'date', year: 2002 }]);
  });

  test('what came after the article goes last, whatever the words say', () => {
    const ranked = explainRanking(
      candidates,
      links,
      kosovoSerbia,
      {},
      {
        facts,
        articleYear: 2001,
        since: { 'ohrid-agreement-2023': 2023 },
        around: { before: ['implementation'], after: [] },
      },
    );
    expect(ranked.map((item) => item.id)).toEqual(['ohrid-framework-agreement', 'ohrid', 'ohrid-agreement-2023']);
  });

  test('after the names: a candidate named in full on the page, then its own word in the paragraph', () => {
    const cec = ['cec-bih', 'cec-kosovo'];
    const cecFacts = {
      'cec-bih': { kind: 'body', words: ['bosnia'] },
      'cec-kosovo': { kind: 'body', words: ['kosovo'] },
    } as const;
    const quiet = { paragraph: new Set(cec), page: new Set<string>() };
    const byName = explainRanking(cec, {}, { ...quiet, named: new Set(['cec-kosovo']) }, {}, { facts: cecFacts });
    expect([byName[0]!.id, byName[0]!.reason, byName[0]!.because]).toEqual([
      'cec-kosovo',
      { kind: 'names' },
      ['cec-kosovo'],
    ]);
    const byWord = explainRanking(
      cec,
      {},
      quiet,
      {},
      { facts: cecFacts, paragraphWords: new Set(['votes', 'kosovo']) },
    );
    expect([byWord[0]!.id, byWord[0]!.reason]).toEqual(['cec-kosovo', { kind: 'word', word: 'kosovo' }]);
    expect(explainRanking(cec, {}, quiet, {}, { facts: cecFacts })[0]!.id).toBe('cec-bih');
  });
});
