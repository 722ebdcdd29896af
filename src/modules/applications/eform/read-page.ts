import { fieldsOf, isMultiChoice, pageById, propertyOf, type Answer, type Answers, type EForm, type FormField, type IdNumberRule, type RawValues } from './form-model.ts';

/** An urlencoded form body as Fastify hands it over: one string, or several for a repeated name. */
export type FormBody = Record<string, unknown>;

export interface PageRead {
  /** Typed answers for the page's fields; an empty or unreadable entry is absent. */
  answers: Answers;
  /** What was typed into fields whose text did not become a value, to show back and explain. */
  raw: RawValues;
}

export interface ReadOptions {
  /** Attachment ids already stored for the page's file fields, by field name (files never come from the body). */
  attachments?: Record<string, string[]>;
  /** The country's ID number rule: digits typed without separators are laid out like its example. */
  idNumber?: IdNumberRule;
}

/** Reads one page of a form from a submitted body. Never throws: anything unreadable is kept in `raw`. */
export function readPage(form: EForm, pageId: string, body: FormBody, options: ReadOptions = {}): PageRead {
  const page = pageById(form, pageId);
  const read: PageRead = { answers: {}, raw: {} };
  const source = body && typeof body === 'object' ? body : {};
  for (const field of page ? fieldsOf(page) : []) {
    const value = readField(form, field, Object.hasOwn(source, field.name) ? source[field.name] : undefined, options);
    if (value.answer !== undefined) read.answers[field.name] = value.answer;
    if (value.raw !== undefined) read.raw[field.name] = value.raw;
  }
  return read;
}

interface FieldRead { answer?: Answer; raw?: string }

function readField(form: EForm, field: FormField, sent: unknown, options: ReadOptions): FieldRead {
  const property = propertyOf(form, field.name);
  if (field.widget === 'file') {
    const ids = options.attachments?.[field.name] ?? [];
    return ids.length ? { answer: [...ids] } : {};
  }
  if (isMultiChoice(form, field)) {
    const chosen = [...new Set(strings(sent).map((s) => s.trim()).filter(Boolean))];
    return chosen.length ? { answer: chosen } : {};
  }
  if (field.widget === 'checkbox') return { answer: strings(sent).some((s) => s.trim() !== '') };
  const text = single(sent, field.widget === 'textarea');
  if (text === '') return {};
  if (Array.isArray(property.enum)) return { answer: enumValue(property.enum, text) };
  if (property.type === 'integer' || property.type === 'number') {
    const n = parseNumber(text);
    return n === undefined ? { raw: text } : { answer: n };
  }
  if (property.type === 'boolean') {
    if (text === 'true' || text === 'false') return { answer: text === 'true' };
    return { raw: text };
  }
  return { answer: normalise(field, text, options.idNumber) };
}

function strings(sent: unknown): string[] {
  if (typeof sent === 'string') return [sent];
  if (Array.isArray(sent)) return sent.filter((s): s is string => typeof s === 'string');
  return [];
}

/** The last value sent for a name (a tampered body may repeat it), trimmed; line breaks kept in a textarea. */
function single(sent: unknown, multiline: boolean): string {
  const text = strings(sent).at(-1) ?? '';
  const clean = text.replace(/\r\n?/g, '\n').trim();
  return multiline ? clean : clean.replace(/\s+/g, ' ');
}

function enumValue(options: unknown[], text: string): Answer {
  const hit = options.find((o) => String(o) === text);
  return typeof hit === 'number' || typeof hit === 'boolean' ? hit : text;
}

/** "1,200,000", "1 200 000" and full-width digits are numbers too: people type them so. */
export function parseNumber(text: string): number | undefined {
  const plain = text.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).replace(/[,\s_]/g, '');
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(plain)) return undefined;
  const n = Number(plain);
  return Number.isFinite(n) ? n : undefined;
}

function normalise(field: FormField, text: string, idNumber: IdNumberRule | undefined): string {
  switch (field.widget) {
    case 'date': return isoDate(text) ?? text;
    case 'tel': return text.replace(/[\s.]+/g, '-');
    case 'email': return text.replace(/\s/g, '');
    case 'id-number': return idNumber ? layLikeExample(text.replace(/\s/g, ''), idNumber.example) : text.replace(/\s/g, '');
    default: return text;
  }
}

/** 2026-3-1, 2026.03.01, 2026/03/01, "2026. 3. 1." and 20260301 become 2026-03-01; anything else stays as typed. */
export function isoDate(text: string): string | undefined {
  const parts = /^(\d{4})\s*[-./년]\s*(\d{1,2})\s*[-./월]\s*(\d{1,2})\s*[.일]?$/.exec(text) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (!parts) return undefined;
  return `${parts[1]}-${parts[2]!.padStart(2, '0')}-${parts[3]!.padStart(2, '0')}`;
}

/** Digits typed without the separators are laid out like the country's example ("9001011234568" → "900101-1234568"). */
function layLikeExample(text: string, example: string): string {
  const slots = example.replace(/\D/g, '').length;
  if (!/^\d+$/.test(text) || text.length !== slots) return text;
  let i = 0;
  return example.replace(/\d/g, () => text[i++]!);
}
