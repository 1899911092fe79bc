/**
 * Fuzzed and spoofed requests against the background's gate (registerHandlers):
 * wrong shapes, near misses of valid requests, huge payloads, senders that are
 * not this extension or pretend to be its pages, content scripts asking for
 * what only extension pages may ask. A bad request must never reach a handler
 * ("accepted"), and every one must end as a RequestError or be ignored, never
 * as any other exception ("crash").
 *
 * Two layers: the gate alone, with 1,000 generated requests and an oracle that
 * knows by construction which ones are legitimate; and the whole receiving path
 * (listenForRequests, the root listener the background really registers on
 * runtime.onMessage), with malformed envelopes, unknown types and the names of
 * Object.prototype members, answered to @webext-core/messaging's real sendMessage.
 */
import * as fc from 'fast-check';
import { describe, expect, test, vi } from 'vitest';
import { defineExtensionMessaging } from '@webext-core/messaging';
import { listenForRequests, registerHandlers, RequestError, type Handlers, type Sender } from './handlers';
import { requestSchemas, senderPolicies, type ProtocolMap, type RequestType } from './protocol';

const self = { id: 'context-lens-id', baseUrl: 'chrome-extension://context-lens-id/' };
const REQUEST_TYPES = Object.keys(requestSchemas) as RequestType[];
const NOTE_ID = '0f8fad5b-d9cb-469f-a165-70867728950e';

type Listener = (message: { data: unknown; sender: Sender }) => Promise<unknown>;

/** The background's gate with every handler replaced by a recorder. */
function wireGate() {
  const listeners = new Map<RequestType, Listener>();
  const calls: Array<{ type: RequestType; data: unknown }> = [];
  const record =
    (type: RequestType) =>
    async (data: unknown): Promise<never> => {
      calls.push({ type, data });
      return null as never;
    };
  const handlers = Object.fromEntries(REQUEST_TYPES.map((type) => [type, record(type)])) as unknown as Handlers;
  registerHandlers((type, listener) => listeners.set(type, listener as Listener), handlers, self);
  return { listeners, calls };
}

// ---- Senders -------------------------------------------------------------

type SenderKind = 'content-script' | 'extension-page' | 'spoofed';
interface LabelledSender {
  kind: SenderKind;
  sender: Sender;
}

const tab = fc.record({ id: fc.nat() }) as fc.Arbitrary<Sender['tab']>;
const webUrl = fc.webUrl({ withQueryParameters: true, withFragments: true });

const contentScriptSender: fc.Arbitrary<LabelledSender> = fc
  .tuple(webUrl, tab)
  .map(([url, tab]) => ({ kind: 'content-script', sender: { id: self.id, url, tab } }));

const extensionPageSender: fc.Arbitrary<LabelledSender> = fc
  .constantFrom('popup.html', 'options.html', 'popup.html?x=1#glossary')
  .map((page) => ({ kind: 'extension-page', sender: { id: self.id, url: `${self.baseUrl}${page}` } }));

/** Senders that are not this extension at all: other extensions, pages, lookalike ids, nothing. */
const spoofedSender: fc.Arbitrary<LabelledSender> = fc
  .oneof(
    fc.record({ id: fc.string().filter((id) => id !== self.id), url: fc.option(webUrl, { nil: undefined }) }),
    fc.constantFrom<Sender>(
      {},
      { url: `${self.baseUrl}popup.html` },
      { id: `${self.id} `, url: `${self.baseUrl}popup.html` },
      { id: self.id.toUpperCase(), url: `${self.baseUrl}popup.html` },
      { id: 'other-extension', url: `${self.baseUrl}popup.html` },
      { id: 'other-extension', url: 'chrome-extension://other-extension/popup.html' },
    ),
    webUrl.map((url): Sender => ({ url, tab: { id: 1 } as Sender['tab'] })),
  )
  .map((sender) => ({ kind: 'spoofed', sender }));

/**
 * Content-script senders whose url tries to pass for an extension page: the
 * gate must treat them as content scripts.
 */
