import { describe, expect, test } from 'vitest';
import { miniPack } from '@/tests/fixtures/mini-pack';
import { validatePack } from './validate';

function problemsOf(input: unknown) {
  const result = validatePack(input);
  if (result.ok) throw new Error('expected the pack to be rejected');
  return result.problems.map((p) => `${p.path}: ${p.message}`);
}

describe('validatePack', () => {
  test('accepts a well-formed pack and fills omitted lists with defaults', () => {
    const pack = miniPack();
    const { related: _related, aliases: _aliases, ...bare } = pack.entries[1]!;
    const result = validatePack({ ...pack, entries: [pack.entries[0], bare, pack.entries[2]] });
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.pack.entries[1]).toMatchObject({ related: [], aliases: [] });
  });

  test('names the record and field of a schema error', () => {
    const pack = miniPack();
    (pack.entries[2] as { aliases: unknown[] }).aliases = ['Ohrid', 42];
    expect(problemsOf(pack)).toContainEqual(expect.stringMatching(/^entries\[2\]\.aliases\[1\]: /));
  });

  test('rejects a javascript: source URL', () => {
    const pack = miniPack();
    pack.entries[0]!.source.url = 'javascript:alert(1)';
    expect(problemsOf(pack).join('\n')).toMatch(/entries\[0\]\.source\.url/);
  });

  test('rejects unknown fields instead of storing them', () => {
    expect(problemsOf({ ...miniPack(), extra: true }).join('\n')).toMatch(/extra/);
  });

  test('rejects duplicate ids and dangling references', () => {
    const pack = miniPack();
    pack.entries.push({ ...pack.entries[0]! });
    pack.events[0]!.entries = ['nowhere'];
    pack.entries[1]!.related = [{ id: 'missing', kind: 'related' }];
    const problems = problemsOf(pack);
    expect(problems).toContain('entries[3].id: duplicate entry id "kfor"');
    expect(problems).toContain('events[0].entries[0]: unknown entry "nowhere"');
    expect(problems).toContain('entries[1].related[0].id: unknown entry "missing"');
  });

  test("accepts an ended office only for one of the event's own entries", () => {
    const pack = miniPack();
    const [first] = pack.events[0]!.entries;
    pack.events[0]!.endsOffices = [{ person: first!, office: 'commander' }];
    expect(validatePack(pack).ok).toBe(true);
    pack.events[0]!.endsOffices = [{ person: 'someone-else', office: 'commander' }];
    expect(problemsOf(pack)).toContain(
      'events[0].endsOffices[0].person: "someone-else" must also be one of the event\'s entries',
    );
  });

  test('rejects bad dates with the expected forms in the message', () => {
    const pack = miniPack();
    pack.events[0]!.date = '1999-13';
    expect(problemsOf(pack)).toContain('events[0].date: must be YYYY, YYYY-MM or YYYY-MM-DD');
  });

  test('rejects non-objects', () => {
    expect(validatePack(null).ok).toBe(false);
    expect(validatePack('{}').ok).toBe(false);
  });
});
