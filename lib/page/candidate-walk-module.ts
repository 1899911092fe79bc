/**
 * The content script's prefilter walk as an on-demand module (see
 * candidate-walk-contract.ts), imported by the first stage once a frame has
 * text to walk.
 */
import { prefilterFromCompiled, type Prefilter } from '../matcher/prefilter';
import { watchForCandidates } from './candidate-watch';
import type { CandidateWalkModule } from './candidate-walk-contract';

export const walkForCandidates: CandidateWalkModule['walkForCandidates'] = (root, prefilter, options) => {
  const decoded = readPrefilter(prefilter);
  if (decoded) watchForCandidates(root, decoded, options);
};

/**
 * The prefilter, read in the task that evaluated this module rather than in
 * the walk's first slice: reading it allocates the fold tables (384 KB,
 * fold.ts), and on heavy pages that first slice was the longest task the
 * first stage caused. Only a frame with text loads this module, so it is
 * always needed. A damaged one stops the walk, and the frame stays silent
 * until a new one is published.
 */
function readPrefilter(payload: unknown): Prefilter | undefined {
  try {
    return prefilterFromCompiled(payload);
  } catch (error) {
    console.error('Context Lens: the prefilter could not be read', error);
    return undefined;
  }
}
