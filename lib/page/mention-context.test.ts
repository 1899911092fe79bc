import { describe, expect, test } from 'vitest';
import { isPeripheral, mentionNeighbours } from './mention-context';

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
