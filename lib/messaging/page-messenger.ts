/**
 * The sending side of the page protocol (page-protocol.ts), for the popup and
 * the background. The content script answers with its own small receiving end
 * (envelope.ts), so this library stays out of the script every frame runs.
 */
import { defineExtensionMessaging } from '@webext-core/messaging';
import type { PageProtocolMap } from './page-protocol';

export const pageMessenger = defineExtensionMessaging<PageProtocolMap>();
