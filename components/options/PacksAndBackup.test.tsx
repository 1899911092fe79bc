import { describe, expect, test, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { LensDatabase } from '@/lib/db/database';
import { createAppContext } from '@/lib/app/app-context';
import { createPacksData } from '@/lib/app/packs-data';
import { addNote } from '@/lib/db/notes';
import { installPack } from '@/lib/db/packs';
import { validatePack } from '@/lib/packs/validate';
import { miniPack } from '@/tests/fixtures/mini-pack';
import { OptionsPage } from './OptionsPage';
import type { FileToSave } from '@/lib/app/packs-data';
import { PacksAndBackup } from './PacksAndBackup';

async function renderSection() {
  const db = new LensDatabase(`options-${crypto.randomUUID()}`);
  await installPack(db, miniPack());
  const saveFile = vi.fn((_file: FileToSave) => {});
  render(
    <OptionsPage
      sections={[
        {
          id: 'packs',
          title: 'Packs and backup',
          content: <PacksAndBackup data={{ ...createPacksData(createAppContext(db)), saveFile }} />,
        },
      ]}
    />,
  );
  await screen.findByText('Mini pack');
  return { db, saveFile };
}

function pick(label: string, name: string, text: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { files: [new File([text], name)] } });
}

function packRow(packId: string): HTMLElement {
  const row = document.querySelector<HTMLElement>(`tr[data-pack-id="${packId}"]`);
  if (!row) throw new Error(`no row for ${packId}`);
  return row;
}

describe('Packs and backup', () => {
  test('lists installed packs with version and counts', async () => {
    await renderSection();
    expect(screen.getByRole('heading', { name: 'Packs and backup' })).toBeTruthy();
    expect(
      within(packRow('mini'))
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    ).toEqual(['1.0.0', '3', '2', 'Export']);
  });

  test('imports a pack file and shows it counted', async () => {
    await renderSection();
    pick('Pack file to import', 'other.json', JSON.stringify(miniPack({ id: 'other', entries: [], events: [] })));
    expect((await screen.findByRole('status')).textContent).toMatch(/Installed “Mini pack” 1.0.0: 0 entries/);
    await waitFor(() => expect(packRow('other').textContent).toContain('1.0.0'));
  });

  test('a malformed pack shows the path of the problem and changes nothing', async () => {
    const { db } = await renderSection();
    const before = JSON.stringify(await Promise.all(db.tables.map((table) => table.toArray())));
    const broken = miniPack({ version: '2.0.0' });
    broken.entries[1]!.source.url = 'javascript:alert(1)';
    pick('Pack file to import', 'broken.json', JSON.stringify(broken));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/nothing was changed/);
    expect(alert.textContent).toContain('entries[1].source.url');
    expect(JSON.stringify(await Promise.all(db.tables.map((table) => table.toArray())))).toBe(before);
    expect(packRow('mini').textContent).toContain('1.0.0');
  });

  test('exports a pack as a file that validates', async () => {
    const { saveFile } = await renderSection();
    fireEvent.click(screen.getByRole('button', { name: 'Export Mini pack' }));
    await waitFor(() => expect(saveFile).toHaveBeenCalled());
    const file = saveFile.mock.calls[0]![0];
    expect(file.fileName).toBe('mini-1.0.0.json');
    expect(validatePack(JSON.parse(file.text)).ok).toBe(true);
  });

  test('restores a backup only after confirmation', async () => {
    const { db, saveFile } = await renderSection();
    await addNote(db, 'kfor', 'in the backup');
    fireEvent.click(screen.getByRole('button', { name: 'Download a full backup' }));
    await waitFor(() => expect(saveFile).toHaveBeenCalled());
    const backup = saveFile.mock.calls[0]![0];

    await db.notes.clear();
    pick('Backup file to restore', backup.fileName, backup.text);
    await screen.findByRole('alertdialog');
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(await db.notes.count()).toBe(0);

    pick('Backup file to restore', backup.fileName, backup.text);
    fireEvent.click(await screen.findByRole('button', { name: 'Replace everything' }));
    expect((await screen.findByRole('status')).textContent).toBe('Restored 1 pack, 3 entries and 1 note.');
    expect((await db.notes.toArray()).map((note) => note.text)).toEqual(['in the backup']);
  });

  test('shows notes whose entry left the pack', async () => {
    const { db } = await renderSection();
    await addNote(db, 'ohrid-framework-agreement', 'about 2001');
    const update = miniPack({ version: '1.1.0' });
    update.entries = update.entries.filter((entry) => entry.id !== 'ohrid-framework-agreement');
    pick('Pack file to import', 'update.json', JSON.stringify(update));
    const list = await screen.findByRole('list', { name: 'Notes on removed entries' });
    expect(list.textContent).toContain('ohrid-framework-agreement (entry removed from pack): about 2001');
    fireEvent.click(within(list).getByRole('button', { name: 'Delete the note on ohrid-framework-agreement' }));
    await waitFor(() => expect(screen.queryByRole('list', { name: 'Notes on removed entries' })).toBeNull());
    expect(await db.notes.count()).toBe(0);
  });

  test('a pack installed while the page is open appears without a reload (first install)', async () => {
    // The options page opens on install, often before the background has stored the bundled pack.
    const db = new LensDatabase(`options-${crypto.randomUUID()}`);
    render(<PacksAndBackup data={{ ...createPacksData(createAppContext(db)), saveFile: () => undefined }} />);
    await screen.findByRole('row', { name: /Your own entries/ });
    expect(document.querySelector('tr[data-pack-id="mini"]')).toBeNull();
    await installPack(db, miniPack());
    await waitFor(() => expect(packRow('mini').textContent).toContain('Mini pack'));
  });
});
