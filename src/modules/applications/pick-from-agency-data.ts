import { calendarDayIn } from '../../platform/i18n/time.ts';
import type { AnyDb } from '../../platform/db/database.ts';
import type { Prefill, Service } from '../packs/index.ts';
import type { Translator } from '../../platform/i18n/i18n.ts';
import type { Answers, FieldError, PageRead } from './eform/index.ts';
import * as store from './store.ts';

/** A page's prefill with the fetched records it offers, in the order the data service gave them. */
export interface PrefillOffer { prefill: Prefill; records: Record<string, unknown>[] }

/** The name of the choice in a page's form: no form field can have it (they start with a letter). */
export const PICK_FIELD = '_pick';


/** Whether someone born on `birthDate` (YYYY-MM-DD) has not yet had their `years`th birthday on `today`. */
export function isYoungerThan(birthDate: unknown, years: number, today: string): boolean {
  const m = typeof birthDate === 'string' ? /^(\d{4})-(\d{2}-\d{2})$/.exec(birthDate) : null;
  if (!m) return false;
  return `${String(Number(m[1]) + years).padStart(4, '0')}-${m[2]}` > today;
}

function offers(prefill: Prefill, record: Record<string, unknown>, today: string): boolean {
  if (Object.entries(prefill.where ?? {}).some(([field, value]) => record[field] !== value)) return false;
  if (prefill.youngerThan && !isYoungerThan(record[prefill.youngerThan.field], prefill.youngerThan.years, today)) return false;
  return Object.values(prefill.fills).every((field) => typeof record[field] === 'string' || typeof record[field] === 'number');
}

/**
 * What a page of the application offers to fill from data fetched for it: the records of the
 * prefill's data service that match it (children under the allowance age, say). None when the
 * page has no prefill, nothing was fetched, or nothing matches: then the resident types.
 */
export async function prefillOffer(conn: AnyDb, app: store.Application, service: Service, pageId: string, timeZone: string, now = new Date()): Promise<PrefillOffer | undefined> {
  const prefill = service.prefill?.find((p) => p.page === pageId);
  if (!prefill) return undefined;
  const row = (await store.listAgencyData(conn, app.id)).find((d) => d.data_service_id === prefill.from && d.outcome === 'fetched');
  const today = calendarDayIn(timeZone, now);
  const records = (row?.records ?? []).filter((r) => offers(prefill, r, today));
  return records.length ? { prefill, records } : undefined;
}

/** The answers choosing the record at `index` gives: each filled field with the record's value. */
export function fillsOf(offer: PrefillOffer, index: number): Answers | undefined {
  const record = offer.records[index];
  if (!record) return undefined;
  return Object.fromEntries(Object.entries(offer.prefill.fills).map(([to, from]) => [to, record[from] as string | number]));
}

/**
 * Which offered record the page shows chosen: the one the answers hold already; while nothing is
 * answered yet, the first record (what the registry holds is the default, typing is the exception);
 * none when the resident typed someone else.
 */
export function chosenIndex(offer: PrefillOffer, answers: Answers): number | undefined {
  const fields = Object.keys(offer.prefill.fills);
  if (fields.every((field) => answers[field] === undefined || answers[field] === '')) return 0;
  const i = offer.records.findIndex((_, n) => Object.entries(fillsOf(offer, n)!).every(([field, value]) => answers[field] === value));
  return i < 0 ? undefined : i;
}

export type PickRead = { fills: Answers } | { fills?: undefined; wrong: boolean };

/**
 * Reads the choice sent with the page: a record's number fills its fields (over what was typed);
 * none (or "I will type it") leaves the typed answers; anything else is a wrong choice.
 */
export function readPick(offer: PrefillOffer | undefined, body: Record<string, unknown>): PickRead {
  const sent = body[PICK_FIELD];
  if (sent === undefined || sent === '') return { wrong: false };
  const index = typeof sent === 'string' && /^\d{1,3}$/.test(sent) ? Number(sent) : -1;
  const fills = offer && fillsOf(offer, index);
  return fills ? { fills } : { wrong: true };
}

/**
 * A page as sent, with its choice applied: a chosen record's values replace what was typed in the
 * fields it fills. `wrongPick` when the choice names no record on offer (nothing is filled then).
 */
export async function applyPick(conn: AnyDb, app: store.Application, service: Service, pageId: string, timeZone: string, body: Record<string, unknown>, read: PageRead): Promise<PageRead & { wrongPick: boolean }> {
  const offer = service.prefill?.some((p) => p.page === pageId) ? await prefillOffer(conn, app, service, pageId, timeZone) : undefined;
  const pick = readPick(offer, body);
  if (!pick.fills) return { ...read, wrongPick: pick.wrong };
  const raw = Object.fromEntries(Object.entries(read.raw).filter(([field]) => !(field in pick.fills)));
  return { answers: { ...read.answers, ...pick.fills }, raw, wrongPick: false };
}

/** A choice that names no record on offer, as an error beside the choice. */
export const pickErrors = (tr: Translator, wrong: boolean): FieldError[] => (wrong ? [{ field: PICK_FIELD, message: tr.t('applications.prefill.wrong') }] : []);
