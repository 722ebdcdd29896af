import type { Translator } from '../../../platform/i18n/i18n.ts';
import type { DataService } from '../../packs/index.ts';
import { maskIdNumber } from '../../documents/index.ts';
import { fieldInWords, valueInWords, type RegistryWords } from '../../registries/index.ts';

/** One fact of a fetched record, in plain words: a label and its value (or values). */
export interface DataLine { label: string; values: string[] }

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isText = (v: unknown): v is Record<string, string> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string') && Object.keys(v).some((k) => /^[a-z]{2}$/.test(k));

/** What the resident is told is read: the fields a data service returns, in the words of its registry. */
export function fieldsRead(tr: Translator, ds: DataService, words: RegistryWords): string[] {
  return ds.returns.filter((f) => f !== ds.subjectField).map((f) => fieldInWords(tr, words, f));
}

function valueWords(tr: Translator, words: RegistryWords, field: string, value: unknown): string[] {
  if (value === null || value === undefined || value === '') return [];
  if (typeof value === 'string') {
    // Another person's number shows only its date of birth and sex digit, as a certificate does.
    if (field.endsWith('IdNumber')) return [maskIdNumber(value)];
    if (DATE.test(value)) return [tr.day(value)];
    return [valueInWords(tr, words, field, value)];
  }
  if (typeof value === 'number') return [value.toLocaleString(tr.locale)];
  if (typeof value === 'boolean') return [tr.t(value ? 'applications.data.yes' : 'applications.data.no')];
  if (isText(value)) return [tr.text(value)];
  if (Array.isArray(value)) return value.flatMap((item) => itemWords(tr, words, field, item));
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => valueWords(tr, words, k, v));
}

/** An entry of a list, like a past address with its dates: "12 Saeteo-ro (1 Jan 2019 – 3 Mar 2021)". */
function itemWords(tr: Translator, words: RegistryWords, field: string, item: unknown): string[] {
  if (typeof item !== 'object' || item === null || isText(item)) return valueWords(tr, words, field, item);
  const { from, to, ...rest } = item as Record<string, unknown>;
  const what = Object.entries(rest).flatMap(([k, v]) => valueWords(tr, words, k, v)).join(', ');
  const when = [from, to].filter((d): d is string => typeof d === 'string').map((d) => (DATE.test(d) ? tr.day(d) : d));
  return [when.length ? `${what} (${when.join(' – ')})` : what];
}

/** Each fetched record as plain-word lines, leaving out the resident's own number the query was about. */
export function recordLines(tr: Translator, ds: DataService, words: RegistryWords, records: Record<string, unknown>[]): DataLine[][] {
  return records.map((record) => ds.returns
    .filter((f) => f !== ds.subjectField && f in record)
    .map((f) => ({ label: fieldInWords(tr, words, f), values: valueWords(tr, words, f, record[f]) }))
    .filter((line) => line.values.length));
}

/** A record in one line, by the fields named and in their order: "강민재, 200903-3******, 3 Sep 2020". */
export function recordSummary(tr: Translator, words: RegistryWords, fields: string[], record: Record<string, unknown>): string {
  return fields.flatMap((f) => valueWords(tr, words, f, record[f])).join(', ');
}
