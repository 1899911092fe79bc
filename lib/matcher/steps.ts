/**
 * Work done in steps: a generator that yields between steps of a few
 * milliseconds, so a page can yield to the browser there (lib/page/slices.ts
 * runInSteps). Elsewhere (the background, Node) it runs to its end at once.
 */
export type Steps<T> = Generator<void, T, void>;

/** Runs `steps` to its end without pausing and returns its result. */
export function runToEnd<T>(steps: Steps<T>): T {
  for (let step = steps.next(); ; step = steps.next()) if (step.done) return step.value;
}
