/**
 * The content script's prefilter walk as an on-demand module (see
 * candidate-walk-contract.ts), imported by the first stage once a frame has
 * text to walk.
 */
import { prefilterFromCompiled, type Prefilter } from '../matcher/prefilter';
import { watchForCandidates } from './candidate-watch';
import type { CandidateWalkModule } from './candidate-walk-contract';

export const walkForCandidates: CandidateWalkModule['walkForCandidates'] = (root, prefilter, options) => {
  watchForCandidates(root, decodedOnFirstText(prefilter), options);
};

/**
 * The prefilter of `payload`, read when the walk first meets reading text:
 * a root without reading text (only an empty shell so far) never needs it,
 * nor the fold tables (384 KB) that reading it allocates (fold.ts). A
 * payload that is not a prefilter throws there, and the walk stops.
 */
function decodedOnFirstText(payload: unknown): Prefilter {
  let decoded: Prefilter | undefined;
  return { mayMatch: (text) => (decoded ??= prefilterFromCompiled(payload)).mayMatch(text) };
}
