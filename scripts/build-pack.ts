/**
 * Assembles the bundled pack from its source fragments in packs-src/<pack>/,
 * validates the result and writes public/packs/<pack>.json.
 * Fragments let several people edit the pack without touching one huge file.
 *
 * Usage: npm run pack [-- --check]   (--check fails if the output is stale)
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { validatePack, formatProblems } from '../lib/packs/validate';
import { assemblePack } from './assemble-pack';

const PACK_ID = 'western-balkans';
const sourceDir = join(import.meta.dirname, '..', 'packs-src', PACK_ID);
const outputFile = join(import.meta.dirname, '..', 'public', 'packs', `${PACK_ID}.json`);

const assembled = assemblePack(sourceDir);
const result = validatePack(assembled);
if (!result.ok) {
  console.error(`The ${PACK_ID} pack is invalid:\n${formatProblems(result.problems, 50)}`);
  process.exit(1);
}
const output = `${JSON.stringify(assembled, null, 1)}\n`;
if (process.argv.includes('--check')) {
  if (!existsSync(outputFile) || readFileSync(outputFile, 'utf8') !== output) {
    console.error(`${outputFile} is out of date: run npm run pack`);
    process.exit(1);
  }
} else {
  writeFileSync(outputFile, output);
}
console.log(`${PACK_ID}: ${result.pack.entries.length} entries, ${result.pack.events.length} events`);
