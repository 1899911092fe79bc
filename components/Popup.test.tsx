import { describe, expect, test } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { LensDatabase } from '@/lib/db/database';
import { createLocalGlossary } from '@/lib/db/local-glossary';
import { installPack } from '@/lib/db/repository';
import { miniPack } from '@/tests/fixtures/mini-pack';
import { Popup } from './Popup';

async function renderPopup() {
  const db = new LensDatabase(`popup-${crypto.randomUUID()}`);
  await installPack(db, miniPack());
  render(<Popup data={createLocalGlossary(db)} />);
  await screen.findByText('3 entries');
  return db;
}

describe('Popup', () => {
  test('searches, opens an entry and adds a note rendered as text', async () => {
    const db = await renderPopup();
    fireEvent.input(screen.getByLabelText('Search the glossary'), { target: { value: 'Kosovo Forse' } });
    fireEvent.click(await screen.findByRole('button', { name: /Kosovo Force/ }));
    await screen.findByText('A NATO-led peace-support force in Kosovo since 1999.');
    expect(screen.getByText('12 June 1999')).toBeTruthy();
    expect(screen.getByText('June 1999')).toBeTruthy();

    fireEvent.input(screen.getByLabelText('New note'), { target: { value: '<img src=x onerror=alert(1)>' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add note' }));
    const note = await screen.findByText('<img src=x onerror=alert(1)>');
    expect(note.querySelector('img')).toBeNull();
    expect((await db.notes.toArray()).map((n) => n.text)).toEqual(['<img src=x onerror=alert(1)>']);
  });

  test('follows a related entry and comes back', async () => {
    await renderPopup();
    fireEvent.input(screen.getByLabelText('Search the glossary'), { target: { value: 'KFOR' } });
    fireEvent.click(await screen.findByRole('button', { name: /Kosovo Force/ }));
    fireEvent.click(await screen.findByRole('button', { name: 'Ohrid' }));
    await screen.findByText('A lakeside city in North Macedonia.');
    fireEvent.click(screen.getByRole('button', { name: /Back/ }));
    await waitFor(() => expect(screen.getByText('A NATO-led peace-support force in Kosovo since 1999.')).toBeTruthy());
  });

  test('says so when nothing matches', async () => {
    await renderPopup();
    fireEvent.input(screen.getByLabelText('Search the glossary'), { target: { value: 'zzzzqqq' } });
    await screen.findByText('Nothing matches “zzzzqqq”.');
  });
});
