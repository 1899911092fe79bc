/**
 * What every read and write of lib/db runs inside: the browser's and Dexie's
 * terse failures turned into errors a reader can act on.
 */
import { DatabaseBlockedError, type LensDatabase } from './database';
import type { PackProblem } from '../packs/validate';

/** The browser refused a write for lack of space. Transactions abort whole, so nothing partial is left. */
export class StorageFullError extends Error {
  override name = 'StorageFullError';
  constructor() {
    super(
      'The browser has no room left for Context Lens data, so nothing was saved. ' +
        'Free some disk space on this computer, then try again.',
    );
  }
}

/** A pack would overwrite entries or events that belong to another pack (ids are global keys). */
export class PackConflictError extends Error {
  override name = 'PackConflictError';
  constructor(readonly problems: PackProblem[]) {
    super(problems.map((problem) => `${problem.path}: ${problem.message}`).join('\n'));
  }
}

/** Walks Dexie's wrappers (`inner`, BulkError `failures`) looking for the browser's quota error. */
function isQuotaError(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  const { name, inner, failures } = error as { name?: unknown; inner?: unknown; failures?: unknown };
  if (name === 'QuotaExceededError') return true;
  if (isQuotaError(inner, depth + 1)) return true;
  const failureList = failures && typeof failures === 'object' ? Object.values(failures) : [];
  return failureList.some((failure) => isQuotaError(failure, depth + 1));
}

/** Replaces the browser's and Dexie's terse errors with ones a reader can act on. */
export function explainDatabaseError(db: LensDatabase, error: unknown): unknown {
  if (isQuotaError(error)) return new StorageFullError();
  if (db.blockedOpenFailed && error instanceof Error && error.name === 'DatabaseClosedError') {
    return new DatabaseBlockedError();
  }
  return error;
}

/**
 * Runs one read or write of lib/db: re-opens a database whose last open gave up
 * because it was blocked (the other connection may be gone by now), and
 * explains quota and blocked failures.
 */
export async function guarded<T>(db: LensDatabase, work: () => Promise<T>): Promise<T> {
  try {
    if (db.blockedOpenFailed && !db.isOpen()) await db.reopenAfterBlocked();
    return await work();
  } catch (error) {
    throw explainDatabaseError(db, error);
  }
}
