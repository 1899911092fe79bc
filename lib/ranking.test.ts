import { describe, expect, test } from 'vitest';
import { rankCandidates } from './ranking';

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
