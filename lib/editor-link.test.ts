import { describe, expect, test } from 'vitest';
import { entryEditorUrl, newEntryTarget, readEntryEditorTarget } from './editor-link';

const BASE = 'chrome-extension://abc/editor.html';

describe('entry editor address', () => {
  test('round-trips a new entry and an edit', () => {
    for (const target of [
      newEntryTarget('  Zvečan bridge ', 'https://news.example/a?b=1&c=2#d'),
      newEntryTarget('KFOR', ''),
      { kind: 'edit', entryId: 'own:zvecan-bridge' } as const,
    ]) {
      expect(readEntryEditorTarget(new URL(entryEditorUrl(BASE, target)).search)).toEqual(target);
    }
  });

  test('caps the selection and keeps only http(s) sources', () => {
    expect(newEntryTarget('x'.repeat(500), 'javascript:alert(1)')).toEqual({
      kind: 'new',
      title: 'x'.repeat(200),
      source: '',
    });
    expect(readEntryEditorTarget('?title=a&source=file:///etc/passwd')).toEqual({
      kind: 'new',
      title: 'a',
      source: '',
    });
  });

  test('an invalid id opens an empty new entry', () => {
    expect(readEntryEditorTarget('?id=%3Cb%3E')).toEqual({ kind: 'new', title: '', source: '' });
    expect(readEntryEditorTarget('')).toEqual({ kind: 'new', title: '', source: '' });
  });
});
