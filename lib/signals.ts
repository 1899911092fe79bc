/**
 * Change signals for every open tab, carried by extension storage, which
 * every extension context (content scripts included) hears without a tab
 * list or a permission. Only ids and versions travel, never note text.
 *
 * - notes: a card showing that entry reloads its notes, so a note written in
 *   one tab or in the popup appears everywhere at once;
 * - terms: entries or aliases changed (own entry saved, pack imported), so
 *   tabs fetch the new term index and spot again.
 */
import { watchLocal, writeLocal } from './local-storage';

function defineSignal(key: string) {
  return {
    announce: (subject: string) =>
      // `at` makes two changes of the same subject distinct, so the second one still fires.
      writeLocal(key, { subject, at: Date.now() + Math.random() }),
    watch: (onChange: (subject: string) => void) =>
      watchLocal(key, (change) => {
        // Anything else written under the key (a damaged record, another version's format) is ignored.
        if (change && typeof change === 'object' && 'subject' in change && typeof change.subject === 'string') {
          onChange(change.subject);
        }
      }),
  };
}

const noteSignal = defineSignal('lastNoteChange');
const termsSignal = defineSignal('lastTermsChange');

/** The notes of `entryId` changed. */
export const announceNoteChange = (entryId: string): Promise<void> => noteSignal.announce(entryId);
export const watchNoteChanges = (onChange: (entryId: string) => void): (() => void) => noteSignal.watch(onChange);

/** The term index changed; `reason` is for debugging only. */
export const announceTermsChange = (reason: string): Promise<void> => termsSignal.announce(reason);
export const watchTermsChanges = (onChange: () => void): (() => void) => termsSignal.watch(() => onChange());
