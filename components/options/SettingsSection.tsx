import { useEffect, useState } from 'preact/hooks';
import type { Settings } from '@/lib/settings';
import { t, type MessageKey } from '@/lib/i18n';

export interface SettingsData {
  load(): Promise<Settings>;
  /** Calls back whenever the settings change anywhere (the popup's site switch, another options tab). */
  watch(onChange: (settings: Settings) => void): () => void;
  update(change: Partial<Settings>): Promise<Settings>;
  /** Opens the browser's own page for rebinding shortcuts, where it has one. */
  openShortcuts?(): void;
  /** Forgets every page in the "seen on" memory. */
  clearSightings?(): Promise<void>;
}

const UNDERLINE_LABELS: Record<Settings['underlineStyle'], MessageKey> = {
  underline: 'settingsLookUnderline',
  background: 'settingsLookBackground',
  none: 'settingsLookNone',
};

/** Turns what a reader types ("https://www.example.com/news", "Example.com") into a host name, or null. */
export function siteFromInput(input: string): string | null {
  const trimmed = input.trim().toLowerCase();
  if (!trimmed) return null;
  try {
    const host = new URL(trimmed.includes('://') ? trimmed : `https://${trimmed}`).hostname.replace(/^www\./, '');
    return /^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(host) ? host : null;
  } catch {
    return null;
  }
}

/** The options page section for how spotting behaves. Every change applies to open tabs at once. */
export function SettingsSection({ data }: { data: SettingsData }) {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [siteInput, setSiteInput] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [cleared, setCleared] = useState(false);

  useEffect(() => {
    data.load().then(setSettings, (cause: unknown) => setError(String(cause)));
    return data.watch(setSettings);
  }, [data]);

  if (!settings) return error ? <p class="cl-error">{error}</p> : <p class="cl-muted">{t('loading')}</p>;

  async function change(update: Partial<Settings>) {
    setError(null);
    try {
      setSettings(await data.update(update));
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : String(cause));
    }
  }

  function addSite(event: Event) {
    event.preventDefault();
    const site = siteFromInput(siteInput);
    if (!site) return setError(t('settingsNotASite', siteInput.trim()));
    if (!settings!.disabledSites.includes(site)) void change({ disabledSites: [...settings!.disabledSites, site] });
    setSiteInput('');
  }

  return (
    <div class="cl-settings">
      <label class="cl-check">
        <input
          type="checkbox"
          checked={settings.enabled}
          onChange={(e) => change({ enabled: e.currentTarget.checked })}
        />
        {t('settingsEnabled')}
      </label>
      <label class="cl-check">
        <input
          type="checkbox"
          checked={settings.firstMentionOnly}
          onChange={(e) => change({ firstMentionOnly: e.currentTarget.checked })}
        />
        {t('settingsFirstMention')}
      </label>
      <label class="cl-setting">
        <span>{t('settingsLook')}</span>
        <select
          value={settings.underlineStyle}
          onChange={(e) => change({ underlineStyle: e.currentTarget.value as Settings['underlineStyle'] })}
        >
          {Object.entries(UNDERLINE_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {t(label)}
            </option>
          ))}
        </select>
      </label>
      <label class="cl-setting">
        <span>{t('settingsHoverDelay')}</span>
        <input
          type="number"
          min={0}
          max={3000}
          step={50}
          value={settings.hoverDelayMs}
          onChange={(e) => change({ hoverDelayMs: Number(e.currentTarget.value) })}
        />
      </label>

      <h3 class="cl-subheading">{t('settingsMemoryHeading')}</h3>
      <label class="cl-check">
        <input
          type="checkbox"
          checked={settings.rememberPages}
          onChange={(e) => change({ rememberPages: e.currentTarget.checked })}
        />
        {t('settingsRememberPages')}
      </label>
      {data.clearSightings && (
        <div class="cl-row">
          <button
            type="button"
            class="cl-button"
            onClick={() =>
              data.clearSightings?.().then(
                () => setCleared(true),
                (cause: unknown) => setError(String(cause)),
              )
            }
          >
            {t('settingsForgetPages')}
          </button>
          {cleared && (
            <span class="cl-muted" role="status">
              {t('settingsForgotten')}
            </span>
          )}
        </div>
      )}

      <h3 class="cl-subheading">{t('settingsSitesHeading')}</h3>
      {settings.disabledSites.length === 0 ? (
        <p class="cl-muted">{t('settingsSitesNone')}</p>
      ) : (
        <ul class="cl-site-list">
          {settings.disabledSites.map((site) => (
            <li key={site}>
              <span>{site}</span>
              <button
                type="button"
                class="cl-link-button"
                aria-label={t('settingsSiteOnLabel', site)}
                onClick={() => change({ disabledSites: settings.disabledSites.filter((other) => other !== site) })}
              >
                {t('settingsSiteOn')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form class="cl-row" onSubmit={addSite}>
        <input
          aria-label={t('settingsSiteInput')}
          placeholder="news.example.com"
          value={siteInput}
          onInput={(e) => setSiteInput(e.currentTarget.value)}
        />
        <button type="submit" class="cl-button">
          {t('settingsSiteOff')}
        </button>
      </form>

      <h3 class="cl-subheading">{t('settingsKeyboardHeading')}</h3>
      <p class="cl-muted">{t('settingsKeyboardHelp')}</p>
      {data.openShortcuts ? (
        <button type="button" class="cl-button" onClick={data.openShortcuts}>
          {t('settingsChangeShortcuts')}
        </button>
      ) : (
        <p class="cl-muted">{t('settingsShortcutsFirefox')}</p>
      )}
      {error && (
        <p class="cl-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
