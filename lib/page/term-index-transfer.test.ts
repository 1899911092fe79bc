/**
 * The term index's transfer from the background's packing
 * (lib/background/term-index-packing.ts) to a page's decoded index, with
 * the two requests answered in memory: the round trip, and what a page does
 * with a reply that is cut short, damaged or of a version that changed.
 */
import { describe, expect, test } from 'vitest';
import { compilePageTermIndex } from '../background/page-term-index';
import { packTermIndex, type PackedTermIndex } from '../background/term-index-packing';
import { matcherFromCompiled } from '../matcher/compiled';
import type { Term } from '../model';
import { fetchTermIndex, TermIndexTransferError, type TermIndexRequests } from './term-index-transfer';

/** Enough made-up names (with a few real ones) for the packed matcher to need several chunks. */
function manyTerms(count: number): Term[] {
  let seed = 7;
  const letter = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return String.fromCharCode(97 + (seed % 26));
  };
  const word = (length: number) => Array.from({ length }, letter).join('');
  const terms: Term[] = [
    { text: 'KFOR', case: 'auto', entryIds: ['kfor'] },
    { text: 'Ohrid', case: 'auto', entryIds: ['ohrid', 'ohrid-framework-agreement'] },
    { text: 'Kosovo Security Force', case: 'auto', entryIds: ['ksf'] },
  ];
  for (let k = 0; k < count; k++) {
    const name = `${word(5 + (k % 6))} ${word(4 + (k % 5))}`;
    terms.push({ text: name[0]!.toUpperCase() + name.slice(1), case: 'auto', entryIds: [`made-up-${k}`] });
  }
  return terms;
}

const TERMS = manyTerms(12_000);
const compiled = await compilePageTermIndex({
  version: 'v1',
  terms: TERMS,
  links: { ohrid: ['ohrid-framework-agreement'], 'ohrid-framework-agreement': ['ohrid'] },
});
const packed = await packTermIndex(compiled);

/** Answers as the background does (service.ts), from `served`, with `change` applied to each chunk. */
function serving(served: PackedTermIndex, change: (text: string, chunk: number) => string = (text) => text) {
  const asked: number[] = [];
  const requests: TermIndexRequests = {
    head: async (knownVersion) => (knownVersion === served.head.version ? null : structuredClone(served.head)),
    chunk: async (version, chunk) => {
      asked.push(chunk);
      if (version !== served.head.version) throw new Error(`Term index version ${version} is no longer current`);
      return change(served.chunks[chunk]!, chunk);
    },
  };
  return { requests, asked };
}

const sampleText = `KFOR and the Kosovo Security Force met near Ohrid. ${TERMS.slice(3, 400)
  .map((term) => term.text)
  .join(', ')}.`;

describe('the term index transfer', () => {
  test('comes in several chunks, each well under the single message it replaces', () => {
    expect(packed.head.packed.chunks).toBeGreaterThan(1);
    const whole = JSON.stringify(compiled).length;
    const sent = JSON.stringify(packed.head).length + packed.chunks.reduce((sum, text) => sum + text.length, 0);
    expect(sent).toBeLessThan(whole * 0.6);
    expect(JSON.stringify(packed.head).length).toBeLessThan(whole / 10);
  });

  test('gives the index the background compiled: the same facts, a matcher that finds the same', async () => {
    const { requests, asked } = serving(packed);
    const received = (await fetchTermIndex(null, requests))!;
    const { matcher, ...facts } = compiled;
    expect({ ...received, matcher: undefined }).toEqual({ ...facts, matcher: undefined });
    const expected = matcherFromCompiled(matcher).find(sampleText);
    expect(expected.length).toBeGreaterThan(300);
    expect(received.matcher.find(sampleText)).toEqual(expected);
    expect(asked.sort((a, b) => a - b)).toEqual([...packed.chunks.keys()]);
  });

  test('asks nothing more when the caller has the current version', async () => {
    const { requests, asked } = serving(packed);
    expect(await fetchTermIndex('v1', requests)).toBeNull();
    expect(asked).toEqual([]);
  });

  test('refuses a reply cut short', async () => {
    const last = packed.chunks.length - 1;
    const { requests } = serving(packed, (text, chunk) => (chunk === last ? text.slice(0, text.length / 2) : text));
    await expect(fetchTermIndex(null, requests)).rejects.toThrow(
      /Term index transfer failed: the data does not inflate/,
    );
  });

  test('refuses a reply with a chunk missing', async () => {
    const { requests } = serving({ ...packed, head: { ...packed.head, packed: { ...packed.head.packed, chunks: 1 } } });
    await expect(fetchTermIndex(null, requests)).rejects.toThrow(/Term index transfer failed: the data/);
  });

  test.each([
    [
      'a byte changed in the middle',
      (text: string) => `${text.slice(0, 5000)}${text[5000] === 'A' ? 'B' : 'A'}${text.slice(5001)}`,
      /the data does not inflate/,
    ],
    [
      'a chunk that is not base64',
      (text: string) => `${text.slice(0, 100)}*${text.slice(101)}`,
      /chunk 0 is not base64/,
    ],
    ['two chunks swapped', (_text: string, chunk: number) => packed.chunks[chunk === 0 ? 1 : 0]!, /does not inflate/],
  ])('refuses a garbled reply: %s', async (_name, change, problem) => {
    const { requests } = serving(packed, (text, chunk) => (chunk <= 1 ? change(text, chunk) : text));
    const error = await fetchTermIndex(null, requests).catch((error: unknown) => error);
    expect(error).toBeInstanceOf(TermIndexTransferError);
    expect((error as Error).message).toMatch(problem);
  });

  test('refuses a head of another packing, before asking for any chunk', async () => {
    const { requests, asked } = serving({
      ...packed,
      head: {
        ...packed.head,
        packed: { ...packed.head.packed, packing: 'context-lens/term-index-deflate@0' as never },
      },
    });
    await expect(fetchTermIndex(null, requests)).rejects.toThrow(/packing "context-lens\/term-index-deflate@0"/);
    expect(asked).toEqual([]);
  });

  test('fails with a clear error when the version changes between the head and the chunks', async () => {
    const newer = await packTermIndex({ ...compiled, version: 'v2' });
    const { requests } = serving(newer);
    // The head of v1 was current when asked; by the time the chunks are asked, the background serves v2.
    const stale: TermIndexRequests = { ...requests, head: async () => structuredClone(packed.head) };
    await expect(fetchTermIndex(null, stale)).rejects.toThrow(
      /Term index transfer failed: chunk 0 was refused \(Term index version v1 is no longer current\)/,
    );
  });
});
