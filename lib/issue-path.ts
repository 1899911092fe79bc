import type * as v from 'valibot';

/**
 * Where a valibot issue is, written the way a reader of the JSON would write
 * it: `entries[17].aliases[2]`, after `root` when one is given (`settings.hoverDelay`).
 * Every error that names a record or a field (pack import, backup restore,
 * own entries, rejected requests) uses this one form. Empty for an issue
 * about the whole value with no root.
 */
export function issuePath(issue: v.BaseIssue<unknown>, root = ''): string {
  let path = root;
  for (const item of issue.path ?? []) {
    const key: unknown = item.key;
    if (typeof key === 'number') path += `[${key}]`;
    else path += path ? `.${String(key)}` : String(key);
  }
  return path;
}
