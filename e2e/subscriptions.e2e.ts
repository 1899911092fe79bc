/**
 * Pack subscriptions in the built extension (Chromium), against a pack server
 * of our own on 127.0.0.1: subscribe and get the first version; publish a
 * newer one and "Check now" (notes kept); a tampered file, an invalid pack and
 * a server error each keep the installed version and show the reason;
 * unsubscribing forgets the subscription. Every request the server receives is
 * recorded, and none carries a cookie, a referrer, an origin or a query.
 *
 * The permission prompt: Chrome shows `permissions.request()` as a browser
 * dialog that neither Playwright nor the DevTools protocol can answer, and no
 * switch accepts it any more. The test therefore does what the reader does in
 * the browser's own interface instead of the prompt: on chrome://extensions
 * it adds the site under "Site access" (developerPrivate.addHostPermission,
 * the call that page makes). The extension's own code is unchanged: the
 * Subscribe click (a real, trusted click, so a user gesture) still calls
 * permissions.request, which Chrome then answers without a dialog.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createHash } from 'node:crypto';
import { describe, expect, test, beforeAll, afterAll } from 'vitest';
import type { Page } from 'playwright-core';
import { canRunChromium, launchWithExtension, type ExtensionBrowser } from './harness';

interface Published {
  descriptor: string;
  files: Map<string, string>;
  failWith?: number;
}

function pack(version: string, title = 'Subscribed entry') {
  return {
    format: 1,
    id: 'e2e-followed',
    name: 'Followed pack',
    version,
    language: 'en',
    license: 'CC0',
    entries: [
      {
        id: 'e2e-followed-entry',
        type: 'concept',
        title,
        summary: `Version ${version} of an entry that arrives by subscription.`,
        source: { url: 'https://example.org/followed' },
        checked: '2026-12-01',
      },
    ],
  };
}

/** What `npm run pack:publish` writes: the file under a versioned name and a descriptor naming its size and hash. */
function publish(state: Published, document: unknown, options: { serve?: string } = {}) {
  const text = JSON.stringify(document);
  const version = (document as { version: string }).version;
  const name = `e2e-followed-${version}.json`;
  const bytes = Buffer.from(text);
  state.files.set(`/${name}`, options.serve ?? text);
  state.descriptor = JSON.stringify({
    descriptor: 1,
    id: 'e2e-followed',
    version,
    url: name,
    size: bytes.byteLength,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  });
  state.failWith = undefined;
}

