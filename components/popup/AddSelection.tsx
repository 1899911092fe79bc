import { useEffect, useState } from 'preact/hooks';
import type { PageSelection } from '@/lib/messaging/page-protocol';
import { t } from '@/lib/i18n';
import type { ActivePage } from './services';

/** How much of the selection the button quotes; the editor gets all of it (up to its own limit). */
const QUOTED_MAX = 40;

/**
 * "Add “…” to the glossary" for the text selected on the page. The context menu
 * offers the same on desktop; Firefox for Android has no context menus for
 * extensions, so there this button is the way in. Shown only when text is selected.
 */
export function AddSelection({ page }: { page: ActivePage }) {
  const [selection, setSelection] = useState<PageSelection | null>(null);
  useEffect(() => {
    page.getSelection?.().then(
      (found) => setSelection(found?.text ? found : null),
      () => undefined,
    );
  }, [page]);
  if (!selection || !page.addToGlossary) return null;
  const quoted = selection.text.length > QUOTED_MAX ? `${selection.text.slice(0, QUOTED_MAX)}…` : selection.text;
  return (
    <button type="button" class="cl-button cl-add-selection" onClick={() => page.addToGlossary?.(selection)}>
      {t('popupAddSelection', quoted)}
    </button>
  );
}
