import { describe, expect, it } from 'vitest';
import type { Term } from '../model';
import { CompiledMatcherError } from './compiled';
import { base64FromBytes, bytesFromBase64 } from './base64';
import { MIN_KEY_BITS, PREFILTER_FORMAT, prefilterFromCompiled } from './prefilter';
import { bucketedKeySet, compilePrefilter } from './prefilter-build';

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

  it('keeps fewer key bits when asked, and then says yes more often, never less', () => {
    const short = compilePrefilter(terms, {}, 0);
    expect(short.capital.keyBits).toBe(MIN_KEY_BITS);
    expect(compilePrefilter(terms, {}, 20).capital.keyBits).toBeGreaterThan(MIN_KEY_BITS);
    expect(prefilterFromCompiled(short).mayMatch('Ohrid')).toBe(true);
  });

  it('finds every key of a large set, including the first and last of each bucket', () => {
    const hashes = new Set(Array.from({ length: 5000 }, (_, k) => Math.imul(k + 1, 0x9e3779b1) >>> 0));
    const set = bucketedKeySet(hashes, 4);
    const payload = { format: PREFILTER_FORMAT, capital: set, anyCase: bucketedKeySet(new Set(), 4) };
    const { capital } = prefilterFromCompiled(payload) as unknown as { capital: { has(hash: number): boolean } };
    for (const hash of hashes) expect(capital.has(hash)).toBe(true);
    // With only 4 spare bits about 1 in 16 other hashes collides; far from all of them.
    const others = Array.from({ length: 2000 }, (_, k) => Math.imul(k + 7919, 0x85ebca6b) >>> 0).filter(
      (hash) => !hashes.has(hash),
    );
    expect(others.filter((hash) => capital.has(hash)).length).toBeLessThan(others.length / 4);
  });

  it('refuses a payload that is not one', () => {
    const good = compilePrefilter(terms);
    const bytes = bytesFromBase64(good.capital.data);
    // A bucket start that goes back would let a lookup read outside the keys.
    const backwards = bytes.slice();
    new DataView(backwards.buffer).setUint32(4, 0xffff, true);
    const forged = [
      null,
      { ...good, format: 'x' },
      { ...good, capital: { ...good.capital, keyBits: 40 } },
      { ...good, capital: { ...good.capital, keyBits: 8 } },
      { ...good, capital: { ...good.capital, count: 1_000_000 } },
      { ...good, capital: { ...good.capital, data: good.capital.data.slice(0, 4) } },
      { ...good, capital: { ...good.capital, data: base64FromBytes(backwards) } },
      { ...good, anyCase: { ...good.anyCase, count: -1 } },
    ];
    for (const payload of forged) expect(() => prefilterFromCompiled(payload)).toThrow(CompiledMatcherError);
  });
});
