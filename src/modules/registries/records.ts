import { createHash } from 'node:crypto';
import type { ValidateFunction } from 'ajv';
import { compileDataSchema } from '../packs/index.ts';
import type { RecordContent, RecordSchema, RegistryRow } from './store.ts';

/** The record's key: its key fields' values joined by "|", or null when one is missing or not a scalar. */
export function recordKeyOf(keyFields: readonly string[], content: RecordContent): string | null {
  const values = keyFields.map((f) => content[f]);
  if (values.some((v) => v === undefined || v === null || typeof v === 'object')) return null;
  return values.map(String).join('|');
}

/** The ID numbers of the residents a record is about. */
export function subjectsOf(subjectFields: readonly string[], content: RecordContent): string[] {
  return [...new Set(subjectFields.map((f) => content[f]).filter((v): v is string => typeof v === 'string' && v.length > 0))];
}

const validators = new Map<string, ValidateFunction>();

/** A compiled validator for a version's schema, kept while the schema stays the same. */
export function validatorOf(schema: RecordSchema): ValidateFunction {
  const hash = createHash('sha256').update(JSON.stringify(schema)).digest('base64url');
  let v = validators.get(hash);
  if (!v) {
    v = compileDataSchema(schema);
    validators.set(hash, v);
  }
  return v;
}

/** The fields of a record whose reading the resident is told about: personal and secret ones. */
export function personalFieldsIn(registry: Pick<RegistryRow, 'personal_fields' | 'secret_fields'>, fields: Iterable<string>): string[] {
  const watched = new Set([...registry.personal_fields, ...registry.secret_fields]);
  return [...new Set(fields)].filter((f) => watched.has(f)).sort();
}
