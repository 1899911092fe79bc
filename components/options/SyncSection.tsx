import { useEffect, useState } from 'preact/hooks';
import type { SyncStatus } from '@/lib/sync/engine';
import { t, tn } from '@/lib/i18n';

/** What the sync section reads and changes; injected so tests need no browser. */
export interface SyncSectionData {
  /** False where the browser has no storage.sync for extensions. */
  available: boolean;
  isEnabled(): Promise<boolean>;
  setEnabled(enabled: boolean): Promise<void>;
  /** Calls back when the switch changes anywhere; returns the unsubscribe. */
  watchEnabled(onChange: (enabled: boolean) => void): () => void;
  loadStatus(): Promise<SyncStatus | undefined>;
  watchStatus(onChange: (status: SyncStatus | undefined) => void): () => void;
}

const time = (at: number | undefined) => (at === undefined ? t('syncNever') : new Date(at).toLocaleString());
const kilobytes = (bytes: number) => (bytes / 1024).toFixed(1);

/** The sync switch and an honest account of what sync did last, how full it is, and what went wrong. */
export function SyncSection({ data }: { data: SyncSectionData }) {
  const [enabled, setEnabled] = useState<boolean | null>(null);
  const [status, setStatus] = useState<SyncStatus | undefined>(undefined);

  useEffect(() => {
    if (!data.available) return;
    void data.isEnabled().then(setEnabled);
    void data.loadStatus().then(setStatus);
    const stops = [data.watchEnabled(setEnabled), data.watchStatus(setStatus)];
    return () => stops.forEach((stop) => stop());
  }, [data]);

  if (!data.available) return <p class="cl-muted">{t('syncUnavailable')}</p>;
  return (
    <div data-sync-section>
      <p class="cl-muted">{t('syncHelp')}</p>
      <label class="cl-check">
        <input
          type="checkbox"
          checked={enabled ?? false}
          disabled={enabled === null}
          onChange={(e) => {
            const next = e.currentTarget.checked;
            setEnabled(next);
            void data.setEnabled(next);
          }}
        />
        {t('syncEnabled')}
      </label>
      {enabled === false && <p class="cl-muted">{t('syncOff')}</p>}
      {enabled && !status && <p class="cl-muted">{t('syncNotYet')}</p>}
      {enabled && status && (
        <>
          <p class="cl-muted" data-sync-times>
            {t('syncLastSent', time(status.lastSentAt))} · {t('syncLastReceived', time(status.lastReceivedAt))}
          </p>
          {status.bytesInUse !== undefined && (
            <p class="cl-muted" data-sync-space>
              {t('syncSpace', kilobytes(status.bytesInUse), kilobytes(status.quotaBytes))}
            </p>
          )}
          {status.notesLeftOut > 0 && (
            <p class="cl-error" data-sync-full>
              {tn('syncFull', status.notesLeftOut)}
            </p>
          )}
          {status.recordsLeftOut > status.notesLeftOut && <p class="cl-error">{t('syncOthersLeftOut')}</p>}
          {status.lastError && (
            <p class="cl-error" data-sync-error>
              {t('syncLastError', time(status.lastError.at), status.lastError.message)}
            </p>
          )}
        </>
      )}
    </div>
  );
}
