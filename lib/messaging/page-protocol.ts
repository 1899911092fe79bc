/**
 * Requests from extension pages (the popup) to the content script of a tab:
 * what was spotted on the page, and "show me this term". Kept apart from the
 * background protocol because the direction and the trust are different:
 * these go into a tab, and the content script accepts them only from the
 * extension's own pages.
 *
 * The shapes are checked by hand rather than with valibot: this file is part
 * of the content script, which runs in every frame of every page, and the
 * three shapes are too small to be worth a schema library there. The sender
 * check (only the extension's own pages) happens before these.
 */
export interface PageTerm {
  /** The entries this mention may name, best candidate first. */
  entryIds: string[];
  /** The text as it appears on the page (first mention). */
  text: string;
  /** How many times it is mentioned. */
  count: number;
}

export interface PageTermsReport {
  url: string;
  hostname: string;
  title: string;
  /** False when spotting is off on this page (switched off globally or for the site). */
  active: boolean;
  terms: PageTerm[];
}

export const MOVE_DIRECTIONS = ['next', 'previous'] as const;
/** Entry ids are bounded the same way in the pack format (lib/model.ts). */
const MAX_ENTRY_ID_LENGTH = 120;

/** Text the reader selected on the page, with the page's address: the start of an own entry. */
export interface PageSelection {
  text: string;
  url: string;
}

export interface PageRequests {
  getPageTerms: Record<string, never>;
  getSelection: Record<string, never>;
  revealTerm: { entryId: string };
  moveToTerm: { direction: (typeof MOVE_DIRECTIONS)[number] };
}
export type PageRequestType = keyof PageRequests;

export interface PageProtocolMap {
  getPageTerms(data: PageRequests['getPageTerms']): PageTermsReport;
  /** Scrolls to the first mention of the entry and opens its card; false if it is not on the page. */
  revealTerm(data: PageRequests['revealTerm']): boolean;
  /** Keyboard navigation (a rebindable command): focus the next or previous term and open its card. */
  moveToTerm(data: PageRequests['moveToTerm']): boolean;
  /**
   * The page's selected text ('' when none): "Add to glossary" from the popup, where the browser has no
   * context menu for extensions (Firefox for Android).
   */
  getSelection(data: PageRequests['getSelection']): PageSelection;
}

export class PageRequestError extends Error {
  override name = 'PageRequestError';
}

/** The request's fields if it is a plain object with exactly `keys`; a clear error otherwise. */
function fieldsOf(type: PageRequestType, data: unknown, keys: readonly string[]): Record<string, unknown> {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new PageRequestError(`Invalid ${type} request: expected an object`);
  }
  const unknown = Object.keys(data).find((key) => !keys.includes(key));
  if (unknown !== undefined) throw new PageRequestError(`Invalid ${type} request at ${unknown}: unknown field`);
  // A copy of the own fields: nothing inherited through a prototype is read.
  return Object.fromEntries(Object.entries(data));
}

/** Checks a request's data against its type's shape and returns it typed; throws a PageRequestError naming the field otherwise. */
export function parsePageRequest<T extends PageRequestType>(type: T, data: unknown): PageRequests[T] {
  switch (type) {
    case 'getPageTerms':
    case 'getSelection':
      fieldsOf(type, data, []);
      return {} as PageRequests[T];
    case 'revealTerm': {
      const { entryId } = fieldsOf(type, data, ['entryId']);
      if (typeof entryId !== 'string' || entryId.length === 0 || entryId.length > MAX_ENTRY_ID_LENGTH) {
        throw new PageRequestError(
          `Invalid revealTerm request at entryId: expected an entry id of 1 to ${MAX_ENTRY_ID_LENGTH} characters`,
        );
      }
      return { entryId } as PageRequests[T];
    }
    case 'moveToTerm': {
      const { direction } = fieldsOf(type, data, ['direction']);
      if (!MOVE_DIRECTIONS.includes(direction as never)) {
        throw new PageRequestError(`Invalid moveToTerm request at direction: expected "next" or "previous"`);
      }
      return { direction } as PageRequests[T];
    }
    default:
      throw new PageRequestError(`Unknown page request ${String(type)}`);
  }
}
