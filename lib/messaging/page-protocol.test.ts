import { describe, expect, test } from 'vitest';
import { PageRequestError, parsePageRequest } from './page-protocol';

describe('page requests', () => {
  test('well-formed requests come back typed and copied', () => {
    expect(parsePageRequest('getPageTerms', {})).toEqual({});
    expect(parsePageRequest('getSelection', {})).toEqual({});
    expect(parsePageRequest('revealTerm', { entryId: 'kfor' })).toEqual({ entryId: 'kfor' });
    expect(parsePageRequest('moveToTerm', { direction: 'previous' })).toEqual({ direction: 'previous' });
  });

  test.each([
    ['getPageTerms', null, /getPageTerms request: expected an object/],
    ['getPageTerms', [], /expected an object/],
    ['getPageTerms', { all: true }, /getPageTerms request at all: unknown field/],
    ['getSelection', { frame: 1 }, /getSelection request at frame: unknown field/],
    ['revealTerm', {}, /revealTerm request at entryId/],
    ['revealTerm', { entryId: 7 }, /revealTerm request at entryId/],
    ['revealTerm', { entryId: '' }, /at entryId/],
    ['revealTerm', { entryId: 'x'.repeat(121) }, /at entryId/],
    ['revealTerm', { entryId: 'kfor', also: 1 }, /at also: unknown field/],
    ['moveToTerm', { direction: 'up' }, /moveToTerm request at direction: expected "next" or "previous"/],
    ['moveToTerm', 'next', /expected an object/],
    ['dropTables', {}, /Unknown page request dropTables/],
  ])('%s %j is refused with a clear error', (type, data, message) => {
    expect(() => parsePageRequest(type as 'getPageTerms', data)).toThrow(PageRequestError);
    expect(() => parsePageRequest(type as 'getPageTerms', data)).toThrow(message);
  });

  test('an inherited field does not count', () => {
    expect(() => parsePageRequest('revealTerm', Object.create({ entryId: 'kfor' }))).toThrow(/at entryId/);
  });
});
