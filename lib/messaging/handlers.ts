/**
 * Background side of the protocol: checks the sender and validates the data
 * of every request before the handler sees it.
 */
import * as v from 'valibot';
import { requestSchemas, senderPolicies, type ProtocolMap, type RequestData, type RequestType } from './protocol';
import { issuePath } from '../issue-path';
import { checkSender, RequestError, type ExtensionIdentity, type Sender } from './sender';
import { answerEnvelopes, type EnvelopeListener, type RuntimeMessageEvent } from './envelope';

// The sender checks live in sender.ts, which the content script imports without the schemas.
export { checkSender, RequestError, type ExtensionIdentity, type RuntimeMessageEvent, type Sender };

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

/**
 * The background's receiving end, in place of @webext-core/messaging's onMessage
 * (see envelope.ts): types are looked up in a Map of our own request types.
 */
export function listenForRequests(event: RuntimeMessageEvent, handlers: Handlers, self: ExtensionIdentity): void {
  const listeners = new Map<string, EnvelopeListener>();
  registerHandlers((type, listener) => void listeners.set(type, listener), handlers, self);
  answerEnvelopes(event, (type) => listeners.get(type));
}
