/**
 * Base64 for the compiled tables and the prefilter, in a file of its own so
 * the content script's first stage can decode the prefilter without
 * bundling the matcher's decoder and scanner (compiled.ts, scan.ts).
 */
import { fail } from './table-checks';

interface Base64Codecs {
  fromBase64?: (text: string) => Uint8Array<ArrayBuffer>;
}

export function bytesFromBase64(text: string): Uint8Array<ArrayBuffer> {
  const native = (Uint8Array as Base64Codecs).fromBase64;
  try {
    if (native) return native(text);
    const binary = atob(text);
    const bytes = new Uint8Array(binary.length);
    for (let k = 0; k < binary.length; k++) bytes[k] = binary.charCodeAt(k);
    return bytes;
  } catch {
    fail('data is not base64');
  }
}

/** Characters per btoa call: String.fromCharCode takes its units as arguments, and arguments are limited. */
const BASE64_CHUNK = 3 * 8192;

export function base64FromBytes(bytes: Uint8Array): string {
  const native = (bytes as Uint8Array & { toBase64?: () => string }).toBase64;
  if (native) return native.call(bytes);
  const parts: string[] = [];
  for (let start = 0; start < bytes.length; start += BASE64_CHUNK) {
    parts.push(btoa(String.fromCharCode(...bytes.subarray(start, start + BASE64_CHUNK))));
  }
  return parts.join('');
}
