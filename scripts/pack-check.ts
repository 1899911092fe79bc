/**
 * Checks a pack with the extension's own validation (lib/packs/import.ts) and
 * prints every problem with its path, then the warnings of lib/packs/lint.ts.
 * Exits with 1 when the pack would be refused.
 *
 * Usage: npm run pack:check FILE_OR_FOLDER
 */
import { checkPackDocument, parseUntrustedJson, PackImportError } from '../lib/packs/import';
import { lintPack } from '../lib/packs/lint';
import type { PackProblem } from '../lib/packs/validate';
import { readPackSource } from './pack-tools/read-pack';

const path = process.argv.slice(2).find((arg) => arg !== '--');
if (!path) {
  console.error('Usage: npm run pack:check FILE_OR_FOLDER');
  process.exit(2);
}

const print = (label: string, problems: readonly PackProblem[]) => {
  for (const problem of problems) console.log(`${label} ${problem.path}: ${problem.message}`);
};

try {
  const pack = checkPackDocument(parseUntrustedJson(readPackSource(path).text, Number.POSITIVE_INFINITY));
  const warnings = lintPack(pack);
  print('warning', warnings);
  console.log(
    `${path}: ${pack.id} ${pack.version} is valid (${pack.entries.length} entries, ${pack.events.length} events, ` +
      `${warnings.length} warning${warnings.length === 1 ? '' : 's'})`,
  );
} catch (error) {
  if (!(error instanceof PackImportError)) throw error;
  print('error', error.problems);
  console.log(
    `${path}: ${error.problems.length} error${error.problems.length === 1 ? '' : 's'}; readers would not get this pack`,
  );
  process.exit(1);
}
