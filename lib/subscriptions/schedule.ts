/**
 * When subscriptions are checked: once a day by an alarm, which exists only
 * while there is something to check, and on demand ("Check now").
 */
export const SUBSCRIPTION_ALARM = 'check-pack-subscriptions';
export const CHECK_PERIOD_MINUTES = 24 * 60;

/** The part of `browser.alarms` the schedule uses. */
export interface AlarmsApi {
  get(name: string): Promise<{ name: string } | undefined>;
  create(name: string, info: { delayInMinutes?: number; periodInMinutes?: number }): unknown;
  clear(name: string): Promise<boolean>;
}

/**
 * Keeps the daily alarm in step with the subscriptions. An existing alarm is
 * left alone, so restarting the service worker (or the browser) does not push
 * the next check back by a day each time.
 */
export async function syncCheckSchedule(alarms: AlarmsApi, subscriptionCount: number): Promise<void> {
  if (subscriptionCount === 0) {
    await alarms.clear(SUBSCRIPTION_ALARM);
    return;
  }
  if (await alarms.get(SUBSCRIPTION_ALARM)) return;
  await alarms.create(SUBSCRIPTION_ALARM, {
    delayInMinutes: CHECK_PERIOD_MINUTES,
    periodInMinutes: CHECK_PERIOD_MINUTES,
  });
}
