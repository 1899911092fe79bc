import { useState } from 'preact/hooks';

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
    <div class="cl-own-actions" aria-label="Your entry">
      {!confirming ? (
        <div class="cl-row">
          {onEdit && (
            <button type="button" class="cl-button" onClick={() => onEdit(entryId)}>
              Edit entry
            </button>
          )}
          {onDelete && (
            <button type="button" class="cl-button" onClick={() => setConfirming(true)}>
              Delete entry
            </button>
          )}
        </div>
      ) : (
        <div class="cl-row" role="group" aria-label="Confirm deletion">
          <span>Delete “{title}”? Your notes on it are kept.</span>
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
            Delete
          </button>
          <button type="button" class="cl-button" onClick={() => setConfirming(false)}>
            Keep
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
