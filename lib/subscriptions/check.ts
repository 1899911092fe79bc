/**
 * Checking one subscription: fetch its descriptor (conditionally), and when it
 * names a newer version, fetch the pack file, check its size, SHA-256 and
 * whole-pack validity, and only then hand it to the atomic import. Any failure
 * keeps the installed version and is recorded with its reason and time.
 *
 * What is sent: the subscribed address only, with no cookies or credentials,
 * no referrer and no query of ours; the conditional headers are the only ones
 * added (docs/pack-format.md, "Subscriptions").
 */
import type { PackSubscription } from '../db/database';
import type { PackImportResult } from '../packs/import';
import { checkPackDocument, parseUntrustedJson, PackImportError, PACK_IMPORT_MAX_BYTES } from '../packs/import';
import { compareVersions } from '../packs/bundled';
import { DESCRIPTOR_MAX_BYTES, parseDescriptor, sha256Hex, type PackDescriptor } from '../packs/descriptor';
import { formatProblems } from '../packs/validate';

export interface SubscriptionCheckDeps {
  fetch: typeof fetch;
  /** The version of a pack installed now, if any. */
  installedVersion(packId: string): Promise<string | undefined>;
  /** The one place a subscription writes packs: the same atomic import as a file the reader picks. */
  importPackText(text: string): Promise<PackImportResult>;
  now(): number;
}

export type SubscriptionCheckOutcome =
  | { kind: 'unchanged' }
  | { kind: 'current'; version: string }
  | { kind: 'updated'; from?: string; version: string }
  | { kind: 'failed'; reason: string };

/** A check that could not finish; `reason` is shown to the reader. */
class CheckFailure extends Error {}

/** The options every subscription request uses: nothing about the reader goes with it. */
export const SUBSCRIPTION_REQUEST: RequestInit = {
  credentials: 'omit',
  referrerPolicy: 'no-referrer',
  // The browser's cache is bypassed: freshness is decided by our own conditional headers below.
  cache: 'no-store',
  // A redirect could lead to an origin the reader never granted; authors publish at the final address.
  redirect: 'error',
};

async function request(deps: SubscriptionCheckDeps, url: string, headers: Record<string, string>): Promise<Response> {
  try {
    return await deps.fetch(url, { ...SUBSCRIPTION_REQUEST, headers });
  } catch (error) {
    // Fetch reports refused connections, DNS failures, redirects and missing host access alike.
    throw new CheckFailure(`could not reach ${new URL(url).host} (${(error as Error).message})`);
  }
}

/** Reads a body up to a limit, so a wrong address serving a huge file costs little. */
async function readBytes(
  response: Response,
  maxBytes: number,
  tooLarge: (bytes: number) => string,
): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(response.headers.get('content-length'));
  if (declared > maxBytes) throw new CheckFailure(tooLarge(declared));
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.byteLength > maxBytes) throw new CheckFailure(tooLarge(bytes.byteLength));
  return bytes;
}

function decodeUtf8(bytes: Uint8Array<ArrayBuffer>, what: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CheckFailure(`the ${what} is not UTF-8 text`);
  }
}

/** Turns a refused pack or descriptor into a failure that names its first problems; anything else is rethrown. */
function rethrowProblemsAsFailure(error: unknown, what: string): never {
  if (error instanceof PackImportError)
    throw new CheckFailure(`the ${what} is invalid: ${formatProblems(error.problems, 3)}`);
  throw error;
}

async function fetchDescriptor(
  deps: SubscriptionCheckDeps,
  subscription: PackSubscription,
): Promise<{ response: Response; descriptor: PackDescriptor; packUrl: URL } | { notModified: true }> {
  const headers: Record<string, string> = {};
  if (subscription.etag) headers['If-None-Match'] = subscription.etag;
  if (subscription.lastModified) headers['If-Modified-Since'] = subscription.lastModified;
  const response = await request(deps, subscription.url, headers);
  if (response.status === 304) return { notModified: true };
  if (!response.ok) throw new CheckFailure(`the descriptor's server answered ${response.status}`);
  const bytes = await readBytes(
    response,
    DESCRIPTOR_MAX_BYTES,
    (size) => `the descriptor is ${size} bytes; at most ${DESCRIPTOR_MAX_BYTES} are accepted`,
  );
  const text = decodeUtf8(bytes, 'descriptor');
  let document: unknown;
  try {
    document = parseUntrustedJson(text, DESCRIPTOR_MAX_BYTES);
  } catch (error) {
    rethrowProblemsAsFailure(error, 'descriptor');
  }
  const parsed = parseDescriptor(document, new URL(subscription.url));
  if (!parsed.ok) throw new CheckFailure(`the descriptor is invalid: ${formatProblems(parsed.problems, 3)}`);
  return { response, ...parsed };
}

