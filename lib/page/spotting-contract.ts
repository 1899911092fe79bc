/**
 * What the content script's first stage (first-stage.ts) knows of the
 * spotting stage without loading it. The spotting stage (the Spotter: the
 * term index, the scan, the highlights, the card controller, the answers to
 * the popup) is a separate module, content-scripts/spotting.js, built from
 * spotting-module.ts and imported at the first candidate the prefilter finds.
 * Only types and a constant live here.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { PageTermIndex } from '../model';
import type { OnPageRequest } from './page-requests';

/**
 * The spotting module's path in the built extension: written there by wxt.config.ts,
 * listed in the manifest's web_accessible_resources, and imported by the entrypoint.
 */
export const SPOTTING_MODULE_PATH = 'content-scripts/spotting.js';

export interface SpottingModule {
  /**
   * Spots the page, starting with the term index (a candidate was seen).
   * `onPageRequest` takes over the popup's questions from the first stage;
   * `termIndex` is the index the first stage asked for while this module
   * loaded, so the two waits overlap.
   */
  startSpotting(
    ctx: ContentScriptContext,
    onPageRequest: OnPageRequest,
    termIndex: Promise<PageTermIndex | null>,
  ): Promise<void>;
}
