/**
 * Who sent a message: every request handler, in the background and in the
 * content script, first checks that it comes from this extension (and, for
 * some requests, from its own pages). Kept apart from the request schemas in
 * handlers.ts so the content script can use it without them.
 */
import type { Runtime } from 'webextension-polyfill';
import type { SenderPolicy } from './protocol';

export class RequestError extends Error {
  override name = 'RequestError';
}

/** The parts of a message sender that the checks read (Chrome's and Firefox's senders both have them). */
export type Sender = Pick<Runtime.MessageSender, 'id' | 'url' | 'tab'>;

export interface ExtensionIdentity {
  id: string;
  /** The extension's own origin with a trailing slash, e.g. chrome-extension://abc/ */
  baseUrl: string;
}

export function checkSender(sender: Sender, policy: SenderPolicy, self: ExtensionIdentity): void {
  if (sender.id !== self.id) throw new RequestError('Request refused: it does not come from this extension');
  const fromExtensionPage = typeof sender.url === 'string' && sender.url.startsWith(self.baseUrl);
  if (policy === 'extension-page' && !fromExtensionPage) {
    throw new RequestError('Request refused: only the extension’s own pages may send it');
  }
}
