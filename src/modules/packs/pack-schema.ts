import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import schema from './schema/pack.schema.json' with { type: 'json' };

export type SchemaPart = 'country' | 'agencies' | 'staff' | 'service' | 'registry' | 'credentialType' | 'residents' | 'bundle' | 'dataService' | 'operations' | 'fragment';

// Set up when a pack is first checked: a start that skips the seed never needs it.
let packAjv: Ajv2020 | undefined;
function ajv(): Ajv2020 {
  if (!packAjv) {
    packAjv = new Ajv2020({ allErrors: true, strict: false });
    addFormats.default(packAjv);
    packAjv.addSchema(schema);
  }
  return packAjv;
}

const validators = new Map<SchemaPart, ValidateFunction>();

export function validatorFor(part: SchemaPart): ValidateFunction {
  let v = validators.get(part);
  if (!v) {
    v = ajv().getSchema(`${schema.$id}#/$defs/${part}`)!;
    validators.set(part, v);
  }
  return v;
}

/** A fresh validator for data a pack describes (an eForm's JSON Schema). */
export function compileDataSchema(dataSchema: object): ValidateFunction {
  const formAjv = new Ajv2020({ allErrors: true, strict: true, coerceTypes: false });
  addFormats.default(formAjv);
  // OpenAPI's `example` annotation, which the GovStack specs' record schemas carry: taken, not checked.
  formAjv.addKeyword('example');
  return formAjv.compile(dataSchema);
}
