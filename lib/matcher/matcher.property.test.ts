/**
 * The compiled matcher against the slow reference, on texts made of the
 * aliases themselves (re-cased, decomposed, stripped of diacritics, with
 * typographic variants and endings) mixed with noise. Word pieces come from a
 * small alphabet so that aliases share prefixes and collide after folding,
 * which is where longest-match and id merging can go wrong.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CaseMode, Term } from '../model';
import { compileMatcher, type MatcherOptions } from './compile';
import { prefilterFromCompiled } from './prefilter';
import { compilePrefilter } from './prefilter-build';
import { compileReferenceMatcher } from './reference';

const WORD_CHARS = [
  ...'aksoKSOčČcćžzđĐdéeëß1',
  ...'косКОСљЉш',
  'Ω',
  'ς',
  'σ',
  'ſ',
  'İ',
  '𝐀',
  'e\u0301',
  '\u0915\u093c',
];
const ALIAS_JOINERS = [' ', ' ', ' ', '-', "'", '’', '  ', '\u00a0', '.'];
const NOISE_CHARS = [
  ...WORD_CHARS,
  ...' ,.;:!?()«»"\'’-–—\n\t',
  '\u00a0',
  '\u202f',
  '\u2009',
  '\u00ad',
  '\u200b',
  '\ufeff',
  '\u0301',
  '\u030c',
  '😀',
  '_',
];
const SEPARATORS = ['', ' ', ' ', '\u00a0', ', ', '.', '(', '\n', '-', "'"];
const ENDINGS = ['', '', '', "'s", '’s', 's', "s'", 'S', "'", 'x', '1', 'š', 's\u030c'];

const word = fc.array(fc.constantFrom(...WORD_CHARS), { minLength: 1, maxLength: 3 }).map((chars) => chars.join(''));

const alias = fc.oneof(
  {
    weight: 12,
    arbitrary: fc
      .tuple(
        fc.array(word, { minLength: 1, maxLength: 3 }),
        fc.array(fc.constantFrom(...ALIAS_JOINERS), { minLength: 2, maxLength: 2 }),
      )
      .map(([words, joiners]) => words.map((piece, k) => (k === 0 ? piece : joiners[k % 2]! + piece)).join('')),
  },
  { weight: 1, arbitrary: fc.constantFrom('', '  ', '--', "'", ' Ko ', '\u00ad') },
);

const term: fc.Arbitrary<Term> = fc.record({
  text: alias,
  case: fc.constantFrom<CaseMode>('auto', 'auto', 'sensitive', 'insensitive'),
  entryIds: fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e'), { minLength: 0, maxLength: 3 }),
});

function stripDiacritics(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

/** How a mention of an alias is written in the text. */
const spelling = fc.record({
  casing: fc.constantFrom('keep', 'keep', 'upper', 'lower', 'alternate'),
  form: fc.constantFrom('keep', 'keep', 'nfd', 'stripped'),
  space: fc.constantFrom(' ', '\u00a0', '\u202f', '\n', '  ', '\t '),
  apostrophe: fc.constantFrom("'", '’', 'ʼ', '`'),
  dash: fc.constantFrom('-', '–', '—', '\u2011'),
  ending: fc.constantFrom(...ENDINGS),
});

type Spelling = typeof spelling extends fc.Arbitrary<infer T> ? T : never;

