import { describe, expect, test } from 'vitest';
import { isPeripheral, mentionNeighbours, mentionText, rankMeanings } from './mention-context';

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

describe('the text around a mention', () => {
  const nodes = textNodes(
    '<p>In 2001 the war ended. Talks were held in the <a>town</a> of Ohrid in 2023, by the lake. Then home.</p>',
  );
  const node = nodes.get('of Ohrid in 2023, by the lake. Then home.')!;
  const start = node.data.indexOf('Ohrid');

  test('reads across inline elements and cuts the sentence at its full stops', () => {
    const { text, start: at, sentence } = mentionText(node, start, start + 5);
    expect(text.slice(at, at + 5)).toBe('Ohrid');
    expect(sentence).toBe('Talks were held in the town of Ohrid in 2023, by the lake.');
  });

  test('ranks on the cue word before the name and says so', () => {
    const meanings = {
      ohrid: { kind: 'place', title: 'ohrid' },
      'ohrid-agreement-2023': { kind: 'agreement', period: [2023, 2023] },
    } as const;
    const ranked = rankMeanings(
      { node, start, end: start + 5, entryIds: ['ohrid-agreement-2023', 'ohrid'] },
      [],
      { links: {}, meanings },
      '2023-03-20',
    );
    expect(ranked.map((meaning) => meaning.id)).toEqual(['ohrid', 'ohrid-agreement-2023']);
    expect(ranked[0]!.reason).toEqual({ kind: 'word', word: 'town' });
  });
});
