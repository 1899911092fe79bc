/**
 * The prefilter's walk of a document: the reading text, and then what the
 * page adds, walked as the matcher would (same scanner, same skipped
 * subtrees), but only the prefilter is asked and nothing is recorded or
 * drawn. It uses the Spotter's scanner, so the first stage decides
 * "candidate" from exactly the text the Spotter will scan. Part of the
 * on-demand module candidate-walk-module.ts.
 */
import type { Prefilter } from '../matcher/prefilter';
import type { Matcher } from '../matcher/tables';
import { PageScanner, type ScanSink } from './scanner';

/**
 * Calls `onCandidate` once, at the first text that may hold a mention, and
 * stops watching then (or when `signal` aborts). Returns the scanner, whose
 * idle() tells when the text queued so far has been walked.
 */
export function watchForCandidates(
  root: Node,
  prefilter: Prefilter,
  options: { ownHostName: string; signal: AbortSignal; onCandidate: () => void },
): PageScanner {
  const seen = new AbortController();
  const gate: Matcher = {
    find: (text) => {
      if (!seen.signal.aborted && prefilter.mayMatch(text)) {
        seen.abort();
        options.onCandidate();
      }
      return [];
    },
    keyCount: 1,
  };
  const scanner = new PageScanner(root, gate, NOTHING_RECORDED, {
    ownHostName: options.ownHostName,
    signal: AbortSignal.any([options.signal, seen.signal]),
  });
  scanner.start().catch((error: unknown) => {
    // Nothing in the walk is expected to throw; if it does, the frame stays silent, and says why.
    console.error('Context Lens: the prefilter walk stopped', error);
  });
  return scanner;
}

/** Where the prefilter's walk records its (always empty) results. */
const NOTHING_RECORDED: ScanSink = {
  set: () => undefined,
  remove: () => undefined,
  sweepDisconnected: () => undefined,
  addShadowRoot: () => undefined,
};
