/**
 * The default pack shipped inside the extension (public/packs/). It is read
 * from the extension's own files, validated like any imported pack, and
 * installed when missing or when the shipped version differs.
 */
import type { LensDatabase } from '../db/database';
import { getInstalledPack, installPack } from '../db/repository';
import { formatProblems, validatePack } from './validate';

export const BUNDLED_PACK_PATH = '/packs/western-balkans.json';

export class PackError extends Error {
  override name = 'PackError';
}

export type BundledPackOutcome = 'installed' | 'updated' | 'current';

/**
 * @param loadJson reads the bundled file; injected so tests need no extension runtime.
 */
export async function ensureBundledPack(
  db: LensDatabase,
  loadJson: () => Promise<unknown>,
): Promise<BundledPackOutcome> {
  const result = validatePack(await loadJson());
  if (!result.ok) throw new PackError(`The bundled pack is invalid:\n${formatProblems(result.problems)}`);
  const installed = await getInstalledPack(db, result.pack.id);
  if (installed?.version === result.pack.version) return 'current';
  await installPack(db, result.pack);
  return installed ? 'updated' : 'installed';
}
