import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Fuse from 'fuse.js';
import { describe, expect, test } from 'vitest';
import { aliasText, type Entry, type Pack } from '../model';
import { foldKey } from '../matcher';
import { GlossarySearch } from './glossary-search';

function entry(id: string, title: string, aliases: string[] = [], summary = 'A test entry.'): Entry {
  return {
    id,
    type: 'person',
    title,
    aliases,
    summary,
    related: [],
    source: { url: 'https://example.org' },
    checked: '2026-11-29',
    packId: 'test',
  };
}

const search = new GlossarySearch([
  entry('jens-stoltenberg', 'Jens Stoltenberg', ['Stoltenberg']),
  entry('zvecan', 'Zvečan', ['Zveçan', 'Звечан']),
  entry('kfor', 'Kosovo Force', ['KFOR']),
  entry('vucic', 'Aleksandar Vučić', ['Vučić']),
]);

const topId = (query: string) => search.search(query)[0]?.entry.id;

describe('GlossarySearch', () => {
  test('tolerates typos', () => expect(topId('Stoltenburg')).toBe('jens-stoltenberg'));
  test('ignores diacritics', () => {
    expect(topId('Zvecan')).toBe('zvecan');
    expect(topId('vucic')).toBe('vucic');
  });
  test('finds acronyms', () => expect(topId('kfor')).toBe('kfor'));
  test('returns nothing for an empty query or nonsense', () => {
    expect(search.search('   ')).toEqual([]);
    expect(search.search('qqqqxxxx')).toEqual([]);
  });
});

describe('GlossarySearch keeps its index current', () => {
  test('adds, re-indexes and removes entries without a rebuild', () => {
    const live = new GlossarySearch([entry('kfor', 'Kosovo Force', ['KFOR'])]);
    expect(live.search('Prizren')).toEqual([]);
    live.upsert(entry('prizren', 'Prizren'));
    expect(live.search('Prizren')[0]?.entry.id).toBe('prizren');
    live.upsert(entry('prizren', 'Prizren', ['Prizreni']));
    expect(live.size).toBe(2);
    live.remove('prizren');
    expect(live.search('Prizren')).toEqual([]);
    // The freed slot is reused without mixing up the old entry's index.
    live.upsert(entry('ohrid', 'Ohrid'));
    expect(live.search('Ohrid').map((result) => result.entry.id)).toEqual(['ohrid']);
    expect(live.search('Prizren')).toEqual([]);
  });

  test('an entry changed only in what is not searched is shown as it is now', () => {
    const live = new GlossarySearch([entry('ohrid', 'Ohrid')]);
    live.upsert({ ...entry('ohrid', 'Ohrid'), type: 'place' });
    expect(live.search('Ohrid')[0]?.entry.type).toBe('place');
  });

  test('sync applies a whole new list: new, changed and gone entries', () => {
    const live = new GlossarySearch([entry('a', 'Pristina'), entry('b', 'Mitrovica')]);
    live.sync([entry('a', 'Prishtina'), entry('c', 'Gračanica')]);
    expect(live.size).toBe(2);
    expect(live.search('Mitrovica')).toEqual([]);
    expect(topIdIn(live, 'Gracanica')).toBe('c');
    expect(live.search('Prishtina')[0]?.entry.title).toBe('Prishtina');
  });
});

function topIdIn(index: GlossarySearch, query: string) {
  return index.search(query)[0]?.entry.id;
}

describe('GlossarySearch at scale', () => {
  // Thousands of entries that share trigrams with the real names, so the shortlist has to choose.
  const distractors = Array.from({ length: 3000 }, (_, i) =>
    entry(
      `distractor-${i}`,
      `${['Stolen', 'Stolac', 'Zvornik', 'Kosovo', 'Force', 'Vukovar'][i % 6]} ${['Berg', 'Polje', 'Most'][i % 3]} ${i}`,
      [],
      'An entry about the Kosovo Force and Stoltenberg-era NATO in the region.',
    ),
  );
  const large = new GlossarySearch([
    ...distractors,
    entry('jens-stoltenberg', 'Jens Stoltenberg', ['Stoltenberg']),
    entry('zvecan', 'Zvečan', ['Zveçan', 'Звечан']),
    entry('kfor', 'Kosovo Force', ['KFOR']),
    entry('djukanovic', 'Milo Đukanović', ['Đukanović']),
  ]);

  test('the right entry still comes first through typos, folding and scripts', () => {
    expect(topIdIn(large, 'Stoltenburg')).toBe('jens-stoltenberg');
    expect(topIdIn(large, 'Zvecan')).toBe('zvecan');
    expect(topIdIn(large, 'звечан')).toBe('zvecan');
    expect(topIdIn(large, 'kfor')).toBe('kfor');
    expect(topIdIn(large, 'Kosovo Force')).toBe('kfor');
    // đ folds to d, which fuse.js alone does not do.
    expect(topIdIn(large, 'Dukanovic')).toBe('djukanovic');
  });

  test('one letter lists names starting with it, titles first, A to Z', () => {
    const titles = large.search('z', 5).map((result) => result.entry.title);
    expect(titles[0]).toBe('Zvečan');
    expect(titles.slice(1)).toEqual([...titles.slice(1)].sort());
    expect(titles.every((title) => title.startsWith('Z'))).toBe(true);
  });
});

describe('GlossarySearch on the bundled pack', () => {
  const pack = JSON.parse(
    readFileSync(resolve(import.meta.dirname, '../../public/packs/western-balkans.json'), 'utf8'),
  ) as Pack;
  const entries: Entry[] = pack.entries.map((item) => ({ ...item, packId: pack.id }));
  const ours = new GlossarySearch(entries);
  // Plain fuse.js over every entry, as the popup first searched: the reference for the ranking.
  const plain = new Fuse(
    entries.map((item) => ({ item, title: item.title, aliases: item.aliases.map(aliasText), summary: item.summary })),
    {
      keys: [
        { name: 'title', weight: 3 },
        { name: 'aliases', weight: 2 },
        { name: 'summary', weight: 0.4 },
      ],
      ignoreDiacritics: true,
      ignoreLocation: true,
      threshold: 0.34,
      minMatchCharLength: 2,
    },
  );

  test.each([
    'KFOR',
    'Stoltenburg',
    'Zvecan',
    'Kosovo Security Force',
    'Pristina',
    'Republika Srpska',
    'EULEX',
    'Kurti',
  ])('the shortlist keeps plain fuse.js’s best match for “%s”', (query) => {
    const expected = plain.search(query, { limit: 1 })[0]?.item.item.id;
    expect(expected).toBeDefined();
    expect(topIdIn(ours, query)).toBe(expected);
  });
});

test('the search folds as foldKey does, and one fold leaves nothing behind for the next', () => {
  // foldKey reuses one buffer: a long string followed by short ones must not leak into them.
  const samples: Array<[string, string]> = [
    ['x'.repeat(10_000) + ' Ł', 'x'.repeat(10_000) + ' l'],
    ['  Zvečan  ', 'zvecan'],
    [' ', ''],
    ['Priština\u00a0\u2013 Ko\u00adso\u00advo', 'pristina - kosovo'],
    ['', ''],
    ['NATO’s   KFOR', "nato's kfor"],
    ['Звечан', 'звечан'],
  ];
  for (const [sample, folded] of samples) expect(foldKey(sample), sample).toBe(folded);
  const search = new GlossarySearch([]);
  expect(search.search('  ')).toEqual([]);
});
