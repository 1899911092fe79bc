import { useEffect, useState } from 'preact/hooks';
import type { Entry } from '@/lib/model';
import type { PageTerm, PageTermsReport } from '@/lib/messaging/page-protocol';
import type { Settings } from '@/lib/settings';
import { t, tn } from '@/lib/i18n';
import { entryTypeLabel } from '../entry-type';
import type { ActivePage, SettingsStore } from './services';
import { isSiteOff, switchSite } from './site-switch';

interface PagePanelProps {
  page: ActivePage;
  settings: SettingsStore;
  entriesById: ReadonlyMap<string, Entry>;
  onOpen(entryId: string, opener: HTMLElement): void;
}

type PageState =
  | { status: 'loading' }
  | { status: 'unavailable' }
  | { status: 'error'; message: string }
  | { status: 'ready'; report: PageTermsReport };

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Most mentioned first; ties in the order of the page's own words, A to Z. */
function byMentions(a: PageTerm, b: PageTerm): number {
  return b.count - a.count || a.text.localeCompare(b.text);
}

/** The terms spotted in the active tab, with counts; choosing one shows it on the page. Plus "Off on this site". */
export function PagePanel({ page, settings, entriesById, onOpen }: PagePanelProps) {
  const [state, setState] = useState<PageState>({ status: 'loading' });
  const [current, setCurrent] = useState<Settings | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [switching, setSwitching] = useState(false);
  // What the reader just chose, shown at once while the settings are written: a controlled switch
  // that waited for the write would flip back under the pointer first.
  const [chosenOff, setChosenOff] = useState<boolean | null>(null);

  async function refresh() {
    try {
      const report = await page.getTerms();
      setState(report ? { status: 'ready', report } : { status: 'unavailable' });
    } catch (error) {
      setState({ status: 'error', message: messageOf(error) });
    }
  }

  useEffect(() => {
    void refresh();
    settings.load().then(setCurrent, (error: unknown) => setNotice(messageOf(error)));
  }, [page, settings]);

  async function reveal(entryId: string) {
    setNotice(null);
    try {
      if (!(await page.reveal(entryId))) setNotice(t('pageTermGone'));
    } catch (error) {
      setNotice(t('pageNoAnswer', messageOf(error)));
    }
  }

  async function setSiteOff(hostname: string, off: boolean) {
    if (!current) return;
    setChosenOff(off);
    setSwitching(true);
    setNotice(null);
    try {
      setCurrent(await settings.update({ disabledSites: switchSite(current.disabledSites, hostname, off) }));
      // The content script applies the change itself; ask again so the list shows what it now spotted.
      await refresh();
    } catch (error) {
      setNotice(messageOf(error));
    } finally {
      setSwitching(false);
      setChosenOff(null);
    }
  }

  if (state.status === 'loading') return <p class="cl-muted">{t('pageLoading')}</p>;
  if (state.status === 'unavailable') {
    return (
      <div class="cl-empty cl-page-unavailable" role="status">
        <p class="cl-empty-title">{t('pageUnavailable')}</p>
        <p>{t('pageUnavailableHelp')}</p>
      </div>
    );
  }
  if (state.status === 'error') {
    return (
      <p class="cl-error" role="alert">
        {t('pageError', state.message)}
      </p>
    );
  }

  const { report } = state;
  const off = chosenOff ?? (current ? isSiteOff(current.disabledSites, report.hostname) : false);
  const terms = [...report.terms].sort(byMentions);
  return (
    <div class="cl-page">
      <div class="cl-site">
        <div class="cl-site-name">
          <span class="cl-site-host">{report.hostname || t('pageThisPage')}</span>
          {report.title && <span class="cl-site-title">{report.title}</span>}
        </div>
        {report.hostname && (
          <label class="cl-switch">
            <input
              type="checkbox"
              role="switch"
              checked={off}
              disabled={!current || switching}
              onChange={(event) => void setSiteOff(report.hostname, event.currentTarget.checked)}
            />
            <span class="cl-switch-track" aria-hidden="true" />
            {t('pageOffOnSite')}
          </label>
        )}
      </div>
      {current && !current.enabled && <p class="cl-muted">{t('pageSwitchedOffEverywhere')}</p>}
      {notice && (
        <p class="cl-error" role="alert">
          {notice}
        </p>
      )}
      {off ? (
        <p class="cl-empty">{t('pageSiteOff', report.hostname)}</p>
      ) : !report.active ? (
        <p class="cl-empty">{t('pageNotRunning')}</p>
      ) : terms.length === 0 ? (
        <p class="cl-empty">{t('pageNoTerms')}</p>
      ) : (
        <>
          <p class="cl-muted cl-page-count">{tn('pageTermCount', terms.length)}</p>
          <ul class="cl-page-terms" aria-label={t('pageTermsLabel')}>
            {terms.map((term) => {
              const [bestId, ...otherIds] = term.entryIds;
              const entry = bestId ? entriesById.get(bestId) : undefined;
              if (!bestId || !entry) return null;
              const others = otherIds.flatMap((id) => entriesById.get(id)?.title ?? []);
              const title = entry.title;
              return (
                <li key={`${bestId}-${term.text}`} class="cl-page-term">
                  <button
                    type="button"
                    class="cl-page-term-main"
                    aria-label={tn('pageTermReveal', term.count, title)}
                    onClick={() => void reveal(bestId)}
                  >
                    <span class="cl-result-title">{title}</span>
                    <span class="cl-count" aria-hidden="true">
                      {t('pageMentionCount', term.count)}
                    </span>
                    <span class="cl-page-term-detail">
                      {[
                        term.text !== title ? t('pageTermAsWritten', term.text) : '',
                        entryTypeLabel(entry.type),
                        others.length > 0 ? t('pageTermOr', others.join(', ')) : '',
                      ]
                        .filter(Boolean)
                        .join(' · ')}
                    </span>
                  </button>
                  <button
                    type="button"
                    class="cl-link-button cl-page-term-open"
                    aria-label={t('pageTermOpen', title)}
                    onClick={(event) => onOpen(bestId, event.currentTarget)}
                  >
                    {t('pageTermDetails')}
                  </button>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </div>
  );
}
