/**
 * Runs work in slices of a few milliseconds, yielding to the browser in
 * between, so scanning a huge page never causes a long task.
 */

import type { Steps } from '../matcher/steps';

export interface SliceOptions {
  /** Longest stretch of work before yielding, in milliseconds. */
  budgetMs?: number;
  signal?: AbortSignal;
  /** Called just before each pause (the walker bookmarks its place there). */
  beforePause?: () => void;
}

type SchedulerWithYield = { yield?: () => Promise<void> };

export function yieldToBrowser(): Promise<void> {
  // scheduler.yield keeps our place in the queue ahead of other tasks where it exists.
  const scheduler = (globalThis as { scheduler?: SchedulerWithYield }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Calls `work` for every item `nextItem` hands out until it returns null,
 * yielding whenever the budget is spent. Returns false if aborted.
 */
export async function forEachInSlices<T>(
  nextItem: () => T | null,
  work: (item: T) => void,
  { budgetMs = 8, signal, beforePause }: SliceOptions = {},
): Promise<boolean> {
  let sliceStart = performance.now();
  for (let item = nextItem(); item !== null; item = nextItem()) {
    if (signal?.aborted) return false;
    work(item);
    if (performance.now() - sliceStart > budgetMs) {
      beforePause?.();
      await yieldToBrowser();
      sliceStart = performance.now();
    }
  }
  return !signal?.aborted;
}

/** Runs `steps` (lib/matcher/steps.ts) to its end, yielding to the browser between two steps. */
export async function runInSteps<T>(steps: Steps<T>): Promise<T> {
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done) return step.value;
    await yieldToBrowser();
  }
}
