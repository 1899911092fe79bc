/** The subscription service wired to the browser: the background's daily check and the options page share it. */
import { browser } from 'wxt/browser';
import type { AppContext } from '../app/app-context';
import { SUBSCRIPTION_ALARM, syncCheckSchedule } from './schedule';
import { createSubscriptionService, type SubscriptionService } from './service';

export function createBrowserSubscriptionService(app: AppContext): SubscriptionService {
  return createSubscriptionService(app, {
    // Bound: called as a method of another object, fetch throws "Illegal invocation".
    fetch: (input, init) => fetch(input, init),
    permissions: browser.permissions,
    alarms: browser.alarms,
  });
}

/**
 * The daily check, in the background. The alarm is put back at each start if
 * subscriptions exist but it is gone (an alarm is lost when the extension is
 * disabled and enabled again); without subscriptions nothing is scheduled and
 * nothing is ever fetched.
 */
export function startSubscriptionChecks(app: AppContext): void {
  const subscriptions = createBrowserSubscriptionService(app);
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name !== SUBSCRIPTION_ALARM) return;
    subscriptions.checkAll().catch((error: unknown) => {
      console.error('Context Lens: checking pack subscriptions failed', error);
    });
  });
  app.db.subscriptions
    .count()
    .then((count) => syncCheckSchedule(browser.alarms, count))
    .catch((error: unknown) => console.error('Context Lens: could not schedule subscription checks', error));
}

/**
 * Where the bundled pack is published, if this build says (WXT_BUNDLED_PACK_URL at build time); the
 * options page then offers to follow it. Unset, the extension knows no address and fetches nothing.
 */
export const BUNDLED_PACK_DESCRIPTOR_URL: string | undefined =
  (import.meta.env.WXT_BUNDLED_PACK_URL as string | undefined) || undefined;
