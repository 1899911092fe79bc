/**
 * The messenger of the background protocol (protocol.ts). In a file of its
 * own, with only types from protocol.ts, so the content script can send
 * requests without bundling the request schemas, which only the background
 * checks.
 */
import { defineExtensionMessaging } from '@webext-core/messaging';
import type { ProtocolMap } from './protocol';

export const messenger = defineExtensionMessaging<ProtocolMap>();
export const { sendMessage } = messenger;
