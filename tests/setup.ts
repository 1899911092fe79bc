// Every test gets a fresh in-memory IndexedDB and an empty DOM, so nothing leaks between tests,
// and reads the English interface text from public/_locales/en/messages.json.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { cleanup } from '@testing-library/preact';
import { afterEach, beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { installEnglishMessages } from './setup-i18n';

// reset() leaves i18n alone, so the messages are installed once.
installEnglishMessages();

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  fakeBrowser.reset();
});

afterEach(() => cleanup());
