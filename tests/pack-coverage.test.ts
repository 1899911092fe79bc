/**
 * The bundled pack measured by the names real articles use
 * (tests/fixtures/coverage/, labelled before anyone looked at the pack). The
 * floor is the coverage reached so far: raise it when the pack grows, never
 * lower it. `npm run coverage` prints the names still missing.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as v from 'valibot';
import { describe, expect, test } from 'vitest';
import { CoverageSetSchema, formatCoverage, measureCoverage, nameCore } from '@/lib/packs/coverage';
import { validatePack } from '@/lib/packs/validate';

/** Share of the set's names the bundled pack explains, as last measured; CI fails below it. */
const COVERAGE_FLOOR = 0.985;

const readJson = (path: string): unknown => JSON.parse(readFileSync(resolve(import.meta.dirname, path), 'utf8'));
const set = v.parse(CoverageSetSchema, readJson('fixtures/coverage/articles.json'));

describe('the coverage set', () => {
  test('holds at least 40 articles from at least 10 outlets, on every country of the region and the EU track', () => {
    expect(set.articles.length).toBeGreaterThanOrEqual(40);
    expect(new Set(set.articles.map((article) => article.outlet)).size).toBeGreaterThanOrEqual(10);
    const countries = new Set(set.articles.flatMap((article) => article.countries));
    for (const country of [
      'Albania',
      'Bosnia and Herzegovina',
      'Kosovo',
      'Montenegro',
      'North Macedonia',
      'Serbia',
      'EU',
    ]) {
      expect(countries, country).toContain(country);
    }
  });

  test('lists each article once', () => {
    const urls = set.articles.map((article) => article.url);
    expect(new Set(urls).size).toBe(urls.length);
  });
});

describe('measuring coverage', () => {
  const entries = [
    { id: 'kosovo', title: 'Kosovo', aliases: [] },
    { id: 'eu', title: 'European Union', aliases: ['EU'] },
    { id: 'the-hague', title: 'The Hague', aliases: [] },
  ];
  const article = (names: Array<[string, 'place' | 'organisation' | 'group']>) => ({
    url: 'https://example.org/a',
    outlet: 'Example',
    date: '2025-01-01',
    title: 'An article',
    countries: ['Kosovo'],
    names,
  });

  test('a name counts only when one alias spans all of it', () => {
    const report = measureCoverage(entries, [
      article([
        ['Kosovo', 'place'],
        ["Kosovo's", 'place'],
        ['the EU', 'organisation'],
        ['Kosovo Serbs', 'group'],
        ['EU Special Representative', 'organisation'],
        ['The Hague', 'place'],
      ]),
    ]);
    expect(report.articles[0]?.names.map((item) => [item.name, item.entryIds])).toEqual([
      ['Kosovo', ['kosovo']],
      ["Kosovo's", ['kosovo']],
      ['the EU', ['eu']],
      ['Kosovo Serbs', []],
      ['EU Special Representative', []],
      ['The Hague', ['the-hague']],
    ]);
    expect([report.explained, report.total]).toEqual([4, 6]);
    expect(report.byKind.group).toEqual({ explained: 0, total: 1 });
  });

  test('keeps a capital "The" that belongs to the name and drops a possessive', () => {
    expect(nameCore('the EU')).toBe('EU');
    expect(nameCore('The Hague')).toBe('The Hague');
    expect(nameCore('Vučić’s')).toBe('Vučić');
  });
});

describe('the bundled pack on the coverage set', () => {
  const validation = validatePack(readJson('../public/packs/western-balkans.json'));
  if (!validation.ok) throw new Error('the bundled pack is invalid; see tests/bundled-pack.test.ts');
  const report = measureCoverage(validation.pack.entries, set.articles);

  test(`explains at least ${(COVERAGE_FLOOR * 100).toFixed(1)}% of the names real articles use`, () => {
    // The report is the point of this suite: print it, so CI logs show what is missing.
    console.log(formatCoverage(report));
    expect(report.explained / report.total).toBeGreaterThanOrEqual(COVERAGE_FLOOR);
  });
});
