/**
 * Requests from extension pages (the popup) to the content script of a tab:
 * what was spotted on the page, and "show me this term". Kept apart from the
 * background protocol because the direction and the trust are different:
 * these go into a tab, and the content script accepts them only from the
 * extension's own pages.
 */
import * as v from 'valibot';
import { defineExtensionMessaging } from '@webext-core/messaging';
import { EntryIdSchema } from '../model';

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

export const pageRequestSchemas = {
  getPageTerms: v.strictObject({}),
  revealTerm: v.strictObject({ entryId: EntryIdSchema }),
  moveToTerm: v.strictObject({ direction: v.picklist(['next', 'previous']) }),
} as const;

export interface PageProtocolMap {
  getPageTerms(data: v.InferOutput<(typeof pageRequestSchemas)['getPageTerms']>): PageTermsReport;
  /** Scrolls to the first mention of the entry and opens its card; false if it is not on the page. */
  revealTerm(data: v.InferOutput<(typeof pageRequestSchemas)['revealTerm']>): boolean;
  /** Keyboard navigation (a rebindable command): focus the next or previous term and open its card. */
  moveToTerm(data: v.InferOutput<(typeof pageRequestSchemas)['moveToTerm']>): boolean;
}

export const pageMessenger = defineExtensionMessaging<PageProtocolMap>();
