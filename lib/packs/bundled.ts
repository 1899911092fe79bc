/**
 * The default pack shipped inside the extension (public/packs/). It is read
 * from the extension's own files, validated like any imported pack, and
 * installed when missing or when the shipped version differs.
 */
import type { LensDatabase } from '../db/database';
import { getInstalledPack, installPack } from '../db/packs';
import { formatProblems, validatePack } from './validate';

export const BUNDLED_PACK_PATH = '/packs/western-balkans.json';

export class PackError extends Error {
  override name = 'PackError';
}

/** Orders semantic versions ("1.10.0" > "1.9.2"); the pack schema guarantees the MAJOR.MINOR.PATCH form. */
export function compareVersions(a: string, b: string): number {
  const [pa, pb] = [a, b].map((version) => version.split('.').map(Number));
  for (let i = 0; i < 3; i++) {
    const difference = (pa?.[i] ?? 0) - (pb?.[i] ?? 0);
    if (difference) return Math.sign(difference);
  }
  return 0;
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
  // A newer version the reader imported must survive every service-worker start: never downgrade it.
  if (installed && compareVersions(installed.version, result.pack.version) >= 0) return 'current';
  await installPack(db, result.pack);
  return installed ? 'updated' : 'installed';
}
