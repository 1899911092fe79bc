import { describe, expect, test } from 'vitest';
import { noteEditorUrl, parseNoteEditorMessage, readNoteEditorTarget } from './note-editor-link';

const BASE = 'chrome-extension://abc/note-editor.html';
const NOTE_ID = '0f8fad5b-d9cb-469f-a165-70867728950e';

describe('note editor address', () => {
  test('round-trips a new note and an edit', () => {
    for (const target of [
      { entryId: 'kfor', noteId: null },
      { entryId: 'own:my-entry', noteId: NOTE_ID },
    ]) {
      expect(readNoteEditorTarget(new URL(noteEditorUrl(BASE, target)).search)).toEqual(target);
    }
  });

  test('refuses an address without a valid entry or note', () => {
    for (const search of ['', '?entry=', '?entry=<b>', `?entry=kfor&note=nope`, `?note=${NOTE_ID}`]) {
      expect(() => readNoteEditorTarget(search), search).toThrow(/without a valid entry or note/);
    }
  });
});

describe('note editor messages', () => {
  test('accepts only the two message kinds', () => {
    expect(parseNoteEditorMessage({ kind: 'size', height: 120 })).toEqual({ kind: 'size', height: 120 });
    expect(parseNoteEditorMessage({ kind: 'done', saved: true })).toEqual({ kind: 'done', saved: true });
    for (const bad of [null, 'done', { kind: 'size', height: -1 }, { kind: 'done' }, { kind: 'eval', code: '1' }]) {
      expect(parseNoteEditorMessage(bad)).toBeNull();
    }
  });
});
