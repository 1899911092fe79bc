import { describe, expect, test } from 'vitest';
import type { Match, Matcher } from '../matcher';
import { PageScanner } from './scanner';
import { SpotRegistry } from './spots';

const OWN_HOST = 'context-lens-card';

/** Finds "KFOR" wherever it is, and lets a test act on the page while the scanner pauses after a text. */
function kforMatcher(onFind?: (text: string) => void): Matcher {
  return {
    keyCount: 1,
    find(text: string): Match[] {
      onFind?.(text);
      const matches: Match[] = [];
      for (let at = text.indexOf('KFOR'); at >= 0; at = text.indexOf('KFOR', at + 4)) {
        matches.push({ start: at, end: at + 4, entryIds: ['kfor'] });
      }
      return matches;
    },
  };
}

function spottedTexts(registry: SpotRegistry): string[] {
  return registry.all().map((spot) => spot.node.data);
}

describe('PageScanner', () => {
  test('a node removed while the first scan pauses on it does not end the scan early', async () => {
    document.body.innerHTML =
      '<section><p>KFOR one</p><div id="gone"><p>KFOR two</p><p>KFOR never</p></div></section><p>KFOR three</p><p>KFOR four</p>';
    const gone = document.getElementById('gone')!;
    // The page removes the block the walk stands on, during the pause that follows its first text.
    const matcher = kforMatcher((text) => {
      if (text.includes('two')) queueMicrotask(() => gone.remove());
    });
    const registry = new SpotRegistry('none');
    const abort = new AbortController();
    // A budget below zero pauses after every text, so the removal lands between two slices.
    const scanner = new PageScanner(document.body, matcher, registry, {
      ownHostName: OWN_HOST,
      signal: abort.signal,
      budgetMs: -1,
    });
    await scanner.start();
    await scanner.idle();
    const connected = registry.all().filter((spot) => spot.node.isConnected);
    expect(connected.map((spot) => spot.node.data)).toEqual(['KFOR one', 'KFOR three', 'KFOR four']);
    expect(spottedTexts(registry)).not.toContain('KFOR never');
    abort.abort();
  });

  test('never scans inside the task that queued the work', async () => {
    document.body.innerHTML = '<p>KFOR</p>';
    const registry = new SpotRegistry('none');
    const abort = new AbortController();
    const scanner = new PageScanner(document.body, kforMatcher(), registry, {
      ownHostName: OWN_HOST,
      signal: abort.signal,
    });
    const done = scanner.start();
    expect(registry.size).toBe(0);
    await done;
    expect(registry.size).toBe(1);
    abort.abort();
  });

  test('a block added and then filled is walked once, from the block', async () => {
    document.body.innerHTML = '<p>start</p>';
    const finds: string[] = [];
    const registry = new SpotRegistry('none');
    const abort = new AbortController();
    const scanner = new PageScanner(
      document.body,
      kforMatcher((text) => finds.push(text)),
      registry,
      {
        ownHostName: OWN_HOST,
        signal: abort.signal,
      },
    );
    await scanner.start();
    finds.length = 0;
    // Two mutation records in one batch: the block added, then a paragraph added into it.
    const block = document.createElement('div');
    document.body.append(block);
    const paragraph = document.createElement('p');
    paragraph.textContent = 'KFOR later';
    block.append(paragraph);
    await expect.poll(() => spottedTexts(registry)).toContain('KFOR later');
    await scanner.idle();
    expect(finds).toEqual(['KFOR later']);
    abort.abort();
  });
});
