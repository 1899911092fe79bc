import { describe, expect, test, vi } from 'vitest';
import { checkSender, parseRequest, registerHandlers, RequestError, type Handlers, type Sender } from './handlers';

const self = { id: 'ext-id', baseUrl: 'chrome-extension://ext-id/' };
const contentScript: Sender = { id: 'ext-id', url: 'https://news.example/article', tab: { id: 3 } as Sender['tab'] };
const popup: Sender = { id: 'ext-id', url: 'chrome-extension://ext-id/popup.html' };
const otherExtension: Sender = { id: 'someone-else', url: 'chrome-extension://someone-else/x.html' };

describe('checkSender', () => {
  test('refuses senders from other extensions and pages', () => {
    expect(() => checkSender(otherExtension, 'content-script-or-page', self)).toThrow(RequestError);
    expect(() => checkSender({ url: 'https://evil.example' }, 'content-script-or-page', self)).toThrow(RequestError);
  });

  test('keeps extension-page requests away from content scripts', () => {
    expect(() => checkSender(contentScript, 'extension-page', self)).toThrow(/only the extension’s own pages/);
    expect(() => checkSender(popup, 'extension-page', self)).not.toThrow();
    expect(() => checkSender(contentScript, 'content-script-or-page', self)).not.toThrow();
  });
});

describe('parseRequest', () => {
  test('accepts well-formed data', () => {
    expect(parseRequest('getEntryDetail', { entryId: 'kfor' })).toEqual({ entryId: 'kfor' });
  });

  test.each([
    ['getEntryDetail', null],
    ['getEntryDetail', { entryId: 'KFOR <script>' }],
    ['getEntryDetail', { entryId: 'kfor', extra: 1 }],
    ['addNote', { entryId: 'kfor', text: 'x'.repeat(20_001) }],
    ['updateNote', { noteId: 'not-a-uuid', text: 'x' }],
    ['getTermIndex', {}],
  ] as const)('rejects %s with %j', (type, data) => {
    expect(() => parseRequest(type, data)).toThrow(RequestError);
  });
});

describe('registerHandlers', () => {
  function wire() {
    const listeners = new Map<string, (message: { data: unknown; sender: Sender }) => Promise<unknown>>();
    const handlers = {
      getTermIndex: vi.fn(async () => null),
      getEntryDetail: vi.fn(async () => null),
      addNote: vi.fn(),
      updateNote: vi.fn(),
      deleteNote: vi.fn(),
    } as unknown as Handlers;
    registerHandlers((type, listener) => listeners.set(type, listener), handlers, self);
    return { listeners, handlers };
  }

  test('runs the handler only after the sender and data checks', async () => {
    const { listeners, handlers } = wire();
    const getEntryDetail = listeners.get('getEntryDetail')!;
    await expect(getEntryDetail({ data: { entryId: 'kfor' }, sender: otherExtension })).rejects.toThrow(RequestError);
    await expect(getEntryDetail({ data: { entryId: 42 }, sender: contentScript })).rejects.toThrow(RequestError);
    expect(handlers.getEntryDetail).not.toHaveBeenCalled();
    await getEntryDetail({ data: { entryId: 'kfor' }, sender: contentScript });
    expect(handlers.getEntryDetail).toHaveBeenCalledWith({ entryId: 'kfor' }, contentScript);
  });
});
