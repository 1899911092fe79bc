/**
 * What the popup needs from the browser, as plain functions. The entrypoint
 * wires them to IndexedDB, extension storage and the active tab; tests pass
 * fakes. Components never call browser APIs themselves.
 */
import type { StoredEvent } from '@/lib/model';
import type { PageSelection, PageTermsReport } from '@/lib/messaging/page-protocol';
import type { Settings } from '@/lib/settings';

/** The reader's way back to entries: opened lately, and with notes. */
export interface ReadingHistory {
  listRecent(): Promise<string[]>;
  rememberOpened(entryId: string): Promise<void>;
  /** Entries with notes, the most recently noted first. */
  listNoted(): Promise<string[]>;
}

export interface TimelineSource {
  /** Every event, newest first. */
  listEvents(): Promise<StoredEvent[]>;
}

export interface ActivePage {
  /** What the content script of the active tab spotted; null when the tab has no content script to ask. */
  getTerms(): Promise<PageTermsReport | null>;
  /** Scrolls the tab to the first mention of the entry and opens its card; false if it is not on the page. */
  reveal(entryId: string): Promise<boolean>;
  /** The text selected in the active tab; null when the tab has no content script to ask. */
  getSelection?(): Promise<PageSelection | null>;
  /** Opens the entry editor on the selection, as the context menu's "Add to glossary" does. */
  addToGlossary?(selection: PageSelection): void;
}

export interface SettingsStore {
  load(): Promise<Settings>;
  update(change: Partial<Settings>): Promise<Settings>;
}
