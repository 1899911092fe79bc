import { describe, expect, test } from 'vitest';
import { choiceReasonText } from './choice-reason';

describe('choiceReasonText', () => {
  test('says the word, the year or the date that chose the meaning, and leaves names to the card', () => {
    expect(choiceReasonText({ kind: 'word', word: 'lake' })).toBe('Chosen because the text says “lake”');
    expect(choiceReasonText({ kind: 'year', year: 2001 })).toBe('Chosen because the text mentions 2001');
    expect(choiceReasonText({ kind: 'date', year: 2023 })).toBe('Chosen because the article is from 2023');
    expect(choiceReasonText({ kind: 'names' })).toBeUndefined();
    expect(choiceReasonText(undefined)).toBeUndefined();
  });
});
