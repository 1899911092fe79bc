/**
 * Background side of the protocol: checks the sender and validates the data
 * of every request before the handler sees it.
 */
import * as v from 'valibot';
import { requestSchemas, senderPolicies, type ProtocolMap, type RequestData, type RequestType } from './protocol';
import { issuePath } from '../issue-path';
import { checkSender, RequestError, type ExtensionIdentity, type Sender } from './sender';

// The sender checks live in sender.ts, which the content script imports without the schemas.
export { checkSender, RequestError, type ExtensionIdentity, type Sender };

export function parseRequest<T extends RequestType>(type: T, data: unknown): RequestData<T> {
  const result = v.safeParse(requestSchemas[type], data);
  if (!result.success) {
    const issue = result.issues[0];
    const where = issuePath(issue);
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

/** The runtime.onMessage event (Chrome's callback form, which Firefox's `chrome` also offers). */
export interface RuntimeMessageEvent {
  addListener(
    listener: (message: unknown, sender: Sender, sendResponse: (response: unknown) => void) => boolean | undefined,
  ): void;
}

/** The envelope @webext-core/messaging's sendMessage sends and expects back ({ res } or { err }). */
interface Envelope {
  type: string;
  data?: unknown;
  timestamp: number;
}

function isEnvelope(message: unknown): message is Envelope {
  if (typeof message !== 'object' || message === null) return false;
  const { type, timestamp } = message as Partial<Envelope>;
  return typeof type === 'string' && typeof timestamp === 'number';
}

/** The error shape @webext-core/messaging's sender turns back into an Error (name, message, stack). */
function serialiseError(error: unknown): { name: string; message: string; stack: string } {
  // The stack stays here: it describes the background's code, not the sender's request.
  if (error instanceof Error) return { name: error.name, message: error.message, stack: '' };
  return { name: 'Error', message: String(error), stack: '' };
}

/**
 * The background's receiving end, in place of @webext-core/messaging's onMessage.
 * That library looks listeners up in a plain object, so a request typed
 * "constructor", "toString" or "__proto__" reached an Object.prototype member
 * (and "constructor" echoed the request back). Here types are looked up in a
 * Map of our own request types: any other type, prototype names included, gets
 * the same refusal. The envelope stays the library's, so senders keep using its sendMessage.
 */
export function listenForRequests(event: RuntimeMessageEvent, handlers: Handlers, self: ExtensionIdentity): void {
  const listeners = new Map<string, (message: { data: unknown; sender: Sender }) => Promise<unknown>>();
  registerHandlers((type, listener) => void listeners.set(type, listener), handlers, self);
  event.addListener((message, sender, sendResponse) => {
    // Not our envelope: not ours to answer (the library ignored these too).
    if (!isEnvelope(message)) return false;
    const listener = listeners.get(message.type);
    const reply = listener
      ? listener({ data: message.data, sender })
      : Promise.reject(new RequestError('Request refused: unknown request type'));
    reply.then(
      (res) => sendResponse({ res }),
      (error: unknown) => sendResponse({ err: serialiseError(error) }),
    );
    return true;
  });
}
