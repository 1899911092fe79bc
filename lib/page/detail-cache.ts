/**
 * Entry details already fetched by this tab. The card asks for an entry
 * while the pointer is still resting on the term (before the hover delay
 * ends), so when the card opens its content is usually here and renders in
 * the same frame, with no round trip to the background.
 */
import type { CardData } from '@/lib/page/card-data';
import type { EntryDetail } from '../model';
import { safeStop } from './safe-stop';

interface Cached {
  promise: Promise<EntryDetail | null>;
  value?: EntryDetail | null;
}

export class DetailCache {
  private readonly cache = new Map<string, Cached>();

  constructor(
    private readonly fetchDetail: (entryId: string) => Promise<EntryDetail | null>,
    /** Bounded so a long reading session cannot grow it without limit. */
    private readonly capacity = 100,
  ) {}

  get(entryId: string): Promise<EntryDetail | null> {
    const hit = this.cache.get(entryId);
    if (hit) {
      // Refresh its place in the insertion order, which doubles as least-recently-used order.
      this.cache.delete(entryId);
      this.cache.set(entryId, hit);
      return hit.promise;
    }
    const cached: Cached = {
      promise: this.fetchDetail(entryId).then(
        (value) => {
          cached.value = value;
          return value;
        },
        (error: unknown) => {
          // A failed fetch (worker restarting, say) must not be remembered.
          if (this.cache.get(entryId) === cached) this.cache.delete(entryId);
          throw error;
        },
      ),
    };
    this.cache.set(entryId, cached);
    while (this.cache.size > this.capacity) this.cache.delete(this.cache.keys().next().value as string);
    return cached.promise;
  }

  /** The detail if it has already arrived; undefined if not fetched yet. */
  peek(entryId: string): EntryDetail | null | undefined {
    return this.cache.get(entryId)?.value;
  }

  invalidate(entryId: string): void {
    this.cache.delete(entryId);
  }

  clear(): void {
    this.cache.clear();
  }
}

/**
 * The card's data source read through `details`: reads are served from the
 * cache, and a note written anywhere (this card, another tab, the popup)
 * makes the cached copy stale.
 */
export function cachedCardData(source: CardData, details: DetailCache): CardData {
  const afterWrite = async (write: Promise<void>) => {
    await write;
    details.clear();
  };
  return {
    loadDetail: (entryId) => details.get(entryId),
    peekDetail: (entryId) => details.peek(entryId),
    deleteNote: (noteId) => afterWrite(source.deleteNote(noteId)),
    noteEditor: source.noteEditor,
    watchNoteChanges: source.watchNoteChanges
      ? (onChange) =>
          safeStop(
            source.watchNoteChanges!((entryId) => {
              details.invalidate(entryId);
              onChange(entryId);
            }),
          )
      : undefined,
  };
}
