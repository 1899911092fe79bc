/**
 * The reader's settings, kept in extension storage (not IndexedDB) because
 * content scripts can read it directly and are told of every change at once:
 * a setting changed in the options page or popup applies in all open tabs
 * without a reload and without asking the background.
 */
import * as v from 'valibot';
import { storage } from 'wxt/utils/storage';

export const UNDERLINE_STYLES = ['underline', 'background', 'none'] as const;

export const SettingsSchema = v.object({
  /** Master switch: when false, no page is scanned. */
  enabled: v.optional(v.boolean(), true),
  /** Host names (e.g. "news.example.com") where the reader switched spotting off. */
  disabledSites: v.optional(v.pipe(v.array(v.pipe(v.string(), v.maxLength(253))), v.maxLength(5000)), []),
  /** Underline only the first mention of each entry on a page. */
  firstMentionOnly: v.optional(v.boolean(), false),
  underlineStyle: v.optional(v.picklist(UNDERLINE_STYLES), 'underline'),
  /** Remember the pages where entries were spotted ("seen on"); never in private windows. */
  rememberPages: v.optional(v.boolean(), true),
  /** How long the pointer must rest on a term before its card opens. */
  hoverDelayMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(3000)), 300),
});
export type Settings = v.InferOutput<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = v.parse(SettingsSchema, {});

/** Reads stored settings leniently: a damaged or older record falls back to defaults field by field. */
export function parseSettings(stored: unknown): Settings {
  const result = v.safeParse(SettingsSchema, stored ?? {});
  if (result.success) return result.output;
  const repaired: Record<string, unknown> = {};
  if (stored && typeof stored === 'object') {
    for (const [key, value] of Object.entries(stored)) {
      const field = SettingsSchema.entries[key as keyof Settings];
      if (field && v.safeParse(field, value).success) repaired[key] = value;
    }
  }
  return v.parse(SettingsSchema, repaired);
}

export const settingsItem = storage.defineItem<unknown>('local:settings', { fallback: {} });

export async function loadSettings(): Promise<Settings> {
  return parseSettings(await settingsItem.getValue());
}

/**
 * Applies a change; an invalid one is refused with a clear error and nothing
 * is stored. Changes from this page are applied one after another: each reads
 * what the previous one wrote, so quick successive changes are not lost.
 */
export function updateSettings(change: Partial<Settings>): Promise<Settings> {
  const next = pendingUpdate.then(async () => {
    const result = v.safeParse(SettingsSchema, { ...(await loadSettings()), ...change });
    if (!result.success) {
      const issue = result.issues[0];
      throw new Error(`Setting ${issue.path?.map((item) => String(item.key)).join('.') ?? ''} ${issue.message}`);
    }
    await settingsItem.setValue(result.output);
    return result.output;
  });
  pendingUpdate = next.catch(() => undefined);
  return next;
}
let pendingUpdate: Promise<unknown> = Promise.resolve();

export function watchSettings(onChange: (settings: Settings) => void): () => void {
  return settingsItem.watch((value) => onChange(parseSettings(value)));
}

/** True when spotting should run on a page of this host. */
export function isActiveOn(settings: Settings, hostname: string): boolean {
  if (!settings.enabled) return false;
  const host = hostname.toLowerCase();
  // A site switched off also switches off its subdomains: "example.com" covers "news.example.com".
  return !settings.disabledSites.some((site) => host === site || host.endsWith(`.${site}`));
}
