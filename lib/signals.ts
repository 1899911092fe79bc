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
import { storage } from 'wxt/utils/storage';

interface Change {
  subject: string;
  /** Makes two changes of the same subject distinct, so the second one still fires. */
  at: number;
}

function defineSignal(key: `local:${string}`) {
  const item = storage.defineItem<Change | null>(key, { fallback: null });
  return {
    announce: (subject: string) => item.setValue({ subject, at: Date.now() + Math.random() }),
    watch: (onChange: (subject: string) => void) =>
      item.watch((change) => {
        if (change && typeof change.subject === 'string') onChange(change.subject);
      }),
  };
}

const noteSignal = defineSignal('local:lastNoteChange');
const termsSignal = defineSignal('local:lastTermsChange');

/** The notes of `entryId` changed. */
export const announceNoteChange = (entryId: string): Promise<void> => noteSignal.announce(entryId);
export const watchNoteChanges = (onChange: (entryId: string) => void): (() => void) => noteSignal.watch(onChange);

/** The term index changed; `reason` is for debugging only. */
export const announceTermsChange = (reason: string): Promise<void> => termsSignal.announce(reason);
export const watchTermsChanges = (onChange: () => void): (() => void) => termsSignal.watch(() => onChange());
