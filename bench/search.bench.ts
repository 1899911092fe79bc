/**
 * Per-keystroke search time of the popup over a 5,000-entry glossary: plain
 * fuse.js (one index over every entry, as the popup first had it) beside
 * GlossarySearch (folded trigram/prefix shortlist, then fuse.js ranking),
 * measured in the same run on the same entries and keystrokes.
 *
 * The glossary is the bundled pack plus generated entries whose names are
 * recombined from the pack's own words and whose summaries are reshuffled
 * sentences of real summaries, so word and trigram frequencies look like the
 * real thing. Every query is typed one character at a time and every prefix
 * is searched, as the popup does on each keystroke.
 *
 * Run: npx vite-node bench/search.bench.ts   (prints one JSON object)
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import Fuse from 'fuse.js';
import { aliasText, type Entry, type Pack } from '../lib/model';
import { GlossarySearch } from '../lib/search/glossary-search';
import { seededRandom } from './aliases';

const GLOSSARY_SIZE = 5000;
/** Plain fuse.js takes long enough per keystroke that one pass gives stable percentiles. */
const PLAIN_ROUNDS = 1;
const OUR_ROUNDS = 5;
const RESULT_LIMIT = 30;

/** Queries a reader would type, with the typos and missing diacritics readers make. */
const QUERIES = [
  'KFOR',
  'Stoltenburg',
  'Zvecan',
  'Kosovo Security Force',
  'Pristina',
  'Republika Srpska',
  'Ohrid agreement',
  'vucic',
  'EULEX',
  'Brussels agreement',
  'Mitrovica',
  'Dayton',
  'Kurti',
  'Srebrenica',
  'Thaci',
  'Djukanovic',
  'Belgrade',
  'Skopje',
  'peacekeeping',
  'Milosevic',
];

function syntheticGlossary(pack: Pack, size: number): Entry[] {
  const real: Entry[] = pack.entries.map((entry) => ({ ...entry, packId: pack.id }));
  // Seeded, so every run benchmarks the same glossary.
  const next = seededRandom(20261129);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const nameWords = [...new Set(real.flatMap((entry) => entry.title.split(/\s+/)).filter((w) => /^\p{Lu}/u.test(w)))];
  const sentences = real.flatMap((entry) => entry.summary.split(/(?<=\.)\s+/));
  const generated: Entry[] = [];
  for (let i = real.length; i < size; i++) {
    const template = pick(real);
    const wordCount = 1 + Math.floor(next() * 3);
    const title = Array.from({ length: wordCount }, () => pick(nameWords)).join(' ');
    const aliasCount = Math.floor(next() * 3);
    generated.push({
      ...template,
      id: `synthetic-${i}`,
      title,
      aliases: Array.from({ length: aliasCount }, () => `${pick(nameWords)} ${pick(nameWords)}`),
      summary: Array.from({ length: 2 + Math.floor(next() * 3) }, () => pick(sentences)).join(' '),
      related: [],
    });
  }
  return [...real, ...generated];
}

/** Every prefix of every query, as typed. */
function keystrokes(queries: readonly string[]): string[] {
  return queries.flatMap((query) => Array.from({ length: query.length }, (_, i) => query.slice(0, i + 1)));
}

function percentile(sorted: readonly number[], fraction: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

interface Timings {
  /** Wall-clock time per keystroke: what a reader waits on this machine at this moment. */
  wall: number[];
  /**
   * CPU time of the process per keystroke: the work itself, which a busy
   * machine does not inflate the way it inflates wall-clock time.
   */
  cpu: number[];
}

/**
 * Times both searches keystroke by keystroke, interleaved, so a busy moment
 * on the machine slows both alike rather than whichever happened to run then.
 */
function timeInterleaved(
  typed: readonly string[],
  searches: ReadonlyArray<{ rounds: number; search: (query: string) => unknown }>,
): Timings[] {
  const timings = searches.map((): Timings => ({ wall: [], cpu: [] }));
  const rounds = Math.max(...searches.map((item) => item.rounds));
  for (let round = 0; round < rounds; round++) {
    for (const query of typed) {
      searches.forEach((item, i) => {
        if (round >= item.rounds) return;
        const cpuStart = process.cpuUsage();
        const start = performance.now();
        item.search(query);
        timings[i]!.wall.push(performance.now() - start);
        const cpu = process.cpuUsage(cpuStart);
        timings[i]!.cpu.push((cpu.user + cpu.system) / 1000);
      });
    }
  }
  for (const timing of timings) {
    timing.wall.sort((a, b) => a - b);
    timing.cpu.sort((a, b) => a - b);
  }
  return timings;
}

function summary({ wall, cpu }: Timings) {
  return {
    p50Ms: round(percentile(wall, 0.5)),
    p95Ms: round(percentile(wall, 0.95)),
    maxMs: round(wall.at(-1)!),
    cpuP50Ms: round(percentile(cpu, 0.5)),
    cpuP95Ms: round(percentile(cpu, 0.95)),
  };
}

const pack = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../public/packs/western-balkans.json'), 'utf8'),
) as Pack;
const entries = syntheticGlossary(pack, GLOSSARY_SIZE);
const typed = keystrokes(QUERIES);

