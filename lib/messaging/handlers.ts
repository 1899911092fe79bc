/**
 * Background side of the protocol: checks the sender and validates the data
 * of every request before the handler sees it.
 */
import * as v from 'valibot';
import type { Runtime } from 'webextension-polyfill';
import {
  requestSchemas,
  senderPolicies,
  type ProtocolMap,
  type RequestData,
  type RequestType,
  type SenderPolicy,
} from './protocol';

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

export function parseRequest<T extends RequestType>(type: T, data: unknown): RequestData<T> {
  const result = v.safeParse(requestSchemas[type], data);
  if (!result.success) {
    const issue = result.issues[0];
    const where = issue.path?.map((item) => String(item.key)).join('.') ?? '';
    throw new RequestError(`Invalid ${type} request${where ? ` at ${where}` : ''}: ${issue.message}`);
  }
  return result.output as RequestData<T>;
}

/** Handlers get the validated data, and the (checked) sender for the few that need its tab or address. */
export type Handlers = {
  [T in RequestType]: (data: RequestData<T>, sender: Sender) => Promise<ReturnType<ProtocolMap[T]>>;
};

type OnMessage = <T extends RequestType>(
  type: T,
  listener: (message: { data: unknown; sender: Sender }) => Promise<ReturnType<ProtocolMap[T]>>,
) => unknown;

/** Wires every handler to the messenger, behind the sender check and the schema. */
export function registerHandlers(onMessage: OnMessage, handlers: Handlers, self: ExtensionIdentity): void {
  for (const type of Object.keys(handlers) as RequestType[]) {
    onMessage(type, async ({ data, sender }) => {
      checkSender(sender, senderPolicies[type], self);
      const handler = handlers[type] as (
        data: RequestData<typeof type>,
        sender: Sender,
      ) => Promise<ReturnType<ProtocolMap[typeof type]>>;
      return handler(parseRequest(type, data), sender);
    });
  }
}
