/**
 * How an alias's case is compared, decided once per alias while the matcher
 * is compiled; the scan only reads the outcome from the key table.
 */
import type { CaseMode } from '../model';

/** Whether an alias under `mode` must match in its own case. */
export function isCaseSensitive(text: string, mode: CaseMode): boolean {
  if (mode !== 'auto') return mode === 'sensitive';
  return HAS_LETTER.test(text) && !HAS_NON_CAPITAL_LETTER.test(text);
}

/**
 * How an alias's case is compared:
 * - `exact`: acronyms in capitals (KFOR) and `sensitive` aliases;
 * - `initial`: a proper name under `auto` (Kosovo, Trump) matches in any case
 *   as long as it starts with a capital, so "Kosovo security force" and
 *   "KOSOVO" match but the common word "trump" in "trump card" does not;
 * - `any`: everything else, and every `insensitive` alias.
 */
export type CaseRule = 'exact' | 'initial' | 'any';
export function caseRuleOf(text: string, mode: CaseMode): CaseRule {
  if (isCaseSensitive(text, mode)) return 'exact';
  return mode === 'auto' && STARTS_WITH_CAPITAL.test(text.trimStart()) ? 'initial' : 'any';
}
const STARTS_WITH_CAPITAL = /^\p{Lu}/u;
const HAS_LETTER = /\p{L}/u;
const HAS_NON_CAPITAL_LETTER = /(?!\p{Lu})\p{L}/u;
