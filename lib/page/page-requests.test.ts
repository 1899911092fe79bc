import { describe, expect, test } from 'vitest';
import { termsByMeaning } from './page-requests';
import type { Spot } from './spots';

/** A spot as termsByMeaning reads it: its candidates and its text. */
function spot(text: string, entryIds: string[]): Spot {
  return { entryIds, range: { toString: () => text } } as unknown as Spot;
}

describe('termsByMeaning', () => {
  test('counts each mention under the meaning it was given, in order of first mention', () => {
    const ohrid = ['ohrid', 'ohrid-framework-agreement', 'ohrid-agreement-2023'];
    const spots = [spot('Ohrid', ohrid), spot('KFOR', ['kfor']), spot('Ohrid', ohrid), spot('Ohrid', ohrid)];
    const given = new Map([
      [spots[0], ['ohrid-agreement-2023', 'ohrid', 'ohrid-framework-agreement']],
      [spots[2], ['ohrid', 'ohrid-agreement-2023', 'ohrid-framework-agreement']],
      [spots[3], ['ohrid-agreement-2023', 'ohrid-framework-agreement', 'ohrid']],
    ]);
    const terms = termsByMeaning(spots, (s) => given.get(s) ?? [...s.entryIds]);
    expect(terms.map((term) => [term.entryIds[0], term.text, term.count])).toEqual([
      ['ohrid-agreement-2023', 'Ohrid', 2],
      ['kfor', 'KFOR', 1],
      ['ohrid', 'Ohrid', 1],
    ]);
  });
});
