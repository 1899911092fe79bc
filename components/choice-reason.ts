import { t } from '@/lib/i18n';
import type { ChoiceReason } from '@/lib/ranking';

/**
 * The card's reason line when a word, a year or the article's date chose the
 * meaning (lib/ranking.ts explainRanking); undefined when the names on the
 * page chose it (the card names them itself) or nothing did. Years are
 * passed as text: a year is not a quantity ("2,001").
 */
export function choiceReasonText(reason: ChoiceReason | undefined): string | undefined {
  switch (reason?.kind) {
    case 'word':
      return t('cardChosenBecauseWord', reason.word);
    case 'year':
      return t('cardChosenBecauseYear', String(reason.year));
    case 'date':
      return t('cardChosenBecauseDate', String(reason.year));
    default:
      return undefined;
  }
}
