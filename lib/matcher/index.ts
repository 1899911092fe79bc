/** Normalisation and the multi-pattern matcher: pure functions, no DOM. */
export { compileMatcher, compileMatcherInSlices } from './compile';
export type { MatcherOptions } from './compile';
export { isCaseSensitive } from './case-rule';
export type { Match, Matcher } from './tables';
export { FoldBuffer } from './fold';
export { foldKey, foldText } from './fold-text';
export type { FoldedText } from './fold-text';
export { transliterateSerbian } from './transliterate';
