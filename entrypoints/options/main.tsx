import { render } from 'preact';
import { OptionsPage } from '@/components/options/OptionsPage';
import { PacksAndBackup, type FileToSave } from '@/components/options/PacksAndBackup';
import { getDatabase } from '@/lib/db/database';
import { createLocalPacksData } from '@/lib/db/local-packs';
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

// The options page shares the extension origin, so it uses the database directly, like the popup.
const packsData = { ...createLocalPacksData(getDatabase()), saveFile };
const app = document.getElementById('app');
if (app) {
  render(
    <OptionsPage
      sections={[{ id: 'packs', title: 'Packs and backup', content: <PacksAndBackup data={packsData} /> }]}
    />,
    app,
  );
}