const lookalikePageSender: fc.Arbitrary<LabelledSender> = fc
  .constantFrom(
    `https://evil.example/${self.baseUrl}popup.html`,
    `https://evil.example/?next=${self.baseUrl}`,
    'chrome-extension://context-lens-id.evil.example/popup.html',
    'chrome-extension://context-lens-i/popup.html',
    'moz-extension://context-lens-id/popup.html',
  )
  .map((url) => ({ kind: 'content-script', sender: { id: self.id, url, tab: { id: 7 } as Sender['tab'] } }));

const anySender = fc.oneof(contentScriptSender, extensionPageSender, spoofedSender, lookalikePageSender);

// ---- Data ----------------------------------------------------------------

interface LabelledData {
  valid: boolean;
  data: unknown;
}

const entryId = fc.constantFrom('kfor', 'kosovo-security-force', 'own:my-entry', 'ohrid-agreement-2001');
const noteText = fc.string({ minLength: 1, maxLength: 200 }).filter((text) => text.trim().length > 0);

const validData: Record<RequestType, fc.Arbitrary<unknown>> = {
  getTermIndex: fc.record({ knownVersion: fc.option(fc.string({ maxLength: 40 }), { nil: null }) }),
  getTermIndexChunk: fc.record({ version: fc.string({ maxLength: 40 }), chunk: fc.integer({ min: 0, max: 255 }) }),
  getEntryDetail: fc.record({ entryId }),
  addNote: fc.record({ entryId, text: noteText }),
  updateNote: fc.record({ noteId: fc.uuid(), text: noteText }),
  deleteNote: fc.record({ noteId: fc.uuid() }),
  recordSightings: fc.record({
    title: fc.string({ maxLength: 1_000 }),
    entryIds: fc.array(entryId, { maxLength: 20 }),
  }),
};

const ENTRY_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*(?::[a-z0-9]+(?:-[a-z0-9]+)*)?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const hostileStrings = [
  '',
  'KFOR',
  'kfor ',
  'kfor',
  'not-a-uuid',
  'constructor',
  '<img src=x onerror=alert(1)>',
  '../../etc/passwd',
  'kfor--x',
  'kfor:',
  'kfоr', // Cyrillic о
  '__proto__',
  'a'.repeat(121),
  `${NOTE_ID}-extra`,
  `{${NOTE_ID}}`,
  ` ${NOTE_ID}`,
  NOTE_ID.slice(0, 23),
];
/** Strings that are no entry id: markup, paths, case, spaces, unicode lookalikes, overlong. */
const badEntryId = fc.oneof(
  fc.constantFrom(...hostileStrings.filter((text) => !ENTRY_ID.test(text) || text.length > 120)),
  fc.string().filter((text) => !ENTRY_ID.test(text)),
);
/** Strings that are no note id (a UUID): entry ids, near-UUIDs, markup. */
const badNoteId = fc.oneof(
  fc.constantFrom(...hostileStrings.filter((text) => !UUID.test(text))),
  fc.string().filter((text) => !UUID.test(text)),
);
/** Payloads far beyond any bound: 20,001 characters up to 2 MB, and big nested values. */
const huge = fc.oneof(
  fc.integer({ min: 20_001, max: 2_000_000 }).map((length) => 'x'.repeat(length)),
  fc.constant(Array.from({ length: 100_000 }, (_, i) => i)),
  fc.constant(JSON.parse(`${'['.repeat(5_000)}${']'.repeat(5_000)}`) as unknown),
);
/** Values of the wrong type for any field (null included: only knownVersion may be null). */
const wrongType = fc.oneof(fc.integer(), fc.boolean(), fc.array(fc.string()), fc.object(), huge);
const wrongValueFor: Record<string, fc.Arbitrary<unknown>> = {
  entryId: fc.oneof(wrongType, badEntryId, fc.constant(null)),
  noteId: fc.oneof(wrongType, badNoteId, fc.constant(null)),
  text: fc.oneof(
    wrongType,
    fc.constant(null),
    fc.integer({ min: 20_001, max: 2_000_000 }).map((n) => 'x'.repeat(n)),
  ),
  knownVersion: fc.oneof(wrongType, fc.string({ minLength: 41, maxLength: 500 })),
  version: fc.oneof(wrongType, fc.constant(null), fc.string({ minLength: 41, maxLength: 500 })),
  // Beyond the most chunks a term index has, negative, fractional, or a number in a string.
  chunk: fc.oneof(
    fc.constant(null),
    fc.string(),
    fc.integer({ min: 256 }),
    fc.integer({ max: -1 }),
    fc.double({ noInteger: true }),
  ),
  title: fc.oneof(wrongType, fc.constant(null), fc.string({ minLength: 1_001, maxLength: 3_000 })),
  entryIds: fc.oneof(
    fc.integer(),
    fc.string(),
    fc.object(),
    fc.constant(null),
    fc.array(badEntryId, { minLength: 1, maxLength: 5 }),
    fc.constant(Array.from({ length: 2_001 }, () => 'kfor')),
  ),
};

