import { describe, expect, test, vi } from 'vitest';
import { LensDatabase } from '@/lib/db/database';
import { createAppContext } from '@/lib/app/app-context';
import { getEntryDetail } from '@/lib/db/entry-detail';
import { addNote } from '@/lib/db/notes';
import { getInstalledPack } from '@/lib/db/packs';
import { importPackText } from '@/lib/packs/import';
import { describePackFile, parseDescriptor, SubscriptionUrlError, checkSubscriptionUrl } from '@/lib/packs/descriptor';
import type { Pack } from '@/lib/model';
import { miniPack } from '@/tests/fixtures/mini-pack';
import { SUBSCRIPTION_REQUEST } from './check';
import { CHECK_PERIOD_MINUTES, SUBSCRIPTION_ALARM, syncCheckSchedule, type AlarmsApi } from './schedule';
import { createSubscriptionService } from './service';

const DESCRIPTOR_URL = 'https://packs.example.org/mini.descriptor.json';
const ORIGIN = 'https://packs.example.org/*';
const LAST_MODIFIED = 'Fri, 04 Dec 2026 10:00:00 GMT';

/** A tiny web server in a fetch function: one published pack, with switches for what can go wrong. */
class FakeServer {
  requests: Array<{ url: string; init: RequestInit }> = [];
  files = new Map<string, { body: Uint8Array<ArrayBuffer>; etag: string }>();
  failWith?: number;
  private revision = 0;

  async publish(pack: Pack, options: { tamper?: boolean; sizeOverride?: number } = {}) {
    const bytes = new TextEncoder().encode(JSON.stringify(pack));
    const name = `mini-${pack.version}.json`;
    const descriptor = await describePackFile(pack, bytes, name);
    if (options.sizeOverride) descriptor.size = options.sizeOverride;
    const served = options.tamper
      ? new TextEncoder().encode(JSON.stringify({ ...pack, name: pack.name.toUpperCase() }))
      : bytes;
    this.serve(`https://packs.example.org/${name}`, served);
    this.serve(DESCRIPTOR_URL, new TextEncoder().encode(JSON.stringify(descriptor)));
  }

  serve(url: string, body: Uint8Array<ArrayBuffer>) {
    this.files.set(url, { body, etag: `"r${++this.revision}"` });
  }

  fetch = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = String(input);
    this.requests.push({ url, init });
    if (this.failWith) return new Response('down', { status: this.failWith });
    const file = this.files.get(url);
    if (!file) return new Response('not found', { status: 404 });
    const headers = new Headers(init.headers);
    if (headers.get('If-None-Match') === file.etag) return new Response(null, { status: 304 });
    return new Response(file.body, { status: 200, headers: { etag: file.etag, 'last-modified': LAST_MODIFIED } });
  });
}

function fakeAlarms() {
  const alarms = new Map<string, { name: string; periodInMinutes?: number; delayInMinutes?: number }>();
  const api: AlarmsApi = {
    get: async (name) => alarms.get(name),
    create: (name, info) => void alarms.set(name, { name, ...info }),
    clear: async (name) => alarms.delete(name),
  };
  return { alarms, api };
}

function setUp(granted = true) {
  const db = new LensDatabase(`subscriptions-${crypto.randomUUID()}`);
  const server = new FakeServer();
  const permissions = { request: vi.fn(async () => granted), remove: vi.fn(async () => true) };
  const { alarms, api } = fakeAlarms();
  let clock = 1_000;
  const service = createSubscriptionService(createAppContext(db), {
    fetch: server.fetch,
    permissions,
    alarms: api,
    now: () => ++clock,
    importPackText: (text) => importPackText(db, text),
  });
  return { db, server, permissions, alarms, service };
}

describe('descriptors', () => {
  const base = new URL(DESCRIPTOR_URL);
  const valid = {
    descriptor: 1,
    id: 'mini',
    version: '1.0.0',
    url: 'mini-1.0.0.json',
    size: 10,
    sha256: 'a'.repeat(64),
  };

  test('a valid one resolves its pack address against its own', () => {
    const parsed = parseDescriptor(valid, base);
    expect(parsed.ok && parsed.packUrl.href).toBe('https://packs.example.org/mini-1.0.0.json');
  });

  test.each([
    ['an unknown field', { ...valid, extra: 1 }, 'extra'],
    ['a version that is not semantic', { ...valid, version: '2' }, 'version'],
    ['a hash in capitals', { ...valid, sha256: 'A'.repeat(64) }, 'sha256'],
    ['a size of zero', { ...valid, size: 0 }, 'size'],
    ['a size over the pack limit', { ...valid, size: 21 * 1024 * 1024 }, 'size'],
    ['a pack on another origin', { ...valid, url: 'https://elsewhere.example/mini.json' }, 'url'],
    ['a pack over plain http', { ...valid, url: 'http://packs.example.org/mini.json' }, 'url'],
  ])('%s is refused, naming the field', (_name, document, path) => {
    const parsed = parseDescriptor(document, base);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problems.map((problem) => problem.path)).toContain(path);
  });

  test('subscription addresses: https, or http on this machine only, never with credentials', () => {
    expect(checkSubscriptionUrl(' https://a.example/d.json#x ').href).toBe('https://a.example/d.json');
    expect(checkSubscriptionUrl('http://localhost:8080/d.json').host).toBe('localhost:8080');
    expect(checkSubscriptionUrl('http://127.0.0.1/d.json').hostname).toBe('127.0.0.1');
    for (const bad of ['http://a.example/d.json', 'ftp://a.example/d', 'https://me:pw@a.example/d', 'not a url']) {
      expect(() => checkSubscriptionUrl(bad), bad).toThrow(SubscriptionUrlError);
    }
  });
});

