/**
 * Keeps the spots of one document up to date: a first scan of the whole
 * page, then only what changes. One MutationObserver per document queues
 * added and changed text; the queue is drained in time-boxed slices, so
 * neither a huge page nor an infinite-scroll feed causes a long task. The
 * observer ignores the extension's own UI and is never re-armed inside its
 * own callback.
 */
import type { Matcher } from '../matcher/tables';
import { forEachInSlices, yieldToBrowser } from './slices';
import type { SpotRegistry } from './spots';
import { isInSkippedSubtree, ReadingTextWalker } from './text-walker';

/** What a scan records into: the spot registry, or nothing while only the prefilter looks (spotter.ts). */
export type ScanSink = Pick<SpotRegistry, 'set' | 'remove' | 'sweepDisconnected' | 'addShadowRoot'>;

export interface ScannerOptions {
  /** Local name of our own UI host element, never scanned. */
  ownHostName: string;
  signal: AbortSignal;
  budgetMs?: number;
  /** Called after each drained batch (for tests and the "on this page" view). */
  onScanned?: () => void;
}

export class PageScanner {
  private readonly pending = new Set<Node>();
  private readonly observer: MutationObserver;
  private draining: Promise<void> | undefined;
  private removalsSeen = false;

  constructor(
    private readonly root: Node,
    private readonly matcher: Matcher,
    private readonly registry: ScanSink,
    private readonly options: ScannerOptions,
  ) {
    this.observer = new MutationObserver((records) => this.queueMutations(records));
    options.signal.addEventListener('abort', () => this.stop(), { once: true });
  }

  /** Scans everything under the root and starts watching it. Resolves when the first scan is done. */
  start(): Promise<void> {
    this.observe(this.root);
    return this.enqueue(this.root);
  }

  stop(): void {
    this.observer.disconnect();
    this.pending.clear();
  }

  /** Resolves once the queue is empty (used by tests and benchmarks). */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private observe(target: Node): void {
    this.observer.observe(target, { childList: true, subtree: true, characterData: true });
  }

  private readonly watchShadowRoot = (shadow: ShadowRoot): void => {
    this.registry.addShadowRoot(shadow);
    // Observing the same root twice is a no-op for MutationObserver, so no bookkeeping is needed.
    this.observe(shadow);
  };

  private queueMutations(records: MutationRecord[]): void {
    for (const record of records) {
      if (record.type === 'characterData') {
        this.pending.add(record.target);
        continue;
      }
      if (record.removedNodes.length) this.removalsSeen = true;
      for (const node of record.addedNodes) {
        if (node.nodeType === Node.TEXT_NODE || node.nodeType === Node.ELEMENT_NODE) this.pending.add(node);
      }
    }
    void this.enqueue();
  }

  private enqueue(node?: Node): Promise<void> {
    if (node) this.pending.add(node);
    this.draining ??= this.drain().finally(() => {
      this.draining = undefined;
    });
    return this.draining;
  }

  private async drain(): Promise<void> {
    const { ownHostName, signal, budgetMs } = this.options;
    // Never scan inside the task that queued the work: from the observer's callback that is the
    // end of one of the page's own tasks, which a slice of ours would make longer. A task of our own.
    await yieldToBrowser();
    while (this.pending.size && !signal.aborted) {
      const batch = [...this.pending];
      this.pending.clear();
      if (this.removalsSeen) {
        this.removalsSeen = false;
        this.registry.sweepDisconnected();
      }
      const known = new Map<Element, boolean>();
      const roots = outermost(
        batch.filter((node) => node.isConnected && !isInSkippedSubtree(node, ownHostName, known)),
      );
      // Text whose node changed may no longer hold its old terms: forget them before rescanning.
      for (const node of batch) if (node.nodeType === Node.TEXT_NODE) this.registry.remove(node as Text);
      const { matcher, registry } = this;
      const match = (text: Text) => registry.set(text, matcher.find(text.data));
      for (const root of roots) {
        if (signal.aborted) break;
        // The walker keeps its place across the pauses, and finds its way back if the page removes
        // the node it stands on meanwhile (see ReadingTextWalker.bookmark).
        const walker = new ReadingTextWalker(root, ownHostName, this.watchShadowRoot);
        await forEachInSlices(() => walker.next(), match, {
          signal,
          budgetMs,
          beforePause: () => walker.bookmark(),
        });
      }
      this.options.onScanned?.();
    }
  }
}

/**
 * Drops the nodes that lie inside another node of the list: a page that adds
 * a block and then fills it queues both, and the block's walk covers the rest.
 */
function outermost(nodes: Node[]): Node[] {
  if (nodes.length < 2) return nodes;
  const queued = new Set(nodes);
  /** Nodes known to have (true) or not to have (false) a queued node above them. */
  const covered = new Map<Node, boolean>();
  const isCovered = (node: Node): boolean => {
    const path: Node[] = [];
    let answer = false;
    for (let parent = node.parentNode; parent; parent = parent.parentNode) {
      const known = covered.get(parent);
      if (known !== undefined) {
        answer = known;
        break;
      }
      if (queued.has(parent)) {
        answer = true;
        break;
      }
      path.push(parent);
    }
    for (const step of path) covered.set(step, answer);
    return answer;
  };
  return nodes.filter((node) => !isCovered(node));
}
