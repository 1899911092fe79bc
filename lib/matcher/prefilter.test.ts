import { describe, expect, it } from 'vitest';
import type { Term } from '../model';
import { CompiledMatcherError } from './compiled';
import { prefilterFromCompiled } from './prefilter';
import { compilePrefilter } from './prefilter-build';

const terms: Term[] = [
  { text: 'Kosovo Security Force', case: 'auto', entryIds: ['ksf'] },
  { text: 'KFOR', case: 'auto', entryIds: ['kfor'] },
  { text: 'Ohrid', case: 'auto', entryIds: ['ohrid'] },
  { text: 'visa liberalisation', case: 'auto', entryIds: ['visa'] },
  { text: 'Srbija', case: 'auto', entryIds: ['serbia'] },
  { text: 'the fundamentals', case: 'auto', entryIds: ['fundamentals'] },
];

const prefilter = prefilterFromCompiled(JSON.parse(JSON.stringify(compilePrefilter(terms))));

describe('prefilter', () => {
  it('says no to text without any alias’s first word', () => {
    expect(prefilter.mayMatch('The weather in the valley was mild all week.')).toBe(false);
    expect(prefilter.mayMatch('')).toBe(false);
  });

  it('says yes where an alias’s first word starts, in the matcher’s folding', () => {
    expect(prefilter.mayMatch('Troops of KFOR’s northern command')).toBe(true);
    expect(prefilter.mayMatch('the Kosovo\u00a0police')).toBe(true);
    expect(prefilter.mayMatch('OHRID, 2001')).toBe(true);
    expect(prefilter.mayMatch('a talk on visa rules')).toBe(true);
    // Serbian in the other script: the transliterated alias's first word.
    expect(prefilter.mayMatch('Србија')).toBe(true);
  });

  it('takes a short first word only with the word after it', () => {
    expect(prefilter.mayMatch('the weather')).toBe(false);
    expect(prefilter.mayMatch('back to the  fundamentals')).toBe(true);
  });

  it('asks the proper-name and acronym words only at capitals, as the matcher does', () => {
    expect(prefilter.mayMatch('a kosovo-style kfor ohrid')).toBe(false);
    expect(prefilter.mayMatch('Kosovar')).toBe(false);
  });

  it('cuts its hashes short to fit a small budget, and says yes more often, never less', () => {
    const small = compilePrefilter(terms, {}, 2);
    expect(small.hashBits).toBeLessThan(32);
    expect(prefilterFromCompiled(small).mayMatch('Ohrid')).toBe(true);
  });

  it('refuses a payload that is not one', () => {
    const good = compilePrefilter(terms);
    const forged = [
      null,
      { ...good, format: 'x' },
      { ...good, hashBits: 40 },
      { ...good, capital: { ...good.capital, count: 1_000_000 } },
      { ...good, capital: { ...good.capital, data: good.capital.data.slice(0, 4) } },
      { ...good, anyCase: { ...good.anyCase, riceBits: -1 } },
    ];
    for (const payload of forged) expect(() => prefilterFromCompiled(payload)).toThrow(CompiledMatcherError);
  });
});
