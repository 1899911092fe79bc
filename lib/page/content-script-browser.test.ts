import { afterEach, describe, expect, test, vi } from 'vitest';

const globals = globalThis as unknown as { browser?: unknown; chrome?: unknown };

/** The module as a page's content script first loads it (the namespace, not the proxy: awaiting that would read `then`). */
async function freshModule() {
  vi.resetModules();
  return import('./content-script-browser');
}

describe('the content script’s extension API', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  test('is `browser` where it is the extension API (Firefox, Chrome 136 and later)', async () => {
    const storage = { local: {} };
    vi.stubGlobal('browser', { storage, runtime: {} });
    vi.stubGlobal('chrome', { storage: { local: {} }, runtime: {} });
    expect((await freshModule()).browser.storage).toBe(storage);
  });

  test('is `chrome` where `browser` is only a page element of that id or name (older Chrome)', async () => {
    const element = document.createElement('div');
    element.id = 'browser';
    const storage = { local: {} };
    vi.stubGlobal('browser', element);
    vi.stubGlobal('chrome', { storage, runtime: {} });
    expect((await freshModule()).browser.storage).toBe(storage);
    vi.stubGlobal('browser', document.getElementsByName('browser'));
    expect((await freshModule()).browser.storage).toBe(storage);
  });

  test('chooses at the first use, without reading any namespace to do so', async () => {
    const read: string[] = [];
    const api = new Proxy(
      { storage: {}, runtime: {} },
      { get: (target, key: string) => (read.push(key), target[key as 'storage']) },
    );
    vi.stubGlobal('browser', api);
    vi.stubGlobal('chrome', undefined);
    const { browser } = await freshModule();
    expect(read).toEqual([]);
    void browser.runtime;
    expect(read).toEqual(['runtime']);
    expect(globals.browser).toBe(api);
  });
});
