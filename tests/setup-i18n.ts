/**
 * The WXT fake browser has no i18n. Tests get the real English messages
 * through the same API the extension uses, formatted the way Chrome and
 * Firefox do, so they assert on the text a reader sees.
 */
import { fakeBrowser } from 'wxt/testing/fake-browser';
import englishMessages from '@/public/_locales/en/messages.json';

interface MessageEntry {
  message: string;
  placeholders?: Record<string, { content: string }>;
}

const messages: Record<string, MessageEntry> = englishMessages;

/** `$NAME$` placeholders become their content (names are case-insensitive), then `$1`…`$9` the substitutions, `$$` a dollar. */
export function formatMessage(entry: MessageEntry, substitutions: readonly string[]): string {
  const withPlaceholders = entry.message.replace(
    /\$([A-Za-z0-9_@]+)\$/g,
    (whole, name: string) => entry.placeholders?.[name.toLowerCase()]?.content ?? whole,
  );
  return withPlaceholders.replace(/\$(\$|[1-9])/g, (_, what: string) =>
    what === '$' ? '$' : (substitutions[Number(what) - 1] ?? ''),
  );
}

export function installEnglishMessages(): void {
  // A British English browser: dates read "10 June 1999".
  fakeBrowser.i18n.getUILanguage = () => 'en-GB';
  fakeBrowser.i18n.getMessage = (name: string, substitutions?: string | string[]) => {
    const entry = messages[name];
    if (!entry) return '';
    return formatMessage(entry, typeof substitutions === 'string' ? [substitutions] : (substitutions ?? []));
  };
}
