// A .tsx name because the unit-test glob for components/ takes only .test.tsx files.
import { describe, expect, test } from 'vitest';
import { isSiteOff, switchSite } from './site-switch';

describe('the "Off on this site" switch', () => {
  test('a site covers itself and its subdomains only', () => {
    expect(isSiteOff(['example.com'], 'news.example.com')).toBe(true);
    expect(isSiteOff(['example.com'], 'Example.COM')).toBe(true);
    expect(isSiteOff(['example.com'], 'notexample.com')).toBe(false);
  });

  test('switching off adds the host once', () => {
    expect(switchSite(['a.org'], 'News.Example.com', true)).toEqual(['a.org', 'news.example.com']);
    expect(switchSite(['example.com'], 'news.example.com', true)).toEqual(['example.com']);
  });

  test('switching on removes every site that covers the host, parents included', () => {
    expect(switchSite(['a.org', 'example.com', 'news.example.com'], 'news.example.com', false)).toEqual(['a.org']);
    expect(switchSite(['a.org'], 'news.example.com', false)).toEqual(['a.org']);
  });
});
