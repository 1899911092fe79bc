/**
 * A pack descriptor: the small file published beside a pack that says which
 * version is current and how to recognise its file (size and SHA-256).
 * Subscriptions read the descriptor first and fetch the pack only when it
 * names a newer version (docs/pack-format.md, "Descriptors").
 */
import * as v from 'valibot';
import { EntryIdSchema, PackVersionSchema } from '../model';
import { PACK_IMPORT_MAX_BYTES } from './import';
import type { PackProblem } from './validate';

export const DESCRIPTOR_FORMAT = 1;
/** A descriptor is a few hundred bytes; anything much larger is not one. */
export const DESCRIPTOR_MAX_BYTES = 16 * 1024;

export const PackDescriptorSchema = v.strictObject({
  descriptor: v.literal(DESCRIPTOR_FORMAT),
  id: EntryIdSchema,
  version: PackVersionSchema,
  /** The pack file, absolute or relative to the descriptor's own address; on the descriptor's origin. */
  url: v.pipe(v.string(), v.minLength(1, 'must not be empty'), v.maxLength(2000)),
  size: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(PACK_IMPORT_MAX_BYTES)),
  sha256: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hexadecimal digits')),
});
export type PackDescriptor = v.InferOutput<typeof PackDescriptorSchema>;

/** A descriptor or subscription address that cannot be used, with the reason for the reader. */
export class SubscriptionUrlError extends Error {
  override name = 'SubscriptionUrlError';
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1']);

/**
 * Checks an address a subscription may fetch: https, or plain http on this
 * machine only (authors testing a pack locally). Addresses with a user name or
 * password are refused, as they would send credentials; a fragment is dropped,
 * as it is never sent anyway.
 */
export function checkSubscriptionUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new SubscriptionUrlError('not a web address');
  }
  const local = url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !local) {
    throw new SubscriptionUrlError('only https addresses (or http://localhost and 127.0.0.1) can be followed');
  }
  if (url.username || url.password)
    throw new SubscriptionUrlError('the address must not contain a user name or password');
  url.hash = '';
  return url;
}

/** The host-permission pattern that covers one origin and nothing else, e.g. `https://packs.example.org/*`. */
export function originPattern(url: URL): string {
  // Match patterns carry no port: Chrome and Firefox match every port of the host.
  return `${url.protocol}//${url.hostname}/*`;
}

export type DescriptorParse =
  { ok: true; descriptor: PackDescriptor; packUrl: URL } | { ok: false; problems: PackProblem[] };

/**
 * Validates a parsed descriptor and resolves its pack address against the
 * descriptor's own. The pack must live on the descriptor's origin: host access
 * was granted for that origin only, and a descriptor must not send the reader
 * anywhere else.
 */
export function parseDescriptor(document: unknown, descriptorUrl: URL): DescriptorParse {
  const parsed = v.safeParse(PackDescriptorSchema, document);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.issues.map((issue) => ({
        path: v.getDotPath(issue) ?? '(descriptor)',
        message: issue.message,
      })),
    };
  }
  let packUrl: URL;
  try {
    packUrl = checkSubscriptionUrl(new URL(parsed.output.url, descriptorUrl).href);
  } catch (error) {
    return { ok: false, problems: [{ path: 'url', message: (error as Error).message }] };
  }
  if (packUrl.origin !== descriptorUrl.origin) {
    return { ok: false, problems: [{ path: 'url', message: `the pack must be on ${descriptorUrl.origin}` }] };
  }
  return { ok: true, descriptor: parsed.output, packUrl };
}

/** SHA-256 of some bytes as lower-case hex, with the platform's WebCrypto (browsers and Node alike). */
export async function sha256Hex(bytes: BufferSource): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The descriptor of a pack file, as `npm run pack:publish` writes it. */
export async function describePackFile(
  pack: { id: string; version: string },
  bytes: Uint8Array<ArrayBuffer>,
  fileUrl: string,
): Promise<PackDescriptor> {
  return {
    descriptor: DESCRIPTOR_FORMAT,
    id: pack.id,
    version: pack.version,
    url: fileUrl,
    size: bytes.byteLength,
    sha256: await sha256Hex(bytes),
  };
}
