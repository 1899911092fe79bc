/**
 * Writes docs/pack.schema.json from the valibot schemas.
 * Usage: npm run pack:schema [-- --check]   (--check fails if the file is stale)
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACK_JSON_SCHEMA_PATH, packJsonSchema, serialiseJsonSchema } from './pack-tools/json-schema';

const file = join(import.meta.dirname, '..', PACK_JSON_SCHEMA_PATH);
const text = serialiseJsonSchema(packJsonSchema());
if (process.argv.includes('--check')) {
  if (!existsSync(file) || readFileSync(file, 'utf8') !== text) {
    console.error(`${PACK_JSON_SCHEMA_PATH} is out of date: run npm run pack:schema`);
    process.exit(1);
  }
} else {
  writeFileSync(file, text);
}
console.log(PACK_JSON_SCHEMA_PATH);
