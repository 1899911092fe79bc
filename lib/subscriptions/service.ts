/**
 * Pack subscriptions as the options page and the background use them: the
 * store (lib/db), the checker (check.ts), the host permission of each
 * subscribed origin, and the daily alarm (schedule.ts). Browser APIs are
 * injected, so unit tests run it with a fake fetch and fake permissions.
 */
import type { AppContext } from '../app/app-context';
import { installSubscribedPack } from '../app/packs';
import type { PackSubscription } from '../db/database';
import { getInstalledPack } from '../db/packs';
import type { PackImportResult } from '../packs/import';
import { checkSubscriptionUrl, originPattern } from '../packs/descriptor';
import { checkSubscription, type SubscriptionCheckOutcome } from './check';
import { syncCheckSchedule, type AlarmsApi } from './schedule';

/** The part of `browser.permissions` subscriptions use. */
export interface PermissionsApi {
  request(permissions: { origins: string[] }): Promise<boolean>;
  remove(permissions: { origins: string[] }): Promise<boolean>;
}

export interface SubscriptionEnvironment {
  fetch: typeof fetch;
  permissions: PermissionsApi;
  alarms: AlarmsApi;
  now?: () => number;
  /** Where a verified pack is written; defaults to lib/app's installSubscribedPack (saved and announced). */
  importPackText?: (text: string) => Promise<PackImportResult>;
}

export class SubscriptionRefusedError extends Error {
  override name = 'SubscriptionRefusedError';
}

export function createSubscriptionService(app: AppContext, environment: SubscriptionEnvironment) {
  const { db } = app;
  const now = environment.now ?? Date.now;
  const deps = {
    fetch: environment.fetch,
    now,
    importPackText: environment.importPackText ?? ((text: string) => installSubscribedPack(app, text)),
    installedVersion: async (packId: string) => (await getInstalledPack(db, packId))?.version,
  };

  async function check(url: string): Promise<SubscriptionCheckOutcome> {
    const subscription = await db.subscriptions.get(url);
    if (!subscription) throw new SubscriptionRefusedError('not subscribed to this address');
    const { record, outcome } = await checkSubscription(deps, subscription);
    // Unsubscribed while the check ran: do not bring the record back.
    await db.transaction('rw', db.subscriptions, async () => {
      if (await db.subscriptions.get(url)) await db.subscriptions.put(record);
    });
    return outcome;
  }

  return {
    list: (): Promise<PackSubscription[]> => db.subscriptions.orderBy('url').toArray(),

    /**
     * Asks for host access to the descriptor's origin, then stores the subscription and checks it.
     * Called straight from the reader's click: browsers grant optional permissions only during a
     * user gesture, so the request is the first thing that happens, before any other await.
     */
    async subscribe(urlText: string): Promise<SubscriptionCheckOutcome> {
      const url = checkSubscriptionUrl(urlText);
      const granted = await environment.permissions.request({ origins: [originPattern(url)] });
      if (!granted) throw new SubscriptionRefusedError(`access to ${url.host} was not granted`);
      if (!(await db.subscriptions.get(url.href))) await db.subscriptions.put({ url: url.href, addedAt: now() });
      await syncCheckSchedule(environment.alarms, await db.subscriptions.count());
      return check(url.href);
    },

    check,

    /** Checks every subscription in turn (the daily alarm); one failing does not stop the others. */
    async checkAll(): Promise<SubscriptionCheckOutcome[]> {
      const outcomes: SubscriptionCheckOutcome[] = [];
      for (const url of await db.subscriptions.toCollection().primaryKeys()) outcomes.push(await check(url));
      return outcomes;
    },

    /**
     * Forgets the subscription (the installed pack stays) and gives back the host access nothing else
     * needs. Returns whether the browser took it back: Chrome refuses to remove an origin that the
     * content script's `<all_urls>` also covers ("You cannot remove required permissions"), so there
     * the access stays with the extension as long as it reads pages; Firefox takes it back.
     */
    async unsubscribe(url: string): Promise<{ accessReturned: boolean }> {
      await db.subscriptions.delete(url);
      const pattern = originPattern(new URL(url));
      const remaining = await db.subscriptions.toArray();
      await syncCheckSchedule(environment.alarms, remaining.length);
      if (remaining.some((other) => originPattern(new URL(other.url)) === pattern)) return { accessReturned: false };
      try {
        return { accessReturned: await environment.permissions.remove({ origins: [pattern] }) };
      } catch {
        return { accessReturned: false };
      }
    },
  };
}

export type SubscriptionService = ReturnType<typeof createSubscriptionService>;
