/**
 * The message file and the code agree: every key the code asks for exists,
 * every message is used somewhere (no orphans left for translators), and each
 * tells translators what it is for.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import englishMessages from '@/public/_locales/en/messages.json';
import { t, tn } from '@/lib/i18n';

interface MessageEntry {
  message: string;
  description?: string;
  placeholders?: Record<string, { content: string; example?: string }>;
}

const messages: Record<string, MessageEntry> = englishMessages;
const root = join(import.meta.dirname, '..');

/** Source files that may show text: the UI, the entrypoints, lib (the helper itself) and the manifest config. */
function sourceFiles(): string[] {
  const files: string[] = [join(root, 'wxt.config.ts')];
  const walk = (dir: string) => {
    for (const item of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, item.name);
      if (item.isDirectory()) walk(path);
      else if (/\.(tsx?|html)$/.test(item.name) && !/\.test\.tsx?$/.test(item.name)) files.push(path);
    }
  };
  for (const dir of ['components', 'entrypoints', 'lib']) walk(join(root, dir));
  return files;
}

const sources = sourceFiles().map((path) => ({ path: relative(root, path), text: readFileSync(path, 'utf8') }));

/** Keys asked for by name: t('key'…), tn('stem'…) and __MSG_key__ in the manifest. */
function requestedKeys(): Array<{ key: string; plural: boolean; where: string }> {
  const found: Array<{ key: string; plural: boolean; where: string }> = [];
  for (const { path, text } of sources) {
    for (const match of text.matchAll(/\b(tn?)\(\s*'([A-Za-z0-9_@]+)'/g)) {
      found.push({ key: match[2]!, plural: match[1] === 'tn', where: path });
    }
    for (const match of text.matchAll(/__MSG_([A-Za-z0-9_@]+)__/g))
      found.push({ key: match[1]!, plural: false, where: path });
  }
  return found;
}

/** Every quoted word in the sources: keys chosen through a table (entry types, tabs) are quoted there. */
function quotedWords(): Set<string> {
  const words = new Set<string>();
  for (const { text } of sources) for (const match of text.matchAll(/'([A-Za-z0-9_@]+)'/g)) words.add(match[1]!);
  for (const { text } of sources) for (const match of text.matchAll(/__MSG_([A-Za-z0-9_@]+)__/g)) words.add(match[1]!);
  return words;
}

describe('messages.json', () => {
  test('every key the code asks for exists (plural stems with an "other" form)', () => {
    const requested = requestedKeys();
    expect(requested.length).toBeGreaterThan(100);
    const missing = requested
      .filter(({ key, plural }) => !(plural ? `${key}_other` in messages : key in messages))
      .map(({ key, where }) => `${where}: ${key}`);
    expect(missing).toEqual([]);
  });

  test('every message is used by the code', () => {
    const quoted = quotedWords();
    const orphans = Object.keys(messages).filter((key) => {
      const stem = key.replace(/_(zero|one|two|few|many|other)$/, '');
      return !quoted.has(key) && !quoted.has(stem);
    });
    expect(orphans).toEqual([]);
  });

  test('every message has a description, and every placeholder it names is defined with an example', () => {
    const problems: string[] = [];
    for (const [key, entry] of Object.entries(messages)) {
      if (!entry.description?.trim()) problems.push(`${key}: no description`);
      for (const [, name] of entry.message.matchAll(/\$([A-Za-z0-9_@]+)\$/g)) {
        const placeholder = entry.placeholders?.[name!.toLowerCase()];
        if (!placeholder) problems.push(`${key}: placeholder $${name}$ is not defined`);
        else if (!placeholder.example) problems.push(`${key}: placeholder $${name}$ has no example`);
      }
      // Chrome refuses a whole locale over an invalid key, so the extension would not load at all.
      if (!/^[A-Za-z0-9_@]+$/.test(key)) problems.push(`${key}: not a valid message name`);
    }
    expect(problems).toEqual([]);
  });

  test('the helper fills in substitutions and picks the plural form for the count', () => {
    expect(t('entryAliases', 'KFOR, Kosovo Force')).toBe('Also: KFOR, Kosovo Force');
    expect(tn('seenOnPages', 1)).toBe('Seen on 1 page');
    expect(tn('seenOnPages', 2)).toBe('Seen on 2 pages');
    expect(tn('relatedMore', 3)).toBe('+3 more');
    expect(tn('pageTermReveal', 4, 'KFOR')).toBe('KFOR, 4 mentions: show on the page');
    expect(tn('entryCount', 1234)).toBe('1,234 entries');
  });
});
