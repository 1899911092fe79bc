import { afterEach, describe, expect, test } from 'vitest';
import { holdsText, whenHoldingText } from './text-presence';

/** A body holding `html`, parsed in a document of its own. */
function element(html: string): HTMLElement {
  return new DOMParser().parseFromString(html, 'text/html').body;
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('holdsText', () => {
  test.each([
    ['', false],
    ['  \n\t ', false],
    ['<!-- a comment with words --><img alt="a picture">', false],
    ['<script>var words = "KFOR";</script><style>p { color: red }</style><noscript>Turn on JS</noscript>', false],
    ['<template><p>Not in the tree</p></template>', false],
    ['<div><span>\u00a0</span></div>', false],
    ['<div><span> Ohrid </span></div>', true],
    ['<main><article><h1>x</h1></article></main>', true],
    // A custom element may attach a shadow root holding its text at any time.
    ['<news-story></news-story>', true],
  ])('%j → %s', (html, expected) => {
    expect(holdsText(element(html))).toBe(expected);
  });

  test('an element with an open shadow root may hold text the light DOM does not show', () => {
    const host = element('<div></div>');
    host.firstElementChild!.attachShadow({ mode: 'open' });
    expect(holdsText(host)).toBe(true);
  });

  test('a text node alone', () => {
    expect(holdsText(document.createTextNode('Kosovo'))).toBe(true);
    expect(holdsText(document.createTextNode(' '))).toBe(false);
  });
});

describe('whenHoldingText', () => {
  const settled = async () => {
    // MutationObserver callbacks run as microtasks.
    await Promise.resolve();
    await new Promise((resolve) => setTimeout(resolve, 0));
  };

  test('resolves at once when the root holds text', async () => {
    document.body.innerHTML = '<p>Skopje</p>';
    await expect(whenHoldingText(document.body, new AbortController().signal)).resolves.toBe(true);
  });

  test('waits through additions without text, and resolves at the first text added', async () => {
    document.body.innerHTML = '<div id="app"></div>';
    let result: boolean | undefined;
    void whenHoldingText(document.body, new AbortController().signal).then((found) => (result = found));
    document.getElementById('app')!.append(document.createElement('img'), document.createTextNode('   '));
    document.head.append(Object.assign(document.createElement('script'), { textContent: 'var a = 1;' }));
    await settled();
    expect(result).toBeUndefined();
    document.getElementById('app')!.insertAdjacentHTML('beforeend', '<section><p>The EULEX mission</p></section>');
    await settled();
    expect(result).toBe(true);
  });

  test('resolves when an empty text node gets its text', async () => {
    const empty = document.createTextNode('');
    document.body.append(empty);
    let result: boolean | undefined;
    void whenHoldingText(document.body, new AbortController().signal).then((found) => (result = found));
    await settled();
    expect(result).toBeUndefined();
    empty.data = 'Pristina';
    await settled();
    expect(result).toBe(true);
  });

  test('resolves false when stopped first, and no later text resolves it', async () => {
    const stop = new AbortController();
    const waiting = whenHoldingText(document.body, stop.signal);
    stop.abort();
    await expect(waiting).resolves.toBe(false);
    const stopped = new AbortController();
    stopped.abort();
    await expect(whenHoldingText(document.body, stopped.signal)).resolves.toBe(false);
  });
});
