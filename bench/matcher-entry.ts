/** What the matcher bench bundles: the matcher and the fold buffer the search uses (the fold-only floor). */
export { compileMatcher } from '../lib/matcher/compile';
export { FoldBuffer } from '../lib/matcher/fold';
