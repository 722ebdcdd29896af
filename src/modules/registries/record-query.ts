import { AppError } from '../../platform/http/errors.ts';
import type { Opened } from './registry-access.ts';
import { recordKeyOf } from './records.ts';
import type { RecordContent, RecordQuery } from './store.ts';

/**
 * A query's `content` (field → value, all must match) as a store query: the record key when every key
 * field is given, a subject when a subject field is, and JSONB containment for the rest.
 * A field the version's schema does not have is refused, naming it.
 */
export function recordQueryOf(opened: Opened, content: RecordContent, field: string): RecordQuery {
  const known = opened.version.schema.properties;
  for (const name of Object.keys(content)) {
    if (!(name in known)) throw new AppError(400, 'unknown_field', 'registries.error.unknownField', { field: `${field}.${name}`, vars: { name } });
  }
  const key = recordKeyOf(opened.registry.key_fields, content);
  const subject = opened.registry.subject_fields.map((f) => content[f]).find((v): v is string => typeof v === 'string');
  return { contains: content, ...(key !== null ? { key } : {}), ...(subject ? { subject } : {}) };
}
