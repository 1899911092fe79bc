/**
 * The receiving end of @webext-core/messaging's envelope, written here for
 * two places: the background (handlers.ts) and the content script's first
 * stage, which answers the popup in every top frame and must stay small
 * (issue 17). Senders keep using the library's sendMessage, whose envelope
 * is `{ type, data, timestamp }` and whose answer is `{ res }` or `{ err }`.
 *
 * The library itself looks listeners up in a plain object, so a request typed
 * "constructor", "toString" or "__proto__" reached an Object.prototype member
 * (and "constructor" echoed the request back). Here the caller's lookup
 * decides, and any type it does not know, prototype names included, gets the
 * same refusal.
 */
import { RequestError, type Sender } from './sender';

/** The runtime.onMessage event (Chrome's callback form, which Firefox's `chrome` and `browser` also offer). */
export interface RuntimeMessageEvent {
  addListener(
    listener: (message: unknown, sender: Sender, sendResponse: (response: unknown) => void) => boolean | undefined,
  ): void;
}

/** A request's handler: its data and its sender in, its answer (or a refusal) out. */
export type EnvelopeListener = (message: { data: unknown; sender: Sender }) => Promise<unknown>;

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
  // The stack stays here: it describes the receiver's code, not the sender's request.
  if (error instanceof Error) return { name: error.name, message: error.message, stack: '' };
  return { name: 'Error', message: String(error), stack: '' };
}

/** Answers every envelope on `event` with the listener `listenerFor` gives its type, or a refusal. */
export function answerEnvelopes(
  event: RuntimeMessageEvent,
  listenerFor: (type: string) => EnvelopeListener | undefined,
): void {
  event.addListener((message, sender, sendResponse) => {
    // Not our envelope: not ours to answer (the library ignored these too).
    if (!isEnvelope(message)) return false;
    const listener = listenerFor(message.type);
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
