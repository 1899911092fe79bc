/** Joins a pack's source fragments: pack.json holds the metadata, every other *.json `entries` and `events`. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export function assemblePack(dir: string): unknown {
  const meta = JSON.parse(readFileSync(join(dir, 'pack.json'), 'utf8')) as Record<string, unknown>;
  const entries: unknown[] = [];
  const events: unknown[] = [];
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith('.json') || file === 'pack.json') continue;
    const fragment = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { entries?: unknown[]; events?: unknown[] };
    entries.push(...(fragment.entries ?? []));
    events.push(...(fragment.events ?? []));
  }
  return { ...meta, entries, events };
}
