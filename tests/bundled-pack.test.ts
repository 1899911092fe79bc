/** The pack shipped in public/packs/: valid, sourced, big enough, and installable. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { LensDatabase } from '@/lib/db/database';
import { buildTermIndex } from '@/lib/db/terms';
import { ensureBundledPack } from '@/lib/packs/bundled';
import { validatePack, formatProblems } from '@/lib/packs/validate';
import { compileMatcher } from '@/lib/matcher';

const packJson = () =>
  JSON.parse(readFileSync(resolve(import.meta.dirname, '../public/packs/western-balkans.json'), 'utf8'));

describe('the bundled Western Balkans pack', () => {
  const result = validatePack(packJson());

  test('validates against the pack schema', () => {
    expect(result.ok ? '' : formatProblems(result.problems, 50)).toBe('');
  });

  test('has at least 40 entries and 30 dated events, each with an http(s) source', () => {
    if (!result.ok) return expect.fail('invalid pack');
    expect(result.pack.entries.length).toBeGreaterThanOrEqual(40);
    expect(result.pack.events.length).toBeGreaterThanOrEqual(30);
    for (const item of [...result.pack.entries, ...result.pack.events]) {
      expect(item.source.url, item.id).toMatch(/^https?:\/\//);
    }
  });

  test('installs once and is current afterwards', async () => {
    const db = new LensDatabase(`bundled-${crypto.randomUUID()}`);
    expect(await ensureBundledPack(db, async () => packJson())).toBe('installed');
    expect(await ensureBundledPack(db, async () => packJson())).toBe('current');
  });

  test('spots the names of the test article', async () => {
    const db = new LensDatabase(`bundled-${crypto.randomUUID()}`);
    await ensureBundledPack(db, async () => packJson());
    const matcher = compileMatcher((await buildTermIndex(db)).terms);
    const article = readFileSync(resolve(import.meta.dirname, '../e2e/fixtures/kosovo-article.html'), 'utf8');
    const text = article.replace(/<[^>]+>/g, ' ');
    const found = new Set(matcher.find(text).flatMap((match) => match.entryIds));
    for (const id of ['kfor', 'kosovo-security-force', 'ohrid', 'eulex', 'zvecan', 'aleksandar-vucic']) {
      expect(found, id).toContain(id);
    }
  });

  test('the committed pack is the assembly of packs-src', async () => {
    const { assemblePack } = await import('@/scripts/assemble-pack');
    const assembled = JSON.stringify(assemblePack(resolve(import.meta.dirname, '../packs-src/western-balkans')));
    const upToDate = assembled === JSON.stringify(packJson());
    expect(upToDate, 'public/packs/western-balkans.json is stale: run npm run pack').toBe(true);
  });
});
