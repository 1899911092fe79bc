/**
 * What the page benchmark injects into a page to time the extension's scan
 * in place: the matcher and the page-side scanning code, exactly as the
 * content script uses them, exposed on `window.contextLensScan`.
 */
import { compileMatcher } from '../lib/matcher';
import type { Term } from '../lib/model';
import { SpotRegistry } from '../lib/page/spots';
import { ReadingTextWalker } from '../lib/page/text-walker';

const OWN_HOST = 'context-lens-card';

export interface InPageScanTimes {
  /** The first scan, cold, as the content script does it once per page load. */
  coldScanMs: number;
  /** Median of later scans (fresh registry each time). */
  warmScanMs: number;
  /** Median of bare TreeWalker passes over elements and text, reading each text. */
  treeWalkerMs: number;
  /** The first of those passes, cold like the first scan (for a like-for-like cold ratio). */
  coldTreeWalkerMs: number;
  /**
   * Where a warm scan's time goes (medians): the reading-text walk alone, the
   * walk with the matcher's find on every text (the difference is the
   * matcher's, lib/matcher), and the whole scan (the rest is the highlight
   * registry: ranges and the Highlight).
   */
  phases: { walkMs: number; walkAndFindMs: number; scanMs: number; texts: number };
  spots: number;
}

/** Every reading text node matched and registered, in one go (the slicing only spreads this work out). */
function scanOnce(matcher: ReturnType<typeof compileMatcher>): { ms: number; spots: number } {
  const started = performance.now();
  const registry = new SpotRegistry('underline');
  // The same walker and calls as PageScanner.drain, without the pauses.
  const walker = new ReadingTextWalker(document.body, OWN_HOST);
  for (let text = walker.next(); text; text = walker.next()) registry.set(text, matcher.find(text.data));
  const ms = performance.now() - started;
  const spots = registry.size;
  registry.dispose();
  return { ms, spots };
}

function walkReadingText(matcher: ReturnType<typeof compileMatcher> | null): { ms: number; texts: number } {
  const started = performance.now();
  const walker = new ReadingTextWalker(document.body, OWN_HOST);
  let texts = 0;
  let found = 0;
  for (let text = walker.next(); text; text = walker.next()) {
    texts++;
    if (matcher) found += matcher.find(text.data).length;
  }
  return { ms: found >= 0 ? performance.now() - started : -1, texts };
}

function walkOnce(): number {
  const started = performance.now();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  let chars = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.nodeType === Node.TEXT_NODE) chars += (node as Text).data.length;
  }
  // Using `chars` keeps the reads from being optimised away.
  return chars >= 0 ? performance.now() - started : -1;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * A TreeWalker pass as the very first thing in a freshly loaded page, as cold
 * as the content script's first scan is (timeScan's walks come after a scan
 * has already read the page's text once).
 */
export function timeColdWalk(): number {
  return walkOnce();
}

export function timeScan(terms: Term[], runs: number): InPageScanTimes {
  const matcher = compileMatcher(terms);
  // Alternate scan and walk so that both see the same state of the machine.
  const cold = scanOnce(matcher);
  const walks = [walkOnce()];
  const scans: number[] = [];
  for (let run = 0; run < runs; run++) {
    scans.push(scanOnce(matcher).ms);
    walks.push(walkOnce());
  }
  const walkOnly: number[] = [];
  const walkAndFind: number[] = [];
  let texts = 0;
  for (let run = 0; run < runs; run++) {
    const walked = walkReadingText(null);
    texts = walked.texts;
    walkOnly.push(walked.ms);
    walkAndFind.push(walkReadingText(matcher).ms);
  }
  return {
    phases: { walkMs: median(walkOnly), walkAndFindMs: median(walkAndFind), scanMs: median(scans), texts },
    coldScanMs: cold.ms,
    warmScanMs: median(scans),
    treeWalkerMs: median(walks),
    coldTreeWalkerMs: walks[0]!,
    spots: cold.spots,
  };
}
