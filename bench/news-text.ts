/**
 * The benchmark corpus: the visible text of the saved news pages in
 * ../shared/pages (read in place, never copied into the repository).
 *
 * The extraction is a tag stripper, not a browser: it drops scripts, styles
 * and other non-reading elements, turns block boundaries into line breaks and
 * decodes entities. It only has to produce text with the word, name and
 * punctuation statistics of real news, which it does.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';

export const SHARED_PAGES_DIR = resolve(import.meta.dirname, '..', '..', 'shared', 'pages');

/** Pages not in English (Czech, French, Chinese): left out of the English corpus. */
const NON_ENGLISH_PAGES = new Set(['aktualne', 'lemonde-1', 'qq']);

const NON_READING_ELEMENTS =
  /<(script|style|noscript|template|svg|math|head|textarea|select)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const BLOCK_TAGS =
  /<\/?(?:p|div|br|li|ul|ol|h[1-6]|section|article|header|footer|tr|td|th|table|blockquote|figure|figcaption|nav|aside|main)\b[^>]*>/gi;

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  rsquo: '\u2019',
  lsquo: '\u2018',
  rdquo: '\u201d',
  ldquo: '\u201c',
  mdash: '\u2014',
  ndash: '\u2013',
  hellip: '\u2026',
  eacute: 'é',
  copy: '©',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** The visible text of one HTML document, one line per block. */
export function visibleText(html: string): string {
  const body = html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(NON_READING_ELEMENTS, ' ')
    .replace(BLOCK_TAGS, '\n')
    .replace(/<[^>]+>/g, '');
  return decodeEntities(body)
    .split('\n')
    .map((line) => line.replace(/[ \t\r\f]+/g, ' ').trim())
    .filter((line) => line.length > 0)
    .join('\n');
}

export function sharedPageNames(): string[] {
  return readdirSync(SHARED_PAGES_DIR)
    .filter((file) => file.endsWith('.html'))
    .map((file) => file.slice(0, -'.html'.length))
    .sort();
}

/**
 * About `targetChars` of English news text: every English page once, then
 * repeated from the start if the pages hold less than the target.
 *
 * The pieces are joined once, which gives one flat string, as a page's text
 * nodes are. Appending piece by piece and cutting the end off instead gives a
 * slice of a rope, which V8 reads through an indirection on every charCodeAt
 * (about 12% slower to scan), while the lower-cased copy handed to the
 * Aho-Corasick package is flat anyway.
 */
export function englishNewsText(targetChars: number): { text: string; pages: string[] } {
  const pages = sharedPageNames().filter((name) => !NON_ENGLISH_PAGES.has(name));
  const texts = pages.map((name) => visibleText(readFileSync(resolve(SHARED_PAGES_DIR, `${name}.html`), 'utf8')));
  const total = texts.reduce((sum, text) => sum + text.length, 0);
  if (total === 0) throw new Error(`no text in ${SHARED_PAGES_DIR}`);
  const pieces: string[] = [];
  let length = 0;
  while (length < targetChars) {
    for (const page of texts) {
      const piece = (page + '\n').slice(0, targetChars - length);
      pieces.push(piece);
      length += piece.length;
      if (length >= targetChars) break;
    }
  }
  return { text: pieces.join(''), pages };
}
