import { render } from 'preact';
import { OptionsPage } from '@/components/options/OptionsPage';
import { PacksAndBackup } from '@/components/options/PacksAndBackup';
import { getDatabase } from '@/lib/db/database';
import { createAppContext } from '@/lib/app/app-context';
import { createPacksData, type FileToSave } from '@/lib/app/packs-data';
import { SettingsSection } from '@/components/options/SettingsSection';
import { Subscriptions } from '@/components/options/Subscriptions';
import { SyncSection } from '@/components/options/SyncSection';
import { createSyncSectionData } from '@/lib/sync/status';
import { createLocalSubscriptionsData } from '@/lib/subscriptions/local-data';
import { clearSightings } from '@/lib/db/sightings';
import { loadSettings, updateSettings, watchSettings } from '@/lib/settings';
import { browser } from 'wxt/browser';
import { t } from '@/lib/i18n';
import './style.css';

/** Offers a file for download without any permission: a blob URL on a temporary link. */
function saveFile({ fileName, text }: FileToSave): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // The download has started by the next task; the URL is no longer needed after that.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// The options page shares the extension origin, so it uses the database directly, like the popup,
// and writes through lib/app, which tells the open tabs.
const appContext = createAppContext(getDatabase());
const packsData = { ...createPacksData(appContext), saveFile };
const settingsData = {
  load: loadSettings,
  update: updateSettings,
  watch: watchSettings,
  clearSightings: () => clearSightings(getDatabase()),
  // Chromium has a page for rebinding extension shortcuts; Firefox keeps it inside about:addons.
  openShortcuts: import.meta.env.FIREFOX
    ? undefined
    : () => void browser.tabs.create({ url: 'chrome://extensions/shortcuts' }),
};
// An HTML page cannot use __MSG_…__ in its <title>; the English one in index.html shows until this runs.
document.title = t('optionsTitle');
const app = document.getElementById('app');
if (app) {
  render(
    <OptionsPage
      sections={[
        { id: 'settings', title: t('optionsSectionSpotting'), content: <SettingsSection data={settingsData} /> },
        { id: 'packs', title: t('optionsSectionPacks'), content: <PacksAndBackup data={packsData} /> },
        {
          id: 'subscriptions',
          title: t('optionsSectionSubscriptions'),
          content: <Subscriptions data={createLocalSubscriptionsData(appContext)} />,
        },
        { id: 'sync', title: t('optionsSectionSync'), content: <SyncSection data={createSyncSectionData()} /> },
      ]}
    />,
    app,
  );
}
