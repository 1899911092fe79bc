/**
 * The built extension in real Chromium against pages that attack it or get in
 * its way, all from the page's own main world:
 * - messages: window.postMessage, custom events and chrome.runtime.sendMessage
 *   cannot make the extension do anything;
 * - privacy: the note and glossary text shown in the card cannot be read back
 *   through the DOM, shadow roots, serialisers, selection, find or styles;
 * - hostile pages: our host removed, decoy hosts of the same name, DOM
 *   prototypes overridden, 100,000 nodes, a modal dialog: the card works or
 *   fails quietly, and the page's console gets no error from us;
 * - network: during the whole file no part of the extension (service worker,
 *   extension pages, content scripts) requests anything but its own files.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CDPSession, Frame, Page, Request } from 'playwright-core';
import {
  centreOfText,
  evaluateInCard,
  highlightedTexts,
  launchWithExtension,
  startFixtureServer,
  type ExtensionBrowser,
  canRunChromium,
} from './harness';

const KFOR_SUMMARY_PHRASE = 'NATO-led peacekeeping force in Kosovo';

interface CdpNode {
  backendNodeId: number;
  localName?: string;
  shadowRootType?: string;
  children?: CdpNode[];
  shadowRoots?: CdpNode[];
}

function collectNodes(node: CdpNode, predicate: (node: CdpNode) => boolean, found: CdpNode[] = []): CdpNode[] {
  if (predicate(node)) found.push(node);
  for (const child of [...(node.children ?? []), ...(node.shadowRoots ?? [])]) collectNodes(child, predicate, found);
  return found;
}

/**
 * The text of `.cl-card` in the shadow root of every element named
 * context-lens-card, read through the DevTools protocol, which enters closed
 * roots (pages cannot). A page may add decoys of the same name, so all are returned.
 */
async function closedCardTexts(session: CDPSession): Promise<string[]> {
  const { root } = (await session.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: CdpNode };
  const hosts = collectNodes(root, (node) => node.localName === 'context-lens-card');
  const texts: string[] = [];
  for (const host of hosts) {
    // Any mode: a regression to an open root must still find the card (and then fail the privacy checks).
    const shadow = host.shadowRoots?.[0];
    if (!shadow) continue;
    const { object } = await session.send('DOM.resolveNode', { backendNodeId: shadow.backendNodeId });
    const { result } = await session.send('Runtime.callFunctionOn', {
      objectId: object.objectId,
      // A card drawn hidden during the hover delay (lib/page/hover-intent.ts) is not shown yet.
      functionDeclaration: `function () {
        const card = this.querySelector(".cl-card");
        return card && getComputedStyle(card).visibility !== "hidden" ? card.textContent : null;
      }`,
      returnByValue: true,
    });
    if (typeof result.value === 'string') texts.push(result.value);
  }
  return texts;
}

async function ourCardText(session: CDPSession): Promise<string | null> {
  const texts = await closedCardTexts(session);
  return texts.find((text) => text.includes('Context Lens')) ?? null;
}

