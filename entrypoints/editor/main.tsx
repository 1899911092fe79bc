import { render } from 'preact';
import { EntryEditor } from '@/components/EntryEditor';
import { getDatabase } from '@/lib/db/database';
import { createAppContext } from '@/lib/app/app-context';
import { createEntryEditorData } from '@/lib/app/entry-editor-data';
import { getOwnEntry } from '@/lib/db/own-entries';
import { readEntryEditorTarget } from '@/lib/editor-link';
import { t } from '@/lib/i18n';
import './style.css';

// Opened by the "Add … to the glossary" context menu or the popup's "Edit entry" (lib/editor-link.ts).
const target = readEntryEditorTarget(location.search);
const app = document.getElementById('app');
// An HTML page cannot use __MSG_…__ in its <title>; the English one in index.html shows until this runs.
document.title = t('editorPageTitle');

async function start(container: HTMLElement) {
  const db = getDatabase();
  // Only the reader's own entries are editable; pack entries come back with the next pack update.
  const editing = target.kind === 'edit' ? await getOwnEntry(db, target.entryId) : undefined;
  render(
    <EntryEditor
      data={createEntryEditorData(createAppContext(db))}
      initialTitle={target.kind === 'new' ? target.title : ''}
      initialSource={target.kind === 'new' ? target.source : ''}
      editing={editing}
    />,
    container,
  );
}

if (app) void start(app);
