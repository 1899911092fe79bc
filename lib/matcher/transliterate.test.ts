import { describe, expect, it } from 'vitest';
import { transliterateSerbian } from './transliterate';

describe('transliterateSerbian', () => {
  it('writes Cyrillic aliases in Latin', () => {
    expect(transliterateSerbian('Звечан')).toBe('Zvečan');
    expect(transliterateSerbian('Косово и Метохија')).toBe('Kosovo i Metohija');
    expect(transliterateSerbian('Ђорђе Џаја')).toBe('Đorđe Džaja');
  });

  it('writes Latin aliases in Cyrillic, digraphs included', () => {
    expect(transliterateSerbian('Republika Srpska')).toBe('Република Српска');
    expect(transliterateSerbian('Ljubljana')).toBe('Љубљана');
    expect(transliterateSerbian('Njegoš')).toBe('Његош');
    expect(transliterateSerbian('KFOR')).toBe('КФОР');
    expect(transliterateSerbian('Zvec\u030Can')).toBe('Звечан');
    expect(transliterateSerbian('Džaja DŽAJA LJUBLJANA')).toBe('Џаја ЏАЈА ЉУБЉАНА');
  });

  it('keeps capitals and capitalised words apart for Љ, Њ and Џ', () => {
    expect(transliterateSerbian('ЉУБЉАНА')).toBe('LJUBLJANA');
    expect(transliterateSerbian('Љубљана')).toBe('Ljubljana');
    expect(transliterateSerbian('ЊЕГОШ ЏАЈА')).toBe('NJEGOŠ DŽAJA');
    expect(transliterateSerbian('Џаја')).toBe('Džaja');
  });

  it('leaves aliases that are not Serbian in one script alone', () => {
    expect(transliterateSerbian('Kosovo Security Force')).toBeNull();
    expect(transliterateSerbian('EULEX')).toBeNull();
    expect(transliterateSerbian('Россия')).toBeNull();
    expect(transliterateSerbian('Kosovo Косово')).toBeNull();
    expect(transliterateSerbian('1244')).toBeNull();
  });
});
