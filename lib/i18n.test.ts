import { afterEach, describe, expect, test } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { formatPartialDate } from './i18n';

describe('formatPartialDate', () => {
  const britishEnglish = fakeBrowser.i18n.getUILanguage;
  afterEach(() => {
    fakeBrowser.i18n.getUILanguage = britishEnglish;
  });

  test.each([
    ['1999-06-10', '10 June 1999'],
    ['1999-06', 'June 1999'],
    ['1999', '1999'],
    ['2008-02-17', '17 February 2008'],
    // Not a month: the year is all that can be said.
    ['1999-13', '1999'],
  ])('%s → %s in British English', (input, expected) => expect(formatPartialDate(input)).toBe(expected));

  test('follows the language of the browser', () => {
    fakeBrowser.i18n.getUILanguage = () => 'en-US';
    expect(formatPartialDate('1999-06-10')).toBe('June 10, 1999');
    fakeBrowser.i18n.getUILanguage = () => 'sr-Latn';
    expect(formatPartialDate('1999-06-10')).toBe('10. jun 1999.');
    fakeBrowser.i18n.getUILanguage = () => 'de';
    expect(formatPartialDate('2008-02')).toBe('Februar 2008');
  });

  test('the first of a month is not moved by a time zone west of UTC', () => {
    // Date.UTC plus a UTC format: the day stays the 1st whatever the machine's zone.
    expect(formatPartialDate('2001-08-01')).toBe('1 August 2001');
  });
});
