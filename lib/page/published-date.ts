/**
 * The date an article says it was published, so the card can split an
 * entry's timeline into "before this article" and "since this article".
 * Read from the usual places, most explicit first: Open Graph / article meta
 * tags, JSON-LD `datePublished`, then the first `<time datetime>` in the
 * article. Returns an ISO day (YYYY-MM-DD) or undefined.
 */

const META_SELECTORS = [
  'meta[property="article:published_time"]',
  'meta[name="article:published_time"]',
  'meta[itemprop="datePublished"]',
  'meta[name="date"]',
  'meta[name="pubdate"]',
  'meta[name="publish-date"]',
  'meta[name="DC.date.issued"]',
];

const ISO_DAY = /^(\d{4}-\d{2}-\d{2})/;

function toIsoDay(value: string | null | undefined): string | undefined {
  const match = value?.trim().match(ISO_DAY);
  if (!match?.[1]) return undefined;
  const date = new Date(`${match[1]}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? undefined : match[1];
}

/** Finds `datePublished` anywhere in a JSON-LD value (it may sit in an @graph array). */
function findDatePublished(value: unknown, depth = 0): string | undefined {
  if (depth > 6 || !value || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findDatePublished(item, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  const record = value as Record<string, unknown>;
  if (typeof record.datePublished === 'string') return toIsoDay(record.datePublished);
  for (const key of ['@graph', 'mainEntity', 'mainEntityOfPage']) {
    const found = findDatePublished(record[key], depth + 1);
    if (found) return found;
  }
  return undefined;
}

export function findPublicationDate(document: Document): string | undefined {
  for (const selector of META_SELECTORS) {
    const day = toIsoDay(document.querySelector(selector)?.getAttribute('content'));
    if (day) return day;
  }
  for (const script of document.querySelectorAll('script[type="application/ld+json"]')) {
    try {
      const day = findDatePublished(JSON.parse(script.textContent ?? ''));
      if (day) return day;
    } catch {
      // Broken JSON-LD is common on real pages; it just doesn't count.
    }
  }
  const time = document.querySelector('article time[datetime], time[pubdate][datetime], time[datetime]');
  return toIsoDay(time?.getAttribute('datetime'));
}

/**
 * True if an event dated `eventDate` (YYYY, YYYY-MM or YYYY-MM-DD) happened
 * after the article's day. A partial date counts as after only when its whole
 * period is after: "2024-03" is not after 2024-03-12.
 */
export function isAfterDay(eventDate: string, articleDay: string): boolean {
  return eventDate > articleDay.slice(0, eventDate.length);
}
