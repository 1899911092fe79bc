/**
 * Per-hover cost of ranking the meanings of one ambiguous term as a card
 * does (lib/page/mention-context.ts rankMeanings): reading where the other
 * spotted names stand, the words and years around the mention, and scoring
 * the candidates (lib/ranking.ts), on an article with many spotted names, a
 * related-posts sidebar and the bundled pack's links and meaning facts. The DOM is
 * happy-dom, slower than a browser's, so the figures are an upper bound.
 *
 * Run: npx vite-node bench/ranking.bench.ts   (prints one JSON object)
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Window } from 'happy-dom';
import type { Pack } from '../lib/model';
import { aliasText } from '../lib/model';
import { earliestYears, linkSpecificity, specificityFor } from '../lib/ranking';
import { type EntryFacts, meaningFacts } from '../lib/ranking-context';
import { rankMeanings } from '../lib/page/mention-context';

const PARAGRAPHS = 60;
const NAMES_PER_PARAGRAPH = 8;
const HOVERS = 2000;

const pack = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../public/packs/western-balkans.json'), 'utf8'),
) as Pack;
// Links as the term index has them: relations in both directions.
const links: Record<string, string[]> = {};
for (const entry of pack.entries) {
  for (const relation of entry.related) {
    (links[entry.id] ??= []).push(relation.id);
    (links[relation.id] ??= []).push(entry.id);
  }
}
const candidates = ['ohrid', 'ohrid-framework-agreement', 'ohrid-agreement-2023'];
const pageLinks = Object.fromEntries(candidates.map((id) => [id, links[id] ?? []]));
const specificity = specificityFor(linkSpecificity(links), pageLinks);
// The meaning facts as the background computes them (lib/background/page-term-index.ts).
const terms = pack.entries.flatMap((entry) =>
  [entry.title, ...entry.aliases.map(aliasText)].map((text) => ({ text, entryIds: [entry.id] })),
);
terms.push({ text: 'Ohrid', entryIds: candidates });
const entryFacts: Record<string, EntryFacts> = Object.fromEntries(
  pack.entries.map((entry) => [entry.id, { type: entry.type, title: entry.title, eventYears: [] as number[] }]),
);
for (const event of pack.events) {
  for (const id of event.entries) entryFacts[id]?.eventYears.push(Number(event.date.slice(0, 4)));
}
const ranking = {
  links: pageLinks,
  specificity,
  since: earliestYears(terms, new Set(candidates)),
  meanings: meaningFacts(terms, entryFacts, new Set(candidates)),
};

const window = new Window();
const document = window.document as unknown as Document;
// Page code reads NodeFilter as a global, as in a browser.
globalThis.NodeFilter ??= window.NodeFilter as unknown as typeof NodeFilter;
const ids = pack.entries.map((entry) => entry.id);
const article = document.createElement('article');
const sidebar = document.createElement('aside');
sidebar.className = 'related-posts';
document.body.append(article, sidebar);
const spotted: { node: Text; entryIds: readonly string[] }[] = [];
for (let p = 0; p < PARAGRAPHS; p++) {
  const paragraph = document.createElement(p % 6 === 5 ? 'li' : 'p');
  (p % 6 === 5 ? sidebar : article).append(paragraph);
  for (let n = 0; n < NAMES_PER_PARAGRAPH; n++) {
    const node = document.createTextNode(`name ${p}-${n} `);
    paragraph.append(node);
    spotted.push({ node, entryIds: [ids[(p * NAMES_PER_PARAGRAPH + n) % ids.length]!] });
  }
}
// The mention in a sentence of its own, with a cue word, a year and other names around it.
const sentence = document.createTextNode('In March 2023 the leaders met again in the old town of Ohrid, by the lake. ');
spotted[3]!.node.after(sentence);
const start = sentence.data.indexOf('Ohrid');
const mention = { node: sentence, start, end: start + 5, entryIds: candidates };
spotted.push(mention);

const times: number[] = [];
for (let i = 0; i < HOVERS; i++) {
  const start = performance.now();
  rankMeanings(mention, spotted, ranking, '2023-03-20');
  times.push(performance.now() - start);
}
times.sort((a, b) => a - b);
const at = (q: number) => Number(times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(4));
console.log(
  JSON.stringify({
    benchmark: 'ranking',
    spottedNames: spotted.length,
    hovers: HOVERS,
    msPerHover: { p50: at(0.5), p95: at(0.95), max: at(1) },
    budgetMs: 0.5,
    machine: { cpus: cpus().length, loadavg: loadavg().map((x) => Number(x.toFixed(2))) },
  }),
);
await window.happyDOM.close();
