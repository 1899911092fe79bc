import { describe, expect, test, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import type { Note } from '@/lib/model';
import { Notes } from './Notes';

const note: Note = { id: 'n1', entryId: 'kfor', text: 'Original note', created: 1, updated: 1 };

function renderNotes(notes: Note[] = []) {
  const actions = {
    onAdd: vi.fn(async (_text: string) => {}),
    onUpdate: vi.fn(async (_id: string, _text: string) => {}),
    onDelete: vi.fn(async (_id: string) => {}),
  };
  const outside = document.createElement('button');
  document.body.append(outside);
  const view = render(<Notes notes={notes} {...actions} />);
  return { ...actions, ...view, outside };
}

describe('Notes keeps every keystroke', () => {
  test('a draft is saved when focus leaves the form', async () => {
    const { onAdd, outside } = renderNotes();
    const textarea = screen.getByLabelText('New note') as HTMLTextAreaElement;
    fireEvent.input(textarea, { target: { value: 'Typed, then clicked away' } });
    fireEvent.focusOut(textarea, { relatedTarget: outside });
    await waitFor(() => expect(onAdd).toHaveBeenCalledWith('Typed, then clicked away'));
    await waitFor(() => expect(textarea.value).toBe(''));
  });

  test('moving focus to the Add button and clicking it adds the note once', async () => {
    const { onAdd } = renderNotes();
    const textarea = screen.getByLabelText('New note');
    const button = screen.getByRole('button', { name: 'Add note' });
    fireEvent.input(textarea, { target: { value: 'Once only' } });
    fireEvent.focusOut(textarea, { relatedTarget: button });
    fireEvent.click(button);
    await waitFor(() => expect(onAdd).toHaveBeenCalledTimes(1));
  });

  test('a blur and a click at the same moment still add one note', async () => {
    const { onAdd, outside } = renderNotes();
    const textarea = screen.getByLabelText('New note');
    fireEvent.input(textarea, { target: { value: 'Racing saves' } });
    fireEvent.focusOut(textarea, { relatedTarget: outside });
    fireEvent.submit(textarea.closest('form')!);
    await waitFor(() => expect(onAdd).toHaveBeenCalled());
    expect(onAdd).toHaveBeenCalledTimes(1);
  });

  test('a draft is saved when the component unmounts (the popup navigates away)', () => {
    const { onAdd, unmount } = renderNotes();
    fireEvent.input(screen.getByLabelText('New note'), { target: { value: 'Half a thought' } });
    unmount();
    expect(onAdd).toHaveBeenCalledWith('Half a thought');
  });

  test('a draft is saved on pagehide (the popup closes without unmounting)', () => {
    const { onAdd } = renderNotes();
    fireEvent.input(screen.getByLabelText('New note'), { target: { value: 'Closing now' } });
    window.dispatchEvent(new Event('pagehide'));
    expect(onAdd).toHaveBeenCalledWith('Closing now');
  });

  test('an edit is saved on blur and on unmount, an unchanged one is not', async () => {
    const { onUpdate, outside, unmount } = renderNotes([note]);
    fireEvent.click(screen.getByRole('button', { name: 'Edit' }));
    const textarea = screen.getByLabelText('Edit note');
    fireEvent.focusOut(textarea, { relatedTarget: outside });
    await waitFor(() => expect(screen.queryByLabelText('Edit note')).toBeNull());
    expect(onUpdate).not.toHaveBeenCalled();

    fireEvent.click(screen.getByRole('button', { name: 'Edit' }));
    fireEvent.input(screen.getByLabelText('Edit note'), { target: { value: 'Changed on blur' } });
    fireEvent.focusOut(screen.getByLabelText('Edit note'), { relatedTarget: outside });
    await waitFor(() => expect(onUpdate).toHaveBeenCalledWith('n1', 'Changed on blur'));

    fireEvent.click(screen.getByRole('button', { name: 'Edit' }));
    fireEvent.input(screen.getByLabelText('Edit note'), { target: { value: 'Changed, then closed' } });
    unmount();
    expect(onUpdate).toHaveBeenLastCalledWith('n1', 'Changed, then closed');
  });

  test('an empty draft saves nothing, and a failed save keeps the text and says why', async () => {
    const { onAdd, outside } = renderNotes();
    const textarea = screen.getByLabelText('New note') as HTMLTextAreaElement;
    fireEvent.input(textarea, { target: { value: '   ' } });
    fireEvent.focusOut(textarea, { relatedTarget: outside });
    expect(onAdd).not.toHaveBeenCalled();

    onAdd.mockRejectedValueOnce(new Error('The browser has no room left'));
    fireEvent.input(textarea, { target: { value: 'Keep me' } });
    fireEvent.focusOut(textarea, { relatedTarget: outside });
    expect((await screen.findByRole('alert')).textContent).toMatch(/no room left/);
    expect(textarea.value).toBe('Keep me');
  });
});
