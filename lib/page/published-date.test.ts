import { describe, expect, test } from 'vitest';
import { findPublicationDate, isAfterDay } from './published-date';

function doc(html: string): Document {
  return new DOMParser().parseFromString(html, 'text/html');
}

describe('findPublicationDate', () => {
  test('reads the article meta tag first', () => {
    expect(
      findPublicationDate(
        doc('<meta property="article:published_time" content="2024-03-12T09:00:00Z"><time datetime="2020-01-01">'),
      ),
    ).toBe('2024-03-12');
  });

  test('reads JSON-LD, also inside @graph, and survives broken JSON-LD', () => {
    const html =
      '<script type="application/ld+json">{broken</script>' +
      '<script type="application/ld+json">{"@graph":[{"@type":"WebPage"},{"@type":"NewsArticle","datePublished":"2023-05-29T10:00:00+02:00"}]}</script>';
    expect(findPublicationDate(doc(html))).toBe('2023-05-29');
  });

  test('falls back to <time datetime> and gives up on nonsense', () => {
    expect(findPublicationDate(doc('<article><time datetime="2022-12-10">10 Dec</time></article>'))).toBe('2022-12-10');
    expect(findPublicationDate(doc('<time datetime="yesterday">'))).toBeUndefined();
    expect(findPublicationDate(doc('<p>no date</p>'))).toBeUndefined();
  });
});

describe('isAfterDay', () => {
  test.each([
    ['2024-03-13', '2024-03-12', true],
    ['2024-03-12', '2024-03-12', false],
    ['2024-04', '2024-03-12', true],
    ['2024-03', '2024-03-12', false],
    ['2025', '2024-03-12', true],
    ['2024', '2024-03-12', false],
    ['1999-06-10', '2024-03-12', false],
  ])('%s after %s: %s', (event, article, expected) => expect(isAfterDay(event, article)).toBe(expected));
});