/** Every console error and uncaught exception of a page. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    // The browser's own favicon request (the fixture server has none) is not ours.
    if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) {
      errors.push(`console: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  return errors;
}

describe.runIf(canRunChromium)('hostile pages in Chromium', () => {
  let browser: ExtensionBrowser;
  let server: Awaited<ReturnType<typeof startFixtureServer>>;
  /** Everything any part of the browser requested while this file ran. */
  const requests: Array<{ url: string; fromServiceWorker: boolean; resourceType: string; frameUrl: string }> = [];
  const recordRequest = (request: Request) => {
    let frameUrl = '';
    try {
      frameUrl = request.frame().url();
    } catch {
      // Service worker requests have no frame.
    }
    requests.push({
      url: request.url(),
      fromServiceWorker: Boolean(request.serviceWorker()),
      resourceType: request.resourceType(),
      frameUrl,
    });
  };

  beforeAll(async () => {
    server = await startFixtureServer();
    browser = await launchWithExtension();
    browser.context.on('request', recordRequest);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function openPage(
    path: string,
    initScript?: () => void,
  ): Promise<{ page: Page; session: CDPSession; errors: string[] }> {
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    if (initScript) await page.addInitScript(initScript);
    await page.goto(`${server.origin}/${path}`);
    return { page, session: await page.context().newCDPSession(page), errors };
  }

  async function openArticle(initScript?: () => void) {
    const opened = await openPage('kosovo-article.html', initScript);
    await expect.poll(() => highlightedTexts(opened.page), { timeout: 15_000 }).toContain('KFOR');
    return opened;
  }

  async function hover(page: Page, session: CDPSession, selector: string, text: string, expected = /Kosovo Force/) {
    const point = await centreOfText(page, selector, text);
    await page.mouse.move(5, 5);
    await page.mouse.move(point.x, point.y, { steps: 3 });
    await expect.poll(() => ourCardText(session), { timeout: 10_000 }).toMatch(expected);
  }

  /** An extension page, to read and write the database the way the popup does. */
  async function extensionPage(): Promise<Page> {
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    return page;
  }

  function readNotes(page: Page): Promise<Array<{ entryId: string; text: string }>> {
    return page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('context-lens');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const notes = await new Promise<Array<{ entryId: string; text: string }>>((resolve, reject) => {
        const request = db.transaction('notes').objectStore('notes').getAll();
        request.onsuccess = () => resolve(request.result as Array<{ entryId: string; text: string }>);
        request.onerror = () => reject(request.error);
      });
      db.close();
      return notes;
    });
  }

  describe('messages from the page', () => {
    test('postMessage, custom events and runtime.sendMessage from a page make the extension do nothing', async () => {
      const { page, session, errors } = await openArticle(() => {
        // Everything the page hears on window "message", to check the extension tells it nothing.
        const heard: unknown[] = [];
        Object.assign(window, { __heard: heard });
        window.addEventListener('message', (event) => heard.push(event.data));
      });
      const admin = await extensionPage();
      const notesBefore = await readNotes(admin);
      const highlightsBefore = await highlightedTexts(page);

      const outcome = await page.evaluate(async (extensionId) => {
        const results: Record<string, string> = {};
        const requests = [
          { type: 'addNote', data: { entryId: 'kfor', text: 'PWNED by the page' } },
          { type: 'deleteNote', data: { noteId: '0f8fad5b-d9cb-469f-a165-70867728950e' } },
          { type: 'getEntryDetail', data: { entryId: 'kfor' } },
          { type: 'getTermIndex', data: { knownVersion: null } },
          { type: 'revealTerm', data: { entryId: 'kfor' } },
          { type: 'moveToTerm', data: { direction: 'next' } },
          { type: 'getPageTerms', data: {} },
        ];
        for (const [i, request] of requests.entries()) {
          const envelope = { id: i, timestamp: Date.now(), ...request };
          window.postMessage(envelope, '*');
          window.postMessage(JSON.stringify(envelope), '*');
          window.postMessage({ source: 'context-lens', message: envelope }, '*');
          for (const name of [request.type, `context-lens:${request.type}`, 'message', 'wxt:message']) {
            document.dispatchEvent(new CustomEvent(name, { detail: envelope, bubbles: true }));
            window.dispatchEvent(new CustomEvent(name, { detail: envelope }));
          }
        }
        // Web pages get chrome.runtime only for extensions that list them in externally_connectable.
        const runtime = (globalThis as { chrome?: { runtime?: { sendMessage?: unknown } } }).chrome?.runtime;
        results.runtimeAvailable = String(typeof runtime?.sendMessage === 'function');
        if (typeof runtime?.sendMessage === 'function') {
          const send = runtime.sendMessage as (id: string, message: unknown) => Promise<unknown>;
          try {
            results.sendMessage = JSON.stringify(await send(extensionId, requests[0]));
          } catch (error) {
            results.sendMessage = `refused: ${(error as Error).message}`;
          }
        }
        await new Promise((done) => setTimeout(done, 1_000));
        return results;
      }, browser.extensionId);

      expect(outcome.runtimeAvailable).toBe('false');
      // Nothing was written or deleted, no card opened, and spotting still works.
      expect(await readNotes(admin)).toEqual(notesBefore);
      expect(await ourCardText(session)).toBeNull();
      expect(await highlightedTexts(page)).toEqual(highlightsBefore);
      // The page heard only its own messages: nothing from the extension, not even its id.
      const heard = await page.evaluate(() => JSON.stringify((window as unknown as { __heard: unknown[] }).__heard));
      expect(heard).not.toContain(browser.extensionId);
      expect(heard).not.toContain('Kosovo Force');
      expect(errors).toEqual([]);
      await admin.close();
      await page.close();
    });
  });

  describe('requests typed with Object.prototype names', () => {
    test('reach no prototype member in the background: each gets the unknown-type refusal', async () => {
      // Sent from an extension page, whose messages the background answers like any other sender's.
      const admin = await extensionPage();
      const notesBefore = await readNotes(admin);
      const answers = await admin.evaluate(async () => {
        const types = ['importPack', 'constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];
        // Pairs, not an object: `answers.__proto__ = …` would set a prototype instead of recording an answer.
        const answers: Array<[string, unknown]> = [];
        for (const type of types) {
          const envelope = { id: 1, type, data: { entryId: 'kfor', text: 'echo me' }, timestamp: Date.now() };
          answers.push([type, await chrome.runtime.sendMessage(envelope)]);
        }
        return answers;
      });
      const refusal = { err: { name: 'RequestError', message: 'Request refused: unknown request type', stack: '' } };
      expect(answers.map(([type]) => type)).toEqual([
        'importPack',
        'constructor',
        '__proto__',
        'toString',
        'hasOwnProperty',
        'valueOf',
      ]);
      for (const [type, answer] of answers) expect(answer, type).toEqual(refusal);
      expect(await readNotes(admin)).toEqual(notesBefore);
      await admin.close();
    });
  });

  describe('privacy', () => {
    test('a page script cannot read the note or glossary text shown in the card', async () => {
      const secret = `Secret note ${Math.random().toString(36).slice(2)}`;
      // The note is written from an extension page through its UI, as a reader would in the popup.
      const admin = await extensionPage();
      await admin.getByLabel('Search the glossary').fill('KFOR');
      await admin.getByRole('button', { name: 'KFOR (Kosovo Force) (Mission)' }).click();
      await admin.getByLabel('New note').fill(secret);
      await admin.getByRole('button', { name: 'Add note' }).click();
      await expect.poll(async () => (await readNotes(admin)).map((note) => note.text)).toContain(secret);
      await admin.close();

      const { page, session, errors } = await openArticle(() => {
        // The page hooks attachShadow before any extension code runs, hoping to catch our shadow root.
        const caught: ShadowRoot[] = [];
        const original = Element.prototype.attachShadow;
        Element.prototype.attachShadow = function (init: ShadowRootInit) {
          const root = original.call(this, init);
          caught.push(root);
          return root;
        };
        Object.assign(window, { __caughtShadowRoots: caught });
      });
      await hover(page, session, '#p-kfor', 'KFOR');
      expect(await ourCardText(session)).toContain(secret);
      expect(await ourCardText(session)).toContain(KFOR_SUMMARY_PHRASE);

      const attempts = await page.evaluate(() => {
        const found: Record<string, string> = {};
        const host = document.querySelector('context-lens-card');
        found.hostPresent = String(Boolean(host));
        found.shadowRoot = String(host?.shadowRoot);
        found.documentOuterHtml = document.documentElement.outerHTML;
        found.innerText = document.body.innerText;
        found.textContent = document.documentElement.textContent ?? '';
        type WithHtml = { getHTML?: (options: object) => string; getInnerHTML?: (options: object) => string };
        found.getHTML =
          (document.documentElement as unknown as WithHtml).getHTML?.({ serializableShadowRoots: true }) ?? '';
        found.hostGetHTML =
          (host as unknown as WithHtml | null)?.getHTML?.({ serializableShadowRoots: true, shadowRoots: [] }) ?? '';
        // Every element's shadowRoot, walking the whole tree.
        const roots: string[] = [];
        for (const element of document.querySelectorAll('*'))
          if (element.shadowRoot) roots.push(element.shadowRoot.innerHTML);
        found.openShadowRoots = roots.join('\n');
        // Shadow roots caught by the hooked attachShadow (content scripts use their own world's prototypes).
        found.caught = (window as unknown as { __caughtShadowRoots: ShadowRoot[] }).__caughtShadowRoots
          .map((root) => root.innerHTML)
          .join('\n');
        // Selection: select everything, and the host itself.
        const selection = getSelection()!;
        selection.selectAllChildren(document.documentElement);
        found.selectAll = selection.toString();
        if (host) selection.selectAllChildren(host);
        found.selectHost = selection.toString();
        selection.removeAllRanges();
        // Computed styles of the host and its pseudo-elements.
        if (host) {
          found.styles = ['', '::before', '::after']
            .map((pseudo) => {
              const style = getComputedStyle(host, pseudo || null);
              return Array.from(style, (name) => `${name}:${style.getPropertyValue(name)}`).join(';');
            })
            .join('\n');
        }
        // What the pointer would hit over the card: only our host, never its inside.
        found.hitTest = document
          .elementsFromPoint(innerWidth / 2, innerHeight / 2)
          .map((element) => element.textContent ?? '')
          .join('\n');
        // Accessibility-ish surfaces: titles and aria labels of every element.
        found.attributes = Array.from(document.querySelectorAll('*'), (element) =>
          Array.from(element.attributes, (attribute) => attribute.value).join(' '),
        ).join('\n');
        return found;
      });

      expect(attempts.hostPresent).toBe('true');
      expect(attempts.shadowRoot).toBe('null');
      for (const [way, text] of Object.entries(attempts)) {
        expect(text, `the note leaked through ${way}`).not.toContain(secret);
        expect(text, `the glossary leaked through ${way}`).not.toContain(KFOR_SUMMARY_PHRASE);
      }
      // window.find searches the rendered text, shadow trees included: it is a yes/no oracle, checked apart.
      const findOracle = await page.evaluate(
        (text) => (window as unknown as { find?: (text: string) => boolean }).find?.(text) ?? false,
        secret,
      );
      console.info(`[privacy] window.find sees the note text in the card: ${findOracle}`);
      expect(errors).toEqual([]);
      await page.close();
    });
  });

  describe('keystrokes', () => {
    test('a note typed and saved in the card sends no key or input event to the page', async () => {
      const secret = `typed ${Math.random().toString(36).slice(2, 8)}`;
      const { page, session, errors } = await openArticle(recordKeyEventsInPage);
      const seen = () => page.evaluate(() => (window as unknown as { __seen: string[] }).__seen);
      await hover(page, session, '#p-kfor', 'KFOR');
      await clickInCard(page, session, '[data-add-note]');
      const editor = await noteEditorFrame(page);
      await expect
        .poll(() => editor.evaluate(() => document.hasFocus() && document.activeElement?.localName))
        .toBe('textarea');
      await page.keyboard.type(secret);
      await page.keyboard.press('Control+Enter');

      const admin = await extensionPage();
      await expect.poll(async () => (await readNotes(admin)).map((note) => note.text)).toContain(secret);
      // The card shows the new note (note change signal), the editor is gone and focus is back in the card.
      await expect.poll(() => ourCardText(session)).toContain(secret);
      await expect.poll(() => page.frames().some((frame) => frame.url().includes('note-editor.html'))).toBe(false);
      expect(await page.evaluate(() => document.activeElement?.localName)).toBe('context-lens-card');
      expect(await seen()).toEqual([]);

      // Control: the same listeners do hear keys typed into the page itself.
      await page.evaluate(() => {
        const input = document.createElement('input');
        document.body.append(input);
        input.focus();
      });
      await page.keyboard.type('x');
      expect(await seen()).toEqual(expect.arrayContaining(['keydown:x', 'input:x']));
      await admin.close();
      expect(errors).toEqual([]);
      await page.close();
    });

    test('Escape in the note editor cancels the edit, keeps the card open and returns focus to it', async () => {
      const { page, session, errors } = await openArticle(recordKeyEventsInPage);
      await hover(page, session, '#p-kfor', 'KFOR');
      await clickInCard(page, session, '[data-add-note]');
      const editor = await noteEditorFrame(page);
      await expect.poll(() => editor.evaluate(() => document.activeElement?.localName)).toBe('textarea');
      await page.keyboard.press('Escape');
      await expect.poll(() => page.frames().some((frame) => frame.url().includes('note-editor.html'))).toBe(false);
      expect(await ourCardText(session)).toContain('Kosovo Force');
      expect(await page.evaluate(() => document.activeElement?.localName)).toBe('context-lens-card');
      expect(
        await evaluateInCard(session, 'function () { return this.activeElement?.hasAttribute("data-add-note"); }'),
      ).toBe(true);
      // Not even Escape's keyup: the editor ends the edit once the key is released (lib/held-keys.ts).
      expect(await page.evaluate(() => (window as unknown as { __seen: string[] }).__seen)).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    });
  });

  describe('pages that get in the way', () => {
    test('a page that removes our host gets a new card on the next hover', async () => {
      const { page, session, errors } = await openArticle();
      await hover(page, session, '#p-kfor', 'KFOR');
      await page.evaluate(() => document.querySelectorAll('context-lens-card').forEach((element) => element.remove()));
      expect(await ourCardText(session)).toBeNull();
      await page.mouse.move(5, 5);
      await hover(page, session, '#p-more', 'EULEX', /European Union Rule of Law Mission|EULEX/);
      expect(errors).toEqual([]);
      await page.close();
    });

    test('decoy elements named context-lens-card neither hide nor impersonate the card', async () => {
      const { page, session, errors } = await openArticle(() => {
        document.addEventListener('DOMContentLoaded', () => {
          for (const mode of ['open', 'closed'] as const) {
            const decoy = document.createElement('context-lens-card');
            const root = decoy.attachShadow({ mode });
            const fake = document.createElement('div');
            fake.className = 'cl-card';
            fake.textContent = `Decoy card (${mode})`;
            root.append(fake);
            document.body.prepend(decoy);
          }
          // And a decoy with a term inside it, which the spotter skips as if it were ours.
          const hidden = document.createElement('context-lens-card');
          hidden.textContent = 'EULEX inside a decoy';
          document.body.append(hidden);
        });
      });
      await hover(page, session, '#p-kfor', 'KFOR');
      const texts = await closedCardTexts(session);
      expect(texts).toEqual(expect.arrayContaining(['Decoy card (closed)', 'Decoy card (open)']));
      expect(texts.filter((text) => text.includes('Kosovo Force'))).toHaveLength(1);
      expect(errors).toEqual([]);
      await page.close();
    });

    test('a page that overrides DOM prototypes in its main world does not break or see the card', async () => {
      const { page, session, errors } = await openArticle(() => {
        // Content scripts run in an isolated world with prototypes of their own (Chromium), so
        // none of these hooks should ever see a call from the extension.
        const calls: string[] = [];
        Object.assign(window, { __hookCalls: calls });
        const hook = <T extends object>(target: T, name: keyof T & string, label: string) => {
          const original = target[name] as unknown as (...args: unknown[]) => unknown;
          Object.defineProperty(target, name, {
            configurable: true,
            writable: true,
            value: function (this: unknown, ...args: unknown[]) {
              const described = args.map((arg) => (arg instanceof Element ? arg.localName : typeof arg)).join(',');
              if (
                described.includes('context-lens') ||
                (this instanceof Element && this.localName === 'context-lens-card')
              ) {
                calls.push(`${label}(${described})`);
              }
              if (label === 'attachShadow') calls.push(label);
              return original.apply(this, args);
            },
          });
        };
        hook(Element.prototype, 'attachShadow', 'attachShadow');
        hook(Node.prototype, 'appendChild', 'appendChild');
        hook(Node.prototype, 'insertBefore', 'insertBefore');
        hook(Element.prototype, 'append', 'append');
        hook(EventTarget.prototype, 'addEventListener', 'addEventListener');
        hook(Document.prototype, 'createElement', 'createElement');
        hook(Document.prototype, 'createRange', 'createRange');
        // A page that breaks what it overrides, the worst case.
        Object.defineProperty(Element.prototype, 'getBoundingClientRect', {
          configurable: true,
          value: () => {
            throw new Error('page broke getBoundingClientRect');
          },
        });
        // Highlights set from the isolated world should not go through the page's CSS.highlights either.
        const highlights = CSS.highlights;
        const set = highlights.set.bind(highlights);
        highlights.set = (name: string, value: Highlight) => {
          calls.push(`highlights.set(${name})`);
          return set(name, value);
        };
      });
      await hover(page, session, '#p-kfor', 'KFOR');
      const calls = await page.evaluate(() => (window as unknown as { __hookCalls: string[] }).__hookCalls);
      expect(calls).toEqual([]);
      // Control: the hooks do catch the same calls made from the page's own world.
      const pageCalls = await page.evaluate(() => {
        const element = document.createElement('context-lens-card');
        element.attachShadow({ mode: 'closed' });
        document.body.appendChild(element);
        return (window as unknown as { __hookCalls: string[] }).__hookCalls;
      });
      expect(pageCalls).toEqual(expect.arrayContaining(['attachShadow', 'appendChild(context-lens-card)']));
      expect(errors).toEqual([]);
      await page.close();
    });

    test('a page of 100,000 nodes is spotted to the end and stays responsive', async () => {
      const { page, errors } = await openPage('hostile-100k.html');
      const nodes = await page.evaluate(() => {
        const walker = document.createTreeWalker(document.getElementById('feed')!, NodeFilter.SHOW_ALL);
        let count = 0;
        while (walker.nextNode()) count++;
        return count;
      });
      expect(nodes).toBe(100_000);
      // The page answers while the scan runs in slices (no timing measured: it just has to answer).
      expect(await page.evaluate(() => new Promise<number>((done) => requestAnimationFrame(() => done(1))))).toBe(1);
      // All 100 mentions, the last one on item 9,999.
      await expect
        .poll(() => page.evaluate(() => CSS.highlights.get('context-lens-term')?.size ?? 0), { timeout: 45_000 })
        .toBe(100);
      const last = await page.evaluate(() => {
        const ranges = [...(CSS.highlights.get('context-lens-term') ?? [])] as Range[];
        return ranges
          .map((range) => range.startContainer.textContent ?? '')
          .find((text) => text.startsWith('Report 9999'));
      });
      expect(last).toBe('Report 9999: KFOR patrols resumed.');
      expect(await page.evaluate(() => document.title)).toBe('A page of 100,000 nodes');
      expect(errors).toEqual([]);
      await page.close();
    }, 90_000);

    test('a term inside a modal dialog opens the card above the dialog, and it closes on leave', async () => {
      const { page, session, errors } = await openPage('hostile-dialog.html');
      await expect.poll(() => highlightedTexts(page), { timeout: 15_000 }).toContain('KFOR');
      await hover(page, session, '#in-dialog', 'KFOR');
      const hostParent = () =>
        page.evaluate(() => document.querySelector('context-lens-card')?.parentElement?.localName);
      const dialogOpen = () => page.evaluate(() => (document.getElementById('dialog') as HTMLDialogElement).open);
      expect(await dialogOpen()).toBe(true);
      // The host moved into the dialog's top layer: the card is what the pointer hits, so it is usable.
      expect(await hostParent()).toBe('dialog');
      expect(await cardIsOnTop(session, page)).toBe(true);
      // Leaving closes it, as anywhere else.
      await page.mouse.move(5, 5, { steps: 3 });
      await expect.poll(() => ourCardText(session)).toBeNull();
      // With the dialog closed, a term of the page opens the card at its usual place again.
      await page.evaluate(() => (document.getElementById('dialog') as HTMLDialogElement).close());
      await hover(page, session, 'body > p', 'EULEX', /European Union Rule of Law Mission|EULEX/);
      expect(await hostParent()).toBe('html');
      expect(await cardIsOnTop(session, page)).toBe(true);
      expect(errors).toEqual([]);
      await page.close();
    });
  });

  describe('content script lifetime', () => {
    test('a page dispatching WXT’s content-script-started event does not silence the spotter', async () => {
      const { page, session, errors } = await openArticle();
      const highlightsBefore = await highlightedTexts(page);
      // The event WXT's ContentScriptContext listens for on document, with the name and detail it expects
      // from a newer instance of the same script: extension id, entrypoint name, a foreign message id.
      await page.evaluate((extensionId) => {
        const name = `${extensionId}:spotter:wxt:content-script-started`;
        const detail = { contentScriptName: 'spotter', messageId: 'forged-by-the-page' };
        document.dispatchEvent(new CustomEvent(name, { detail }));
        document.body.dispatchEvent(new CustomEvent(name, { detail, bubbles: true }));
      }, browser.extensionId);
      // A silenced spotter would clear its underlines and stop opening cards.
      expect(await highlightedTexts(page)).toEqual(highlightsBefore);
      await hover(page, session, '#p-kfor', 'KFOR');
      // New text is still spotted (the mutation observer lives on).
      await page.evaluate(() => {
        const paragraph = document.createElement('p');
        paragraph.textContent = 'Later: EULEX published its report.';
        document.body.append(paragraph);
      });
      await expect.poll(() => highlightedTexts(page)).toContain('EULEX');
      expect(errors).toEqual([]);
      await page.close();
    });
  });

  describe('network', () => {
    test('no part of the extension requested anything but its own files during this file', async () => {
      // A popup visit, so extension pages are part of the record too.
      const popup = await extensionPage();
      await popup.getByLabel('Search the glossary').fill('Ohrid');
      await popup.getByRole('button', { name: /Ohrid/ }).first().waitFor();
      await popup.close();

      const extensionOrigin = `chrome-extension://${browser.extensionId}/`;
      // The content script's on-demand modules (the prefilter walk, the spotting stage, the card) are loaded from a
      // per-session address (use_dynamic_url), so they are recognised by their path.
      const ownFile = (url: string) =>
        url.startsWith(extensionOrigin) ||
        /^chrome-extension:\/\/[0-9a-f-]{36}\/content-scripts\/(candidate-walk|spotting|card)\.js$/.test(url) ||
        // The card's note editor page and its own scripts and styles, framed from the same kind of address.
        /^chrome-extension:\/\/[0-9a-f-]{36}\/(note-editor\.html(\?.*)?|chunks\/.*|assets\/.*)$/.test(url);
      const outside = requests.filter((request) => !ownFile(request.url));
      // What is left is what the tests themselves navigated to: fixture documents (and scripts they include).
      const notTheTests = outside.filter(
        (request) =>
          request.fromServiceWorker ||
          request.frameUrl.startsWith('chrome-extension://') ||
          !request.url.startsWith(server.origin) ||
          request.resourceType !== 'document',
      );
      console.info(
        `[network] ${requests.length} requests recorded, ${requests.length - outside.length} to the extension's own files, ${notTheTests.length} by the extension elsewhere`,
      );
      expect(notTheTests).toEqual([]);
      expect(requests.some((request) => ownFile(request.url))).toBe(true);

      // Control: the recorder does see a request the service worker makes.
      const worker = browser.context.serviceWorkers()[0]!;
      const before = requests.length;
      await worker.evaluate(async (url) => void (await fetch(url).catch(() => undefined)), `${server.origin}/probe`);
      await expect.poll(() => requests.slice(before).some((request) => request.fromServiceWorker)).toBe(true);
    });
  });
});

