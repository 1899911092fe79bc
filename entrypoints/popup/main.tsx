import { render } from 'preact';
import { Popup } from '@/components/Popup';
import { getDatabase } from '@/lib/db/database';
import { createAppContext } from '@/lib/app/app-context';
import { createGlossaryData } from '@/lib/app/glossary-data';
import { listNotedEntryIds } from '@/lib/db/notes';
import { watchEntries } from '@/lib/db/terms';
import { ENTRY_EDITOR_PATH, entryEditorUrl } from '@/lib/editor-link';
import { browser } from 'wxt/browser';
import { t } from '@/lib/i18n';
import { listTimeline } from '@/lib/db/timeline';
import { loadRecent, rememberOpened } from '@/lib/recent';
import { loadSettings, updateSettings } from '@/lib/settings';
import { activePage } from './active-page';
import './style.css';

// The popup shares the extension origin, so it reads the database directly instead of messaging the
// background, and writes through lib/app, which tells the open tabs.
const db = getDatabase();
const appContext = createAppContext(db);

document.title = t('extensionName');
// Firefox for Android opens the popup as a tab, a phone's width: the popup then fits the tab (style.css).
// getCurrent() answers with a tab only there, or when the page was opened in a tab on purpose.
void browser.tabs.getCurrent().then((tab) => document.documentElement.classList.toggle('cl-in-tab', tab !== undefined));
const app = document.getElementById('app');
if (app) {
  render(
    <Popup
      data={{
        ...createGlossaryData(appContext),
        editOwnEntry: (entryId) =>
          void browser.tabs.create({
            url: entryEditorUrl(browser.runtime.getURL(ENTRY_EDITOR_PATH), { kind: 'edit', entryId }),
          }),
      }}
      history={{
        listRecent: loadRecent,
        rememberOpened: async (entryId) => void (await rememberOpened(entryId)),
        listNoted: () => listNotedEntryIds(db),
      }}
      timeline={{ listEvents: () => listTimeline(db) }}
      page={activePage}
      settings={{ load: loadSettings, update: updateSettings }}
      watchEntries={(onChange, onError) => watchEntries(db, onChange, onError)}
    />,
    app,
  );
}
