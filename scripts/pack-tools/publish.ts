/** What `npm run pack:publish` does, as a function the tests can call (scripts/pack-publish.ts is its command line). */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describePackFile, type PackDescriptor } from '../../lib/packs/descriptor';
import { checkPackDocument, parseUntrustedJson } from '../../lib/packs/import';
import { readPackSource } from './read-pack';

export class PublishError extends Error {
  override name = 'PublishError';
}

export interface Published {
  packPath: string;
  descriptorPath: string;
  descriptor: PackDescriptor;
}

/**
 * Writes DIR/<id>-<version>.json (byte for byte what readers download) and DIR/<id>.descriptor.json.
 * Throws PackImportError for a pack the extension would refuse, PublishError for a version published
 * before with other content (readers who have a version never fetch it again, so it must not change).
 */
export async function publishPack(source: string, dir: string): Promise<Published> {
  const { bytes, text } = readPackSource(source);
  // The same checks as a reader's extension; no size limit here, the descriptor's schema has it.
  const pack = checkPackDocument(parseUntrustedJson(text, Number.MAX_SAFE_INTEGER));
  const packFileName = `${pack.id}-${pack.version}.json`;
  const packPath = join(dir, packFileName);
  if (existsSync(packPath) && !Buffer.from(bytes).equals(readFileSync(packPath))) {
    throw new PublishError(`${packPath} already exists with other content: raise the pack's version first`);
  }
  const descriptor = await describePackFile(pack, bytes, packFileName);
  mkdirSync(dir, { recursive: true });
  writeFileSync(packPath, bytes);
  const descriptorPath = join(dir, `${pack.id}.descriptor.json`);
  writeFileSync(descriptorPath, `${JSON.stringify(descriptor, null, 2)}\n`);
  return { packPath, descriptorPath, descriptor };
}