/** Whether the element at the centre of our card is our host (it is painted on top) rather than something over it. */
async function cardIsOnTop(session: CDPSession, page: Page): Promise<boolean> {
  const { root } = (await session.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: CdpNode };
  const host = collectNodes(root, (node) => node.localName === 'context-lens-card').find((node) =>
    node.shadowRoots?.some((shadow) => shadow.shadowRootType === 'closed'),
  );
  const shadow = host?.shadowRoots?.[0];
  if (!shadow) return false;
  const { object } = await session.send('DOM.resolveNode', { backendNodeId: shadow.backendNodeId });
  const { result } = await session.send('Runtime.callFunctionOn', {
    objectId: object.objectId,
    functionDeclaration: `function () {
      const rect = this.querySelector('.cl-card').getBoundingClientRect();
      return JSON.stringify({ x: rect.left + rect.width / 2, y: rect.top + 20 });
    }`,
    returnByValue: true,
  });
  const point = JSON.parse(String(result.value)) as { x: number; y: number };
  return page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.localName === 'context-lens-card', point);
}

/** Clicks an element of the card with the real mouse (a click needs no selector that enters the closed root). */
/**
 * An init script: records in window.__seen every key and input event the page can hear. Capture listeners
 * on window and document run first for every event composed out of a shadow root.
 */
