/** Normalisation and the multi-pattern matcher: pure functions, no DOM. */
export { compileMatcher, compileMatcherInSlices, isCaseSensitive } from './matcher';
export type { Match, Matcher, MatcherOptions } from './matcher';
export { foldKey, foldText, FoldBuffer } from './fold';
export type { FoldedText } from './fold';
export { transliterateSerbian } from './transliterate';
