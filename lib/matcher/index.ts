/**
 * The matcher's public face for code that is not a page (the popup's search,
 * tests, tools). Page code imports compiled.ts and scan.ts directly, so that
 * no builder code reaches the content script (tests/content-script-bundle.test.ts).
 */
export { compileMatcher } from './compile';
export type { Match, Matcher } from './tables';
export { foldKey } from './fold-text';