/** A valid request with one thing wrong: the only difference between accepted and refused. */
function nearMiss(type: RequestType): fc.Arbitrary<unknown> {
  return validData[type].chain((valid) => {
    const record = valid as Record<string, unknown>;
    const keys = Object.keys(record);
    return fc.oneof(
      // One field with a wrong value.
      fc.constantFrom(...keys).chain((key) => wrongValueFor[key]!.map((value) => ({ ...record, [key]: value }))),
      // One field missing (getTermIndex's only field is required too).
      fc.constantFrom(...keys).map((key) => Object.fromEntries(Object.entries(record).filter(([k]) => k !== key))),
      // An extra field, including ones aimed at prototypes (JSON.parse makes them own properties).
      fc
        .tuple(fc.constantFrom('extra', 'isAdmin', 'packId', '__proto__', 'constructor'), fc.jsonValue())
        .map(([key, value]) => JSON.parse(JSON.stringify({ ...record, [key]: value })) as unknown),
      // The right fields, wrapped or in the wrong container.
      fc.constantFrom([record], { data: record }, JSON.stringify(record)),
    );
  });
}

/** Note text over the limit, or nothing but white space. */
const badNoteText = fc.oneof(
  fc.integer({ min: 20_001, max: 2_000_000 }).map((length) => 'x'.repeat(length)),
  fc.constantFrom('', '   ', '\n\t'),
);

function labelledData(type: RequestType): fc.Arbitrary<LabelledData> {
  const invalid: Array<fc.Arbitrary<unknown>> = [
    nearMiss(type),
    wrongType,
    fc.anything().filter((value) => !isPlainRecord(value)),
  ];
  if (type === 'addNote') invalid.push(badNoteText.map((text) => ({ entryId: 'kfor', text })));
  if (type === 'updateNote') invalid.push(badNoteText.map((text) => ({ noteId: NOTE_ID, text })));
  return fc.oneof(
    { weight: 1, arbitrary: validData[type].map((data) => ({ valid: true, data })) },
    { weight: 4, arbitrary: fc.oneof(...invalid).map((data) => ({ valid: false, data })) },
  );
}

