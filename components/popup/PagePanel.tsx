import { useEffect, useState } from 'preact/hooks';
import type { Entry } from '@/lib/model';
import type { PageTerm, PageTermsReport } from '@/lib/messaging/page-protocol';
import type { Settings } from '@/lib/settings';
import { ENTRY_TYPE_LABELS } from '@/lib/format';
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
      if (!(await page.reveal(entryId))) setNotice('That term is no longer on the page.');
    } catch (error) {
      setNotice(`The page did not answer: ${messageOf(error)}`);
    }
  }

  async function setSiteOff(hostname: string, off: boolean) {
    if (!current) return;
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
    }
  }

  if (state.status === 'loading') return <p class="cl-muted">Looking at this page…</p>;
  if (state.status === 'unavailable') {
    return (
      <div class="cl-empty cl-page-unavailable" role="status">
        <p class="cl-empty-title">Context Lens cannot read this tab.</p>
        <p>
          Browser pages (settings, new tabs, extension stores) are never scanned. If this is a web page that was already
          open when Context Lens was installed or updated, reload it and open this panel again.
        </p>
      </div>
    );
  }
  if (state.status === 'error') {
    return (
      <p class="cl-error" role="alert">
        The page could not be asked: {state.message}
      </p>
    );
  }

  const { report } = state;
  const off = current ? isSiteOff(current.disabledSites, report.hostname) : false;
  const terms = [...report.terms].sort(byMentions);
  return (
    <div class="cl-page">
      <div class="cl-site">
        <div class="cl-site-name">
          <span class="cl-site-host">{report.hostname || 'This page'}</span>
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
            Off on this site
          </label>
        )}
      </div>
      {current && !current.enabled && (
        <p class="cl-muted">Context Lens is switched off everywhere; turn it on in the options.</p>
      )}
      {notice && (
        <p class="cl-error" role="alert">
          {notice}
        </p>
      )}
      {off ? (
        <p class="cl-empty">Terms are not underlined on {report.hostname}. Switch it back on to see them here.</p>
      ) : !report.active ? (
        <p class="cl-empty">Spotting is not running on this page.</p>
      ) : terms.length === 0 ? (
        <p class="cl-empty">No glossary terms on this page.</p>
      ) : (
        <>
          <p class="cl-muted cl-page-count">
            {terms.length} {terms.length === 1 ? 'term' : 'terms'} on this page · choose one to show it
          </p>
          <ul class="cl-page-terms" aria-label="Terms on this page">
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
                    aria-label={`${title}, ${term.count} ${term.count === 1 ? 'mention' : 'mentions'}: show on the page`}
                    onClick={() => void reveal(bestId)}
                  >
                    <span class="cl-result-title">{title}</span>
                    <span class="cl-count" aria-hidden="true">
                      {term.count}×
                    </span>
                    <span class="cl-page-term-detail">
                      {term.text !== title ? `“${term.text}” · ` : ''}
                      {ENTRY_TYPE_LABELS[entry.type]}
                      {others.length > 0 ? ` · or ${others.join(', ')}` : ''}
                    </span>
                  </button>
                  <button
                    type="button"
                    class="cl-link-button cl-page-term-open"
                    aria-label={`Open ${title}`}
                    onClick={(event) => onOpen(bestId, event.currentTarget)}
                  >
                    Details
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
