/**
 * `npm run bench`: runs every benchmark script, one after the other (they
 * must not compete for the CPU), and prints one JSON document with the
 * figures of each. A benchmark script prints exactly one JSON object on
 * stdout; its progress and warnings go to stderr, which is passed through.
 *
 * Usage: node bench/run.mjs [name ...]   (names: matcher, search, ranking, pages, card; default all)
 *
 * The page benchmark measures the built extension, so it is rebuilt first
 * (Chromium only); it is skipped, with the reason in the output, when no
 * Chromium is installed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const BENCHMARKS = [
  { name: 'matcher', file: 'bench/matcher.bench.ts' },
  // Written separately; the runner includes it when it is there.
  { name: 'search', file: 'bench/search.bench.ts' },
  { name: 'ranking', file: 'bench/ranking.bench.ts' },
  { name: 'pages', file: 'bench/pages.bench.ts', needsBrowser: true },
  { name: 'card', file: 'bench/card.bench.ts', needsBrowser: true },
];

const CHROMIUM_CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];

function run(command, args, env = {}) {
  return spawnSync(command, args, {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
}

function runBenchmark(benchmark) {
  if (!existsSync(join(root, benchmark.file))) return { skipped: `${benchmark.file} does not exist` };
  if (benchmark.needsBrowser) {
    if (!CHROMIUM_CANDIDATES.some((path) => path && existsSync(path))) {
      return { skipped: 'no Chromium (install Debian’s chromium or set CHROMIUM_PATH)' };
    }
    process.stderr.write('bench: building the Chromium extension for the page benchmark\n');
    // With hidden source maps: the page benchmark reads the content script's composition from its map.
    const build = run('npx', ['wxt', 'build'], { BUNDLE_SOURCEMAPS: 'hidden' });
    if (build.status !== 0)
      return { error: `wxt build failed (exit ${build.status})`, output: build.stdout.slice(-2000) };
  }
  process.stderr.write(`bench: running ${benchmark.file}\n`);
  const started = Date.now();
  const result = run('npx', ['vite-node', benchmark.file]);
  const seconds = Number(((Date.now() - started) / 1000).toFixed(1));
  if (result.status !== 0) {
    return { error: `exit ${result.status ?? result.signal}`, seconds, output: result.stdout.slice(-2000) };
  }
  try {
    return { seconds, ...JSON.parse(result.stdout) };
  } catch {
    return { error: 'the benchmark did not print one JSON document', seconds, output: result.stdout.slice(-2000) };
  }
}

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !BENCHMARKS.some((benchmark) => benchmark.name === name));
if (unknown.length) {
  process.stderr.write(
    `unknown benchmark: ${unknown.join(', ')} (known: ${BENCHMARKS.map((b) => b.name).join(', ')})\n`,
  );
  process.exit(2);
}

const report = { date: new Date().toISOString(), node: process.version, benchmarks: {} };
for (const benchmark of BENCHMARKS) {
  if (wanted.length && !wanted.includes(benchmark.name)) continue;
  report.benchmarks[benchmark.name] = runBenchmark(benchmark);
}
console.log(JSON.stringify(report, null, 2));
const failed = Object.values(report.benchmarks).some((result) => 'error' in result);
process.exitCode = failed ? 1 : 0;