function isPlainRecord(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const request = fc
  .constantFrom(...REQUEST_TYPES)
  .chain((type) => fc.record({ type: fc.constant(type), data: labelledData(type), from: anySender }));

function senderMayAsk(type: RequestType, from: LabelledSender): boolean {
  if (from.kind === 'spoofed') return false;
  return senderPolicies[type] === 'content-script-or-page' || from.kind === 'extension-page';
}

describe('1,000 fuzzed and spoofed requests through registerHandlers', () => {
  test('none is accepted unless legitimate, none crashes', async () => {
    const { listeners, calls } = wireGate();
    const tally = { fuzzed: 0, legitimate: 0, badAccepted: 0, crashes: 0, refused: 0, spoofed: 0, badData: 0 };

    await fc.assert(
      fc.asyncProperty(request, async ({ type, data, from }) => {
        tally.fuzzed++;
        if (from.kind === 'spoofed') tally.spoofed++;
        if (!data.valid) tally.badData++;
        const callsBefore = calls.length;
        const legitimate = senderMayAsk(type, from) && data.valid;
        let outcome: 'handled' | 'refused' | 'crashed';
        try {
          await listeners.get(type)!({ data: data.data, sender: from.sender });
          outcome = 'handled';
        } catch (error) {
          outcome = error instanceof RequestError ? 'refused' : 'crashed';
        }
        const reachedHandler = calls.length > callsBefore;
        if (outcome === 'crashed') tally.crashes++;
        if (outcome === 'refused') tally.refused++;
        if (reachedHandler && !legitimate) tally.badAccepted++;
        if (legitimate) tally.legitimate++;
        // Exactly the legitimate requests reach their handler, with the data as sent.
        expect(reachedHandler).toBe(legitimate);
        if (reachedHandler) expect(calls.at(-1)).toEqual({ type, data: data.data });
        expect(outcome).toBe(legitimate ? 'handled' : 'refused');
      }),
      { numRuns: 1_000 },
    );

    expect(tally.fuzzed).toBe(1_000);
    expect(tally.badAccepted).toBe(0);
    expect(tally.crashes).toBe(0);
    // The mix is what it claims to be: mostly hostile, with real requests as a control.
    expect(tally.refused).toBeGreaterThan(700);
    expect(tally.spoofed).toBeGreaterThan(150);
    expect(tally.legitimate).toBeGreaterThan(50);
    console.info('[fuzz] gate', JSON.stringify(tally));
  }, 60_000);

  test('each request type refuses every sender that is not this extension, even with valid data', async () => {
    const { listeners, calls } = wireGate();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...REQUEST_TYPES).chain((type) => fc.tuple(fc.constant(type), validData[type], spoofedSender)),
        async ([type, data, from]) => {
          await expect(listeners.get(type)!({ data, sender: from.sender })).rejects.toThrow(RequestError);
        },
      ),
      { numRuns: 200 },
    );
    expect(calls).toEqual([]);
  });

  test('note writes come only from extension pages: content scripts, and urls that pretend, are refused', async () => {
    // What the reader types goes into the note editor page, never into the content script,
    // so a content script (which shares a process with the web page) may not write notes.
    const pageOnly = REQUEST_TYPES.filter((type) => senderPolicies[type] === 'extension-page');
    expect(pageOnly.sort()).toEqual(['addNote', 'updateNote']);
    const { listeners, calls } = wireGate();
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom(...pageOnly)
          .chain((type) =>
            fc.tuple(fc.constant(type), validData[type], fc.oneof(contentScriptSender, lookalikePageSender)),
          ),
        async ([type, data, from]) => {
          await expect(listeners.get(type)!({ data, sender: from.sender })).rejects.toThrow(
            /only the extension’s own pages/,
          );
        },
      ),
      { numRuns: 200 },
    );
    expect(calls).toEqual([]);
    // The note editor framed in the card is one of those pages.
    await listeners.get('addNote')!({
      data: { entryId: 'kfor', text: 'typed in the editor' },
      sender: { id: self.id, url: `${self.baseUrl}note-editor.html?entry=kfor`, tab: { id: 1 } as Sender['tab'] },
    });
    expect(calls).toEqual([{ type: 'addNote', data: { entryId: 'kfor', text: 'typed in the editor' } }]);
  });
});

// ---- The whole receiving path ---------------------------------------------

type RootListener = (
  message: unknown,
  sender: Sender,
  sendResponse: (response: unknown) => void,
) => boolean | undefined;

