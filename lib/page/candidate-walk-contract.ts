/**
 * What the content script's first stage (first-stage.ts) knows of its
 * prefilter walk without loading it. The walk (candidate-watch.ts: the
 * scanner, the reading-text walker, the prefilter and the folding it reads
 * text with) is about two thirds of what the first stage once compiled in
 * every frame. It is a separate module, content-scripts/candidate-walk.js,
 * built from candidate-walk-module.ts and imported only by a frame that is
 * worth spotting, holds text and has spotting on. Only types and a constant
 * live here.
 */

/** The module's path in the built extension: written there by wxt.config.ts, web-accessible like the others. */
export const CANDIDATE_WALK_MODULE_PATH = 'content-scripts/candidate-walk.js';

export interface CandidateWalkOptions {
  /** The card's host element, whose subtree is never walked. */
  ownHostName: string;
  signal: AbortSignal;
  /** Called once, at the first text that may hold a mention. */
  onCandidate(): void;
}

export interface CandidateWalkModule {
  /**
   * Walks `root` and what is later added to it with the prefilter the
   * background published (`prefilter`, the payload as stored), until the
   * first candidate or until `options.signal` aborts. A payload that is not
   * a prefilter stops the walk with a console error at the first text.
   */
  walkForCandidates(root: Node, prefilter: unknown, options: CandidateWalkOptions): void;
}
