import type { Translator } from '../../../../platform/i18n/i18n.ts';
import { fieldWords, finalConsonant } from '../field-words.ts';
import { findField, isMultiChoice, propertyOf, type Answer, type EForm, type FormField } from '../form-model.ts';

/** A file already stored for a field, as the applications module hands it to the views. */
export interface UploadedFile { id: string; name: string; size: number }
export type UploadedFiles = Record<string, UploadedFile[]>;

export const fieldId = (name: string): string => `f-${name}`;

/** The values a choice field offers, in the schema's order. */
export function optionValues(form: EForm, field: FormField): string[] {
  const property = propertyOf(form, field.name);
  const list = (property.enum ?? (property.items as { enum?: unknown[] } | undefined)?.enum) as unknown[] | undefined;
  return (list ?? Object.keys(field.options ?? {})).map(String);
}

export function optionLabel(tr: Translator, field: FormField, value: string): string {
  const text = field.options?.[value];
  return text ? tr.text(text) : value;
}

/** The text an input shows: what was typed if it could not be read, else the stored answer. */
export function inputText(answer: Answer | undefined, raw: string | undefined): string {
  if (raw !== undefined) return raw;
  if (answer === undefined || Array.isArray(answer) || typeof answer === 'boolean') return '';
  return String(answer);
}

/** An answer as a person reads it on the check page: option labels, Yes/No, dates and numbers in their language. */
export function presentAnswer(tr: Translator, form: EForm, field: FormField, answer: Answer | undefined, files: UploadedFile[] = []): string[] {
  if (answer === undefined || (Array.isArray(answer) && answer.length === 0)) return [];
  if (field.widget === 'file') {
    const ids = Array.isArray(answer) ? answer : [];
    return ids.map((id) => files.find((f) => f.id === id)?.name ?? id);
  }
  if (isMultiChoice(form, field) && Array.isArray(answer)) return answer.map((v) => optionLabel(tr, field, v));
  if (typeof answer === 'boolean') return [tr.t(answer ? 'eform.yes' : 'eform.no')];
  if (typeof answer === 'number') return [answer.toLocaleString(tr.locale, { useGrouping: Math.abs(answer) >= 10000, maximumFractionDigits: 20 })];
  if (Array.isArray(answer)) return answer;
  if (field.options) return [optionLabel(tr, field, answer)];
  if (field.widget === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(answer)) return [tr.day(answer, 'longDate')];
  return [answer];
}


/** "Answer only if you chose “Extension” for “Type of works”": the hint on a question whose condition is on the same page. */
export function conditionText(tr: Translator, form: EForm, field: FormField): string {
  const condition = field.showIf;
  if (!condition) return '';
  const controller = findField(form, condition.field);
  const name = controller ? fieldWords(tr, controller).label : condition.field;
  if (controller?.widget === 'checkbox' && typeof condition.equals === 'boolean') {
    return tr.t(condition.equals ? 'eform.showIf.ticked' : 'eform.showIf.notTicked', { field: name });
  }
  if (controller?.options) {
    const value = optionLabel(tr, controller, String(condition.equals));
    return tr.t('eform.showIf.chose', { field: name, value, valueBatchim: finalConsonant(value) });
  }
  return tr.t('eform.showIf.answered', { field: name, value: String(condition.equals) });
}

const TYPE_NAMES: Record<string, string> = { 'application/pdf': 'PDF', 'image/jpeg': 'JPG', 'image/png': 'PNG' };

/** "PDF, JPG or PNG. Up to 10 MB each, up to 2 files." */
export function fileRules(tr: Translator, field: FormField): string {
  const types = (field.accept ?? []).map((t) => TYPE_NAMES[t] ?? t.split('/')[1]!.toUpperCase());
  const list = new Intl.ListFormat(tr.locale, { type: 'disjunction' }).format(types);
  return tr.t('eform.file.rules', { types: list, size: field.maxSizeMb ?? 0, max: field.maxFiles ?? 1 });
}

export function fileSize(bytes: number, locale: string): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toLocaleString(locale, { maximumFractionDigits: unit >= 2 ? 1 : 0 })} ${units[unit]}`;
}
