import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { isValidIdNumber } from '../../packs/index.ts';
import type { Translator } from '../../../platform/i18n/i18n.ts';
import { fieldWords } from './field-words.ts';
import {
  dropHiddenAnswers, fieldsOf, isMultiChoice, isRequired, pageById, propertyOf, visibleFields, visiblePages,
  type Answers, type EForm, type FormField, type FormPage, type IdNumberRule, type RawValues,
} from './form-model.ts';

export interface FieldError { field: string; message: string }
export interface FormError extends FieldError { pageId: string }

export interface ValidationContext {
  /** The person's language: messages are written in it. */
  tr: Translator;
  /** The country's ID number rule, from the pack, for id-number fields. */
  idNumber: IdNumberRule;
  /** What was typed but could not be read (from readPage), so "12a" is explained rather than called missing. */
  raw?: RawValues;
}

const ajv = new Ajv2020({ allErrors: true, strict: false, coerceTypes: false });
addFormats.default(ajv);
const compiled = new Map<string, ValidateFunction>();

/**
 * Checks one page: only the fields a person is asked to answer (showIf-aware, using this page's
 * answers over the saved ones). One message per field, in layout order.
 */
export function validatePage(form: EForm, pageId: string, answers: Answers, allAnswers: Answers, context: ValidationContext): FieldError[] {
  const page = pageById(form, pageId);
  if (!page) return [];
  const merged = withPage(page, allAnswers, answers);
  const fields = visibleFields(form, page, merged);
  const kept = dropHiddenAnswers(form, merged);
  const data = Object.fromEntries(fields.filter((f) => kept[f.name] !== undefined).map((f) => [f.name, kept[f.name]]));
  const validate = validatorFor(form, fields);
  const schemaErrors = validate(data) ? [] : (validate.errors ?? []);
  const errors: FieldError[] = [];
  for (const field of fields) {
    const message = fieldMessage(form, field, data[field.name], schemaErrors, context);
    if (message) errors.push({ field: field.name, message });
  }
  return errors;
}

/** Checks every page a person will see, for the last step before submitting. */
export function validateForm(form: EForm, allAnswers: Answers, context: Omit<ValidationContext, 'raw'>): FormError[] {
  return visiblePages(form, allAnswers).flatMap((page) =>
    validatePage(form, page.id, allAnswers, allAnswers, context).map((e) => ({ ...e, pageId: page.id })));
}

function withPage(page: FormPage, saved: Answers, answers: Answers): Answers {
  const merged: Answers = { ...saved };
  for (const f of fieldsOf(page)) {
    delete merged[f.name];
    if (answers[f.name] !== undefined) merged[f.name] = answers[f.name]!;
  }
  return merged;
}

function validatorFor(form: EForm, fields: FormField[]): ValidateFunction {
  const names = fields.map((f) => f.name);
  const schema = {
    type: 'object',
    properties: Object.fromEntries(names.map((n) => [n, propertyOf(form, n)])),
    required: names.filter((n) => isRequired(form, n)),
    ...(form.schema as { $defs?: unknown }).$defs ? { $defs: (form.schema as { $defs?: unknown }).$defs } : {},
  };
  const key = JSON.stringify(schema);
  let validate = compiled.get(key);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(key, validate);
  }
  return validate;
}

function fieldMessage(form: EForm, field: FormField, value: unknown, schemaErrors: ErrorObject[], context: ValidationContext): string | undefined {
  const { tr } = context;
  const words = fieldWords(tr, field);
  const say = (key: string, vars: Record<string, string | number> = {}) => tr.t(`eform.error.${key}`, { ...words, ...vars });
  if (context.raw?.[field.name] !== undefined) return say(propertyOf(form, field.name).type === 'boolean' ? 'invalid' : 'number');
  const error = schemaErrors.find((e) => errorField(e) === field.name);
  if (error) return describe(form, field, error, say, context);
  if (field.widget === 'id-number' && typeof value === 'string' && !isValidIdNumber(value, context.idNumber)) {
    return new RegExp(context.idNumber.pattern, 'u').test(value) ? say('idNumber') : say('idNumberFormat', { example: context.idNumber.example });
  }
  return undefined;
}

function errorField(error: ErrorObject): string | undefined {
  if (error.keyword === 'required') return (error.params as { missingProperty: string }).missingProperty;
  return error.instancePath.split('/')[1];
}

type Say = (key: string, vars?: Record<string, string | number>) => string;

function describe(form: EForm, field: FormField, error: ErrorObject, say: Say, context: ValidationContext): string {
  const limit = (error.params as { limit?: number }).limit ?? 0;
  const amount = limit.toLocaleString(context.tr.locale, { useGrouping: limit >= 10000 });
  const multi = isMultiChoice(form, field);
  switch (error.keyword) {
    case 'required': return say(missingKey(form, field));
    case 'const': return field.widget === 'checkbox' ? say('tick') : say('invalid');
    case 'enum': return say('choose');
    case 'type': return say(error.params.type === 'integer' ? 'wholeNumber' : error.params.type === 'number' ? 'number' : 'invalid');
    case 'minimum': return say('min', { limit: amount });
    case 'maximum': return say('max', { limit: amount });
    case 'exclusiveMinimum': return say('above', { limit: amount });
    case 'exclusiveMaximum': return say('below', { limit: amount });
    case 'minLength': return say('minLength', { limit });
    case 'maxLength': return say('maxLength', { limit });
    case 'minItems': return field.widget === 'file' ? (limit <= 1 ? say('upload') : say('minFiles', { limit })) : say(multi ? 'minChoices' : 'invalid', { limit });
    case 'maxItems': return say(field.widget === 'file' ? 'maxFiles' : multi ? 'maxChoices' : 'invalid', { limit });
    case 'format': return say(formatKey(String(error.params.format)));
    case 'pattern': return field.widget === 'id-number' ? say('idNumberFormat', { example: context.idNumber.example }) : say('pattern');
    default: return say('invalid');
  }
}

function missingKey(form: EForm, field: FormField): string {
  if (field.widget === 'file') return 'upload';
  if (field.widget === 'select' || field.widget === 'radio' || isMultiChoice(form, field)) return 'choose';
  if (field.widget === 'checkbox') return 'tick';
  return 'enter';
}

function formatKey(format: string): string {
  if (format === 'date') return 'date';
  if (format === 'email') return 'email';
  return 'pattern';
}