/** Wall-clock and CPU time of one piece of work, with its result. */
function measure<T>(work: () => T): { result: T; wallMs: number; cpuMs: number } {
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const result = work();
  const wallMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  return { result, wallMs: round(wallMs), cpuMs: round((cpu.user + cpu.system) / 1000) };
}

// The popup's first search: fuse.js over every entry, diacritics ignored by fuse itself.
const plainBuild = measure(
  () =>
    new Fuse(
      entries.map((entry) => ({
        entry,
        title: entry.title,
        aliases: entry.aliases.map(aliasText),
        summary: entry.summary,
      })),
      {
        keys: [
          { name: 'title', weight: 3 },
          { name: 'aliases', weight: 2 },
          { name: 'summary', weight: 0.4 },
        ],
        includeScore: true,
        ignoreDiacritics: true,
        ignoreLocation: true,
        threshold: 0.34,
        minMatchCharLength: 2,
      },
    ),
);
const plain = plainBuild.result;
const oursBuild = measure(() => new GlossarySearch(entries));
const ours = oursBuild.result;

const plainSearch = (query: string) => plain.search(query.trim(), { limit: RESULT_LIMIT }).map((r) => r.item.entry.id);
const oursSearch = (query: string) => ours.search(query, RESULT_LIMIT).map((r) => r.entry.id);

// Warm both up (JIT, fold tables) before timing.
for (const query of QUERIES) plainSearch(query);
for (const query of typed) oursSearch(query);
const [plainTimes, oursTimes] = timeInterleaved(typed, [
  { rounds: PLAIN_ROUNDS, search: plainSearch },
  { rounds: OUR_ROUNDS, search: oursSearch },
]) as [Timings, Timings];

// Same answers? Compare the top results of the finished queries, where plain fuse is the reference.
let sameTop = 0;
let top5Overlap = 0;
const differentTop: Array<{ query: string; plainFuse?: string; glossarySearch?: string; scores: string }> = [];
for (const query of QUERIES) {
  const expected = plainSearch(query);
  const actual = oursSearch(query);
  if (expected[0] === actual[0]) sameTop++;
  else {
    // fuse.js's own scores of both, to tell a tie broken differently from a miss.
    const scoreOf = (id?: string) =>
      plain
        .search(query)
        .find((result) => result.item.entry.id === id)
        ?.score?.toFixed(4) ?? 'unranked';
    differentTop.push({
      query,
      plainFuse: expected[0],
      glossarySearch: actual[0],
      scores: `${scoreOf(expected[0])} vs ${scoreOf(actual[0])}`,
    });
  }
  const expectedTop5 = expected.slice(0, 5);
  if (expectedTop5.length > 0)
    top5Overlap += expectedTop5.filter((id) => actual.slice(0, 5).includes(id)).length / expectedTop5.length;
  else top5Overlap += actual.length === 0 ? 1 : 0;
}

// Keeping the index current: re-syncing after one entry changed, versus building anew.
const changed = entries.map((entry, i) => (i === 7 ? { ...entry, summary: `${entry.summary} Updated.` } : entry));
const syncOneChange = measure(() => ours.sync(changed));

const plainStats = summary(plainTimes);
const oursStats = summary(oursTimes);
console.log(
  JSON.stringify(
    {
      benchmark: 'popup search per keystroke',
      // Timings scale with how busy the machine is; these say how busy it was.
      machine: { cpus: cpus().length, loadAverage1m: round(loadavg()[0]!), node: process.version },
      entries: entries.length,
      realEntries: pack.entries.length,
      queries: QUERIES.length,
      keystrokes: typed.length,
      rounds: { plainFuse: PLAIN_ROUNDS, glossarySearch: OUR_ROUNDS },
      plainFuse: { ...plainStats, buildMs: plainBuild.wallMs, buildCpuMs: plainBuild.cpuMs },
      glossarySearch: {
        ...oursStats,
        buildMs: oursBuild.wallMs,
        buildCpuMs: oursBuild.cpuMs,
        syncOneChangeMs: syncOneChange.wallMs,
        syncOneChangeCpuMs: syncOneChange.cpuMs,
      },
      speedup: {
        p50: round(plainStats.p50Ms / oursStats.p50Ms),
        p95: round(plainStats.p95Ms / oursStats.p95Ms),
        cpuP50: round(plainStats.cpuP50Ms / oursStats.cpuP50Ms),
        cpuP95: round(plainStats.cpuP95Ms / oursStats.cpuP95Ms),
      },
      targetP95Ms: 16,
      meetsTarget: { wallClock: oursStats.p95Ms <= 16, cpuTime: oursStats.cpuP95Ms <= 16 },
      agreementWithPlainFuse: {
        sameTopResult: `${sameTop}/${QUERIES.length}`,
        top5Overlap: round(top5Overlap / QUERIES.length),
        differentTop,
      },
    },
    null,
    2,
  ),
);
