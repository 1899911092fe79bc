import { useEffect, useState } from 'preact/hooks';
import type { PackSubscription } from '@/lib/db/database';
import type { SubscriptionCheckOutcome } from '@/lib/subscriptions/check';
import type { SubscriptionsData } from '@/lib/subscriptions/local-data';
import { t } from '@/lib/i18n';

interface Status {
  kind: 'ok' | 'error';
  text: string;
}

function describeOutcome(outcome: SubscriptionCheckOutcome): Status {
  switch (outcome.kind) {
    case 'updated':
      return { kind: 'ok', text: t('subscriptionUpdated', outcome.version) };
    case 'current':
      return { kind: 'ok', text: t('subscriptionCurrent', outcome.version) };
    case 'unchanged':
      return { kind: 'ok', text: t('subscriptionUnchanged') };
    case 'failed':
      return { kind: 'error', text: t('subscriptionFailed', outcome.reason) };
  }
}

const time = (at: number) => new Date(at).toLocaleString();

function SubscriptionStatus({ subscription }: { subscription: PackSubscription }) {
  const failure = subscription.lastFailure;
  return (
    <>
      <p class="cl-muted">
        {subscription.packId && subscription.version
          ? t('subscriptionPack', subscription.packId, subscription.version)
          : t('subscriptionNotYetInstalled')}
        {subscription.lastSuccessAt !== undefined &&
          ` · ${t('subscriptionCheckedAt', time(subscription.lastSuccessAt))}`}
      </p>
      {failure && (
        <p class="cl-error" data-subscription-failure>
          {t('subscriptionFailedAt', time(failure.at), failure.reason)}
        </p>
      )}
    </>
  );
}

export function Subscriptions({ data }: { data: SubscriptionsData }) {
  const [subscriptions, setSubscriptions] = useState<PackSubscription[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<Status | null>(null);

  const reload = () =>
    data.list().then(setSubscriptions, (error: unknown) => setStatus({ kind: 'error', text: String(error) }));
  useEffect(() => {
    void reload();
    return data.watch?.(() => void reload());
  }, [data]);

  /** Runs an action and reports it. The action is called synchronously, inside the click's user gesture. */
  function act(action: () => Promise<Status>) {
    setBusy(true);
    setStatus(null);
    action()
      .then(setStatus, (error: unknown) =>
        setStatus({
          kind: 'error',
          text: t('subscriptionFailed', error instanceof Error ? error.message : String(error)),
        }),
      )
      .finally(() => {
        setBusy(false);
        void reload();
      });
  }

  const subscribe = (url: string) => act(async () => describeOutcome(await data.subscribe(url)));
  const followsBundled = subscriptions?.some((subscription) => subscription.url === data.bundledPackUrl);

  return (
    <div class="cl-options-body">
      <p class="cl-muted">{t('subscriptionsHelp')}</p>
      <form
        class="cl-row"
        onSubmit={(event) => {
          event.preventDefault();
          // Read from the field itself: state set by the last keystroke may not have re-rendered yet.
          const typed = new FormData(event.currentTarget).get('descriptor');
          if (typeof typed === 'string' && typed.trim()) subscribe(typed);
        }}
      >
        <label>
          {t('subscriptionAddress')}{' '}
          <input type="url" name="descriptor" required placeholder="https://…/pack.descriptor.json" disabled={busy} />
        </label>
        <button type="submit" class="cl-button cl-primary" disabled={busy}>
          {t('subscriptionSubscribe')}
        </button>
      </form>
      {data.bundledPackUrl && subscriptions && !followsBundled && (
        <p>
          <button type="button" class="cl-button" disabled={busy} onClick={() => subscribe(data.bundledPackUrl!)}>
            {t('subscriptionFollowBundled')}
          </button>
        </p>
      )}
      {status && (
        <p class={status.kind === 'ok' ? 'cl-ok' : 'cl-error'} role={status.kind === 'ok' ? 'status' : 'alert'}>
          {status.text}
        </p>
      )}
      {subscriptions?.length === 0 && <p class="cl-muted">{t('subscriptionsNone')}</p>}
      <ul class="cl-subscriptions" aria-label={t('subscriptionsList')}>
        {subscriptions?.map((subscription) => (
          <li key={subscription.url} data-subscription={subscription.url}>
            <p>
              <code>{subscription.url}</code>
            </p>
            <SubscriptionStatus subscription={subscription} />
            <div class="cl-row">
              <button
                type="button"
                class="cl-button"
                disabled={busy}
                onClick={() => act(async () => describeOutcome(await data.check(subscription.url)))}
              >
                {t('subscriptionCheckNow')}
              </button>
              <button
                type="button"
                class="cl-button cl-danger"
                disabled={busy}
                onClick={() =>
                  act(async () => {
                    const { accessReturned } = await data.unsubscribe(subscription.url);
                    return {
                      kind: 'ok',
                      text: t(accessReturned ? 'subscriptionRemoved' : 'subscriptionRemovedAccessKept'),
                    };
                  })
                }
              >
                {t('subscriptionUnsubscribe')}
              </button>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
