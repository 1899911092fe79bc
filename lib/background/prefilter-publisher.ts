/**
 * Keeps the term prefilter published in `storage.local` (lib/published-prefilter.ts)
 * for the first stage of every frame: checked at every start of the
 * background (cheap when current: one storage read and one database read) and
 * rebuilt whenever the terms change. An extension update that changes the
 * prefilter's format publishes it again at the next start.
 */
import { PREFILTER_FORMAT } from '../matcher/prefilter';
import type { TermPrefilter } from '../messaging/protocol';
import { parsePublishedPrefilter } from '../published-prefilter';

export interface PrefilterPublisherDependencies {
  /** The database's current terms version. */
  termsVersion(): Promise<string>;
  /** The prefilter of the current term index (compiled or cached by the background). */
  currentPrefilter(): Promise<TermPrefilter>;
  readPublished(): Promise<unknown>;
  publish(prefilter: TermPrefilter): Promise<void>;
  watchTermsChanges(onChange: () => void): () => void;
  /** Where a failure goes; the next change or start tries again. */
  reportError(error: unknown): void;
}

export function keepPrefilterPublished(deps: PrefilterPublisherDependencies): {
  /** Settles once the checks asked for so far are done (tests, and the background's own ordering). */
  settled(): Promise<void>;
  stop(): void;
} {
  const publishIfStale = async () => {
    const published = parsePublishedPrefilter(await deps.readPublished());
    const version = await deps.termsVersion();
    if (published?.version === version && published.prefilter.format === PREFILTER_FORMAT) return;
    await deps.publish(await deps.currentPrefilter());
  };
  // One check at a time, so an older build never overwrites a newer one.
  let queue: Promise<void> = Promise.resolve();
  const check = () => {
    queue = queue.then(publishIfStale).catch(deps.reportError);
  };
  check();
  const stop = deps.watchTermsChanges(check);
  return { settled: () => queue, stop };
}
