/**
 * The generated JSON Schema (docs/pack.schema.json) and the extension's valibot
 * schema must accept and refuse the same documents, or an editor would flag
 * good packs or pass bad ones. Reference checks (duplicate ids, unknown
 * entries) are beyond any JSON Schema and live only in lib/packs/validate.ts,
 * so the comparison is with PackSchema itself.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, test } from 'vitest';
import { PackSchema } from '@/lib/model';
import { MALFORMED_PACKS } from '@/tests/fixtures/malformed-packs';
import { miniPack } from '@/tests/fixtures/mini-pack';
import { pathsOf, replaceAt } from '@/tests/fixtures/json-paths';
import { PACK_JSON_SCHEMA_PATH, packJsonSchema, serialiseJsonSchema } from '@/scripts/pack-tools/json-schema';

const root = join(import.meta.dirname, '..');
const committed = readFileSync(join(root, PACK_JSON_SCHEMA_PATH), 'utf8');
const ajv = new Ajv({ allErrors: true, strict: true });
addFormats(ajv);
const jsonSchemaAccepts = ajv.compile(JSON.parse(committed) as object);
const valibotAccepts = (document: unknown) => v.is(PackSchema, document);

function parsedOrUndefined(text: string): { document: unknown } | undefined {
  try {
    return { document: JSON.parse(text.replace(/^\uFEFF/, '')) };
  } catch {
    return undefined;
  }
}

describe('the pack JSON Schema', () => {
  test('is the one generated from lib/model.ts (run npm run pack:schema after changing the model)', () => {
    expect(committed).toBe(serialiseJsonSchema(packJsonSchema()));
  });

  test('the mini pack and the bundled pack pass both validators', () => {
    const bundled: unknown = JSON.parse(readFileSync(join(root, 'public/packs/western-balkans.json'), 'utf8'));
    for (const document of [miniPack(), { $schema: './pack.schema.json', ...miniPack() }, bundled]) {
      expect(valibotAccepts(document)).toBe(true);
      expect(jsonSchemaAccepts(document), ajv.errorsText(jsonSchemaAccepts.errors)).toBe(true);
    }
  });

  const parsedFixtures = MALFORMED_PACKS.flatMap((fixture) => {
    const parsed = parsedOrUndefined(fixture.text);
    return parsed ? [[fixture.name, parsed.document] as const] : [];
  });

  test('most malformed fixtures are JSON, so the comparison below means something', () => {
    expect(parsedFixtures.length).toBeGreaterThanOrEqual(30);
  });

  test.each(parsedFixtures)('%s: both validators give the same verdict', (_name, document) => {
    expect(jsonSchemaAccepts(document)).toBe(valibotAccepts(document));
  });

  test('randomly damaged packs get the same verdict from both', () => {
    const paths = pathsOf(miniPack());
    let refused = 0;
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.jsonValue({ maxDepth: 2 }), (path, replacement) => {
        const document = replaceAt(miniPack(), path, replacement);
        const verdict = valibotAccepts(document);
        if (!verdict) refused++;
        expect(jsonSchemaAccepts(document)).toBe(verdict);
      }),
      { numRuns: 500 },
    );
    expect(refused).toBeGreaterThan(200);
  });
});
