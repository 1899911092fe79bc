import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FoldBuffer, isWordInText } from './fold';
import { foldKey, foldText } from './fold-text';
import { referenceFold } from './reference';

describe('foldKey', () => {
  it('removes diacritics', () => {
    expect(foldKey('Zvečan')).toBe(foldKey('Zvecan'));
    expect(foldKey('Priština')).toBe('pristina');
    expect(foldKey('Prishtinë')).toBe('prishtine');
    expect(foldKey('Ćuprija Šabac Žabljak')).toBe('cuprija sabac zabljak');
  });

  it('folds letters with a stroke, which NFD leaves alone', () => {
    expect(foldKey('Đakovica')).toBe('dakovica');
    expect(foldKey('đorđe')).toBe('dorde');
    expect(foldKey('Łódź')).toBe('lodz');
  });

  it('keeps ß rather than changing the length of the text', () => {
    expect(foldKey('Straße')).toBe('straße');
  });

  it('unifies apostrophes, hyphens and dashes', () => {
    for (const apostrophe of ['’', '‘', 'ʼ', '′', '`', "'"]) expect(foldKey(`NATO${apostrophe}s`)).toBe("nato's");
    for (const dash of ['‐', '‑', '‒', '–', '—', '−', '-'])
      expect(foldKey(`Belgrade${dash}Pristina`)).toBe('belgrade-pristina');
  });

  it('turns any whitespace run into one space and trims', () => {
    expect(foldKey('  Kosovo\u00a0\u202f Security\u2009\n\tForce ')).toBe('kosovo security force');
  });

  it('drops soft hyphens and zero-width characters inside words', () => {
    expect(foldKey('Ko\u00adso\u200bvo\ufeff')).toBe('kosovo');
  });

  it('folds case in Cyrillic and Greek too', () => {
    expect(foldKey('КОСОВО Звечан')).toBe('косово звечан');
    expect(foldKey('ΟΔΟΣ')).toBe(foldKey('οδος'));
  });

  it('folds decomposed text (base letter plus combining marks)', () => {
    expect(foldKey('Zvec\u030Can')).toBe('zvecan');
    expect(foldKey('Prishtine\u0308')).toBe('prishtine');
  });
});

describe('foldText', () => {
  it('maps every folded character back to the original text', () => {
    const { folded, map } = foldText('Zvec\u030Can');
    expect(folded).toBe('zvecan');
    expect([...map]).toEqual([0, 1, 2, 3, 5, 6, 7]);
  });

  it('maps a collapsed whitespace run to its first character', () => {
    const { folded, map } = foldText('a \u00a0\n b');
    expect(folded).toBe('a b');
    expect([...map]).toEqual([0, 1, 5, 6]);
  });

  it('keeps characters outside the BMP as both halves of their pair', () => {
    const { folded, map } = foldText('😀 KFOR');
    expect(folded).toBe('😀 kfor');
    expect([...map]).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('agrees with the slow reference fold on every BMP character', () => {
    const mismatches: string[] = [];
    for (let code = 0; code < 0x10000; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const char = String.fromCharCode(code);
      const expected = referenceFold(char)
        .map((unit) => unit.lower)
        .join('');
      if (foldText(char).folded !== expected) mismatches.push(code.toString(16));
    }
    expect(mismatches).toEqual([]);
  });

  it('agrees with the reference on word characters for every BMP character', () => {
    const mismatches: string[] = [];
    for (let code = 0; code < 0x10000; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const char = String.fromCharCode(code);
      const unit = referenceFold(char)[0];
      if (!unit || unit.lower.length !== 1) continue;
      if (isWordInText(char, 0) !== unit.isWord) mismatches.push(code.toString(16));
    }
    expect(mismatches).toEqual([]);
  });

  it('agrees with the reference fold on random text', () => {
    const interesting = fc.constantFrom(
      ..."aZčČćđĐłøßİıſςΣ ,.'’`-–—\u00a0\u202f\u2009\n\t\u00ad\u200b\ufeff\u0301\u030c\u0308КосовоЉљ".split(''),
      '😀',
      '𝐀',
      '\ud800',
    );
    const char = fc.oneof(interesting, fc.string({ unit: 'binary', maxLength: 1 }));
    fc.assert(
      fc.property(fc.array(char, { maxLength: 40 }), (chars) => {
        const text = chars.join('');
        const reference = referenceFold(text);
        const { folded, map } = foldText(text);
        expect(folded).toBe(reference.map((unit) => unit.lower).join(''));
        expect([...map]).toEqual([...reference.map((unit) => unit.origin), text.length]);
      }),
      { numRuns: 500 },
    );
  });
});

describe('FoldBuffer', () => {
  it('can be reused for texts of any length', () => {
    const buffer = new FoldBuffer();
    const long = 'Kosovo '.repeat(200);
    expect(buffer.fold(long)).toBe(long.length);
    expect(buffer.fold('Ohrid')).toBe(5);
    expect(String.fromCharCode(...buffer.units.subarray(0, 5))).toBe('ohrid');
    expect(buffer.map[5]).toBe(5);
  });
});