describe('malformed envelopes and unknown types through the background’s root listener', () => {
  /** What the sender would get back: the { res } / { err } envelope, or IGNORED. */
  const IGNORED = Symbol('ignored');
  const contentScript: Sender = { id: self.id, url: 'https://news.example/a', tab: { id: 1 } as Sender['tab'] };

  function wireRoot() {
    let rootListener: RootListener | undefined;
    const recorded: Array<{ type: RequestType; data: unknown }> = [];
    const handlers = Object.fromEntries(
      REQUEST_TYPES.map((type) => [type, async (data: unknown) => void recorded.push({ type, data })]),
    ) as unknown as Handlers;
    listenForRequests({ addListener: (listener) => (rootListener = listener) }, handlers, self);
    const deliver = (message: unknown, sender: Sender): Promise<unknown> =>
      new Promise((resolve) => {
        const willAnswer = rootListener!(message, sender, resolve);
        if (!willAnswer) resolve(IGNORED);
      });
    return { deliver, calls: recorded };
  }

  const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype);

  test('every Object.prototype name as a type gets the refusal an unknown type gets', async () => {
    const { deliver, calls } = wireRoot();
    expect(PROTOTYPE_NAMES).toEqual(expect.arrayContaining(['constructor', '__proto__', 'toString', 'hasOwnProperty']));
    const unknown = await deliver({ id: 1, type: 'importPack', data: {}, timestamp: 1 }, contentScript);
    expect(unknown).toEqual({
      err: { name: 'RequestError', message: 'Request refused: unknown request type', stack: '' },
    });
    for (const type of PROTOTYPE_NAMES) {
      const message = { id: 1, type, data: { secret: 'echo me' }, timestamp: 1 };
      expect(await deliver(message, contentScript), type).toEqual(unknown);
    }
    expect(calls).toEqual([]);
  });

  test('the messenger’s own sendMessage turns the refusal into an error it throws', async () => {
    const { deliver } = wireRoot();
    vi.stubGlobal('chrome', {
      runtime: {
        sendMessage: (message: unknown, callback: (response: unknown) => void) =>
          void deliver(message, contentScript).then(callback),
      },
    });
    try {
      const sender = defineExtensionMessaging<Record<string, (data: unknown) => unknown>>();
      await expect(sender.sendMessage('constructor', { a: 1 })).rejects.toThrow(
        'Request refused: unknown request type',
      );
      const senderOfOurs = defineExtensionMessaging<ProtocolMap>();
      await expect(senderOfOurs.sendMessage('getEntryDetail', { entryId: 'kfor' })).resolves.toBeUndefined();
      await expect(senderOfOurs.sendMessage('getEntryDetail', { entryId: '<b>' } as never)).rejects.toThrow(
        /Invalid getEntryDetail request at entryId/,
      );
    } finally {
      vi.unstubAllGlobals();
    }
  });

  test('unknown types, prototype names and envelopes without type or timestamp run no handler', async () => {
    const { deliver, calls } = wireRoot();
    const outcomes = { ignored: 0, refused: 0 };

    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          // Unknown types in a well-formed envelope.
          fc.record({
            id: fc.nat(),
            type: fc.oneof(
              fc.string().filter((type) => !(REQUEST_TYPES as string[]).includes(type)),
              fc.constantFrom(
                'importPack',
                'restoreBackup',
                'deletePack',
                'deleteAllNotes',
                'GETTERMINDEX',
                ...PROTOTYPE_NAMES,
              ),
            ),
            data: fc.anything(),
            timestamp: fc.nat(),
          }),
          // Envelopes that are no request at all.
          fc.anything(),
          fc.record({ type: fc.constantFrom(...REQUEST_TYPES), data: fc.anything() }),
          fc.record({ type: fc.anything(), timestamp: fc.nat() }),
          // Known types whose data is wrong, from a spoofed sender or with bad data.
          fc.record({
            id: fc.nat(),
            type: fc.constantFrom(...REQUEST_TYPES),
            data: fc.oneof(wrongType, fc.constant(null)),
            timestamp: fc.nat(),
          }),
        ),
        fc.oneof(
          fc.constant(contentScript),
          spoofedSender.map((from) => from.sender),
        ),
        async (message, sender) => {
          // No exception of any kind escapes the listener, whatever arrives (undefined included).
          const response = await deliver(message, sender);
          if (response === IGNORED) {
            const type = (message as { type?: unknown } | null | undefined)?.type;
            const timestamp = (message as { timestamp?: unknown } | null | undefined)?.timestamp;
            expect(typeof type === 'string' && typeof timestamp === 'number').toBe(false);
            outcomes.ignored++;
            return;
          }
          expect(response).toEqual({ err: expect.objectContaining({ name: 'RequestError' }) });
          outcomes.refused++;
        },
      ),
      { numRuns: 500 },
    );

    expect(calls).toEqual([]);
    expect(outcomes.refused).toBeGreaterThan(100);
    console.info('[fuzz] root listener', JSON.stringify(outcomes));
  }, 60_000);

  test('a genuine request through the same path reaches its handler (control)', async () => {
    const { deliver, calls } = wireRoot();
    const response = await deliver(
      { id: 1, type: 'getEntryDetail', data: { entryId: 'kfor' }, timestamp: 1 },
      contentScript,
    );
    expect(response).toEqual({ res: undefined });
    expect(calls).toEqual([{ type: 'getEntryDetail', data: { entryId: 'kfor' } }]);
  });
});
