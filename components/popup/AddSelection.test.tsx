import { describe, expect, test, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/preact';
import { AddSelection } from './AddSelection';
import type { ActivePage } from './services';
import type { PageSelection } from '@/lib/messaging/page-protocol';

function page(selection: PageSelection | null) {
  return {
    getTerms: async () => null,
    reveal: async () => false,
    getSelection: async () => selection,
    addToGlossary: vi.fn<(selection: PageSelection) => void>(),
  } satisfies ActivePage;
}

describe('AddSelection', () => {
  test('offers the selected text and hands it to the entry editor with the page address', async () => {
    const active = page({ text: 'Brčko District', url: 'https://news.example/brcko' });
    render(<AddSelection page={active} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Add “Brčko District” to the glossary' }));
    expect(active.addToGlossary).toHaveBeenCalledWith({ text: 'Brčko District', url: 'https://news.example/brcko' });
  });

  test('a long selection is quoted short', async () => {
    render(<AddSelection page={page({ text: 'x'.repeat(100), url: 'https://news.example/' })} />);
    expect((await screen.findByRole('button')).textContent).toBe(`Add “${'x'.repeat(40)}…” to the glossary`);
  });

  test.each([
    ['nothing is selected', { text: '', url: 'https://news.example/' }],
    ['the tab has no content script', null],
  ])('no button when %s', async (_case, selection) => {
    const active = page(selection);
    const asked = vi.spyOn(active, 'getSelection');
    render(<AddSelection page={active} />);
    await vi.waitFor(() => expect(asked).toHaveBeenCalled());
    await Promise.resolve();
    expect(screen.queryByRole('button')).toBeNull();
  });
});
