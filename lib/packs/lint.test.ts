import { describe, expect, test } from 'vitest';
import type { Pack } from '../model';
import { miniPack } from '@/tests/fixtures/mini-pack';
import { lintPack } from './lint';

const messages = (pack: Pack) => lintPack(pack).map((warning) => `${warning.path}: ${warning.message}`);

describe('pack warnings', () => {
  test('an alias shared by several entries is reported once, naming the others', () => {
    const pack = miniPack();
    expect(messages(pack).filter((m) => m.includes('also names'))).toEqual([
      'entries[1].title: "Ohrid" also names ohrid-framework-agreement: readers get a choice of meanings',
    ]);
  });

  test('an entry no event names', () => {
    const pack = miniPack();
    const named = new Set(pack.events.flatMap((event) => event.entries));
    const without = pack.entries.filter((entry) => !named.has(entry.id)).map((entry) => `"${entry.id}" has no`);
    expect(messages(pack).filter((m) => m.includes('has no timeline event'))).toHaveLength(without.length);
    pack.events = [];
    expect(messages(pack).filter((m) => m.includes('has no timeline event'))).toHaveLength(pack.entries.length);
  });

  test('a source host cited by most records, once the pack has ten of them', () => {
    const pack = miniPack();
    const copies = Array.from({ length: 8 }, (_, i) => ({
      ...pack.entries[1]!,
      id: `place-${i}`,
      title: `Place ${i}`,
      aliases: [],
    }));
    pack.entries.push(...copies);
    expect(messages(pack)).toContain(
      '(pack): 10 of 13 records cite en.wikipedia.org: consider sources beyond one site',
    );
    pack.entries = pack.entries.slice(0, 3);
    expect(messages(pack).some((m) => m.startsWith('(pack)'))).toBe(false);
  });

  test('a person summary with an office but no years', () => {
    const pack = miniPack();
    pack.entries[0] = { ...pack.entries[0]!, type: 'person', summary: 'Prime Minister of Kosovo.' };
    expect(messages(pack)).toContain('entries[0].summary: names an office but no years: say when it was held');
    pack.entries[0].summary = 'Prime Minister of Kosovo from 2021 to 2025.';
    expect(messages(pack).some((m) => m.startsWith('entries[0].summary'))).toBe(false);
  });
});
