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
import { join } from 'node:path';
import { PackImportError } from '../lib/packs/import';
import { formatProblems } from '../lib/packs/validate';
import { publishPack, PublishError } from './pack-tools/publish';

const [dir, source = join(import.meta.dirname, '..', 'public', 'packs', 'western-balkans.json')] = process.argv
  .slice(2)
  .filter((arg) => arg !== '--');
if (!dir) {
  console.error('Usage: npm run pack:publish DIR [PACK_FILE_OR_FOLDER]');
  process.exit(2);
}

try {
  const { packPath, descriptorPath, descriptor } = await publishPack(source, dir);
  console.log(`${packPath}: ${descriptor.size} bytes, sha256 ${descriptor.sha256}`);
  console.log(`${descriptorPath}: subscribe to its address`);
} catch (error) {
  if (error instanceof PackImportError) {
    console.error(`${source} is not publishable:\n${formatProblems(error.problems, 50)}`);
  } else if (error instanceof PublishError) {
    console.error(error.message);
  } else {
    throw error;
  }
  process.exit(1);
}
