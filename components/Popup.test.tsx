import { describe, expect, test, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { LensDatabase } from '@/lib/db/database';
import { createAppContext } from '@/lib/app/app-context';
import { createGlossaryData } from '@/lib/app/glossary-data';
import { addNote, listNotedEntryIds } from '@/lib/db/notes';
import { installPack } from '@/lib/db/packs';
import { listTimeline } from '@/lib/db/timeline';
import type { PageTermsReport } from '@/lib/messaging/page-protocol';
import type { Entry } from '@/lib/model';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings';
import { miniPack } from '@/tests/fixtures/mini-pack';
import { Popup, type ActivePage, type PopupProps } from './Popup';

const SOURCE = { url: 'https://example.org/source' };

/** The mini pack plus two later events, so the timeline has years, types and entries to filter by. */
function timelinePack() {
  const pack = miniPack();
  pack.events.push(
    {
      id: 'ohrid-agreement-signed',
      date: '2001-08-13',
      title: 'Ohrid Framework Agreement signed',
      entries: ['ohrid-framework-agreement', 'ohrid'],
      source: SOURCE,
      checked: '2026-11-29',
    },
    {
      id: 'ohrid-2023-talks',
      date: '2023-03-18',
      title: 'Talks held in Ohrid',
      entries: ['ohrid'],
      source: SOURCE,
      checked: '2026-11-29',
    },
  );
  return pack;
}

interface Setup {
  recent?: string[];
  page?: Partial<ActivePage>;
  settings?: Settings;
  watchEntries?: PopupProps['watchEntries'];
  /** Runs on the database before the popup opens. */
  seed?: (db: LensDatabase) => Promise<void>;
}

async function renderPopup(setup: Setup = {}) {
  const db = new LensDatabase(`popup-${crypto.randomUUID()}`);
  await installPack(db, timelinePack());
  await setup.seed?.(db);
  let recent = setup.recent ?? [];
  let settings = setup.settings ?? DEFAULT_SETTINGS;
  const rememberOpened = vi.fn(async (entryId: string) => {
    recent = [entryId, ...recent.filter((id) => id !== entryId)];
  });
  const reveal = vi.fn(setup.page?.reveal ?? (async () => true));
  const update = vi.fn(async (change: Partial<Settings>) => (settings = { ...settings, ...change }));
  render(
    <Popup
      data={createGlossaryData(createAppContext(db))}
      history={{ listRecent: async () => recent, rememberOpened, listNoted: () => listNotedEntryIds(db) }}
      timeline={{ listEvents: () => listTimeline(db) }}
      page={{ getTerms: setup.page?.getTerms ?? (async () => null), reveal }}
      settings={{ load: async () => settings, update }}
      watchEntries={setup.watchEntries}
    />,
  );
  await screen.findByText('3 entries');
  return { db, rememberOpened, reveal, update };
}

const searchBox = () => screen.getByLabelText<HTMLInputElement>('Search the glossary');
const type = (text: string) => fireEvent.input(searchBox(), { target: { value: text } });
const resultTitles = (listName: string) =>
  within(screen.getByRole('list', { name: listName }))
    .getAllByRole('button')
    .map((button) => button.getAttribute('aria-label'));

describe('Popup search', () => {
  test('searches, opens an entry and adds a note rendered as text', async () => {
    const { db } = await renderPopup();
    type('Kosovo Forse');
    fireEvent.click(await screen.findByRole('button', { name: /Kosovo Force/ }));
    await screen.findByRole('heading', { name: 'Kosovo Force' });
    expect(screen.getByText('12 June 1999')).toBeTruthy();
    expect(screen.getByText('June 1999')).toBeTruthy();

    fireEvent.input(screen.getByLabelText('New note'), { target: { value: '<img src=x onerror=alert(1)>' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add note' }));
    const note = await screen.findByText('<img src=x onerror=alert(1)>');
    expect(note.querySelector('img')).toBeNull();
    expect((await db.notes.toArray()).map((n) => n.text)).toEqual(['<img src=x onerror=alert(1)>']);
    // Notes show their date in the popup.
    expect(screen.getByText(new Date().toLocaleDateString())).toBeTruthy();
  });

  test('follows a related entry and comes back', async () => {
    await renderPopup();
    type('KFOR');
    fireEvent.click(await screen.findByRole('button', { name: /Kosovo Force/ }));
    fireEvent.click(await screen.findByRole('button', { name: 'Ohrid' }));
    await screen.findByRole('heading', { name: 'Ohrid' });
    fireEvent.click(screen.getByRole('button', { name: 'Back' }));
    await screen.findByRole('heading', { name: 'Kosovo Force' });
    fireEvent.click(screen.getByRole('button', { name: 'Back to search' }));
    await waitFor(() => expect(searchBox().closest('[hidden]')).toBeNull());
    expect(searchBox().value).toBe('KFOR');
  });

  test('says so when nothing matches', async () => {
    await renderPopup();
    type('zzzzqqq');
    await screen.findByText('Nothing matches “zzzzqqq”.');
  });

  test('results follow every keystroke', async () => {
    await renderPopup();
    type('o');
    // One letter lists the names it starts, titles first.
    expect(resultTitles('Results')).toEqual(['Ohrid (Place)', 'Ohrid Framework Agreement (Agreement)']);
    type('oh');
    expect(resultTitles('Results')).toContain('Ohrid (Place)');
    type('ohrid fr');
    expect(resultTitles('Results')[0]).toBe('Ohrid Framework Agreement (Agreement)');
  });

  test('arrow keys move through the results and Enter in the box opens the first', async () => {
    await renderPopup();
    const box = searchBox();
    box.focus();
    type('Ohrid');
    const [first, second] = within(screen.getByRole('list', { name: 'Results' })).getAllByRole('button');
    fireEvent.keyDown(box, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(first);
    fireEvent.keyDown(first!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(second);
    // At the end of the list ArrowDown stays put.
    fireEvent.keyDown(second!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(second);
    fireEvent.keyDown(second!, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(first);
    fireEvent.keyDown(first!, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(box);
    // A letter typed on a result goes back to the box.
    fireEvent.keyDown(box, { key: 'ArrowDown' });
    fireEvent.keyDown(first!, { key: ' ' });
    expect(document.activeElement).toBe(first);
    fireEvent.keyDown(first!, { key: 'x' });
    expect(document.activeElement).toBe(box);

    fireEvent.keyDown(box, { key: 'Enter' });
    await screen.findByRole('heading', { name: first!.getAttribute('aria-label')!.replace(/ \(.*\)$/, '') });
  });

  test('Escape leaves an entry and focus returns to the result that opened it', async () => {
    await renderPopup();
    type('KFOR');
    const result = await screen.findByRole('button', { name: 'Kosovo Force (Mission)' });
    fireEvent.click(result);
    await screen.findByRole('heading', { name: 'Kosovo Force' });
    fireEvent.keyDown(screen.getByRole('button', { name: 'Back to search' }), { key: 'Escape' });
    await waitFor(() => expect(document.activeElement).toBe(result));
  });
});

describe('Popup with an empty search box', () => {
  test('offers a hint when there is no history yet', async () => {
    await renderPopup();
    expect(screen.getByText(/Type a name, a place or an acronym/)).toBeTruthy();
    expect(screen.queryByRole('list', { name: 'Recently opened' })).toBeNull();
  });

  test('lists recently opened entries and entries with notes, each once', async () => {
    const { rememberOpened } = await renderPopup({
      recent: ['ohrid'],
      seed: async (db) => void (await addNote(db, 'ohrid', 'noted')),
    });
    // Opening an entry records it and reloads the noted list.
    type('KFOR');
    fireEvent.click(await screen.findByRole('button', { name: 'Kosovo Force (Mission)' }));
    await screen.findByRole('heading', { name: 'Kosovo Force' });
    expect(rememberOpened).toHaveBeenCalledWith('kfor');
    fireEvent.input(screen.getByLabelText('New note'), { target: { value: 'one more' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add note' }));
    await screen.findByText('one more');
    fireEvent.click(screen.getByRole('button', { name: 'Back to search' }));
    type('');
    await waitFor(() => expect(resultTitles('Recently opened')).toEqual(['Kosovo Force (Mission)', 'Ohrid (Place)']));
    // Both have notes but are listed under "Recently opened" already, so the noted list is not shown twice.
    expect(screen.queryByRole('list', { name: 'With your notes' })).toBeNull();
    expect(screen.getAllByText('· noted')).toHaveLength(2);
  });

  test('lists noted entries that were not opened lately', async () => {
    await renderPopup({
      recent: ['ohrid'],
      seed: async (db) => void (await addNote(db, 'ohrid-framework-agreement', 'remember this')),
    });
    await waitFor(() => expect(resultTitles('With your notes')).toEqual(['Ohrid Framework Agreement (Agreement)']));
    expect(resultTitles('Recently opened')).toEqual(['Ohrid (Place)']);
  });

  test('keeps the search index in step with a live entry list', async () => {
    let push: (entries: Entry[]) => void = () => {};
    const db = new LensDatabase(`live-${crypto.randomUUID()}`);
    await installPack(db, miniPack());
    const initial = await db.entries.toArray();
    await renderPopup({
      watchEntries: (onChange) => {
        push = onChange;
        onChange(initial);
        return () => {};
      },
    });
    type('Prizren');
    await screen.findByText('Nothing matches “Prizren”.');
    const prizren: Entry = { ...initial[1]!, id: 'prizren', title: 'Prizren', summary: 'A city in Kosovo.' };
    push([...initial, prizren]);
    await screen.findByRole('button', { name: 'Prizren (Place)' });
    expect(screen.getByText('4 entries')).toBeTruthy();
  });
});

describe('Popup timeline', () => {
  async function openTimeline() {
    const rendered = await renderPopup();
    fireEvent.click(screen.getByRole('tab', { name: 'Timeline' }));
    await screen.findByRole('list', { name: 'Events' });
    return rendered;
  }
  const eventTitles = () =>
    within(screen.getByRole('list', { name: 'Events' }))
      .getAllByRole('listitem')
      .flatMap((item) =>
        item.querySelector('.cl-timeline-title') ? [item.querySelector('.cl-timeline-title')!.textContent] : [],
      );

  test('lists all events newest first', async () => {
    await openTimeline();
    expect(eventTitles()).toEqual([
      'Talks held in Ohrid',
      'Ohrid Framework Agreement signed',
      'KFOR enters Kosovo',
      'KFOR is established',
    ]);
    expect(screen.getByText('4 events, newest first')).toBeTruthy();
  });

  test('filters by year range, entry and type, and clears', async () => {
    await openTimeline();
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2000' } });
    expect(eventTitles()).toEqual(['Talks held in Ohrid', 'Ohrid Framework Agreement signed']);
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2010' } });
    expect(eventTitles()).toEqual(['Ohrid Framework Agreement signed']);
    expect(screen.getByText('1 of 4 events')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    fireEvent.change(screen.getByLabelText('Type'), { target: { value: 'mission' } });
    expect(eventTitles()).toEqual(['KFOR enters Kosovo', 'KFOR is established']);

    fireEvent.change(screen.getByLabelText('Type'), { target: { value: '' } });
    // The entry filter matches titles and aliases, folded: "kfor" is an alias of Kosovo Force.
    fireEvent.input(screen.getByLabelText('Entry'), { target: { value: 'kfor' } });
    expect(eventTitles()).toEqual(['KFOR enters Kosovo', 'KFOR is established']);
    fireEvent.input(screen.getByLabelText('Entry'), { target: { value: 'framework' } });
    expect(eventTitles()).toEqual(['Ohrid Framework Agreement signed']);
    fireEvent.change(screen.getByLabelText('Type'), { target: { value: 'person' } });
    expect(screen.getByText('No events match these filters.')).toBeTruthy();
  });

  test('an event links to its entries, and the filters survive the visit', async () => {
    await openTimeline();
    fireEvent.input(screen.getByLabelText('Entry'), { target: { value: 'framework' } });
    const event = screen.getByText('Ohrid Framework Agreement signed').closest('li')!;
    fireEvent.click(within(event).getByRole('button', { name: 'Ohrid' }));
    await screen.findByRole('heading', { name: 'Ohrid' });
    fireEvent.click(screen.getByRole('button', { name: 'Back to the timeline' }));
    await waitFor(() => expect(eventTitles()).toEqual(['Ohrid Framework Agreement signed']));
    expect(screen.getByLabelText<HTMLInputElement>('Entry').value).toBe('framework');
  });

  test('tabs move with the arrow keys', async () => {
    await renderPopup();
    const glossaryTab = screen.getByRole('tab', { name: 'Glossary' });
    fireEvent.keyDown(glossaryTab, { key: 'ArrowRight' });
    expect(screen.getByRole('tab', { name: 'Timeline' }).getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: 'Timeline' }));
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowLeft' });
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowLeft' });
    expect(screen.getByRole('tab', { name: 'On this page' }).getAttribute('aria-selected')).toBe('true');
  });
});

describe('Popup on this page', () => {
  const report: PageTermsReport = {
    url: 'https://news.example.com/article',
    hostname: 'news.example.com',
    title: 'Talks in Ohrid',
    active: true,
    terms: [
      { entryIds: ['kfor'], text: 'KFOR', count: 2 },
      { entryIds: ['ohrid', 'ohrid-framework-agreement'], text: 'Ohrid', count: 5 },
    ],
  };

  test('explains a tab without a content script', async () => {
    await renderPopup();
    fireEvent.click(screen.getByRole('tab', { name: 'On this page' }));
    await screen.findByText('Context Lens cannot read this tab.');
  });

  test('lists the terms by mentions and reveals the one chosen', async () => {
    const { reveal } = await renderPopup({ page: { getTerms: async () => report } });
    fireEvent.click(screen.getByRole('tab', { name: 'On this page' }));
    const list = await screen.findByRole('list', { name: 'Terms on this page' });
    expect(
      within(list)
        .getAllByText(/×$/)
        .map((count) => count.textContent),
    ).toEqual(['5×', '2×']);
    expect(within(list).getByText('Place · or Ohrid Framework Agreement')).toBeTruthy();
    fireEvent.click(within(list).getByRole('button', { name: /^Kosovo Force, 2 mentions/ }));
    await waitFor(() => expect(reveal).toHaveBeenCalledWith('kfor'));
  });

  test('says so when the term is gone from the page', async () => {
    await renderPopup({ page: { getTerms: async () => report, reveal: async () => false } });
    fireEvent.click(screen.getByRole('tab', { name: 'On this page' }));
    fireEvent.click(await screen.findByRole('button', { name: /^Ohrid, 5 mentions/ }));
    await screen.findByText('That term is no longer on the page.');
  });

  test('"Off on this site" switches the host off and on again', async () => {
    const { update } = await renderPopup({
      page: { getTerms: async () => report },
      settings: { ...DEFAULT_SETTINGS, disabledSites: ['other.org'] },
    });
    fireEvent.click(screen.getByRole('tab', { name: 'On this page' }));
    const toggle = await screen.findByRole('switch', { name: 'Off on this site' });
    await waitFor(() => expect(toggle.hasAttribute('disabled')).toBe(false));
    fireEvent.click(toggle);
    await waitFor(() => expect(update).toHaveBeenCalledWith({ disabledSites: ['other.org', 'news.example.com'] }));
    await screen.findByText('Terms are not underlined on news.example.com. Switch it back on to see them here.');
    fireEvent.click(await screen.findByRole('switch', { name: 'Off on this site' }));
    await waitFor(() => expect(update).toHaveBeenLastCalledWith({ disabledSites: ['other.org'] }));
    await screen.findByRole('list', { name: 'Terms on this page' });
  });
});
