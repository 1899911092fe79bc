import { describe, expect, test } from 'vitest';
import { hasWordCharacter, isInSkippedSubtree, ReadingTextWalker, readingTextNodes } from './text-walker';

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

  test('an element marked contenteditable="false" outside an editor is read', () => {
    document.body.innerHTML = '<p contenteditable="false">one</p><div contenteditable="true"><p>draft</p></div>';
    expect(texts(document.body)).toEqual(['one']);
  });
});

/** Walks `root` up to and including the text `stopAt`, then bookmarks, as the scanner does before a pause. */
function walkUntil(walker: ReadingTextWalker, stopAt: string): string[] {
  const seen: string[] = [];
  for (let text = walker.next(); text; text = walker.next()) {
    seen.push(text.data.trim());
    if (text.data.trim() === stopAt) break;
  }
  walker.bookmark();
  return seen;
}

function rest(walker: ReadingTextWalker): string[] {
  const seen: string[] = [];
  for (let text = walker.next(); text; text = walker.next()) seen.push(text.data.trim());
  return seen;
}

describe('ReadingTextWalker across a pause in which the page changes', () => {
  test('the text it stands on removed: the walk goes on with what followed it', () => {
    document.body.innerHTML = '<div><p>one</p><p id="two">two</p><p>three</p></div><p>four</p>';
    const walker = new ReadingTextWalker(document.body, OWN_HOST);
    expect(walkUntil(walker, 'two')).toEqual(['one', 'two']);
    document.getElementById('two')!.remove();
    expect(rest(walker)).toEqual(['three', 'four']);
  });

  test('a whole ancestor of it removed, as the last child: the walk climbs out and goes on', () => {
    document.body.innerHTML = '<section><p>one</p><div id="gone"><p>two</p><p>skipped</p></div></section><p>three</p>';
    const walker = new ReadingTextWalker(document.body, OWN_HOST);
    expect(walkUntil(walker, 'two')).toEqual(['one', 'two']);
    document.getElementById('gone')!.remove();
    expect(rest(walker)).toEqual(['three']);
  });

  test('it and the node before it removed: the parent is walked again, nothing after is lost', () => {
    document.body.innerHTML = '<div><p id="a">one</p><p id="b">two</p><p>three</p></div><p>four</p>';
    const walker = new ReadingTextWalker(document.body, OWN_HOST);
    walkUntil(walker, 'two');
    document.getElementById('a')!.remove();
    document.getElementById('b')!.remove();
    expect(rest(walker)).toEqual(['three', 'four']);
  });

  test('the host of the shadow root it is in removed: the walk goes on after the host', () => {
    document.body.innerHTML = '<p>before</p><x-widget id="host"><span>light</span></x-widget><p>after</p>';
    const shadow = document.getElementById('host')!.attachShadow({ mode: 'open' });
    shadow.innerHTML = '<p>one</p><p>two</p>';
    const walker = new ReadingTextWalker(document.body, OWN_HOST);
    expect(walkUntil(walker, 'one')).toEqual(['before', 'one']);
    document.getElementById('host')!.remove();
    expect(rest(walker)).toEqual(['after']);
  });

  test('nothing removed: a pause changes nothing', () => {
    document.body.innerHTML = '<div><p>one</p><p>two</p></div><p>three</p>';
    const walker = new ReadingTextWalker(document.body, OWN_HOST);
    expect(walkUntil(walker, 'two')).toEqual(['one', 'two']);
    document.body.append(Object.assign(document.createElement('p'), { textContent: 'added' }));
    expect(rest(walker)).toEqual(['three', 'added']);
  });
});

describe('hasWordCharacter', () => {
  test('letters and digits of any script count; space and punctuation do not', () => {
    expect(hasWordCharacter('  \n\t ')).toBe(false);
    expect(hasWordCharacter(' — · … ')).toBe(false);
    expect(hasWordCharacter('\u00a0 ')).toBe(false);
    expect(hasWordCharacter(' ,x')).toBe(true);
    expect(hasWordCharacter('  7 ')).toBe(true);
    expect(hasWordCharacter(' — Косово')).toBe(true);
    expect(hasWordCharacter('\u00a0Zvečan')).toBe(true);
  });
});

describe('isInSkippedSubtree', () => {
  test('answers from the ancestors, and shares the answers of a batch', () => {
    document.body.innerHTML = '<pre><b id="in-pre">x</b></pre><div><p id="plain">y</p><p id="other">z</p></div>';
    const known = new Map<Element, boolean>();
    expect(isInSkippedSubtree(document.getElementById('in-pre')!.firstChild!, OWN_HOST, known)).toBe(true);
    expect(isInSkippedSubtree(document.getElementById('plain')!, OWN_HOST, known)).toBe(false);
    expect(known.get(document.body)).toBe(false);
    // Answered from the cached parent, as a later node of the same batch would be.
    expect(isInSkippedSubtree(document.getElementById('other')!, OWN_HOST, known)).toBe(false);
    expect(known.get(document.querySelector('pre')!)).toBe(true);
  });
});
