import { render } from 'preact';
import { EntryEditor } from '@/components/EntryEditor';
import { getDatabase } from '@/lib/db/database';
import { createOwnEntryStore } from '@/lib/db/own-entry-store';
import { t } from '@/lib/i18n';
import './style.css';

// Opened by the "Add … to the glossary" context menu with ?title=…&source=… in the address.
// The popup's "Edit entry" opens it with ?id=own:… instead.
const params = new URLSearchParams(location.search);
const app = document.getElementById('app');
const editId = params.get('id');
// An HTML page cannot use __MSG_…__ in its <title>; the English one in index.html shows until this runs.
document.title = t('editorPageTitle');

async function start(container: HTMLElement) {
  const db = getDatabase();
  const editing = editId ? await db.entries.get(editId) : undefined;
  render(
    <EntryEditor
      data={createOwnEntryStore(db)}
      initialTitle={params.get('title') ?? ''}
      initialSource={params.get('source') ?? ''}
      // Only the reader's own entries are editable; pack entries come back with the next pack update.
      editing={editing?.packId === 'own' ? editing : undefined}
    />,
    container,
  );
}

if (app) void start(app);
