/** Subscriptions as the options page sees them: it shares the database and the host permissions with the background. */
import { liveQuery } from 'dexie';
import type { SubscriptionsData } from '@/components/options/Subscriptions';
import type { AppContext } from '../app/app-context';
import { BUNDLED_PACK_DESCRIPTOR_URL, createBrowserSubscriptionService } from './browser-service';

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
