import { describe, expect, test, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/preact';
import { OwnEntryActions } from './OwnEntryActions';

describe('OwnEntryActions', () => {
  test('deletes only after confirmation and can be kept', async () => {
    const onDelete = vi.fn(async () => undefined);
    const onEdit = vi.fn();
    render(<OwnEntryActions entryId="own:x" title="X" onEdit={onEdit} onDelete={onDelete} />);
    fireEvent.click(screen.getByRole('button', { name: 'Edit entry' }));
    expect(onEdit).toHaveBeenCalledWith('own:x');
    fireEvent.click(screen.getByRole('button', { name: 'Delete entry' }));
    fireEvent.click(screen.getByRole('button', { name: 'Keep' }));
    expect(onDelete).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Delete entry' }));
    expect(screen.getByText(/Your notes on it are kept/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    expect(onDelete).toHaveBeenCalledWith('own:x');
  });

  test('shows why a deletion failed', async () => {
    render(<OwnEntryActions entryId="own:x" title="X" onDelete={async () => Promise.reject(new Error('disk full'))} />);
    fireEvent.click(screen.getByRole('button', { name: 'Delete entry' }));
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    expect((await screen.findByRole('alert')).textContent).toBe('disk full');
  });
});
