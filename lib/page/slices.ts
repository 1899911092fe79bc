/**
 * Runs work in slices of a few milliseconds, yielding to the browser in
 * between, so scanning a huge page never causes a long task.
 */

export interface SliceOptions {
  /** Longest stretch of work before yielding, in milliseconds. */
  budgetMs?: number;
  signal?: AbortSignal;
}

type SchedulerWithYield = { yield?: () => Promise<void> };

function yieldToBrowser(): Promise<void> {
  // scheduler.yield keeps our place in the queue ahead of other tasks where it exists.
  const scheduler = (globalThis as { scheduler?: SchedulerWithYield }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Calls `work` for every item, yielding whenever the budget is spent. Returns false if aborted. */
export async function forEachInSlices<T>(
  items: Iterator<T>,
  work: (item: T) => void,
  { budgetMs = 8, signal }: SliceOptions = {},
): Promise<boolean> {
  let sliceStart = performance.now();
  for (let next = items.next(); !next.done; next = items.next()) {
    if (signal?.aborted) return false;
    work(next.value);
    if (performance.now() - sliceStart > budgetMs) {
      await yieldToBrowser();
      sliceStart = performance.now();
    }
  }
  return !signal?.aborted;
}
