import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseDescriptor } from '@/lib/packs/descriptor';
import { PackImportError } from '@/lib/packs/import';
import { miniPack } from '@/tests/fixtures/mini-pack';
import { publishPack, PublishError } from '@/scripts/pack-tools/publish';

function packFile(document: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'pack-src-')), 'pack.json');
  writeFileSync(path, `${JSON.stringify(document, null, 2)}\n`);
  return path;
}

describe('npm run pack:publish', () => {
  test('writes the file unchanged and a descriptor the extension accepts, with its size and SHA-256', async () => {
    const source = packFile(miniPack());
    const dir = mkdtempSync(join(tmpdir(), 'pack-out-'));
    const { packPath, descriptorPath } = await publishPack(source, dir);
    const bytes = readFileSync(packPath);
    expect(bytes.equals(readFileSync(source))).toBe(true);
    const descriptor: unknown = JSON.parse(readFileSync(descriptorPath, 'utf8'));
    expect(descriptor).toEqual({
      descriptor: 1,
      id: 'mini',
      version: '1.0.0',
      url: 'mini-1.0.0.json',
      size: bytes.byteLength,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
    expect(parseDescriptor(descriptor, new URL('https://packs.example.org/mini.descriptor.json')).ok).toBe(true);
  });

  test('refuses a pack the extension would refuse, and a published version with other content', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pack-out-'));
    await expect(publishPack(packFile({ ...miniPack(), version: 'v2' }), dir)).rejects.toThrow(PackImportError);
    await publishPack(packFile(miniPack()), dir);
    await expect(publishPack(packFile(miniPack({ name: 'Changed' })), dir)).rejects.toThrow(PublishError);
    // The same content again is fine (a re-run), and a raised version is published beside it.
    await publishPack(packFile(miniPack()), dir);
    expect((await publishPack(packFile(miniPack({ version: '1.0.1' })), dir)).descriptor.url).toBe('mini-1.0.1.json');
  });
});
