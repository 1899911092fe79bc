/** Subscriptions as the options page sees them: it shares the database and the host permissions with the background. */
import { liveQuery } from 'dexie';
import type { PackSubscription } from '../db/database';
import type { SubscriptionCheckOutcome } from './check';
import type { AppContext } from '../app/app-context';
import { BUNDLED_PACK_DESCRIPTOR_URL, createBrowserSubscriptionService } from './browser-service';

/** What the options page's subscriptions section reads and does; injected so tests need no network, permissions or alarms. */
export interface SubscriptionsData {
  list(): Promise<PackSubscription[]>;
  /** Calls back whenever subscriptions change anywhere (the daily check runs in the background). */
  watch?(onChange: () => void): () => void;
  /**
   * Asks for access to the address's origin, subscribes and checks it. Must be called straight from
   * the click, as browsers grant optional permissions only during a user gesture.
   */
  subscribe(url: string): Promise<SubscriptionCheckOutcome>;
  check(url: string): Promise<SubscriptionCheckOutcome>;
  /** Resolves with whether the browser took back the host access (see lib/subscriptions/service.ts). */
  unsubscribe(url: string): Promise<{ accessReturned: boolean }>;
  /** The bundled pack's published descriptor, when this build names one. */
  bundledPackUrl?: string;
}

export function createLocalSubscriptionsData(app: AppContext): SubscriptionsData {
  const service = createBrowserSubscriptionService(app);
  return {
    list: service.list,
    subscribe: service.subscribe,
    check: service.check,
    unsubscribe: service.unsubscribe,
    // The daily check runs in the background; Dexie tells this page when it wrote.
    watch(onChange) {
      const subscription = liveQuery(() => app.db.subscriptions.toArray()).subscribe({
        next: () => onChange(),
        error: () => onChange(),
      });
      return () => subscription.unsubscribe();
    },
    bundledPackUrl: BUNDLED_PACK_DESCRIPTOR_URL,
  };
}
