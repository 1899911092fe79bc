import { describe, expect, test } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { loadSettings, updateSettings, watchSettings } from '@/lib/settings';
import { SettingsSection, siteFromInput } from './SettingsSection';

const data = { load: loadSettings, update: updateSettings, watch: watchSettings };

describe('SettingsSection', () => {
  test('changes are stored', async () => {
    render(<SettingsSection data={data} />);
    fireEvent.click(await screen.findByLabelText('Underline only the first mention of each entry'));
    fireEvent.change(screen.getByLabelText(/How spotted terms look/), { target: { value: 'background' } });
    fireEvent.change(screen.getByLabelText(/Hover delay/), { target: { value: '500' } });
    await waitFor(async () =>
      expect(await loadSettings()).toMatchObject({
        firstMentionOnly: true,
        underlineStyle: 'background',
        hoverDelayMs: 500,
      }),
    );
  });

  test('an invalid delay is refused with a message and nothing changes', async () => {
    render(<SettingsSection data={data} />);
    fireEvent.change(await screen.findByLabelText(/Hover delay/), { target: { value: '99999' } });
    expect((await screen.findByRole('alert')).textContent).toMatch(/hoverDelayMs/);
    expect((await loadSettings()).hoverDelayMs).toBe(300);
  });

  test('sites are switched off and on again', async () => {
    render(<SettingsSection data={data} />);
    fireEvent.input(await screen.findByLabelText('Site to switch off'), {
      target: { value: 'https://www.News.Example.com/politics' },
    });
    fireEvent.submit(screen.getByLabelText('Site to switch off').closest('form')!);
    await screen.findByText('news.example.com');
    expect((await loadSettings()).disabledSites).toEqual(['news.example.com']);
    fireEvent.click(screen.getByRole('button', { name: 'Turn spotting back on for news.example.com' }));
    await waitFor(async () => expect((await loadSettings()).disabledSites).toEqual([]));
  });

  test('reads site addresses as host names', () => {
    expect(siteFromInput('Example.com')).toBe('example.com');
    expect(siteFromInput('https://www.bbc.co.uk/news')).toBe('bbc.co.uk');
    expect(siteFromInput('not a site!')).toBeNull();
    expect(siteFromInput('   ')).toBeNull();
  });
});
