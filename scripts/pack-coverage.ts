/**
 * Prints how much of the coverage set (tests/fixtures/coverage/articles.json)
 * a pack explains: per article, overall, per kind, and the names still missing.
 * By default it assembles the pack fresh from packs-src/, so authors see the
 * effect of an edit before `npm run pack`.
 *
 * Usage: npm run coverage [-- --pack FILE.json | --source DIR] [--json]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as v from 'valibot';
import { CoverageSetSchema, formatCoverage, measureCoverage } from '../lib/packs/coverage';
import { formatProblems, validatePack } from '../lib/packs/validate';
import { assemblePack } from './assemble-pack';

const root = join(import.meta.dirname, '..');
const argument = (flag: string) => {
  const at = process.argv.indexOf(flag);
  return at >= 0 ? process.argv[at + 1] : undefined;
};

const packFile = argument('--pack');
const raw: unknown = packFile
  ? JSON.parse(readFileSync(packFile, 'utf8'))
  : assemblePack(argument('--source') ?? join(root, 'packs-src', 'western-balkans'));
const validation = validatePack(raw);
if (!validation.ok) {
  console.error(`The pack is invalid:\n${formatProblems(validation.problems, 20)}`);
  process.exit(1);
}
const set = v.parse(
  CoverageSetSchema,
  JSON.parse(readFileSync(join(root, 'tests/fixtures/coverage/articles.json'), 'utf8')),
);
const report = measureCoverage(validation.pack.entries, set.articles);
console.log(process.argv.includes('--json') ? JSON.stringify(report, null, 1) : formatCoverage(report));
