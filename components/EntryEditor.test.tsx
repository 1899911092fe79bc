import { describe, expect, test } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { LensDatabase } from '@/lib/db/database';
import { createAppContext } from '@/lib/app/app-context';
import { createEntryEditorData } from '@/lib/app/entry-editor-data';
import { buildTermIndex } from '@/lib/db/terms';
import { installPack } from '@/lib/db/packs';
import { saveOwnEntry } from '@/lib/db/own-entries';
import { miniPack } from '@/tests/fixtures/mini-pack';
import { EntryEditor } from './EntryEditor';

function setUp(initialTitle = 'Zvečan bridge', initialSource = 'https://news.example/story') {
  const db = new LensDatabase(`editor-${crypto.randomUUID()}`);
  render(
    <EntryEditor
      data={createEntryEditorData(createAppContext(db))}
      initialTitle={initialTitle}
      initialSource={initialSource}
    />,
  );
  return db;
}

describe('EntryEditor', () => {
  test('saves an own entry that the term index then contains', async () => {
    const db = setUp();
    expect((screen.getByLabelText('Title') as HTMLInputElement).value).toBe('Zvečan bridge');
    fireEvent.input(screen.getByLabelText(/Other names/), { target: { value: 'Zvecan bridge, Ura e Zveçanit' } });
    fireEvent.input(screen.getByLabelText('What it is'), { target: { value: 'A bridge in the north.' } });
    fireEvent.submit(screen.getByRole('form'));
    await screen.findByText(/is in your glossary/);
    const stored = await db.entries.get('own:zvecan-bridge');
    expect(stored).toMatchObject({ packId: 'own', aliases: ['Zvecan bridge', 'Ura e Zveçanit'] });
    const index = await buildTermIndex(db);
    expect(index.terms.map((term) => term.text)).toContain('Ura e Zveçanit');
  });

  test('saving again updates the same entry; another entry with the same title gets its own id', async () => {
    const db = setUp('KSF');
    fireEvent.input(screen.getByLabelText('What it is'), { target: { value: 'First.' } });
    fireEvent.submit(screen.getByRole('form'));
    await screen.findByText(/is in your glossary/);
    fireEvent.input(screen.getByLabelText('What it is'), { target: { value: 'First, corrected.' } });
    fireEvent.submit(screen.getByRole('form'));
    await expect.poll(async () => (await db.entries.get('own:ksf'))?.summary).toBe('First, corrected.');
    expect(await db.entries.count()).toBe(1);
    const store = createEntryEditorData(createAppContext(db));
    expect(await store.newIdFor('KSF')).toBe('own:ksf-2');
  });

  test('shows why an entry was refused and stores nothing', async () => {
    const db = setUp('Hostile', 'javascript:alert(1)');
    fireEvent.input(screen.getByLabelText('What it is'), { target: { value: 'x' } });
    fireEvent.submit(screen.getByRole('form'));
    expect((await screen.findByRole('alert')).textContent).toMatch(/source/);
    expect(await db.entries.count()).toBe(0);
  });

  test('relates a new entry to a pack entry found by typing', async () => {
    const db = new LensDatabase(`editor-${crypto.randomUUID()}`);
    await installPack(db, miniPack());
    render(
      <EntryEditor
        data={createEntryEditorData(createAppContext(db))}
        initialTitle="Bridge"
        initialSource="https://news.example/"
      />,
    );
    fireEvent.input(screen.getByLabelText('What it is'), { target: { value: 'A bridge.' } });
    // Folded search: no capitals, an alias.
    fireEvent.input(screen.getByLabelText('Find an entry to link'), { target: { value: 'kfor' } });
    fireEvent.click(await screen.findByRole('button', { name: /Kosovo Force · Mission/ }));
    expect(screen.getByRole('list', { name: 'Chosen related entries' }).textContent).toContain('Kosovo Force');
    fireEvent.submit(screen.getByRole('form'));
    await screen.findByText(/is in your glossary/);
    expect((await db.entries.get('own:bridge'))?.related).toEqual([{ id: 'kfor', kind: 'related' }]);
  });

  test('a related entry whose pack is gone is shown by its id and can be unlinked', async () => {
    const db = new LensDatabase(`editor-${crypto.randomUUID()}`);
    await installPack(db, miniPack());
    const saved = await saveOwnEntry(db, {
      id: 'own:bridge',
      type: 'place',
      title: 'Bridge',
      summary: 'A bridge.',
      related: [{ id: 'kfor' }, { id: 'ohrid' }],
      source: { url: 'https://news.example/' },
      checked: '2026-11-29',
    });
    await db.entries.delete('kfor');
    render(<EntryEditor data={createEntryEditorData(createAppContext(db))} editing={saved} />);
    const chosen = screen.getByRole('list', { name: 'Chosen related entries' });
    await waitFor(() => expect(chosen.textContent).toContain('kfor (no longer in your glossary)'));
    expect(chosen.textContent).toContain('Ohrid');
    fireEvent.click(screen.getByRole('button', { name: 'Remove the link to kfor' }));
    fireEvent.submit(screen.getByRole('form'));
    await screen.findByText(/is in your glossary/);
    expect((await db.entries.get('own:bridge'))?.related).toEqual([{ id: 'ohrid', kind: 'related' }]);
  });
});
