/** Reads a pack for the authoring commands: a pack file, or a folder of fragments as in packs-src/. */
import { readFileSync, statSync } from 'node:fs';
import { assemblePack } from '../assemble-pack';

export interface PackSource {
  /** The bytes a reader would download: the file as it is, or the assembled fragments. */
  bytes: Uint8Array<ArrayBuffer>;
  text: string;
}

export function readPackSource(path: string): PackSource {
  if (statSync(path).isDirectory()) {
    const text = `${JSON.stringify(assemblePack(path), null, 1)}\n`;
    return { text, bytes: new TextEncoder().encode(text) };
  }
  const buffer = readFileSync(path);
  const bytes = new Uint8Array(buffer.byteLength);
  bytes.set(buffer);
  return { bytes, text: new TextDecoder().decode(bytes) };
}
