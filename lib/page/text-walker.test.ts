import { describe, expect, test } from 'vitest';
import { readingTextNodes } from './text-walker';

const OWN_HOST = 'context-lens-card';

function texts(root: Node, onShadowRoot?: (shadow: ShadowRoot) => void): string[] {
  return [...readingTextNodes(root, OWN_HOST, onShadowRoot)].map((text) => text.data.trim());
}

describe('readingTextNodes', () => {
  test('yields reading text in document order and steps over every skipped subtree', () => {
    document.body.innerHTML = `
      <p>one</p>
      <script>var notText = 1;</script>
      <div>two<pre>code <b>inside</b></pre>three</div>
      <section hidden><p>hidden</p></section>
      <div aria-hidden="true"><span>decoration</span></div>
      <div contenteditable="true"><p>draft</p></div>
      <context-lens-card><p>our card</p></context-lens-card>
      <ul><li>four<code>x</code></li><li><textarea>field</textarea></li></ul>
      <p>five</p>
      <p> — </p>`;
    expect(texts(document.body)).toEqual(['one', 'two', 'three', 'four', 'five']);
  });

  test('a skipped element as the last child of its parent does not end the walk early', () => {
    document.body.innerHTML = '<div><p>one</p><div><pre>skip</pre></div></div><p>two</p>';
    expect(texts(document.body)).toEqual(['one', 'two']);
  });

  test('never leaves the subtree it was asked to scan', () => {
    document.body.innerHTML = '<div id="root"><p>inside</p><pre>skip</pre></div><p>outside</p>';
    expect(texts(document.getElementById('root')!)).toEqual(['inside']);
  });

  test('enters open shadow roots, before the host’s light children, and reports them', () => {
    document.body.innerHTML = '<p>before</p><x-widget><span>light</span></x-widget><p>after</p>';
    const host = document.querySelector('x-widget')!;
    const shadow = host.attachShadow({ mode: 'open' });
    shadow.innerHTML = '<p>shadow</p><pre>skip</pre>';
    const reported: ShadowRoot[] = [];
    expect(texts(document.body, (root) => reported.push(root))).toEqual(['before', 'shadow', 'light', 'after']);
    expect(reported).toEqual([shadow]);
  });

  test('a skipped root yields nothing; a text root yields itself if it has words', () => {
    document.body.innerHTML = '<pre>code</pre><p>word</p><p>…</p>';
    expect(texts(document.querySelector('pre')!)).toEqual([]);
    expect(texts(document.querySelector('p')!.firstChild!)).toEqual(['word']);
    expect(texts(document.querySelectorAll('p')[1]!.firstChild!)).toEqual([]);
  });
});
