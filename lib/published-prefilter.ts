/**
 * The term prefilter as the background publishes it in `storage.local`, the
 * one place every frame's first stage reads at start-up (lib/page/first-stage.ts).
 *
 * Why storage and not a message: a frame reads the settings and the prefilter
 * in one storage read, wakes no service worker, and never touches
 * `runtime`. Each extension API namespace a content script first touches
 * costs its frame about a millisecond of Chrome's binding set-up, which on a
 * page without any term is most of what the extension costs it (issue 17,
 * bench/pages.bench.ts). The background keeps the copy current
 * (lib/background/prefilter-publisher.ts); a frame that finds none waits for
 * it through `storage.onChanged`.
 */
import type { TermPrefilter } from './messaging/protocol';

export const PUBLISHED_PREFILTER_KEY = 'termPrefilter';

/** Longer than any terms version the database writes; a longer one is not ours. */
const MAX_VERSION_LENGTH = 40;

/**
 * The published prefilter, or undefined when `stored` is not one (nothing
 * published yet, or a damaged or foreign record). Only the envelope is checked
 * here; the prefilter's own tables are checked when a frame decodes them
 * (prefilterFromCompiled), where a bad one stops that frame's walk.
 */
export function parsePublishedPrefilter(stored: unknown): TermPrefilter | undefined {
  if (stored === null || typeof stored !== 'object' || Array.isArray(stored)) return undefined;
  const { version, prefilter } = stored as Partial<Record<keyof TermPrefilter, unknown>>;
  if (typeof version !== 'string' || version.length === 0 || version.length > MAX_VERSION_LENGTH) return undefined;
  if (prefilter === null || typeof prefilter !== 'object' || Array.isArray(prefilter)) return undefined;
  return { version, prefilter: prefilter as TermPrefilter['prefilter'] };
}
