import { render } from 'preact';
import { liveQuery } from 'dexie';
import { Popup } from '@/components/Popup';
import { getDatabase } from '@/lib/db/database';
import { createLocalGlossary } from '@/lib/db/local-glossary';
import { deleteOwnEntry } from '@/lib/db/own-entries';
import { listNotedEntryIds } from '@/lib/db/notes';
import { announceTermsChange } from '@/lib/signals';
import { browser } from 'wxt/browser';
import { t } from '@/lib/i18n';
import { listTimeline } from '@/lib/db/timeline';
import { loadRecent, rememberOpened } from '@/lib/recent';
import { loadSettings, updateSettings } from '@/lib/settings';
import { activePage } from './active-page';
import './style.css';

// The popup shares the extension origin, so it reads the database directly instead of messaging the background.
const db = getDatabase();

document.title = t('extensionName');
const app = document.getElementById('app');
if (app) {
  render(
    <Popup
      data={{
        ...createLocalGlossary(db),
        editOwnEntry: (entryId) =>
          void browser.tabs.create({
            url: `${browser.runtime.getURL('/editor.html')}?${new URLSearchParams({ id: entryId })}`,
          }),
        deleteOwnEntry: async (entryId) => {
          await deleteOwnEntry(db, entryId);
          await announceTermsChange(`own entry ${entryId} deleted`);
        },
      }}
      history={{
        listRecent: loadRecent,
        rememberOpened: async (entryId) => void (await rememberOpened(entryId)),
        listNoted: () => listNotedEntryIds(db),
      }}
      timeline={{ listEvents: () => listTimeline(db) }}
      page={activePage}
      settings={{ load: loadSettings, update: updateSettings }}
      watchEntries={(onChange, onError) => {
        const subscription = liveQuery(() => db.entries.toArray()).subscribe({ next: onChange, error: onError });
        return () => subscription.unsubscribe();
      }}
    />,
    app,
  );
}
