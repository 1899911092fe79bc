import { describe, expect, test } from 'vitest';
import { isPeripheral, isWrittenAsPlace, mentionNeighbours } from './mention-context';
import { explainRanking } from '../ranking';

function textNodes(html: string): Map<string, Text> {
  const page = new DOMParser().parseFromString(html, 'text/html');
  const nodes = new Map<string, Text>();
  const walker = page.createTreeWalker(page.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.textContent?.trim()) nodes.set(node.textContent.trim(), node as Text);
  }
  return nodes;
}

describe('mentionNeighbours', () => {
  const nodes = textNodes(`
    <article>
      <p><span>the agreements reached in Brussels and Ohrid</span> <b>Belgrade–Pristina dialogue</b></p>
      <p>Albin Kurti</p>
    </article>
    <aside><ul><li>NATO</li></ul></aside>
    <div class="related-posts"><a>North Macedonia</a></div>
    <footer>European Union</footer>`);
  const at = (text: string, entryIds: string[]) => ({ node: nodes.get(text)!, entryIds });
  const ohrid = at('the agreements reached in Brussels and Ohrid', ['ohrid', 'ohrid-agreement-2023']);
  const spotted = [
    ohrid,
    at('Belgrade–Pristina dialogue', ['belgrade-pristina-dialogue']),
    at('Albin Kurti', ['albin-kurti']),
    at('NATO', ['nato']),
    at('North Macedonia', ['north-macedonia']),
    at('European Union', ['european-union']),
  ];

  test('names in the same paragraph, the rest of the article, and none from sidebars, related posts or footers', () => {
    const { paragraph, page } = mentionNeighbours(ohrid, spotted);
    expect([...paragraph].sort()).toEqual(['belgrade-pristina-dialogue', 'ohrid', 'ohrid-agreement-2023']);
    expect([...page]).toEqual(['albin-kurti']);
  });

  test('landmarks and side-list class names are peripheral; article text is not', () => {
    expect(isPeripheral(nodes.get('NATO')!)).toBe(true);
    expect(isPeripheral(nodes.get('North Macedonia')!)).toBe(true);
    expect(isPeripheral(nodes.get('European Union')!)).toBe(true);
    expect(isPeripheral(nodes.get('Albin Kurti')!)).toBe(false);
  });
});

describe('a name written as a place', () => {
  test('is read from the preposition just before it', () => {
    const text = 'Talks in Ohrid ended; the Ohrid deal and Ohrid’s lake; near  Dayton; Brussels and Ohrid';
    const at = (name: string, from = 0) => text.indexOf(name, from);
    expect(isWrittenAsPlace(text, at('Ohrid'))).toBe(true);
    expect(isWrittenAsPlace(text, at('Ohrid deal'))).toBe(false);
    expect(isWrittenAsPlace(text, at('Dayton'))).toBe(true);
    expect(isWrittenAsPlace(text, text.lastIndexOf('Ohrid'))).toBe(false);
  });

  test('puts the place first, whatever the page links to the other meanings', () => {
    const links = { 'ohrid-agreement-2023': ['albin-kurti'], ohrid: [] };
    const page = new Set(['albin-kurti']);
    const rank = (writtenAsPlace: boolean) =>
      explainRanking(['ohrid-agreement-2023', 'ohrid'], links, page, {}, { writtenAsPlace, places: ['ohrid'] }).map(
        (meaning) => meaning.id,
      );
    expect(rank(false)).toEqual(['ohrid-agreement-2023', 'ohrid']);
    expect(rank(true)).toEqual(['ohrid', 'ohrid-agreement-2023']);
  });
});
