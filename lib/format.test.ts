import { describe, expect, test } from 'vitest';
import { aliasListText, safeHttpUrl } from './format';

describe('aliasListText', () => {
  test('drops forms the title already shows, but not letters inside its words', () => {
    expect(aliasListText({ title: 'KFOR (Kosovo Force)', aliases: ['KFOR', 'Kosovo Force', 'KFOR mission'] })).toBe(
      'KFOR mission',
    );
    expect(aliasListText({ title: 'United Nations', aliases: ['UN', 'U.N.', 'united nations'] })).toBe('UN, U.N.');
  });

  test('shortens long lists', () => {
    expect(aliasListText({ title: 'X', aliases: ['a', 'b', 'c'] }, 2)).toBe('a, b, …');
  });
});

describe('safeHttpUrl', () => {
  test.each(['javascript:alert(1)', 'data:text/html,x', 'not a url', 'vbscript:x'])('refuses %s', (url) =>
    expect(safeHttpUrl(url)).toBeUndefined(),
  );
  test('keeps https', () => expect(safeHttpUrl('https://www.nato.int/kfor')).toBe('https://www.nato.int/kfor'));
});