/** Fetches and verifies the pack file a descriptor names; returns its text once it may be imported. */
async function fetchVerifiedPack(
  deps: SubscriptionCheckDeps,
  descriptor: PackDescriptor,
  packUrl: URL,
): Promise<string> {
  const response = await request(deps, packUrl.href, {});
  if (!response.ok) throw new CheckFailure(`the pack's server answered ${response.status}`);
  const sizeMismatch = (size: number) => `the pack file is ${size} bytes; the descriptor says ${descriptor.size}`;
  // The descriptor's size is at most the import limit (its schema), so this also bounds what is read.
  const bytes = await readBytes(response, descriptor.size, sizeMismatch);
  if (bytes.byteLength !== descriptor.size) throw new CheckFailure(sizeMismatch(bytes.byteLength));
  if ((await sha256Hex(bytes)) !== descriptor.sha256) {
    throw new CheckFailure("the pack file's SHA-256 does not match the descriptor (changed or damaged on the way)");
  }
  const text = decodeUtf8(bytes, 'pack file');
  let pack;
  try {
    pack = checkPackDocument(parseUntrustedJson(text, PACK_IMPORT_MAX_BYTES));
  } catch (error) {
    rethrowProblemsAsFailure(error, 'pack');
  }
  if (pack.id !== descriptor.id || pack.version !== descriptor.version) {
    throw new CheckFailure(
      `the pack file is ${pack.id} ${pack.version}; the descriptor names ${descriptor.id} ${descriptor.version}`,
    );
  }
  return text;
}

/**
 * Checks one subscription and returns the record to store and what happened.
 * Never throws for anything the server or the file did: that becomes `failed`.
 */
export async function checkSubscription(
  deps: SubscriptionCheckDeps,
  subscription: PackSubscription,
): Promise<{ record: PackSubscription; outcome: SubscriptionCheckOutcome }> {
  const at = deps.now();
  const checked = { ...subscription, lastCheckedAt: at };
  try {
    const fetched = await fetchDescriptor(deps, subscription);
    if ('notModified' in fetched) {
      return { record: { ...checked, lastSuccessAt: at, lastFailure: undefined }, outcome: { kind: 'unchanged' } };
    }
    const { response, descriptor, packUrl } = fetched;
    if (subscription.packId && descriptor.id !== subscription.packId) {
      throw new CheckFailure(`the descriptor now names pack ${descriptor.id}, not ${subscription.packId}`);
    }
    const installed = await deps.installedVersion(descriptor.id);
    let outcome: SubscriptionCheckOutcome;
    if (installed && compareVersions(installed, descriptor.version) >= 0) {
      outcome = { kind: 'current', version: installed };
    } else {
      const text = await fetchVerifiedPack(deps, descriptor, packUrl);
      try {
        await deps.importPackText(text);
      } catch (error) {
        rethrowProblemsAsFailure(error, 'pack');
      }
      outcome = { kind: 'updated', from: installed, version: descriptor.version };
    }
    // The validators are kept only now that everything succeeded, so a failed update is retried next time.
    return {
      record: {
        ...checked,
        packId: descriptor.id,
        version: outcome.version,
        etag: response.headers.get('etag') ?? undefined,
        lastModified: response.headers.get('last-modified') ?? undefined,
        lastSuccessAt: at,
        lastFailure: undefined,
      },
      outcome,
    };
  } catch (error) {
    const reason = error instanceof CheckFailure ? error.message : `unexpected error: ${(error as Error).message}`;
    return { record: { ...checked, lastFailure: { at, reason } }, outcome: { kind: 'failed', reason } };
  }
}
