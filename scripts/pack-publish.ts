/**
 * Writes a pack and its descriptor into a folder, ready to upload together:
 *   DIR/<id>-<version>.json      the pack, byte for byte what readers download
 *   DIR/<id>.descriptor.json     version, size and SHA-256 of that file (docs/pack-format.md)
 * The pack file's name carries its version, so a reader fetching the
 * descriptor just before an upload finishes still finds the old file intact.
 * Upload the pack first and the descriptor last.
 *
 * Usage: npm run pack:publish DIR [PACK_FILE_OR_FOLDER]   (default: the bundled pack)
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkPackDocument, parseUntrustedJson, PackImportError } from '../lib/packs/import';
import { describePackFile } from '../lib/packs/descriptor';
import { formatProblems } from '../lib/packs/validate';
import { readPackSource } from './pack-tools/read-pack';

const [dir, source = join(import.meta.dirname, '..', 'public', 'packs', 'western-balkans.json')] = process.argv
  .slice(2)
  .filter((arg) => arg !== '--');
if (!dir) {
  console.error('Usage: npm run pack:publish DIR [PACK_FILE_OR_FOLDER]');
  process.exit(2);
}

const { bytes, text } = readPackSource(source);
let pack;
try {
  // The same checks (and size limit) as a reader's extension: a pack it would refuse is not published.
  pack = checkPackDocument(parseUntrustedJson(text, Number.MAX_SAFE_INTEGER));
} catch (error) {
  if (!(error instanceof PackImportError)) throw error;
  console.error(`${source} is not publishable:\n${formatProblems(error.problems, 50)}`);
  process.exit(1);
}

const packFileName = `${pack.id}-${pack.version}.json`;
const packPath = join(dir, packFileName);
// A published version is immutable: readers who have it never fetch it again.
if (existsSync(packPath) && !Buffer.from(bytes).equals(readFileSync(packPath))) {
  console.error(`${packPath} already exists with other content: raise the pack's version first`);
  process.exit(1);
}
const descriptor = await describePackFile(pack, bytes, packFileName);
mkdirSync(dir, { recursive: true });
writeFileSync(packPath, bytes);
const descriptorPath = join(dir, `${pack.id}.descriptor.json`);
writeFileSync(descriptorPath, `${JSON.stringify(descriptor, null, 2)}\n`);
console.log(`${packPath}: ${descriptor.size} bytes, sha256 ${descriptor.sha256}`);
console.log(`${descriptorPath}: subscribe to its address`);
