import { describe, expect, test, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { NoteEditorForm } from './NoteEditorForm';
import { NoteEditorUrlContext } from './note-editor-context';
import { Notes } from './Notes';

function renderForm(initialText = '') {
  const onSave = vi.fn(async (_text: string) => {});
  const onDone = vi.fn((_saved: boolean) => {});
  render(<NoteEditorForm initialText={initialText} label="New note" onSave={onSave} onDone={onDone} />);
  return { onSave, onDone, area: screen.getByLabelText('New note') as HTMLTextAreaElement };
}

describe('the note editor page’s form', () => {
  test('Ctrl+Enter saves the text and ends editing as saved once the keys are released', async () => {
    const { onSave, onDone, area } = renderForm();
    fireEvent.input(area, { target: { value: 'A new note' } });
    fireEvent.keyDown(area, { key: 'Control', code: 'ControlLeft', ctrlKey: true });
    fireEvent.keyDown(area, { key: 'Enter', code: 'Enter', ctrlKey: true });
    await waitFor(() => expect(onSave).toHaveBeenCalledExactlyOnceWith('A new note'));
    // Ending hands focus back to the card in the page, which would hear the keyups still to come.
    fireEvent.keyUp(area, { key: 'Enter', code: 'Enter', ctrlKey: true });
    await Promise.resolve();
    expect(onDone).not.toHaveBeenCalled();
    fireEvent.keyUp(area, { key: 'Control', code: 'ControlLeft' });
    await waitFor(() => expect(onDone).toHaveBeenCalledWith(true));
  });

  test('Escape ends editing without saving, once released', () => {
    const { onSave, onDone, area } = renderForm('Kept as it was');
    fireEvent.input(area, { target: { value: 'Changed my mind' } });
    fireEvent.keyDown(area, { key: 'Escape', code: 'Escape' });
    expect(onDone).not.toHaveBeenCalled();
    fireEvent.keyUp(area, { key: 'Escape', code: 'Escape' });
    expect(onDone).toHaveBeenCalledExactlyOnceWith(false);
    expect(onSave).not.toHaveBeenCalled();
  });

  test('leaving the frame saves what was typed, once, and keeps editing', async () => {
    const { onSave, onDone, area } = renderForm();
    fireEvent.input(area, { target: { value: 'Typed then tabbed away' } });
    window.dispatchEvent(new Event('blur'));
    window.dispatchEvent(new Event('blur'));
    await waitFor(() => expect(onSave).toHaveBeenCalledExactlyOnceWith('Typed then tabbed away'));
    expect(onDone).not.toHaveBeenCalled();
  });

  test('a save that fails is shown and editing goes on', async () => {
    const { onSave, onDone, area } = renderForm();
    onSave.mockRejectedValueOnce(new Error('Note text is too long'));
    fireEvent.input(area, { target: { value: 'x' } });
    fireEvent.submit(area.form!);
    expect(await screen.findByRole('alert')).toHaveProperty('textContent', 'Note text is too long');
    expect(onDone).not.toHaveBeenCalled();
  });
});

describe('Notes with a note editor page (the card)', () => {
  test('shows no textarea of its own: adding and editing open the editor frame', () => {
    const note = {
      id: '0f8fad5b-d9cb-469f-a165-70867728950e',
      entryId: 'kfor',
      text: 'A note',
      created: 1,
      updated: 1,
    };
    const link = {
      url: (noteId: string | null) => `chrome-extension://x/note-editor.html?note=${noteId}`,
      origin: 'chrome-extension://x',
    };
    const actions = { onAdd: vi.fn(), onUpdate: vi.fn(), onDelete: vi.fn() };
    const { container } = render(
      <NoteEditorUrlContext.Provider value={link}>
        <Notes notes={[note]} {...actions} />
      </NoteEditorUrlContext.Provider>,
    );
    expect(container.querySelector('textarea')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Add note' }));
    expect(container.querySelector('iframe')?.getAttribute('src')).toBe(
      'chrome-extension://x/note-editor.html?note=null',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Edit' }));
    expect([...container.querySelectorAll('iframe')].map((frame) => frame.title)).toEqual(['Edit note', 'New note']);
    expect(container.querySelector('textarea')).toBeNull();
  });
});
