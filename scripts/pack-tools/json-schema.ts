/**
 * The pack format as a JSON Schema, generated from the valibot schemas of
 * lib/model.ts (never written by hand), for editors: a pack whose `$schema`
 * points at docs/pack.schema.json is validated and completed while its author
 * types. tests/pack-json-schema.test.ts checks that this schema and the
 * extension's validator accept and refuse the same documents.
 */
import { toJsonSchema } from '@valibot/to-json-schema';
import type * as v from 'valibot';
import { PackSchema } from '../../lib/model';

export const PACK_JSON_SCHEMA_PATH = 'docs/pack.schema.json';

export function packJsonSchema(): Record<string, unknown> {
  const schema = toJsonSchema(PackSchema, {
    // Anything the converter cannot express must fail the build, not vanish from the schema.
    errorMode: 'throw',
    overrideAction({ valibotAction, jsonSchema }) {
      switch (valibotAction.type) {
        // Text is trimmed before its length is checked, so "   " is empty. JSON Schema cannot trim;
        // "holds a character that is not white space" is the same rule for the minimum of 1.
        case 'trim':
          return { ...jsonSchema, pattern: '\\S' };
        // valibot's isoDate checks the shape (day 01-31), not the calendar; JSON Schema's "date" format
        // checks the calendar (no 30 February). The pattern keeps both sides in agreement.
        case 'iso_date': {
          const { format: _format, ...rest } = jsonSchema;
          const { requirement } = valibotAction as v.IsoDateAction<string, string | undefined>;
          return { ...rest, pattern: requirement.source };
        }
        default:
          return undefined;
      }
    },
  });
  return {
    $schema: schema.$schema,
    $comment: 'Generated from lib/model.ts by `npm run pack:schema`; do not edit by hand.',
    title: 'Context Lens pack',
    ...schema,
  };
}

export function serialiseJsonSchema(schema: Record<string, unknown>): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}
