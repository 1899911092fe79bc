/**
 * What the content script's first stage (first-stage.ts) knows of the
 * spotting stage without loading it. The spotting stage (the Spotter: the
 * term index, the scan, the highlights, the card controller, the answers to
 * the popup) is a separate module, content-scripts/spotting.js, built from
 * spotting-module.ts and imported at the first candidate the prefilter finds.
 * Only types and a constant live here.
 */
import type { Settings } from '../settings';
import type { OnPageRequest } from './page-requests';

/**
 * The spotting module's path in the built extension: written there by wxt.config.ts,
 * listed in the manifest's web_accessible_resources, and imported by the entrypoint.
 */
export const SPOTTING_MODULE_PATH = 'content-scripts/spotting.js';

/** What the first stage hands over at the first candidate. */
export interface SpottingHandoff {
  /** The settings the first stage read, so the spotting stage starts without reading them again. */
  settings: Settings;
  /** Takes over the popup's questions from the first stage (a no-op in child frames, which the popup never asks). */
  onPageRequest: OnPageRequest;
}

export interface SpottingModule {
  /** Spots the page, starting with the term index (a candidate was seen). */
  startSpotting(handoff: SpottingHandoff): Promise<void>;
}