describe.runIf(canRunChromium)('pack subscriptions in Chromium', () => {
  let browser: ExtensionBrowser;
  let server: Server;
  let origin = '';
  const state: Published = { descriptor: '', files: new Map() };
  const received: Array<{ url: string; headers: IncomingHttpHeaders }> = [];
  let page: Page;

  beforeAll(async () => {
    server = createServer((request, response) => {
      received.push({ url: request.url ?? '', headers: request.headers });
      if (state.failWith) return void response.writeHead(state.failWith).end('down');
      // A weak validator from the content, as static servers send.
      const body = request.url === '/followed.descriptor.json' ? state.descriptor : state.files.get(request.url ?? '');
      if (body === undefined) return void response.writeHead(404).end('not found');
      const etag = `"${createHash('sha1').update(body).digest('hex')}"`;
      if (request.headers['if-none-match'] === etag) return void response.writeHead(304).end();
      response.writeHead(200, { 'content-type': 'application/json', etag }).end(body);
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    origin = `http://127.0.0.1:${address.port}`;
    browser = await launchWithExtension();
    // A cookie the browser holds for the pack server: the subscription's requests must not send it.
    await browser.context.addCookies([{ name: 'reader', value: 'secret', url: origin }]);
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((done) => server?.close(done));
  });

  /** Reads the installed pack's version and the notes, straight from the extension's database. */
  function readDatabase(): Promise<{ version?: string; notes: string[] }> {
    return page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('context-lens');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const get = <T>(store: string, key?: string) =>
        new Promise<T>((resolve, reject) => {
          const objects = db.transaction(store).objectStore(store);
          const request = key === undefined ? objects.getAll() : objects.get(key);
          request.onsuccess = () => resolve(request.result as T);
          request.onerror = () => reject(request.error);
        });
      const installed = await get<{ version: string } | undefined>('packs', 'e2e-followed');
      const notes = await get<Array<{ text: string }>>('notes');
      db.close();
      return { version: installed?.version, notes: notes.map((note) => note.text) };
    });
  }

  async function checkNow(): Promise<void> {
    await page.getByRole('button', { name: 'Check now' }).click();
    await page.getByRole('button', { name: 'Check now' }).and(page.locator(':enabled')).waitFor();
  }

  const failure = () => page.locator('[data-subscription-failure]').textContent();

  test('subscribe: the origin is asked for and the first version installed', async () => {
    const extensions = await browser.context.newPage();
    await extensions.goto('chrome://extensions');
    // The reader's acceptance of the site, through the browser's own interface (see the header).
    await extensions.evaluate(
      ([id, pattern]) =>
        (
          globalThis as unknown as {
            chrome: { developerPrivate: { addHostPermission(id: string, host: string): Promise<void> } };
          }
        ).chrome.developerPrivate.addHostPermission(id!, pattern!),
      [browser.extensionId, 'http://127.0.0.1/*'],
    );
    await extensions.close();

    publish(state, pack('1.0.0'));
    page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/options.html#subscriptions`);
    await page.getByLabel('Descriptor address').fill(`${origin}/followed.descriptor.json`);
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await expect
      .poll(() => page.getByRole('status').textContent(), { timeout: 15_000 })
      .toMatch(/Installed version 1\.0\.0/);
    expect((await readDatabase()).version).toBe('1.0.0');
    await page.getByText(/Pack e2e-followed, version 1\.0\.0/).waitFor();
  });

  test('a newer version, on "Check now", is applied and the reader\'s note kept', async () => {
    // A note on the followed entry, written as the card's editor writes it.
    await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('context-lens');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      await new Promise<void>((resolve, reject) => {
        const transaction = db.transaction('notes', 'readwrite');
        transaction
          .objectStore('notes')
          .put({ id: 'n1', entryId: 'e2e-followed-entry', text: 'kept', created: 1, updated: 1 });
        transaction.oncomplete = () => resolve();
        transaction.onerror = () => reject(transaction.error);
      });
      db.close();
    });
    publish(state, pack('1.1.0', 'Subscribed entry, revised'));
    await checkNow();
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/Installed version 1\.1\.0/);
    expect(await readDatabase()).toEqual({ version: '1.1.0', notes: ['kept'] });
  });

  test.each([
    [
      'a tampered file',
      () => publish(state, pack('1.2.0'), { serve: JSON.stringify(pack('1.2.0', 'Tampered entry!!')) }),
      /SHA-256 does not match/,
    ],
    [
      'an invalid pack',
      () => publish(state, { ...pack('1.2.0'), entries: [{ ...pack('1.2.0').entries[0], title: '   ' }] }),
      /pack is invalid: entries\[0\]\.title/,
    ],
    ['a server error', () => void (state.failWith = 500), /server answered 500/],
  ])('%s keeps the installed version and shows the reason and time', async (_name, breakIt, reason) => {
    breakIt();
    await checkNow();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(reason);
    expect(await failure()).toMatch(reason);
    expect(await failure()).toMatch(/The check at .*\d.* failed: .*The installed version is kept\./);
    expect(await readDatabase()).toEqual({ version: '1.1.0', notes: ['kept'] });
  });

  test('every request carried no cookie, referrer, origin or query; a repeated check was conditional', async () => {
    state.failWith = undefined;
    publish(state, pack('1.1.0', 'Subscribed entry, revised'));
    await checkNow();
    await checkNow();
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/Nothing has changed/);
    expect(received.length).toBeGreaterThan(8);
    for (const { url, headers } of received) {
      expect(url).not.toContain('?');
      expect(headers.cookie, url).toBeUndefined();
      expect(headers.referer, url).toBeUndefined();
      expect(headers.origin, url).toBeUndefined();
      expect(headers.authorization, url).toBeUndefined();
    }
    expect(new Set(received.map((request) => request.url))).toEqual(
      new Set([
        '/followed.descriptor.json',
        '/e2e-followed-1.0.0.json',
        '/e2e-followed-1.1.0.json',
        '/e2e-followed-1.2.0.json',
      ]),
    );
    expect(received.at(-1)?.headers['if-none-match']).toMatch(/^"[0-9a-f]{40}"$/);
  });

  test('unsubscribing forgets the subscription, keeps the pack, and nothing more is fetched', async () => {
    await page.getByRole('button', { name: 'Unsubscribe' }).click();
    await page.getByText('You follow no pack.').waitFor();
    // Chrome keeps origins that the content script's <all_urls> covers (lib/subscriptions/service.ts); the page says so.
    expect(await page.getByRole('status').textContent()).toMatch(/^Unsubscribed\. The installed pack stays/);
    const requestsBefore = received.length;
    const alarms = await page.evaluate(() => chrome.alarms.getAll());
    expect(alarms).toEqual([]);
    expect((await readDatabase()).version).toBe('1.1.0');
    expect(received.length).toBe(requestsBefore);
  });
});
