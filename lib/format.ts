/** Display helpers shared by the card and the popup. Pure: no DOM, no browser APIs. */
import { aliasText, type Entry } from './model';

/**
 * Returns the URL only if it is an http(s) address. Sources are validated on
 * import already; this second check keeps a `javascript:` URL out of an href
 * even if a record reached the database some other way.
 */
export function safeHttpUrl(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** "en.wikipedia.org" for a source link label. */
export function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return url;
  }
}

/**
 * The aliases a reader would find useful: not the title again, not a form the
 * title already contains ("KFOR" under "KFOR (Kosovo Force)"), no case variants.
 */
export function aliasListText(entry: Pick<Entry, 'title' | 'aliases'>, limit = Infinity): string {
  const title = entry.title.toLowerCase();
  const seen = new Set<string>();
  const shown: string[] = [];
  for (const alias of entry.aliases) {
    const text = aliasText(alias);
    const key = text.toLowerCase();
    if (seen.has(key) || containsPhrase(title, key)) continue;
    seen.add(key);
    shown.push(text);
  }
  return shown.length > limit ? `${shown.slice(0, limit).join(', ')}, …` : shown.join(', ');
}

/** True if `phrase` stands in `text` as whole words ("un" is not in "united nations", "kfor" is in "kfor (kosovo force)"). */
function containsPhrase(text: string, phrase: string): boolean {
  for (let at = text.indexOf(phrase); at >= 0; at = text.indexOf(phrase, at + 1)) {
    const before = text[at - 1];
    const after = text[at + phrase.length];
    if ((before === undefined || !WORD_CHAR.test(before)) && (after === undefined || !WORD_CHAR.test(after)))
      return true;
  }
  return false;
}
const WORD_CHAR = /[\p{L}\p{N}]/u;
