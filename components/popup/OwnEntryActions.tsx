import { useState } from 'preact/hooks';
import { t } from '@/lib/i18n';

interface OwnEntryActionsProps {
  entryId: string;
  title: string;
  onEdit?(entryId: string): void;
  onDelete?(entryId: string): Promise<void>;
}

/** Edit and delete for an entry of the reader's own; deleting asks first and keeps its notes. */
export function OwnEntryActions({ entryId, title, onEdit, onDelete }: OwnEntryActionsProps) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!onEdit && !onDelete) return null;
  return (
    <div class="cl-own-actions" aria-label={t('ownEntryActions')}>
      {!confirming ? (
        <div class="cl-row">
          {onEdit && (
            <button type="button" class="cl-button" onClick={() => onEdit(entryId)}>
              {t('ownEntryEdit')}
            </button>
          )}
          {onDelete && (
            <button type="button" class="cl-button" onClick={() => setConfirming(true)}>
              {t('ownEntryDelete')}
            </button>
          )}
        </div>
      ) : (
        <div class="cl-row" role="group" aria-label={t('ownEntryConfirmLabel')}>
          <span>{t('ownEntryConfirm', title)}</span>
          <button
            type="button"
            class="cl-button cl-primary"
            onClick={() =>
              onDelete?.(entryId).catch((cause: unknown) => {
                setError(cause instanceof Error ? cause.message : String(cause));
                setConfirming(false);
              })
            }
          >
            {t('delete')}
          </button>
          <button type="button" class="cl-button" onClick={() => setConfirming(false)}>
            {t('ownEntryKeep')}
          </button>
        </div>
      )}
      {error && (
        <p class="cl-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