describe('the daily check', () => {
  test('an alarm exists only while there are subscriptions, and a restart does not postpone it', async () => {
    const { alarms, api } = fakeAlarms();
    await syncCheckSchedule(api, 0);
    expect(alarms.size).toBe(0);
    await syncCheckSchedule(api, 1);
    expect(alarms.get(SUBSCRIPTION_ALARM)).toMatchObject({ periodInMinutes: CHECK_PERIOD_MINUTES });
    const create = vi.spyOn(api, 'create');
    await syncCheckSchedule(api, 2);
    expect(create).not.toHaveBeenCalled();
    await syncCheckSchedule(api, 0);
    expect(alarms.size).toBe(0);
  });
});

describe('subscribing and checking', () => {
  test('subscribing asks for that one origin, installs the first version and schedules checks', async () => {
    const { db, server, permissions, alarms, service } = setUp();
    await server.publish(miniPack());
    expect(await service.subscribe(DESCRIPTOR_URL)).toEqual({ kind: 'updated', from: undefined, version: '1.0.0' });
    expect(permissions.request).toHaveBeenCalledWith({ origins: [ORIGIN] });
    expect((await getInstalledPack(db, 'mini'))?.version).toBe('1.0.0');
    expect(alarms.has(SUBSCRIPTION_ALARM)).toBe(true);
    const [record] = await service.list();
    expect(record).toMatchObject({ packId: 'mini', version: '1.0.0', etag: '"r2"', lastFailure: undefined });
  });

  test('a refused permission stores nothing and fetches nothing', async () => {
    const { server, service } = setUp(false);
    await expect(service.subscribe(DESCRIPTOR_URL)).rejects.toThrow(/not granted/);
    expect(server.requests).toEqual([]);
    expect(await service.list()).toEqual([]);
  });

  test('requests carry no credentials, no referrer and no query; only the conditional header is added', async () => {
    const { server, service } = setUp();
    await server.publish(miniPack());
    await service.subscribe(DESCRIPTOR_URL);
    expect(await service.check(DESCRIPTOR_URL)).toEqual({ kind: 'unchanged' });
    expect(server.requests.map((request) => request.url)).toEqual([
      DESCRIPTOR_URL,
      'https://packs.example.org/mini-1.0.0.json',
      DESCRIPTOR_URL,
    ]);
    for (const { init } of server.requests) {
      expect(init).toMatchObject(SUBSCRIPTION_REQUEST);
      expect(SUBSCRIPTION_REQUEST).toMatchObject({
        credentials: 'omit',
        referrerPolicy: 'no-referrer',
        cache: 'no-store',
      });
    }
    const sentHeaders = (init: RequestInit) =>
      [...new Headers(init.headers)].map(([name, value]) => `${name.toLowerCase()}: ${value}`);
    expect(server.requests.map(({ init }) => sentHeaders(init).sort())).toEqual([
      [],
      [],
      [`if-modified-since: ${LAST_MODIFIED}`, 'if-none-match: "r2"'],
    ]);
  });

  test('a newer version is applied with notes kept; an equal one is not fetched', async () => {
    const { db, server, service } = setUp();
    await server.publish(miniPack());
    await service.subscribe(DESCRIPTOR_URL);
    await addNote(db, 'kfor', 'my note');
    await server.publish(miniPack({ version: '1.1.0', name: 'Mini pack, revised' }));
    expect(await service.check(DESCRIPTOR_URL)).toEqual({ kind: 'updated', from: '1.0.0', version: '1.1.0' });
    expect((await getInstalledPack(db, 'mini'))?.name).toBe('Mini pack, revised');
    expect((await getEntryDetail(db, 'kfor'))?.notes.map((note) => note.text)).toEqual(['my note']);
    // A new descriptor naming the installed version: the pack file is not fetched again.
    server.serve(DESCRIPTOR_URL, server.files.get(DESCRIPTOR_URL)!.body);
    const before = server.requests.length;
    expect(await service.check(DESCRIPTOR_URL)).toEqual({ kind: 'current', version: '1.1.0' });
    expect(server.requests.length - before).toBe(1);
  });

  describe('each failure keeps the installed version and records the reason and time', () => {
    async function failedCheck(breakIt: (server: FakeServer) => Promise<void> | void) {
      const { db, server, service } = setUp();
      await server.publish(miniPack());
      await service.subscribe(DESCRIPTOR_URL);
      await breakIt(server);
      const outcome = await service.check(DESCRIPTOR_URL);
      expect((await getInstalledPack(db, 'mini'))?.version).toBe('1.0.0');
      const [record] = await service.list();
      expect(record?.lastFailure?.at).toBe(record?.lastCheckedAt);
      expect(record?.version).toBe('1.0.0');
      expect(outcome.kind).toBe('failed');
      return record!.lastFailure!.reason;
    }

    test('a tampered file (hash mismatch)', async () => {
      expect(await failedCheck((server) => server.publish(miniPack({ version: '1.1.0' }), { tamper: true }))).toMatch(
        /SHA-256 does not match/,
      );
    });

    test('a size that differs from the descriptor', async () => {
      expect(
        await failedCheck((server) => server.publish(miniPack({ version: '1.1.0' }), { sizeOverride: 100 })),
      ).toMatch(/bytes; the descriptor says 100/);
    });

    test('an invalid pack', async () => {
      const invalid = miniPack({ version: '1.1.0' });
      invalid.entries[0]!.title = '   ';
      expect(await failedCheck((server) => server.publish(invalid))).toMatch(/pack is invalid: entries\[0\]\.title/);
    });

    test('a pack file that is not the version the descriptor names', async () => {
      expect(
        await failedCheck(async (server) => {
          await server.publish(miniPack({ version: '1.1.0' }));
          const descriptor = JSON.parse(new TextDecoder().decode(server.files.get(DESCRIPTOR_URL)!.body)) as object;
          server.serve(DESCRIPTOR_URL, new TextEncoder().encode(JSON.stringify({ ...descriptor, version: '1.2.0' })));
        }),
      ).toMatch(/the pack file is mini 1.1.0; the descriptor names mini 1.2.0/);
    });

    test('a server error', async () => {
      expect(await failedCheck((server) => void (server.failWith = 500))).toBe("the descriptor's server answered 500");
    });

    test('a network failure', async () => {
      expect(
        await failedCheck((server) => void server.fetch.mockRejectedValueOnce(new TypeError('Failed to fetch'))),
      ).toBe('could not reach packs.example.org (Failed to fetch)');
    });

    test('a failed update is retried at the next check, and success clears the reason', async () => {
      const { db, server, service } = setUp();
      await server.publish(miniPack());
      await service.subscribe(DESCRIPTOR_URL);
      await server.publish(miniPack({ version: '1.1.0' }), { tamper: true });
      expect((await service.check(DESCRIPTOR_URL)).kind).toBe('failed');
      // The descriptor did not change, but its validators were not kept: it is fetched whole again.
      await server.publish(miniPack({ version: '1.1.0' }));
      expect((await service.check(DESCRIPTOR_URL)).kind).toBe('updated');
      expect((await getInstalledPack(db, 'mini'))?.version).toBe('1.1.0');
      expect((await service.list())[0]?.lastFailure).toBeUndefined();
    });
  });

  test('unsubscribing gives back the origin, keeps the pack and stops the daily check', async () => {
    const { db, server, permissions, alarms, service } = setUp();
    await server.publish(miniPack());
    await service.subscribe(DESCRIPTOR_URL);
    expect(await service.unsubscribe(DESCRIPTOR_URL)).toEqual({ accessReturned: true });
    expect(permissions.remove).toHaveBeenCalledWith({ origins: [ORIGIN] });
    expect(await service.list()).toEqual([]);
    expect(alarms.size).toBe(0);
    expect((await getInstalledPack(db, 'mini'))?.version).toBe('1.0.0');
  });

  test('a browser that refuses to give the origin back (Chrome, content script on <all_urls>) still unsubscribes', async () => {
    const { server, permissions, service } = setUp();
    await server.publish(miniPack());
    await service.subscribe(DESCRIPTOR_URL);
    permissions.remove.mockRejectedValueOnce(new Error('You cannot remove required permissions.'));
    expect(await service.unsubscribe(DESCRIPTOR_URL)).toEqual({ accessReturned: false });
    expect(await service.list()).toEqual([]);
  });

  test('an origin another subscription still uses is kept', async () => {
    const { server, permissions, service } = setUp();
    await server.publish(miniPack());
    await service.subscribe(DESCRIPTOR_URL);
    await service.subscribe('https://packs.example.org/other.descriptor.json');
    expect(await service.unsubscribe(DESCRIPTOR_URL)).toEqual({ accessReturned: false });
    expect(permissions.remove).not.toHaveBeenCalled();
  });
});
