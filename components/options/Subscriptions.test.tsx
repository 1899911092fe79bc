import { describe, expect, test, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import type { PackSubscription } from '@/lib/db/database';
import type { SubscriptionsData } from '@/lib/subscriptions/local-data';
import { Subscriptions } from './Subscriptions';

const URL_A = 'https://packs.example.org/mini.descriptor.json';

function fakeData(initial: PackSubscription[], overrides: Partial<SubscriptionsData> = {}) {
  let records = initial;
  const data: SubscriptionsData = {
    list: async () => records,
    subscribe: vi.fn(async (url: string) => {
      records = [...records, { url, addedAt: 1, packId: 'mini', version: '1.0.0', lastSuccessAt: 2 }];
      return { kind: 'updated' as const, version: '1.0.0' };
    }),
    check: vi.fn(async () => ({ kind: 'failed' as const, reason: "the descriptor's server answered 500" })),
    unsubscribe: vi.fn(async (url: string) => {
      records = records.filter((record) => record.url !== url);
      return { accessReturned: true };
    }),
    ...overrides,
  };
  return data;
}

describe('Followed packs', () => {
  test('subscribing calls the service at once with the typed address and lists the result', async () => {
    const data = fakeData([]);
    render(<Subscriptions data={data} />);
    await screen.findByText('You follow no pack.');
    fireEvent.input(screen.getByLabelText('Descriptor address'), { target: { value: URL_A } });
    fireEvent.submit(screen.getByRole('button', { name: 'Subscribe' }).closest('form')!);
    // Synchronously, inside the click: browsers grant the host permission only during the gesture.
    expect(data.subscribe).toHaveBeenCalledWith(URL_A);
    expect((await screen.findByRole('status')).textContent).toBe('Installed version 1.0.0. Your notes were kept.');
    await screen.findByText(/Pack mini, version 1\.0\.0/);
  });

  test('shows the reason and time of the last failure beside the installed version', async () => {
    const failedAt = Date.UTC(2026, 11, 4, 10);
    render(
      <Subscriptions
        data={fakeData([
          {
            url: URL_A,
            addedAt: 1,
            packId: 'mini',
            version: '1.0.0',
            lastFailure: { at: failedAt, reason: "the pack file's SHA-256 does not match the descriptor" },
          },
        ])}
      />,
    );
    const failure = await screen.findByText(/failed: the pack file's SHA-256 does not match/);
    expect(failure.textContent).toContain(new Date(failedAt).toLocaleString());
    expect(failure.textContent).toContain('The installed version is kept.');
    expect(screen.getByText(/Pack mini, version 1\.0\.0/)).toBeTruthy();
  });

  test('check now reports a failure; unsubscribe removes the row', async () => {
    const data = fakeData([{ url: URL_A, addedAt: 1 }]);
    render(<Subscriptions data={data} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Check now' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      "The check failed: the descriptor's server answered 500",
    );
    fireEvent.click(screen.getByRole('button', { name: 'Unsubscribe' }));
    await screen.findByText('You follow no pack.');
    expect(data.unsubscribe).toHaveBeenCalledWith(URL_A);
    expect(screen.getByRole('status').textContent).toMatch(/access to its site was given back/);
  });

  test('offers the bundled pack only when the build names its address and it is not followed yet', async () => {
    const data = fakeData([], { bundledPackUrl: 'https://packs.example.org/western-balkans.descriptor.json' });
    render(<Subscriptions data={data} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Follow updates of the bundled pack' }));
    expect(data.subscribe).toHaveBeenCalledWith('https://packs.example.org/western-balkans.descriptor.json');
    await waitFor(() =>
      expect(screen.queryByRole('button', { name: 'Follow updates of the bundled pack' })).toBeNull(),
    );
  });

  test('without a bundled address nothing is offered', async () => {
    render(<Subscriptions data={fakeData([])} />);
    await screen.findByText('You follow no pack.');
    expect(screen.queryByRole('button', { name: 'Follow updates of the bundled pack' })).toBeNull();
  });
});
