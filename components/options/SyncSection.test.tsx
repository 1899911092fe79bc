import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { expect, test, vi } from 'vitest';
import type { SyncStatus } from '@/lib/sync/engine';
import { SyncSection, type SyncSectionData } from './SyncSection';

function data(status: SyncStatus | undefined, enabled = true): SyncSectionData {
  return {
    available: true,
    isEnabled: async () => enabled,
    setEnabled: vi.fn(async () => undefined),
    watchEnabled: () => () => undefined,
    loadStatus: async () => status,
    watchStatus: () => () => undefined,
  };
}

const base: SyncStatus = { enabled: true, quotaBytes: 102_400, notesLeftOut: 0, recordsLeftOut: 0 };

test('shows the times, the space used, a full quota in plain words and the last error', async () => {
  render(
    <SyncSection
      data={data({
        ...base,
        lastSentAt: Date.UTC(2026, 11, 4, 8),
        bytesInUse: 51_200,
        notesLeftOut: 3,
        recordsLeftOut: 3,
        lastError: { at: Date.UTC(2026, 11, 4, 9), message: 'MAX_WRITE_OPERATIONS_PER_MINUTE quota exceeded' },
      })}
    />,
  );
  expect(await screen.findByText(/Space used: 50.0 KB of 100.0 KB/)).toBeTruthy();
  expect(screen.getByText(/Last change received: never/)).toBeTruthy();
  expect(screen.getByText(/3 notes are kept on this device only: sync is full/)).toBeTruthy();
  expect(screen.getByText(/MAX_WRITE_OPERATIONS_PER_MINUTE/)).toBeTruthy();
});

test('the switch turns sync off, and says what that means', async () => {
  const section = data(base);
  render(<SyncSection data={section} />);
  const box = await screen.findByRole('checkbox', { name: /Sync through/ });
  await waitFor(() => expect((box as HTMLInputElement).checked).toBe(true));
  fireEvent.change(box, { target: { checked: false } });
  expect(section.setEnabled).toHaveBeenCalledWith(false);
  expect(await screen.findByText(/Sync is off on this device/)).toBeTruthy();
});

test('a browser without sync storage is told plainly', () => {
  render(<SyncSection data={{ ...data(base), available: false }} />);
  expect(screen.getByText(/no sync storage/)).toBeTruthy();
});
