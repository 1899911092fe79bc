/**
 * The settings as a valibot schema, for the backup format (lib/packs/backup.ts),
 * whose validation reports every problem with its path alongside the packs'
 * and entries' own. The same rules as the hand-written checks in settings.ts,
 * which the content script uses; settings.test.ts checks that they agree.
 */
import * as v from 'valibot';
import { DEFAULT_SETTINGS, SETTINGS_LIMITS, UNDERLINE_STYLES, type Settings } from './settings';

export const SettingsSchema = v.object({
  enabled: v.optional(v.boolean(), DEFAULT_SETTINGS.enabled),
  disabledSites: v.optional(
    v.pipe(v.array(v.pipe(v.string(), v.maxLength(SETTINGS_LIMITS.siteLength))), v.maxLength(SETTINGS_LIMITS.sites)),
    () => [],
  ),
  firstMentionOnly: v.optional(v.boolean(), DEFAULT_SETTINGS.firstMentionOnly),
  underlineStyle: v.optional(v.picklist(UNDERLINE_STYLES), DEFAULT_SETTINGS.underlineStyle),
  rememberPages: v.optional(v.boolean(), DEFAULT_SETTINGS.rememberPages),
  hoverDelayMs: v.optional(
    v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(SETTINGS_LIMITS.maxHoverDelayMs)),
    DEFAULT_SETTINGS.hoverDelayMs,
  ),
}) satisfies v.GenericSchema<unknown, Settings>;
