import type { AnyDb } from '../../platform/db/database.ts';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import { findResidentAccountContact } from '../identity/index.ts';
import { findResidentByIdNumber } from '../residents/index.ts';
import * as store from './store.ts';

export interface GrantInput {
  representativeIdNumber: string;
  representativeName: string;
  /** 'all', or the ids of the chosen catalog services. */
  services: 'all' | string[];
  validFrom: string;
  validUntil: string;
}

export type GrantField = 'representativeIdNumber' | 'representativeName' | 'services' | 'validFrom' | 'validUntil';
export type GrantProblem = 'missing' | 'no_match' | 'no_account' | 'yourself' | 'unknown_service' | 'invalid_date' | 'in_the_past' | 'before_start' | 'too_long';
export type GrantResult = { ok: true; mandateId: string } | { ok: false; problems: { field: GrantField; problem: GrantProblem }[] };

/** The longest a mandate may run; a longer need is granted again. */
export const MAX_MANDATE_YEARS = 5;

const comparable = (name: string) => name.normalize('NFKC').replace(/[\s·.-]+/gu, '').toLowerCase();
const isDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

/**
 * The grantor lets a registered resident with an account act for them. The representative is named
 * by ID number and name, which must both match the registry: a typo never hands a mandate to a stranger.
 */
export async function grantMandate(conn: AnyDb, grantorId: string, input: GrantInput, ctx: { today: string; serviceIds: ReadonlySet<string> }, who: Actor): Promise<GrantResult> {
  const problems: { field: GrantField; problem: GrantProblem }[] = [];
  const representative = await checkRepresentative(conn, grantorId, input, problems);
  if (input.services !== 'all' && !input.services.length) problems.push({ field: 'services', problem: 'missing' });
  else if (input.services !== 'all' && input.services.some((s) => !ctx.serviceIds.has(s))) problems.push({ field: 'services', problem: 'unknown_service' });
  checkDates(input, ctx.today, problems);
  if (problems.length || !representative) return { ok: false, problems };

  const services = input.services === 'all' ? null : [...new Set(input.services)].sort();
  const mandateId = await conn.transaction().execute(async (trx) => {
    const id = await store.insertMandate(trx, { grantor_id: grantorId, representative_id: representative, services, valid_from: input.validFrom, valid_until: input.validUntil });
    await recordAudit(trx, who, {
      action: 'mandate.granted', target: `mandate:${id}`,
      details: { grantor: `resident:${grantorId}`, representative: `resident:${representative}`, services: services ?? 'all', validFrom: input.validFrom, validUntil: input.validUntil },
    });
    return id;
  });
  return { ok: true, mandateId };
}

async function checkRepresentative(conn: AnyDb, grantorId: string, input: GrantInput, problems: { field: GrantField; problem: GrantProblem }[]): Promise<string | undefined> {
  const idNumber = input.representativeIdNumber.trim();
  if (!idNumber) problems.push({ field: 'representativeIdNumber', problem: 'missing' });
  if (!input.representativeName.trim()) problems.push({ field: 'representativeName', problem: 'missing' });
  if (problems.length) return undefined;
  const resident = await findResidentByIdNumber(conn, idNumber);
  const names = resident ? [resident.name, resident.name_latin].filter((n): n is string => !!n).map(comparable) : [];
  if (!resident || !names.includes(comparable(input.representativeName))) {
    problems.push({ field: 'representativeIdNumber', problem: 'no_match' });
    return undefined;
  }
  if (resident.id === grantorId) {
    problems.push({ field: 'representativeIdNumber', problem: 'yourself' });
    return undefined;
  }
  if (!await findResidentAccountContact(conn, resident.id)) {
    problems.push({ field: 'representativeIdNumber', problem: 'no_account' });
    return undefined;
  }
  return resident.id;
}

function checkDates(input: GrantInput, today: string, problems: { field: GrantField; problem: GrantProblem }[]): void {
  const from = input.validFrom.trim();
  const until = input.validUntil.trim();
  if (!from) problems.push({ field: 'validFrom', problem: 'missing' });
  else if (!isDate(from)) problems.push({ field: 'validFrom', problem: 'invalid_date' });
  else if (from < today) problems.push({ field: 'validFrom', problem: 'in_the_past' });
  if (!until) problems.push({ field: 'validUntil', problem: 'missing' });
  else if (!isDate(until)) problems.push({ field: 'validUntil', problem: 'invalid_date' });
  else if (isDate(from) && until < from) problems.push({ field: 'validUntil', problem: 'before_start' });
  else if (until < today) problems.push({ field: 'validUntil', problem: 'in_the_past' });
  else if (isDate(from) && until > addYears(from, MAX_MANDATE_YEARS)) problems.push({ field: 'validUntil', problem: 'too_long' });
}

function addYears(date: string, years: number): string {
  return `${String(Number(date.slice(0, 4)) + years).padStart(4, '0')}${date.slice(4)}`;
}
