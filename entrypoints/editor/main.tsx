import { render } from 'preact';
import { EntryEditor } from '@/components/EntryEditor';
import { getDatabase } from '@/lib/db/database';
import { createOwnEntryStore } from '@/lib/db/own-entry-store';
import './style.css';

// Opened by the "Add … to the glossary" context menu with ?title=…&source=… in the address.
const params = new URLSearchParams(location.search);
const app = document.getElementById('app');
if (app) {
  render(
    <EntryEditor
      data={createOwnEntryStore(getDatabase())}
      initialTitle={params.get('title') ?? ''}
      initialSource={params.get('source') ?? ''}
    />,
    app,
  );
}
