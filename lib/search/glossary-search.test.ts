import { describe, expect, test } from 'vitest';
import type { Entry } from '../model';
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