function spell(text: string, how: Spelling): string {
  let result = text;
  if (how.casing === 'upper') result = result.toUpperCase();
  if (how.casing === 'lower') result = result.toLowerCase();
  if (how.casing === 'alternate') {
    result = Array.from(result, (char, k) => (k % 2 ? char.toUpperCase() : char.toLowerCase())).join('');
  }
  if (how.form === 'nfd') result = result.normalize('NFD');
  if (how.form === 'stripped') result = stripDiacritics(result);
  result = result.replace(/ /g, how.space).replace(/['’]/g, how.apostrophe).replace(/-/g, how.dash);
  return result + how.ending;
}

const noise = fc.array(fc.constantFrom(...NOISE_CHARS), { maxLength: 6 }).map((chars) => chars.join(''));

const scenario = fc
  .array(term, { minLength: 1, maxLength: 8 })
  .chain((terms) =>
    fc.record({
      terms: fc.constant(terms),
      pieces: fc.array(
        fc.oneof(
          fc.tuple(fc.nat(terms.length - 1), spelling).map(([index, how]) => spell(terms[index]!.text, how)),
          noise,
        ),
        { maxLength: 10 },
      ),
      separators: fc.array(fc.constantFrom(...SEPARATORS), { minLength: 10, maxLength: 10 }),
      transliterate: fc.boolean(),
    }),
  )
  .map(({ terms, pieces, separators, transliterate }) => ({
    terms,
    transliterate,
    text: pieces.map((piece, k) => piece + separators[k]!).join(''),
  }));

/** Arbitrary Unicode text (lone surrogates too), and up to six aliases cut from it in any case mode. */
const unicodeTextWithCutAliases = fc
  .tuple(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.array(
      fc.tuple(fc.nat(), fc.integer({ min: 1, max: 8 }), fc.constantFrom<CaseMode>('auto', 'sensitive', 'insensitive')),
      { minLength: 1, maxLength: 6 },
    ),
  )
  .map(([text, cuts]) => ({
    text,
    terms: cuts.map(([at, length, caseMode], k): Term => {
      const start = text.length === 0 ? 0 : at % text.length;
      return { text: text.slice(start, start + length), case: caseMode, entryIds: [`e${k % 3}`] };
    }),
  }));

describe('compiled matcher against the reference', () => {
  it('finds the same mentions in texts made of the aliases', () => {
    fc.assert(
      fc.property(scenario, ({ terms, text, transliterate }) => {
        const options = { transliterate };
        const reference = compileReferenceMatcher(terms, options);
        const matcher = compileMatcher(terms, options);
        expect(matcher.keyCount).toBe(reference.keyCount);
        const expected = reference.find(text);
        expect(matcher.find(text)).toEqual(expected);
        // A second scan with the same matcher must not see leftovers of the first.
        expect(matcher.find(text)).toEqual(expected);
      }),
      { numRuns: 1200 },
    );
  }, 20_000);

  it('finds the same mentions in arbitrary Unicode, with aliases cut from the text', () => {
    fc.assert(
      fc.property(unicodeTextWithCutAliases, ({ text, terms }) => {
        expect(compileMatcher(terms).find(text)).toEqual(compileReferenceMatcher(terms).find(text));
      }),
      { numRuns: 1000 },
    );
  }, 20_000);

  it('finds the same mentions with hundreds of aliases in one trie', () => {
    // Large enough that the packed trie has crowded slots, long tails and keys beside branches.
    const manyTerms = fc.array(term, { minLength: 150, maxLength: 400 });
    const bigScenario = manyTerms.chain((terms) =>
      fc.record({
        terms: fc.constant(terms),
        text: fc
          .array(
            fc.oneof(
              fc.tuple(fc.nat(terms.length - 1), spelling).map(([index, how]) => spell(terms[index]!.text, how)),
              noise,
            ),
            { maxLength: 30 },
          )
          .map((pieces) => pieces.join(' ')),
      }),
    );
    fc.assert(
      fc.property(bigScenario, ({ terms, text }) => {
        const reference = compileReferenceMatcher(terms);
        const matcher = compileMatcher(terms);
        expect(matcher.keyCount).toBe(reference.keyCount);
        expect(matcher.find(text)).toEqual(reference.find(text));
      }),
      { numRuns: 40 },
    );
  }, 60_000);

  it('reports ranges that hold the alias and never overlap', () => {
    fc.assert(
      fc.property(scenario, ({ terms, text, transliterate }) => {
        const matches = compileMatcher(terms, { transliterate }).find(text);
        let previousEnd = 0;
        for (const match of matches) {
          expect(match.start).toBeGreaterThanOrEqual(previousEnd);
          expect(match.end).toBeGreaterThan(match.start);
          expect(match.entryIds.length).toBeGreaterThan(0);
          previousEnd = match.end;
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('prefilter against the matcher', () => {
  /** The prefilter as a page gets it: compiled, sent as JSON, decoded. */
  const prefilterOf = (terms: readonly Term[], options: MatcherOptions, spareKeyBits?: number) =>
    prefilterFromCompiled(JSON.parse(JSON.stringify(compilePrefilter(terms, options, spareKeyBits))));

  it('never says no where the matcher finds a mention', () => {
    fc.assert(
      fc.property(scenario, fc.constantFrom(undefined, 2, 0), ({ terms, text, transliterate }, spareKeyBits) => {
        // Fewer spare key bits: more collisions, never a missed mention.
        const options = { transliterate };
        const found = compileMatcher(terms, options).find(text).length > 0;
        if (found) expect(prefilterOf(terms, options, spareKeyBits).mayMatch(text)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  }, 30_000);

  it('never says no where the matcher finds a mention, in arbitrary Unicode', () => {
    fc.assert(
      fc.property(unicodeTextWithCutAliases, ({ text, terms }) => {
        if (compileMatcher(terms).find(text).length > 0) expect(prefilterOf(terms, {}).mayMatch(text)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  }, 30_000);
});