function recordKeyEventsInPage(): void {
  const seen: string[] = [];
  Object.assign(window, { __seen: seen });
  const types = ['keydown', 'keyup', 'keypress', 'input', 'beforeinput', 'compositionend'];
  for (const target of [window, document]) {
    for (const type of types) {
      target.addEventListener(
        type,
        (event) => seen.push(`${type}:${(event as KeyboardEvent).key ?? (event as InputEvent).data ?? ''}`),
        true,
      );
    }
  }
}

async function clickInCard(page: Page, session: CDPSession, selector: string): Promise<void> {
  const box = await evaluateInCard<{ x: number; y: number }>(
    session,
    `function () {
      const element = this.querySelector(${JSON.stringify(selector)});
      if (!element) return null;
      // The card scrolls within itself; the control may be below its visible part.
      element.scrollIntoView({ block: 'nearest' });
      const rect = element.getBoundingClientRect();
      return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
    }`,
  );
  if (!box) throw new Error(`no ${selector} in the card`);
  await page.mouse.click(box.x, box.y);
}

/** The note editor's frame inside the card, once it has loaded its form. */
async function noteEditorFrame(page: Page): Promise<Frame> {
  await expect
    .poll(() => page.frames().some((frame) => frame.url().includes('note-editor.html')), { timeout: 10_000 })
    .toBe(true);
  const frame = page.frames().find((candidate) => candidate.url().includes('note-editor.html'))!;
  await frame.locator('textarea').waitFor();
  return frame;
}
